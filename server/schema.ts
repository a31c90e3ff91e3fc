import 'reflect-metadata';
import { buildSchema } from 'type-graphql';
import { lexicographicSortSchema, printSchema, type GraphQLSchema } from 'graphql';
import { authChecker } from './common/auth';
import { AuthorityFieldsResolver, AuthorityResolver, DuplicateDismissalResolver, DuplicateSuspectResolver } from './modules/authority/authority.resolver';
import { AuthorityMergeRecordsResolver, AuthorityMergeResolver, AuthorityMergeUndoResolver } from './modules/authority/authority-merge.resolver';
import { CountryResolver } from './modules/country/country.resolver';
import { EmbassyResolver } from './modules/embassy/embassy.resolver';
import { ListingFieldsResolver, ListingResolver } from './modules/listing/listing.resolver';
import { RelationshipFieldsResolver, RelationshipResolver } from './modules/relationship/relationship.resolver';
import { ThemeResolver } from './modules/theme/theme.resolver';
import { AccountResolver } from './modules/account/account.resolver';
import { ExpressionOfInterestFieldsResolver, MatchSuggestionFieldsResolver, WorkflowResolver } from './modules/workflow/workflow.resolver';
import { StatisticsResolver } from './modules/statistics/statistics.resolver';
import { UserFieldsResolver } from './modules/account/account.resolver';
import { CandidateExplanationFieldsResolver, CandidateSetAsideFieldsResolver, MatchingResolver, PartnerSuggestionFieldsResolver, PartnerSuggestionsFieldsResolver } from './modules/matching/matching.resolver';

export const RESOLVERS = [
  AuthorityResolver,
  DuplicateSuspectResolver,
  DuplicateDismissalResolver,
  AuthorityMergeResolver,
  AuthorityMergeRecordsResolver,
  AuthorityMergeUndoResolver,
  AuthorityFieldsResolver,
  CountryResolver,
  EmbassyResolver,
  ListingResolver,
  ListingFieldsResolver,
  RelationshipResolver,
  RelationshipFieldsResolver,
  ThemeResolver,
  MatchingResolver,
  CandidateExplanationFieldsResolver,
  CandidateSetAsideFieldsResolver,
  PartnerSuggestionsFieldsResolver,
  PartnerSuggestionFieldsResolver,
  AccountResolver,
  WorkflowResolver,
  ExpressionOfInterestFieldsResolver,
  MatchSuggestionFieldsResolver,
  StatisticsResolver,
  UserFieldsResolver,
] as const;

let cached: Promise<GraphQLSchema> | undefined;

/** The executable schema, built once per process from the resolver classes (code-first). */
export function getSchema(): Promise<GraphQLSchema> {
  cached ??= buildSchema({
    resolvers: RESOLVERS,
    authChecker,
    // class-validator on every input type and argument class.
    validate: { forbidUnknownValues: false },
  });
  return cached;
}

/** The SDL committed as schema/schema.graphql (sorted, so diffs stay readable). */
export async function printSchemaSdl(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await getSchema()))}\n`;
}
