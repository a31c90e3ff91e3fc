import { Field, Float, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';
import { ArrayMaxSize, IsInt, IsOptional, Max, MaxLength, Min } from 'class-validator';
import { CountryCode, NoNul, Population } from '../../common/input-decorators';
import { AuthorityLevel } from '../authority/authority.enums';
import { Listing } from '../listing/listing.entity';

export enum MatchFactor {
  THEME = 'theme',
  COUNTRY = 'country',
  NETWORK = 'network',
  PEERS = 'peers',
  NEARBY_PARTNERS = 'nearbyPartners',
  EXPERIENCE = 'experience',
  SIZE = 'size',
  DISTANCE = 'distance',
  SCARCITY = 'scarcity',
  PROFILE = 'profile',
}
registerEnumType(MatchFactor, {
  name: 'MatchFactor',
  valuesConfig: {
    THEME: { description: 'Theme fit over the 3-level taxonomy, weighted by priority' },
    COUNTRY: { description: 'Requested country, or the seeker’s experience in that country and its neighbours' },
    NETWORK: { description: 'Partner of the seeker’s partners (twins of my twins)' },
    PEERS: { description: 'Partner of authorities whose partners resemble the seeker’s (they share partners)' },
    NEARBY_PARTNERS: { description: 'Partner of authorities near the seeker' },
    EXPERIENCE: { description: 'The candidate’s experience with partners of the seeker’s side' },
    SIZE: { description: 'Population ratio on a log scale and level compatibility' },
    DISTANCE: { description: 'Geographic distance' },
    SCARCITY: { description: 'Countries where French cooperation is scarce (ministry priority)' },
    PROFILE: { description: 'Listing matches: the partner profile a listing asks for (countries, levels, population)' },
  },
});

@ObjectType({ description: 'One named factor of a score: its weight, its value and why.', simpleResolvers: true })
export class ScoreFactor {
  @Field(() => MatchFactor) name: MatchFactor;
  @Field(() => Float, { description: 'Relative weight (from the matching configuration).' }) weight: number;
  @Field(() => Float, { description: 'Value in [0, 1].' }) value: number;
  @Field(() => Float, { description: 'Share of the score this factor brings: weight × value / sum of the weights.' }) contribution: number;
  @Field() explanationFr: string;
  @Field() explanationEn: string;
}

@ObjectType({ description: 'A ranked, explained candidate partner.', simpleResolvers: true })
export class PartnerSuggestion {
  @Field(() => Int) rank: number;
  @Field(() => Float, { description: 'Score in [0, 1].' }) score: number;
  @Field(() => [ScoreFactor]) factors: ScoreFactor[];
  authorityId: string;
}

@ObjectType()
export class PartnerSuggestions {
  seekerId: string;
  listingId: string | null;
  alreadyPartneredIds: string[];
  setAsideIds: string[];
  @Field(() => [PartnerSuggestion]) candidates: PartnerSuggestion[];
  @Field(() => Int, { description: 'Candidates scored (retrieved by SQL and from the network, after filters).' }) candidatesConsidered: number;
}

@InputType()
export class PopulationRangeInput {
  @Field(() => Int, { nullable: true }) @IsOptional() @Population() min?: number;
  @Field(() => Int, { nullable: true }) @IsOptional() @Population() max?: number;
}

/** The criteria a seeker (or a reviewer proposing suggestions) may narrow the candidates to. */
@InputType({ description: "Criteria narrowing partner suggestions (inherited by the inputs that use them)." })
export abstract class SuggestionCriteriaInput {
  @Field(() => [ID], { nullable: true, description: 'Themes sought (default: the listing’s, or the fiche’s, relationships’ and listings’ themes).' })
  @IsOptional() @ArrayMaxSize(20) @MaxLength(100, { each: true }) @NoNul({ each: true })
  themes?: string[];
  @Field(() => [String], { nullable: true, description: 'Only candidates in these countries.' })
  @IsOptional() @ArrayMaxSize(50) @CountryCode({ each: true })
  countries?: string[];
  @Field(() => [AuthorityLevel], { nullable: true, description: 'Only candidates of these levels.' })
  @IsOptional() @ArrayMaxSize(8)
  levels?: AuthorityLevel[];
  @Field(() => PopulationRangeInput, { nullable: true }) @IsOptional()
  populationRange?: PopulationRangeInput;
}

@InputType({ description: 'Whom to find partners for: an authority, or a listing (its themes, target countries and partner profile are used).' })
export class SuggestPartnersInput extends SuggestionCriteriaInput {
  @Field(() => ID, { nullable: true }) @IsOptional() authorityId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() listingId?: string;
  @Field(() => Int, { nullable: true, defaultValue: 20 }) @IsOptional() @IsInt() @Min(1) @Max(100000)
  first?: number;
}

export enum CandidateStanding {
  RANKED = 'RANKED',
  SELF = 'SELF',
  SAME_SIDE = 'SAME_SIDE',
  ALREADY_PARTNERED = 'ALREADY_PARTNERED',
  OUTSIDE_CRITERIA = 'OUTSIDE_CRITERIA',
  SET_ASIDE = 'SET_ASIDE',
}
registerEnumType(CandidateStanding, {
  name: 'CandidateStanding',
  description: 'Where an authority stands as a candidate partner for a seeker.',
  valuesConfig: {
    RANKED: { description: 'Scored and ranked among the candidates considered' },
    SELF: { description: 'The seeker itself' },
    SAME_SIDE: { description: 'On the seeker’s side (French seekers get foreign candidates and vice versa)' },
    ALREADY_PARTNERED: { description: 'Already linked to the seeker: never suggested' },
    OUTSIDE_CRITERIA: { description: 'Excluded by the countries, levels or population range asked for' },
    SET_ASIDE: { description: 'Set aside by the seeker’s agents (told only to them and to the ministry)' },
  },
});

@InputType({ description: 'Where one authority stands as a candidate for a seeker (an authority or a listing), under optional criteria.' })
export class ExplainCandidateInput extends SuggestionCriteriaInput {
  @Field(() => ID, { nullable: true }) @IsOptional() authorityId?: string;
  @Field(() => ID, { nullable: true }) @IsOptional() listingId?: string;
  @Field(() => ID, { description: 'The authority to place and explain.' }) candidateId: string;
}

@ObjectType({ description: 'Where an authority stands as a candidate partner, and why (answers “why is it not suggested?”).', simpleResolvers: true })
export class CandidateExplanation {
  seekerId: string;
  candidateId: string;
  @Field(() => CandidateStanding) standing: CandidateStanding;
  @Field(() => Int, { nullable: true, description: 'Rank among the candidates considered (RANKED only).' }) rank: number | null;
  @Field(() => Float, { nullable: true, description: 'Score in [0, 1] (RANKED only).' }) score: number | null;
  @Field(() => [ScoreFactor], { description: 'The score’s factors (RANKED only; empty otherwise).' }) factors: ScoreFactor[];
  @Field(() => Int, { description: 'Candidates scored: the retrieved pool and, when it was not in it, this authority.' }) candidatesConsidered: number;
  @Field({ description: 'Whether the bounded retrieval brought this authority among the candidates on its own, before the criteria filter them (suggestPartners ranks only those).' }) retrieved: boolean;
  @Field({ description: 'One sentence: the rank, or why it cannot be suggested.' }) reasonFr: string;
  @Field() reasonEn: string;
}

@ObjectType({ description: 'A candidate a seeker’s agents set aside: it leaves the seeker’s suggestions until restored.' })
export class CandidateSetAside {
  seekerId: string;
  candidateId: string;
  @Field({ description: 'When it was set aside (the first time, if set aside again).' }) setAt: Date;
}

@ObjectType({ description: 'A listing of the other type that fits, scored both ways.' })
export class ListingMatch {
  @Field(() => Listing) listing: Listing;
  @Field(() => Float, { description: 'Geometric mean of the two directions, in [0, 1]. Each direction is theme fit × (½ + ½ profile fit): no shared theme, no match.' }) score: number;
  @Field(() => Float, { description: 'How the other listing fits what this listing offers or asks.' }) fitForThisListing: number;
  @Field(() => Float, { description: 'How this listing’s authority fits what the other listing seeks.' }) fitForOtherListing: number;
  @Field(() => [ScoreFactor]) factors: ScoreFactor[];
}

