import { buildClientSchema, getIntrospectionQuery, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Who may call each query and mutation, in one table. The test fails when an operation of the schema
 * has no rule here, and checks every rule against every role over HTTP. Finer rules (agent of A vs
 * agent of B, reviewer scoped to another country) are enforced by the services and tested in
 * accounts.spec.ts and workflow.spec.ts.
 */
type Gate = 'public' | 'signedIn' | 'reviewer' | 'admin';
const RULES: Record<string, Gate> = {
  // Queries
  'Query.localAuthority': 'public', 'Query.localAuthorities': 'public', 'Query.listing': 'public', 'Query.listings': 'public',
  'Query.themes': 'public', 'Query.theme': 'public', 'Query.countries': 'public', 'Query.country': 'public', 'Query.embassies': 'public',
  'Query.relationship': 'public', 'Query.statistics': 'public', 'Query.suggestPartners': 'public', 'Query.listingMatches': 'public', 'Query.me': 'public',
  'Query.listingInterests': 'signedIn', 'Query.myInterests': 'signedIn', 'Query.notifications': 'signedIn', 'Query.unreadNotificationCount': 'signedIn',
  'Query.matchSuggestions': 'reviewer', 'Query.auditTrail': 'reviewer',
  // Mutations
  'Mutation.signUp': 'public', 'Mutation.signIn': 'public', 'Mutation.signOut': 'public',
  'Mutation.createLocalAuthority': 'signedIn', 'Mutation.updateLocalAuthority': 'signedIn', 'Mutation.setContacts': 'signedIn', 'Mutation.setForeignActors': 'signedIn',
  'Mutation.createRelationship': 'signedIn', 'Mutation.updateRelationship': 'signedIn', 'Mutation.deleteRelationship': 'signedIn',
  'Mutation.createListing': 'signedIn', 'Mutation.updateListing': 'signedIn', 'Mutation.submitListing': 'signedIn', 'Mutation.closeListing': 'signedIn', 'Mutation.renewListing': 'signedIn',
  'Mutation.expressInterest': 'signedIn', 'Mutation.createSavedSearch': 'signedIn', 'Mutation.deleteSavedSearch': 'signedIn', 'Query.savedSearches': 'signedIn', 'Mutation.respondToInterest': 'signedIn', 'Mutation.markNotificationsRead': 'signedIn',
  'Mutation.publishListing': 'reviewer', 'Mutation.sendBackListing': 'reviewer', 'Mutation.proposeMatchSuggestions': 'reviewer',
  'Mutation.approveMatchSuggestion': 'reviewer', 'Mutation.rejectMatchSuggestion': 'reviewer',
  'Mutation.createUser': 'admin', 'Mutation.inviteUser': 'admin', 'Mutation.acceptInvitation': 'public', 'Mutation.addMembership': 'admin', 'Mutation.upsertTheme': 'admin',
};
const ROLES = ['anonymous', 'agent', 'reviewer', 'admin'] as const;
const RANK: Record<Gate, number> = { public: 0, signedIn: 1, reviewer: 2, admin: 3 };
const ROLE_RANK: Record<(typeof ROLES)[number], number> = { anonymous: 0, agent: 1, reviewer: 2, admin: 3 };

const DUMMY_ID = '00000000-0000-4000-8000-000000000000';

/** A syntactically valid value for an input type: dummy ids, short strings, first enum values, required fields only. */
function dummy(type: GraphQLInputType, name: string): string {
  if (isNonNullType(type)) return dummy(type.ofType, name);
  if (isListType(type)) return `[${dummy(type.ofType, name)}]`;
  if (isEnumType(type)) return type.getValues()[0].name;
  if (isInputObjectType(type)) {
    const fields = Object.values(type.getFields()).filter((f) => isNonNullType(f.type) && f.defaultValue === undefined);
    return `{ ${fields.map((f) => `${f.name}: ${dummy(f.type, f.name)}`).join(', ')} }`;
  }
  if (isScalarType(type)) {
    switch (type.name) {
      case 'ID': return JSON.stringify(DUMMY_ID);
      case 'Int': return name === 'version' ? '1' : '5';
      case 'Float': return '1.5';
      case 'Boolean': return 'true';
      case 'DateTimeISO': return JSON.stringify('2099-01-01T00:00:00Z');
      default: return JSON.stringify(name === 'email' ? 'matrix@example.org' : name === 'password' ? 'a long enough password' : name === 'countryCode' ? 'FR' : 'x');
    }
  }
  throw new Error(`No dummy for ${String(type)}`);
}

describe('authorisation matrix', () => {
  let server: TestServer;
  let schema: GraphQLSchema;
  const cookies: Record<string, string | undefined> = {};

  beforeAll(async () => {
    server = await startTestServer({ seed: 'none' });
    schema = buildClientSchema(ok<IntrospectionQuery>(await server.gql(getIntrospectionQuery())));
    const signIn = async (email: string) => (await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { id } }`, { i: { email, password: 'a long enough password' } })).setCookie?.split(';')[0];
    await server.gql(`mutation { signUp(input: { email: "agent@example.org", password: "a long enough password", displayName: "Agent" }) { id } }`);
    await server.gql(`mutation { createUser(input: { email: "reviewer@example.org", password: "a long enough password", displayName: "Reviewer", role: REVIEWER }) { id } }`, undefined, { admin: true });
    await server.gql(`mutation { createUser(input: { email: "admin@example.org", password: "a long enough password", displayName: "Admin", role: ADMIN }) { id } }`, undefined, { admin: true });
    cookies.agent = await signIn('agent@example.org');
    cookies.reviewer = await signIn('reviewer@example.org');
    cookies.admin = await signIn('admin@example.org');
  }, 120_000);
  afterAll(() => server?.close());

  it('has a rule for every query and mutation of the schema', () => {
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    expect(operations).toEqual(Object.keys(RULES).sort());
  });

  it.each(Object.entries(RULES).filter(([op]) => op !== 'Mutation.signOut'))('%s is %s', async (op, gate) => {
    const [kind, field] = op.split('.');
    const def = (kind === 'Query' ? schema.getQueryType()! : schema.getMutationType()!).getFields()[field];
    const args = def.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${dummy(a.type, a.name)}`);
    const document = `${kind === 'Query' ? 'query' : 'mutation'} { ${field}${args.length ? `(${args.join(', ')})` : ''} { __typename } }`.replace(/\{ __typename \} \}$/, isScalarType(unwrap(def.type)) ? '}' : '{ __typename } }');
    for (const role of ROLES) {
      const res = await server.gql(document, undefined, { cookie: cookies[role] });
      const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
      const allowed = ROLE_RANK[role] >= RANK[gate];
      if (allowed) {
        // Past the gate; an agent may still be refused an authority it does not act for (NOT_A_MEMBER, tested elsewhere).
        const refused = (res.body.errors ?? []).filter((e) => ['UNAUTHENTICATED', 'INTERNAL_SERVER_ERROR'].includes(e.extensions?.code) || (e.extensions?.code === 'FORBIDDEN' && e.extensions?.reason !== 'NOT_A_MEMBER'));
        expect({ role, refused }).toEqual({ role, refused: [] });
      } else {
        expect({ role, code: codes[0] }).toEqual({ role, code: role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN' });
      }
    }
  });
});

function unwrap(t: any): any {
  return t.ofType ? unwrap(t.ofType) : t;
}
