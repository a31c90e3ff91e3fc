import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context';
import { LocalAuthority } from '../authority/authority.entity';
import { Listing } from '../listing/listing.entity';
import { WorkflowService } from './workflow.service';
import {
  AuditEvent,
  ExpressInterestInput,
  ExpressionOfInterest,
  MatchSuggestion,
  MatchSuggestionFilter,
  Notification,
  ProposeSuggestionsInput,
  RespondToInterestResult,
  ReviewSuggestionResult,
  SavedSearch,
  SavedSearchInput,
} from './workflow.types';

@Resolver()
export class WorkflowResolver {
  @Authorized()
  @Mutation(() => ExpressionOfInterest, { description: 'Answers a published listing on behalf of one of the agent’s authorities.' })
  expressInterest(@Arg('input') input: ExpressInterestInput, @Ctx() ctx: Context): Promise<ExpressionOfInterest> {
    return new WorkflowService(ctx).expressInterest(input);
  }

  @Authorized()
  @Mutation(() => RespondToInterestResult, { description: 'The listing’s owners accept or decline an expression of interest; accepting shows both sides each other’s contacts.' })
  respondToInterest(@Arg('id', () => ID) id: string, @Arg('accept') accept: boolean, @Arg('version', () => Int) version: number, @Ctx() ctx: Context): Promise<typeof RespondToInterestResult> {
    return new WorkflowService(ctx).respondToInterest(id, accept, version);
  }

  @Authorized()
  @Query(() => [ExpressionOfInterest], { description: 'Expressions of interest received by a listing (its owners and the ministry).' })
  listingInterests(@Arg('listingId', () => ID) listingId: string, @Ctx() ctx: Context): Promise<ExpressionOfInterest[]> {
    return new WorkflowService(ctx).listingInterests(listingId);
  }

  @Authorized()
  @Query(() => [ExpressionOfInterest], { description: 'Expressions of interest sent and received by the agent’s authorities.' })
  myInterests(@Ctx() ctx: Context): Promise<ExpressionOfInterest[]> {
    return new WorkflowService(ctx).myInterests();
  }

  @Authorized('REVIEWER')
  @Mutation(() => [MatchSuggestion], { description: 'Puts the matching engine’s top suggestions for an authority that are not yet in the review queue (whatever their status) in it, or exactly the chosen candidates.' })
  proposeMatchSuggestions(@Arg('input') input: ProposeSuggestionsInput, @Ctx() ctx: Context): Promise<MatchSuggestion[]> {
    return new WorkflowService(ctx).proposeSuggestions(input);
  }

  @Authorized('REVIEWER')
  @Query(() => [MatchSuggestion], { description: 'The review queue (default: PROPOSED), best first; reviewers see their countries.' })
  matchSuggestions(
    @Arg('filter', () => MatchSuggestionFilter, { nullable: true }) filter: MatchSuggestionFilter | undefined,
    @Arg('first', () => Int, { defaultValue: 50 }) first: number,
    @Ctx() ctx: Context,
  ): Promise<MatchSuggestion[]> {
    return new WorkflowService(ctx).suggestions(filter ?? {}, first);
  }

  @Authorized('REVIEWER')
  @Mutation(() => ReviewSuggestionResult, { description: 'Approves a suggestion: both sides are notified and see each other’s contacts.' })
  approveMatchSuggestion(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Ctx() ctx: Context): Promise<typeof ReviewSuggestionResult> {
    return new WorkflowService(ctx).decideSuggestion(id, version, true, null);
  }

  @Authorized('REVIEWER')
  @Mutation(() => ReviewSuggestionResult, { description: 'Rejects a suggestion with a reason.' })
  rejectMatchSuggestion(@Arg('id', () => ID) id: string, @Arg('version', () => Int) version: number, @Arg('reason') reason: string, @Ctx() ctx: Context): Promise<typeof ReviewSuggestionResult> {
    return new WorkflowService(ctx).decideSuggestion(id, version, false, reason.slice(0, 2000));
  }

  @Authorized('REVIEWER')
  @Query(() => [AuditEvent], { description: 'Who did what, when and why, on a listing, suggestion or expression of interest.' })
  auditTrail(@Arg('entityId', () => ID) entityId: string, @Ctx() ctx: Context): Promise<AuditEvent[]> {
    return new WorkflowService(ctx).auditTrail(entityId);
  }

  @Authorized()
  @Mutation(() => SavedSearch, { description: 'Saves a search; newly published matching listings raise a notification.' })
  createSavedSearch(@Arg('input') input: SavedSearchInput, @Ctx() ctx: Context): Promise<SavedSearch> {
    return new WorkflowService(ctx).createSavedSearch(input);
  }

  @Authorized()
  @Mutation(() => Boolean)
  deleteSavedSearch(@Arg('id', () => ID) id: string, @Ctx() ctx: Context): Promise<boolean> {
    return new WorkflowService(ctx).deleteSavedSearch(id);
  }

  @Authorized()
  @Query(() => [SavedSearch])
  savedSearches(@Ctx() ctx: Context): Promise<SavedSearch[]> {
    return new WorkflowService(ctx).savedSearches();
  }

  @Authorized()
  @Query(() => [Notification])
  notifications(@Arg('unreadOnly', { defaultValue: false }) unreadOnly: boolean, @Arg('first', () => Int, { defaultValue: 20 }) first: number, @Ctx() ctx: Context): Promise<Notification[]> {
    return new WorkflowService(ctx).notifications(unreadOnly, first);
  }

  @Authorized()
  @Query(() => Int)
  unreadNotificationCount(@Ctx() ctx: Context): Promise<number> {
    return new WorkflowService(ctx).unreadCount();
  }

  @Authorized()
  @Mutation(() => Int, { description: 'Marks notifications read (all when ids is omitted); returns how many.' })
  markNotificationsRead(@Arg('ids', () => [ID], { nullable: true }) ids: string[] | undefined, @Ctx() ctx: Context): Promise<number> {
    return new WorkflowService(ctx).markRead(ids ?? undefined);
  }
}

@Resolver(() => ExpressionOfInterest)
export class ExpressionOfInterestFieldsResolver {
  @FieldResolver(() => Listing)
  async listing(@Root() e: ExpressionOfInterest, @Ctx() ctx: Context): Promise<Listing> {
    return (await ctx.loaders.listingById.load(e.listingId))!;
  }

  @FieldResolver(() => LocalAuthority, { description: 'The interested authority.' })
  async authority(@Root() e: ExpressionOfInterest, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(e.authorityId))!;
  }
}

@Resolver(() => MatchSuggestion)
export class MatchSuggestionFieldsResolver {
  @FieldResolver(() => LocalAuthority)
  async seeker(@Root() s: MatchSuggestion, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.seekerId))!;
  }

  @FieldResolver(() => LocalAuthority)
  async candidate(@Root() s: MatchSuggestion, @Ctx() ctx: Context): Promise<LocalAuthority> {
    return (await ctx.loaders.authorityById.load(s.candidateId))!;
  }

  @FieldResolver(() => Boolean, { description: 'Whether the seeker’s agents have set this candidate aside (setAsideCandidate): they said it is not for them.' })
  candidateSetAside(@Root() s: MatchSuggestion, @Ctx() ctx: Context): Promise<boolean> {
    return ctx.loaders.candidateSetAside.load(`${s.seekerId}|${s.candidateId}`);
  }
}
