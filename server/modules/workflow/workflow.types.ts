import { Field, Float, ID, InputType, Int, ObjectType, createUnionType, registerEnumType } from 'type-graphql';
import { IdempotencyKeyField } from '../../common/idempotency';
import { ArrayMaxSize, IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { CountryCode, Line, NotBlank, Text } from '../../common/input-decorators';
import { VersionConflict } from '../../common/results';
import { ScoreFactor, SuggestionCriteriaInput } from '../matching/matching.types';

export enum InterestStatus {
  PENDING = 'PENDING',
  ACCEPTED = 'ACCEPTED',
  DECLINED = 'DECLINED',
}
registerEnumType(InterestStatus, { name: 'InterestStatus' });

export enum SuggestionStatus {
  PROPOSED = 'PROPOSED',
  APPROVED = 'APPROVED',
  REJECTED = 'REJECTED',
}
registerEnumType(SuggestionStatus, { name: 'SuggestionStatus' });

@ObjectType({ description: 'An authority’s answer to a listing (manifestation d’intérêt), passed on through the platform.' })
export class ExpressionOfInterest {
  @Field(() => ID) id: string;
  @Field(() => ID) listingId: string;
  @Field(() => ID) authorityId: string;
  @Field() message: string;
  @Field(() => InterestStatus) status: InterestStatus;
  @Field(() => Int) version: number;
  @Field() createdAt: Date;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
}

@ObjectType({ description: 'The listing already accepted as many expressions of interest as its owners wanted.' })
export class InterestCapReached {
  @Field() message: string;
  @Field(() => Int) maxAccepted: number;
}

export const RespondToInterestResult = createUnionType({
  name: 'RespondToInterestResult',
  types: () => [ExpressionOfInterest, VersionConflict, InterestCapReached] as const,
  resolveType: (v) => (v instanceof VersionConflict ? VersionConflict : v instanceof InterestCapReached ? InterestCapReached : ExpressionOfInterest),
});

@InputType()
export class ExpressInterestInput {
  @IdempotencyKeyField()
  idempotencyKey?: string;

  @Field(() => ID) listingId: string;
  @Field(() => ID, { description: 'The authority the agent answers for.' }) authorityId: string;
  @Field() @Text(5000) @NotBlank() message: string;
}

@ObjectType({ description: 'A matching-engine suggestion under the ministry’s review.' })
export class MatchSuggestion {
  @Field(() => ID) id: string;
  @Field(() => ID) seekerId: string;
  @Field(() => ID) candidateId: string;
  @Field(() => ID, { nullable: true }) listingId: string | null;
  @Field(() => Float) score: number;
  @Field(() => [ScoreFactor], { description: 'The explanation of the score, as computed when proposed.' }) factors: ScoreFactor[];
  @Field(() => SuggestionStatus) status: SuggestionStatus;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field(() => Date, { nullable: true }) decidedAt: Date | null;
  @Field(() => Int) version: number;
  @Field() createdAt: Date;
  decidedBy: string | null;
}

export const ReviewSuggestionResult = createUnionType({
  name: 'ReviewSuggestionResult',
  types: () => [MatchSuggestion, VersionConflict] as const,
  resolveType: (v) => (v instanceof VersionConflict ? VersionConflict : MatchSuggestion),
});

@InputType()
export class MatchSuggestionFilter {
  @Field(() => [SuggestionStatus], { nullable: true }) @IsOptional() @ArrayMaxSize(3) statuses?: SuggestionStatus[];
  @Field(() => [String], { nullable: true, description: 'Seeker’s or candidate’s country.' }) @IsOptional() @ArrayMaxSize(50) @CountryCode({ each: true }) countries?: string[];
  @Field(() => [ID], { nullable: true, description: 'A theme of the explanation (matches its descendants).' }) @IsOptional() @ArrayMaxSize(20) themes?: string[];
  @Field(() => ID, { nullable: true, description: 'Decided by this reviewer.' }) @IsOptional() decidedBy?: string;
  @Field(() => ID, { nullable: true, description: 'Suggestions for this seeker only.' }) @IsOptional() seekerId?: string;
}

@ObjectType({ description: 'One entry of the audit trail.' })
export class AuditEvent {
  @Field() action: string;
  @Field() actorRole: string;
  @Field(() => String, { nullable: true }) actorName: string | null;
  @Field(() => String, { nullable: true }) reason: string | null;
  @Field() at: Date;
}

@ObjectType()
export class Notification {
  @Field(() => ID) id: string;
  @Field() kind: string;
  @Field() titleFr: string;
  @Field() titleEn: string;
  @Field(() => ID, { nullable: true }) entityId: string | null;
  @Field(() => Date, { nullable: true }) readAt: Date | null;
  @Field() createdAt: Date;
}

@InputType({ description: 'Which suggestions to put in review: the top ones under the given criteria (as suggestPartners), or the listed candidates.' })
export class ProposeSuggestionsInput extends SuggestionCriteriaInput {
  @Field(() => ID) authorityId: string;
  @Field(() => Int, { defaultValue: 5, description: 'How many of the best suggestions not yet in the queue (ignored when candidateIds is given).' }) @IsInt() @Min(1) @Max(20) first: number;
  @Field(() => [ID], { nullable: true, description: 'Propose exactly these candidates (each must be a suggestion for the authority under the criteria).' })
  @IsOptional() @ArrayMaxSize(20)
  candidateIds?: string[];
}

@ObjectType({ description: 'A saved search: its owner is alerted when a newly published listing matches.' })
export class SavedSearch {
  @Field(() => ID) id: string;
  @Field() name: string;
  @Field(() => [String], { description: 'Theme ids; a theme matches its descendants. Empty: any theme.' }) themes: string[];
  @Field(() => [String], { description: 'Countries of the listing’s authority or targets. Empty: any country.' }) countries: string[];
  @Field(() => String, { nullable: true, description: 'OFFER or REQUEST; null: both.' }) type: string | null;
  @Field() createdAt: Date;
}

@InputType()
export class SavedSearchInput {
  @Field() @Line(100) name: string;
  @Field(() => [ID], { defaultValue: [] }) @ArrayMaxSize(20) themes: string[];
  @Field(() => [String], { defaultValue: [] }) @ArrayMaxSize(50) @CountryCode({ each: true }) countries: string[];
  @Field(() => String, { nullable: true }) @IsOptional() @IsIn(['OFFER', 'REQUEST']) type?: string;
}

