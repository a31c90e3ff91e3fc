import { Arg, Authorized, Ctx, Field, ID, Int, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import type { Context } from '../../context';
import { AuthorityService } from './authority.service';
import { pairRecordsResolver } from './pair-records.resolver';

export enum MergeOriginType {
  MANUAL = 'MANUAL',
  IMPORT = 'IMPORT',
}
registerEnumType(MergeOriginType, { name: 'MergeOrigin', description: 'MANUAL: an administrator merged the two records; IMPORT: the Wikidata import merged a copy it had made into the reference record.' });

@ObjectType({ description: 'A merge of two authority records (administrators), which can be undone.' })
export class AuthorityMergeRecord {
  @Field(() => ID) id: string;
  @Field(() => ID, { description: 'The record merged away (deleted; it exists again once the merge is undone).' }) duplicateId: string;
  @Field() duplicateName: string;
  @Field(() => ID) intoId: string;
  @Field({ description: 'The name of the record kept when it was merged.' }) intoName: string;
  @Field(() => MergeOriginType) origin: MergeOriginType;
  @Field() mergedAt: Date;
  @Field(() => Date, { nullable: true }) undoneAt: Date | null;
}

@ObjectType({ description: 'What undoing a merge gave back.' })
export class AuthorityMergeUndo {
  duplicateId: string;
  intoId: string;
  @Field(() => AuthorityMergeRecord) merge: AuthorityMergeRecord;
  @Field(() => Int, { description: 'Rows that went back to the restored record (relationships, listings, contacts, …) from the one kept.' }) rowsMovedBack: number;
  @Field(() => Int, { description: 'Rows the merge had deleted that were put back (the record itself, its memberships and themes, dropped relationships, …).' }) rowsRestored: number;
  @Field(() => Int, { description: 'Deleted rows that could not be put back: their key is taken again, or what they referred to is gone.' }) rowsNotRestored: number;
}

@Resolver(() => AuthorityMergeRecord)
export class AuthorityMergeResolver {
  @Authorized('ADMIN')
  @Query(() => [AuthorityMergeRecord], { description: 'Merges of authority records, newest first (administrators), for undoAuthorityMerge.' })
  authorityMerges(
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Arg('undone', () => Boolean, { nullable: true, description: 'true: only those undone; false: only those standing; null: both.' }) undone: boolean | undefined,
    @Ctx() ctx: Context,
  ): Promise<AuthorityMergeRecord[]> {
    return new AuthorityService(ctx).merges(first, undone ?? null);
  }

  @Authorized('ADMIN')
  @Mutation(() => AuthorityMergeUndo, {
    description:
      'Undoes a merge (administrators): the duplicate comes back under its id, what moved goes back to it, what the merge deleted or added is put back or taken off, and the fields it filled on the record kept take their former values unless changed since. Refused (BAD_USER_INPUT, reason) when already undone (ALREADY_UNDONE), when the record kept was merged away since (KEPT_RECORD_GONE: undo that merge first), or when another record took one of the duplicate’s identifiers (IDENTIFIER_TAKEN).',
  })
  undoAuthorityMerge(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<AuthorityMergeUndo> {
    return new AuthorityService(ctx).undoMerge(id);
  }
}

export const AuthorityMergeRecordsResolver = pairRecordsResolver(AuthorityMergeRecord, {
  duplicate: 'The record merged away, once the merge is undone.',
  into: 'The record kept, while it exists.',
  nullable: true,
});

export const AuthorityMergeUndoResolver = pairRecordsResolver(AuthorityMergeUndo, { duplicate: 'The record restored.', into: 'The record that had been kept.' });
