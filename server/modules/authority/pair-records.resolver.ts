import { Ctx, FieldResolver, Resolver, Root, type ClassType } from 'type-graphql';
import type { Context } from '../../context';
import { LocalAuthority } from './authority.entity';

/**
 * The `duplicate` and `into` fields of a type that names two records by id (a suspected duplicate, a dismissed pair, a
 * merge and its undo), read through the request's loader: one statement for all the records of a list.
 */
export function pairRecordsResolver<T extends { duplicateId: string; intoId: string }>(of: ClassType<T>, text: { duplicate: string; into: string; nullable?: boolean }) {
  @Resolver(() => of)
  class PairRecordsResolver {
    @FieldResolver(() => LocalAuthority, { description: text.duplicate, nullable: !!text.nullable })
    duplicate(@Root() pair: T, @Ctx() ctx: Context): Promise<LocalAuthority | null> {
      return ctx.loaders.authorityById.load(pair.duplicateId);
    }

    @FieldResolver(() => LocalAuthority, { description: text.into, nullable: !!text.nullable })
    into(@Root() pair: T, @Ctx() ctx: Context): Promise<LocalAuthority | null> {
      return ctx.loaders.authorityById.load(pair.intoId);
    }
  }
  return PairRecordsResolver;
}
