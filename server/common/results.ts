import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'The record was changed by someone else since it was read: reload it and apply the change again.' })
export class VersionConflict {
  @Field()
  message: string;

  @Field(() => Int)
  currentVersion: number;

  constructor(currentVersion: number) {
    this.message = 'This record was modified by someone else. Reload it and try again.';
    this.currentVersion = currentVersion;
  }
}

/** Columns given in an update input: omitted ones (undefined) are left out, null ones are cleared. */
export function definedOnly<T extends object>(input: T, keys: (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (input[k] !== undefined) out[k] = input[k];
  return out;
}
