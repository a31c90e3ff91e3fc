import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root, createUnionType } from 'type-graphql';
import type { Context } from '../../context';
import { ConnectionType } from '../../common/pagination';
import { VersionConflict } from '../../common/results';
import { LocalAuthority } from '../authority/authority.entity';
import { PageArgs } from '../authority/authority.resolver';
import { Country } from '../country/country.entity';
import { PrioritizedTheme } from '../theme/theme.entity';
import { Listing, ListingStatus } from './listing.entity';
import { CreateListingInput, ListingFilter, UpdateListingInput } from './listing.inputs';
import { InvalidStatusTransition } from './listing.results';
import { ListingService } from './listing.service';
import { badInput } from '../../common/errors';
import { canEditAuthority } from '../../common/permissions';

@ObjectType()
export class ListingConnection extends ConnectionType(Listing, 'Listing') {}

export const UpdateListingResult = createUnionType({
  name: 'UpdateListingResult',
  types: () => [Listing, VersionConflict] as const,
  resolveType: (value) => (value instanceof VersionConflict ? VersionConflict : Listing),
});

export const ListingTransitionResult = createUnionType({
  name: 'ListingTransitionResult',
  types: () => [Listing, InvalidStatusTransition] as const,
  resolveType: (value) => (value instanceof InvalidStatusTransition ? InvalidStatusTransition : Listing),
});

@Resolver()
export class ListingResolver {
  @Query(() => Listing)
  listing(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<Listing> {
    return new ListingService(ctx).getById(id);
  }

  @Query(() => ListingConnection, { description: 'Offers and requests, most recently published first.' })
  async listings(
    @Arg('filter', () => ListingFilter, { nullable: true }) filter: ListingFilter | undefined,
    @Args() { first, after }: PageArgs,
    @Ctx() ctx: Context,
  ): Promise<ListingConnection> {
    return new ListingConnection(await new ListingService(ctx).search(filter ?? {}, first, after));
  }

  @Authorized()
  @Mutation(() => Listing, { description: 'Drafts a new offer or request.' })
  createListing(@Arg('input') input: CreateListingInput, @Ctx() ctx: Context): Promise<Listing> {
    return new ListingService(ctx).create(input);
  }

  @Authorized()
  @Mutation(() => UpdateListingResult)
  updateListing(@Arg('input') input: UpdateListingInput, @Ctx() ctx: Context): Promise<typeof UpdateListingResult> {
    return new ListingService(ctx).update(input);
  }

  @Authorized()
  @Mutation(() => ListingTransitionResult, { description: 'Sends a draft listing for review.' })
  submitListing(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof ListingTransitionResult> {
    return new ListingService(ctx).transition(id, ListingStatus.SUBMITTED);
  }

  @Authorized('REVIEWER')
  @Mutation(() => ListingTransitionResult, { description: 'Publishes a submitted (or renews an expired) listing, for 12 months unless expiresAt is given. Reviewers (within their countries) and administrators.' })
  publishListing(
    @Arg('id', () => ID) id: string,
    @Arg('expiresAt', () => Date, { nullable: true }) expiresAt: Date | undefined,
    @Ctx() ctx: Context,
  ): Promise<typeof ListingTransitionResult> {
    return new ListingService(ctx).transition(id, ListingStatus.PUBLISHED, { expiresAt });
  }

  @Authorized('REVIEWER')
  @Mutation(() => ListingTransitionResult, { description: 'Sends a submitted listing back to its authors (DRAFT) with the reviewer’s reason.' })
  sendBackListing(@Arg('id', () => ID) id: string, @Arg('reason') reason: string, @Ctx() ctx: Context): Promise<typeof ListingTransitionResult> {
    if (!reason.trim() || reason.length > 2000 || /[\u0000-\u0008]/.test(reason)) throw badInput('reason', 'Give a reason (at most 2,000 characters).', 'REQUIRED');
    return new ListingService(ctx).transition(id, ListingStatus.DRAFT, { reason: reason.trim() });
  }

  @Authorized()
  @Mutation(() => ListingTransitionResult, { description: 'Renews a published or expired listing: it goes back to review for a new publication period.' })
  renewListing(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof ListingTransitionResult> {
    return new ListingService(ctx).transition(id, ListingStatus.SUBMITTED, { renew: true });
  }

  @Authorized()
  @Mutation(() => ListingTransitionResult, { description: 'Closes a listing for good.' })
  closeListing(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<typeof ListingTransitionResult> {
    return new ListingService(ctx).transition(id, ListingStatus.CLOSED);
  }
}

@Resolver(() => Listing)
export class ListingFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async authority(@Root() l: Listing, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(l.authorityId))!;
  }

  @FieldResolver(() => [PrioritizedTheme], { description: 'Themes, highest priority first.' })
  async themes(@Root() l: Listing, @Ctx() ctx: Context): Promise<PrioritizedTheme[]> {
    const [links, all] = await Promise.all([ctx.loaders.listingThemes.load(l.id), ctx.loaders.allThemes()]);
    return links.filter((t) => all.has(t.themeId)).map((t) => ({ theme: all.get(t.themeId)!, priority: t.priority }));
  }

  @FieldResolver(() => String, { nullable: true, description: 'Why a reviewer sent the listing back (for its authors and the ministry).' })
  reviewReason(@Root() l: Listing, @Ctx() ctx: Context): string | null {
    const allowed = ctx.viewer.role === 'ADMIN' || ctx.viewer.role === 'REVIEWER' || canEditAuthority(ctx, l.authorityId);
    return allowed ? l.reviewReason : null;
  }

  @FieldResolver(() => [Country])
  async targetCountries(@Root() l: Listing, @Ctx() ctx: Context): Promise<Country[]> {
    const countries = await ctx.loaders.countryByCode.loadMany(l.targetCountryCodes);
    return countries.filter((c): c is Country => c instanceof Country);
  }
}
