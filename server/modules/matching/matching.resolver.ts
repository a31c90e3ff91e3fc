import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LocalAuthority } from '../authority/authority.entity';
import { Listing } from '../listing/listing.entity';
import { CandidateExplanation, CandidateSetAside, ExplainCandidateInput, ListingMatch, PartnerSuggestion, PartnerSuggestions, SuggestPartnersInput } from './matching.types';
import { MatchingService } from './matching.service';

@Resolver()
export class MatchingResolver {
  @Query(() => PartnerSuggestions, { description: 'Ranked, explained candidate partners for an authority or a listing (French seekers get foreign candidates and vice versa).' })
  suggestPartners(@Arg('input') input: SuggestPartnersInput, @Ctx() ctx: Context): Promise<PartnerSuggestions> {
    return new MatchingService(ctx, ctx.matching).suggest(input);
  }

  @Query(() => CandidateExplanation, { description: 'Where one authority stands as a candidate partner for a seeker, and why: its rank and explained score, or why it cannot be suggested.' })
  explainCandidate(@Arg('input') input: ExplainCandidateInput, @Ctx() ctx: Context): Promise<CandidateExplanation> {
    return new MatchingService(ctx, ctx.matching).explainCandidate(input);
  }

  @Query(() => [ListingMatch], { description: 'For a published offer, the requests that fit it (and for a request, the offers), scored both ways.' })
  listingMatches(
    @Arg('listingId', () => ID) listingId: string,
    @Arg('first', () => Int, { defaultValue: 20 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<ListingMatch[]> {
    return new MatchingService(ctx, ctx.matching).listingMatches(listingId, first);
  }

  @Authorized()
  @Mutation(() => CandidateSetAside, {
    description: 'Sets a candidate aside for a seeker (its agents, or an administrator): it leaves the seeker’s suggestions, for its agents and the ministry, and the ministry’s proposals for it, until restored. Idempotent.',
  })
  setAsideCandidate(@Arg('seekerId', () => ID) seekerId: string, @Arg('candidateId', () => ID) candidateId: string, @Ctx() ctx: Context): Promise<CandidateSetAside> {
    return new MatchingService(ctx, ctx.matching).setAsideCandidate(seekerId, candidateId);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Puts a candidate set aside back among the seeker’s suggestions; false when it was not set aside.' })
  restoreCandidate(@Arg('seekerId', () => ID) seekerId: string, @Arg('candidateId', () => ID) candidateId: string, @Ctx() ctx: Context): Promise<boolean> {
    return new MatchingService(ctx, ctx.matching).restoreCandidate(seekerId, candidateId);
  }
}

@Resolver(() => CandidateSetAside)
export class CandidateSetAsideFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async seeker(@Root() s: CandidateSetAside, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.seekerId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async candidate(@Root() s: CandidateSetAside, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.candidateId))!;
  }
}

@Resolver(() => PartnerSuggestions)
export class PartnerSuggestionsFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async seeker(@Root() s: PartnerSuggestions, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.seekerId))!;
  }

  @FieldResolver(() => Listing, { nullable: true })
  async listing(@Root() s: PartnerSuggestions, @Ctx() ctx: Context): Promise<Listing | null> {
    return s.listingId ? ctx.loaders.listingById.load(s.listingId) : null;
  }

  @FieldResolver(() => [LocalAuthority], { description: 'Authorities already partnered with the seeker: never suggested.' })
  async alreadyPartnered(@Root() s: PartnerSuggestions, @Ctx() ctx: Context): Promise<LocalAuthority[]> {
    return (await ctx.loaders.authorityById.loadMany(s.alreadyPartneredIds)).filter((a): a is LocalAuthority => a instanceof LocalAuthority);
  }

  @FieldResolver(() => [LocalAuthority], {
    description: 'Candidates the seeker’s agents set aside, most recent first: left out of these suggestions. Only the seeker’s agents, administrators and reviewers of its country see them (and get suggestions without them); empty for everyone else.',
  })
  async setAside(@Root() s: PartnerSuggestions, @Ctx() ctx: Context): Promise<LocalAuthority[]> {
    return (await ctx.loaders.authorityById.loadMany(s.setAsideIds)).filter((a): a is LocalAuthority => a instanceof LocalAuthority);
  }
}

@Resolver(() => PartnerSuggestion)
export class PartnerSuggestionFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async authority(@Root() s: PartnerSuggestion, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.authorityId))!;
  }
}

@Resolver(() => CandidateExplanation)
export class CandidateExplanationFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async seeker(@Root() e: CandidateExplanation, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(e.seekerId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async candidate(@Root() e: CandidateExplanation, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(e.candidateId))!;
  }
}
