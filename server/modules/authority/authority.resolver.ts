import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Float, ID, Info, Int, Mutation, ObjectType, Query, Resolver, Root, createUnionType } from 'type-graphql';
import type { Context } from '../../context';
import type { GraphQLResolveInfo } from 'graphql';
import { selectsAny } from '../../common/selection';
import { ConnectionType } from '../../common/pagination';
import { VersionConflict } from '../../common/results';
import { Country } from '../country/country.entity';
import { Theme } from '../theme/theme.entity';
import { Relationship } from '../relationship/relationship.entity';
import { Listing, ListingStatus } from '../listing/listing.entity';
import { Contact, ForeignActor, LocalAuthority } from './authority.entity';
import { AuthorityKind, AuthorityLevel } from './authority.enums';
import { CreateLocalAuthorityInput, LocalAuthorityFilter, MergeLocalAuthoritiesInput, SetContactsInput, SetForeignActorsInput, UpdateLocalAuthorityInput } from './authority.inputs';
import type { MergeCounts } from './authority-merge';
import { AuthorityService } from './authority.service';
import { canEditAuthority, canReadContacts, canReview } from '../../common/permissions';
import { REFERENCE_SOURCES, SUSPECT_KM } from './authority-duplicates';
import { AppError, ErrorCode } from '../../common/errors';
import { contactPartnersOf } from '../workflow/contact-access';
import { pairRecordsResolver } from './pair-records.resolver';

@ObjectType()
export class LocalAuthorityConnection extends ConnectionType(LocalAuthority, 'LocalAuthority') {}

export const UpdateLocalAuthorityResult = createUnionType({
  name: 'UpdateLocalAuthorityResult',
  types: () => [LocalAuthority, VersionConflict] as const,
  resolveType: (value) => (value instanceof VersionConflict ? VersionConflict : LocalAuthority),
});

@ObjectType({ description: 'The result of a merge: the authority kept, and what moved to it from the duplicate (deleted).' })
export class AuthorityMerge implements MergeCounts {
  @Field(() => LocalAuthority)
  authority: LocalAuthority;

  @Field(() => ID, { description: 'The merge, for undoAuthorityMerge.' }) mergeId: string;

  @Field(() => Int) relationshipsMoved: number;
  @Field(() => Int, { description: 'Relationships of the duplicate with the authority kept, and repetitions (same partner) carrying no themes and no fundings.' }) relationshipsDropped: number;
  @Field(() => Int) listingsMoved: number;
  @Field(() => Int, { description: 'Agents who acted for the duplicate and now act for the authority kept.' }) membershipsMoved: number;
  @Field(() => Int, { description: 'Fiche themes of the duplicate that the authority kept did not have.' }) themesAdded: number;
  @Field(() => Int) contactsMoved: number;
  @Field(() => Int) foreignActorsMoved: number;
  @Field(() => Int) interestsMoved: number;
  @Field(() => Int, { description: 'Interests the authority kept had already expressed in the same listing, or expressed in one of its own listings.' }) interestsDropped: number;
  @Field(() => Int) suggestionsMoved: number;
  @Field(() => Int, { description: 'Match suggestions that repeated one of the authority kept, or would pair it with itself.' }) suggestionsDropped: number;
  @Field(() => Int) invitationsMoved: number;
}

@ObjectType({ description: 'Two records that may be one authority: one an import or a user created, and a reference record (INSEE, GeoNames) of the same country nearby, or named inside its name.' })
export class DuplicateSuspect {
  duplicateId: string;
  intoId: string;

  @Field(() => Float, { nullable: true, description: 'Kilometres between the two; null when the suspect has no coordinates (found by its name).' })
  distanceKm: number | null;

  @Field({ description: 'Whether the two names name the same place (the same once normalised, one the beginning of the other, a quarter of the letters apart, …). Exonyms with little in common (Ypres, Ieper; Cologne, Köln) are found by distance alone.' })
  namesAgree: boolean;
}

@ObjectType({ description: 'A pair of records the ministry found to be two places (dismissDuplicateSuspect, or an undone merge): duplicateSuspects no longer lists it.' })
export class DuplicateDismissal {
  duplicateId: string;
  intoId: string;

  @Field() dismissedAt: Date;
}

export const MergeLocalAuthoritiesResult = createUnionType({
  name: 'MergeLocalAuthoritiesResult',
  types: () => [AuthorityMerge, VersionConflict] as const,
  resolveType: (value) => (value instanceof VersionConflict ? VersionConflict : AuthorityMerge),
});

@ArgsType()
export class PageArgs {
  @Field(() => Int, { nullable: true, description: 'Page size (default 20, at most MAX_PAGE_SIZE, 100 by default).' })
  first?: number;

  @Field({ nullable: true, description: 'Cursor of the last item of the previous page.' })
  after?: string;
}

@Resolver()
export class AuthorityResolver {
  @Query(() => LocalAuthority, { description: 'One local authority and its fiche.' })
  localAuthority(@Arg('id', () => ID) id: string, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<LocalAuthority> {
    // A fiche in one statement: the authority with what the query asks for of its themes, foreign actors,
    // relationships and listings (server/loaders.ts, ficheById).
    if (!selectsAny(info, ['themes', 'foreignActors', 'relationships', 'listings'])) return new AuthorityService(ctx).getById(id);
    return new AuthorityService(ctx).getFiche(id, selectsAny(info, ['relationships']), selectsAny(info, ['listings']) ? visibleListingStatuses(ctx, id) : null);
  }

  @Query(() => LocalAuthorityConnection, { description: 'Local authorities, French and foreign; with a search, best name matches first, otherwise largest first.' })
  async localAuthorities(
    @Arg('filter', () => LocalAuthorityFilter, { nullable: true }) filter: LocalAuthorityFilter | undefined,
    @Args() { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<LocalAuthorityConnection> {
    return new LocalAuthorityConnection(await new AuthorityService(ctx).search(filter ?? {}, first, after));
  }

  @Authorized('REVIEWER')
  @Query(() => [DuplicateSuspect], {
    description:
      'Records that may repeat a reference record, for mergeLocalAuthorities (administrators) or dismissDuplicateSuspect: names that agree first, then the nearest. Reviewers see their countries.',
  })
  duplicateSuspects(
    @Arg('countries', () => [String], { nullable: true }) countries: string[] | undefined,
    @Arg('maxKm', () => Float, { defaultValue: SUSPECT_KM, description: 'Greatest distance between the two records (at most 20 km).' }) maxKm: number,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<DuplicateSuspect[]> {
    return new AuthorityService(ctx).duplicateSuspects(countries, maxKm, first);
  }

  @Authorized()
  @Mutation(() => LocalAuthority, { description: 'Adds a local authority that is not in the reference data.' })
  createLocalAuthority(@Arg('input') input: CreateLocalAuthorityInput, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return new AuthorityService(ctx).create(input);
  }

  @Authorized()
  @Mutation(() => UpdateLocalAuthorityResult, { description: 'Edits a fiche. Returns VersionConflict when it changed since it was read.' })
  updateLocalAuthority(@Arg('input') input: UpdateLocalAuthorityInput, @Ctx() ctx: Context): Promise<typeof UpdateLocalAuthorityResult> {
    return new AuthorityService(ctx).update(input);
  }

  @Authorized('REVIEWER')
  @Mutation(() => Boolean, { description: 'Records that two records duplicateSuspects paired are two places (administrators, and reviewers of the records’ country): they are no longer listed together.' })
  dismissDuplicateSuspect(@Arg('duplicateId', () => ID) duplicateId: string, @Arg('intoId', () => ID) intoId: string, @Ctx() ctx: Context): Promise<boolean> {
    return new AuthorityService(ctx).dismissDuplicateSuspect(duplicateId, intoId);
  }

  @Authorized('REVIEWER')
  @Query(() => [DuplicateDismissal], { description: 'Pairs found to be two places, the latest first (administrators; reviewers see their countries), for restoreDuplicateSuspect.' })
  duplicateDismissals(
    @Arg('countries', () => [String], { nullable: true }) countries: string[] | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<DuplicateDismissal[]> {
    return new AuthorityService(ctx).duplicateDismissals(countries, first);
  }

  @Authorized('REVIEWER')
  @Mutation(() => Boolean, { description: 'Undoes dismissDuplicateSuspect (administrators, and reviewers of the records’ country): the pair may be listed among the suspects again. Saying it twice changes nothing.' })
  restoreDuplicateSuspect(@Arg('duplicateId', () => ID) duplicateId: string, @Arg('intoId', () => ID) intoId: string, @Ctx() ctx: Context): Promise<boolean> {
    return new AuthorityService(ctx).restoreDuplicateSuspect(duplicateId, intoId);
  }

  @Authorized('ADMIN')
  @Mutation(() => MergeLocalAuthoritiesResult, {
    description:
      'Merges two records of one authority (administrators): everything that refers to the duplicate moves to the one kept, whose empty fiche fields take the duplicate’s values; the duplicate is deleted. Returns VersionConflict when either changed since it was read.',
  })
  mergeLocalAuthorities(@Arg('input') input: MergeLocalAuthoritiesInput, @Ctx() ctx: Context): Promise<typeof MergeLocalAuthoritiesResult> {
    return new AuthorityService(ctx).merge(input);
  }

  @Authorized()
  @Mutation(() => [Contact], { description: 'Replaces the contacts of a fiche.' })
  setContacts(@Arg('input') input: SetContactsInput, @Ctx() ctx: Context): Promise<Contact[]> {
    return new AuthorityService(ctx).setContacts(input);
  }

  @Authorized()
  @Mutation(() => [ForeignActor], { description: 'Replaces the foreign actors present on a territory.' })
  setForeignActors(@Arg('input') input: SetForeignActorsInput, @Ctx() ctx: Context): Promise<ForeignActor[]> {
    return new AuthorityService(ctx).setForeignActors(input);
  }
}

/** The statuses of an authority's listings the viewer may read: all of them for its agents and the ministry. */
function visibleListingStatuses(ctx: Context, authorityId: string): ListingStatus[] {
  const all = ctx.viewer.role === 'ADMIN' || ctx.viewer.role === 'REVIEWER' || canEditAuthority(ctx, authorityId);
  return all ? Object.values(ListingStatus) : [ListingStatus.PUBLISHED];
}

/** Relations of LocalAuthority, each through a per-request DataLoader. */
@Resolver(() => LocalAuthority)
export class AuthorityFieldsResolver {
  @FieldResolver(() => DuplicateSuspect, {
    nullable: true,
    description: `For the ministry (administrators, and reviewers of its country): the reference record this record, entered by a user or an import, may repeat (duplicateSuspects' rule, within ${SUSPECT_KM} km); null when none, and for everyone else.`,
  })
  async suspectedDuplicateOf(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<DuplicateSuspect | null> {
    if (REFERENCE_SOURCES.includes(a.source) || !canReview(ctx, a.countryCode)) return null;
    return ctx.loaders.duplicateSuspectOf.load(a.id);
  }

  @FieldResolver(() => Country)
  async country(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<Country> {
    return (await ctx.loaders.countryByCode.load(a.countryCode))!;
  }

  @FieldResolver(() => [Theme], { description: 'Themes of interest stated on the fiche.' })
  async themes(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<Theme[]> {
    const [links, all] = await Promise.all([ctx.loaders.authorityThemes.load(a.id), ctx.loaders.allThemes()]);
    return links.map((l) => all.get(l.themeId)!).filter(Boolean);
  }

  @FieldResolver(() => [Relationship], { description: 'Twinnings and cooperations; `partner` on each is the other authority.' })
  relationships(@Root() a: LocalAuthority, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Relationship[]> {
    // A fiche asks for each relationship's partner, themes and fundings: fetched with the relationships, in one statement.
    const loader = selectsAny(info, ['themes', 'fundings', 'partner']) ? ctx.loaders.relationshipsWithDetailsByAuthorityId : ctx.loaders.relationshipsByAuthorityId;
    return loader.load(a.id);
  }

  @FieldResolver(() => [Listing], { description: 'Published listings of this authority (all of them for its agents and the ministry).' })
  listings(@Root() a: LocalAuthority, @Ctx() ctx: Context, @Info() info: GraphQLResolveInfo): Promise<Listing[]> {
    const statuses = visibleListingStatuses(ctx, a.id);
    const loader = selectsAny(info, ['themes']) ? ctx.loaders.listingsWithThemesByAuthority : ctx.loaders.listingsByAuthority;
    return loader.load(`${a.id}|${statuses.join(',')}`);
  }

  @FieldResolver(() => [ForeignActor])
  foreignActors(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<ForeignActor[]> {
    return ctx.loaders.foreignActorsByAuthorityId.load(a.id);
  }

  @Authorized()
  @FieldResolver(() => [Contact], { nullable: true, description: 'Contacts of the fiche: for the ministry and the authority’s own agents; never for anonymous clients.' })
  async contacts(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<Contact[]> {
    // The ministry and the authority's agents; counterparts once an interest is accepted or a suggestion approved.
    if (!canReadContacts(ctx, a.id) && !(await contactPartnersOf(ctx)).has(a.id)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Contacts are passed on through the platform once both sides agree.', undefined, 'CONTACTS_HIDDEN');
    }
    return ctx.loaders.contactsByAuthorityId.load(a.id);
  }

  @FieldResolver(() => LocalAuthority, { nullable: true, description: 'The département of a French commune or EPCI.' })
  departement(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<LocalAuthority | null> | null {
    if (a.kind !== AuthorityKind.FRENCH || !a.departementCode || a.level === AuthorityLevel.DEPARTEMENT) return null;
    return ctx.loaders.frenchAuthorityByCode.load(`${AuthorityLevel.DEPARTEMENT}:${a.departementCode}`);
  }

  @FieldResolver(() => LocalAuthority, { nullable: true, description: 'The région of a French authority.' })
  region(@Root() a: LocalAuthority, @Ctx() ctx: Context): Promise<LocalAuthority | null> | null {
    if (a.kind !== AuthorityKind.FRENCH || !a.regionCode || a.level === AuthorityLevel.REGION) return null;
    return ctx.loaders.frenchAuthorityByCode.load(`${AuthorityLevel.REGION}:${a.regionCode}`);
  }
}

export const DuplicateDismissalResolver = pairRecordsResolver(DuplicateDismissal, {
  duplicate: 'The record that was suspected of repeating the other.',
  into: 'The reference record it was paired with.',
});

export const DuplicateSuspectResolver = pairRecordsResolver(DuplicateSuspect, {
  duplicate: 'The record that would disappear (source "wikidata" or "user").',
  into: 'The reference record it would be merged into.',
});
