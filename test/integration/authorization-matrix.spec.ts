import { buildClientSchema, getIntrospectionQuery, isEnumType, isInputObjectType, isListType, isNonNullType, isScalarType, type GraphQLInputType, type GraphQLSchema, type IntrospectionQuery } from 'graphql';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Who may call each query and mutation, in one table, checked over HTTP for six roles: anonymous, an agent of
 * authority A, an agent of authority B, a reviewer, a reviewer scoped to another country, an administrator.
 * Operations on an object run on real objects of A (its fiche, listings, relationship, an interest received, a
 * suggestion) and their rule lists exactly who is let through; the other operations have a role gate and dummy
 * arguments. The test fails when an operation of the schema has no rule here.
 */
type Gate = 'public' | 'signedIn' | 'reviewer' | 'admin';
type Role = (typeof ROLES)[number];
/** An operation on A's objects: the variables (from the fixtures) and the roles let through; the others get UNAUTHENTICATED or FORBIDDEN. */
interface ObjectRule {
  vars: (fx: Record<string, string>) => Record<string, unknown>;
  allow: Role[];
  /** The object is an unpublished listing: roles that may not see it get "not found" rather than "forbidden". */
  hidden?: boolean;
}
const RULES: Record<string, Gate> = {
  // Queries
  'Query.localAuthority': 'public', 'Query.localAuthorities': 'public', 'Query.listing': 'public', 'Query.listings': 'public',
  'Query.themes': 'public', 'Query.theme': 'public', 'Query.countries': 'public', 'Query.country': 'public', 'Query.embassies': 'public',
  'Query.relationship': 'public', 'Query.statistics': 'public', 'Query.suggestPartners': 'public', 'Query.listingMatches': 'public', 'Query.explainCandidate': 'public', 'Query.me': 'public',
  'Mutation.setAsideCandidate': 'signedIn', 'Mutation.restoreCandidate': 'signedIn',
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
  'Mutation.createUser': 'admin', 'Mutation.inviteUser': 'admin', 'Mutation.acceptInvitation': 'public', 'Mutation.addMembership': 'admin', 'Mutation.upsertTheme': 'admin', 'Mutation.mergeLocalAuthorities': 'admin', 'Query.duplicateSuspects': 'reviewer', 'Mutation.dismissDuplicateSuspect': 'reviewer', 'Query.duplicateDismissals': 'reviewer', 'Mutation.restoreDuplicateSuspect': 'reviewer', 'Query.authorityMerges': 'admin', 'Mutation.undoAuthorityMerge': 'admin',
  'Mutation.requestPasswordReset': 'public', 'Mutation.resetPassword': 'public', 'Query.users': 'admin', 'Mutation.setUserDisabled': 'admin', 'Mutation.setUserRole': 'admin',
};
// Denied roles first: an allowed call may change the object (delete, publish) before the next role tries.
const ROLES = ['anonymous', 'agentB', 'reviewerOther', 'reviewer', 'agentA', 'admin'] as const;
const RANK: Record<Gate, number> = { public: 0, signedIn: 1, reviewer: 2, admin: 3 };
const ROLE_RANK: Record<Role, number> = { anonymous: 0, agentA: 1, agentB: 1, reviewer: 2, reviewerOther: 2, admin: 3 };
const OWNER: Role[] = ['agentA', 'admin'];
const MINISTRY: Role[] = ['reviewer', 'reviewerOther', 'admin'];

const OBJECT_RULES: Record<string, ObjectRule> = {
  'Mutation.updateLocalAuthority': { vars: (f) => ({ input: { id: f.A, version: 1, description: 'Matrice' } }), allow: OWNER },
  'Mutation.setContacts': { vars: (f) => ({ input: { authorityId: f.A, contacts: [{ name: 'Matrice' }] } }), allow: OWNER },
  'Mutation.setForeignActors': { vars: (f) => ({ input: { authorityId: f.A, actors: [] } }), allow: OWNER },
  'Mutation.createListing': { vars: (f) => ({ input: { authorityId: f.A, type: 'OFFER', title: 'Matrice', description: 'Matrice', themes: [{ themeId: 'env' }] } }), allow: OWNER },
  'Mutation.updateListing': { vars: (f) => ({ input: { id: f.draft, version: 1, title: 'Matrice' } }), allow: OWNER, hidden: true },
  'Mutation.submitListing': { vars: (f) => ({ id: f.draft }), allow: OWNER, hidden: true },
  'Mutation.renewListing': { vars: (f) => ({ id: f.renewable }), allow: OWNER },
  'Mutation.closeListing': { vars: (f) => ({ id: f.closable }), allow: OWNER },
  'Mutation.publishListing': { vars: (f) => ({ id: f.submitted }), allow: ['reviewer', 'admin'] },
  'Mutation.sendBackListing': { vars: (f) => ({ id: f.submitted2, reason: 'Matrice' }), allow: ['reviewer', 'admin'] },
  'Mutation.createRelationship': { vars: (f) => ({ input: { authorityAId: f.A, authorityBId: f.P, kind: 'OTHER' } }), allow: OWNER },
  'Mutation.updateRelationship': { vars: (f) => ({ input: { id: f.relationship, version: 1, title: 'Matrice' } }), allow: OWNER },
  'Mutation.deleteRelationship': { vars: (f) => ({ id: f.relationship2 }), allow: OWNER },
  'Mutation.expressInterest': { vars: (f) => ({ input: { listingId: f.published, authorityId: f.B, message: 'Matrice' } }), allow: ['agentB', 'admin'] },
  'Query.listingInterests': { vars: (f) => ({ listingId: f.published }), allow: [...MINISTRY, 'agentA'] },
  'Mutation.respondToInterest': { vars: (f) => ({ id: f.interest, version: 1, accept: false }), allow: OWNER },
  'Mutation.proposeMatchSuggestions': { vars: (f) => ({ input: { authorityId: f.A, first: 1 } }), allow: MINISTRY },
  'Mutation.approveMatchSuggestion': { vars: (f) => ({ id: f.suggestion, version: 1 }), allow: ['reviewer', 'admin'] },
  'Mutation.rejectMatchSuggestion': { vars: (f) => ({ id: f.suggestion2, version: 1, reason: 'Matrice' }), allow: ['reviewer', 'admin'] },
  'Query.auditTrail': { vars: (f) => ({ entityId: f.suggestion }), allow: MINISTRY },
  'Mutation.addMembership': { vars: (f) => ({ userId: f.agentB, authorityId: f.B }), allow: ['admin'] },
  // A's suggestions: its agents and administrators set candidates aside and restore them, not the ministry's reviewers.
  'Mutation.setAsideCandidate': { vars: (f) => ({ seekerId: f.A, candidateId: f.P2 }), allow: OWNER },
  'Mutation.restoreCandidate': { vars: (f) => ({ seekerId: f.A, candidateId: f.P2 }), allow: OWNER },
  // Beninese records: not for the reviewer of Japan.
  'Mutation.dismissDuplicateSuspect': { vars: (f) => ({ duplicateId: f.P, intoId: f.P2 }), allow: MINISTRY.filter((r) => r !== 'reviewerOther') },
  'Mutation.restoreDuplicateSuspect': { vars: (f) => ({ duplicateId: f.P, intoId: f.P2 }), allow: MINISTRY.filter((r) => r !== 'reviewerOther') },
};

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

  const fx: Record<string, string> = {};

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    schema = buildClientSchema(ok<IntrospectionQuery>(await server.gql(getIntrospectionQuery())));
    const admin = { admin: true };
    const find = async (q: string, c: string) => ok(await server.gql(`query($q: String, $c: [String!]) { localAuthorities(filter: { search: $q, countries: $c }, first: 1) { nodes { id } } }`, { q, c: [c] })).localAuthorities.nodes[0].id;
    fx.A = await find('Orléans', 'FR');
    fx.B = await find('Tours', 'FR');
    fx.P = await find('Parakou', 'BJ');
    fx.P2 = await find('Djougou', 'BJ');
    const user = async (email: string, role: string, reviewerCountries: string[] = []) =>
      ok(await server.gql(`mutation($i: CreateUserInput!) { createUser(input: $i) { id } }`, { i: { email, password: 'a long enough password', displayName: email, role, reviewerCountries } }, admin)).createUser.id;
    const agentA = await user('agent-a@example.org', 'AGENT');
    fx.agentB = await user('agent-b@example.org', 'AGENT');
    await user('reviewer@example.org', 'REVIEWER');
    await user('reviewer-jp@example.org', 'REVIEWER', ['JP']);
    await user('admin@example.org', 'ADMIN');
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: agentA, a: fx.A }, admin));
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: fx.agentB, a: fx.B }, admin));
    const signIn = async (email: string) => (await server.gql(`mutation($i: SignInInput!) { signIn(input: $i) { id } }`, { i: { email, password: 'a long enough password' } })).setCookie?.split(';')[0];
    cookies.agentA = await signIn('agent-a@example.org');
    cookies.agentB = await signIn('agent-b@example.org');
    cookies.reviewer = await signIn('reviewer@example.org');
    cookies.reviewerOther = await signIn('reviewer-jp@example.org');
    cookies.admin = await signIn('admin@example.org');

    // A's objects, created by the administrator.
    const listing = async (...steps: string[]) => {
      const id = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: fx.A, type: 'OFFER', title: 'Objet de la matrice', description: 'Objet.', themes: [{ themeId: 'env.waste' }] } }, admin)).createListing.id;
      for (const step of steps) ok(await server.gql(`mutation($id: ID!) { ${step}(id: $id) { __typename } }`, { id }, admin));
      return id;
    };
    fx.draft = await listing();
    fx.submitted = await listing('submitListing');
    fx.submitted2 = await listing('submitListing');
    fx.published = await listing('submitListing', 'publishListing');
    fx.closable = await listing('submitListing', 'publishListing');
    fx.renewable = await listing('submitListing', 'publishListing');
    const relationship = async () => ok(await server.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`, { i: { authorityAId: fx.A, authorityBId: fx.P, kind: 'FRIENDSHIP_PACT' } }, admin)).createRelationship.id;
    fx.relationship = await relationship();
    fx.relationship2 = await relationship();
    fx.interest = ok(await server.gql(`mutation($i: ExpressInterestInput!) { expressInterest(input: $i) { id } }`, { i: { listingId: fx.published, authorityId: fx.P, message: 'Parakou est intéressée.' } }, admin)).expressInterest.id;
    const proposed = ok(await server.gql(`mutation($a: ID!) { proposeMatchSuggestions(input: { authorityId: $a, first: 2 }) { id } }`, { a: fx.A }, admin)).proposeMatchSuggestions;
    fx.suggestion = proposed[0].id;
    fx.suggestion2 = proposed[1].id;
  }, 180_000);
  afterAll(() => server?.close());

  it('has a rule for every query and mutation of the schema', () => {
    const operations = [
      ...Object.keys(schema.getQueryType()!.getFields()).map((f) => `Query.${f}`),
      ...Object.keys(schema.getMutationType()!.getFields()).map((f) => `Mutation.${f}`),
    ].sort();
    expect(operations).toEqual(Object.keys(RULES).sort());
  });

  it('has real objects for every operation on A’s objects', () => {
    for (const op of Object.keys(OBJECT_RULES)) expect({ op, ruled: op in RULES }).toEqual({ op, ruled: true });
  });

  it.each(Object.entries(RULES).filter(([op]) => op !== 'Mutation.signOut'))('%s is %s', async (op, gate) => {
    const [kind, field] = op.split('.');
    const def = (kind === 'Query' ? schema.getQueryType()! : schema.getMutationType()!).getFields()[field];
    const selection = isScalarType(unwrap(def.type)) ? '' : '{ __typename }';
    const objectRule = OBJECT_RULES[op];
    let document: string;
    let variables: Record<string, unknown> | undefined;
    if (objectRule) {
      variables = objectRule.vars(fx);
      document = `${kind === 'Query' ? 'query' : 'mutation'}(${def.args.map((a) => `$${a.name}: ${a.type}`).join(', ')}) { ${field}(${def.args.map((a) => `${a.name}: $${a.name}`).join(', ')}) ${selection} }`;
    } else {
      const args = def.args.filter((a) => isNonNullType(a.type) && a.defaultValue === undefined).map((a) => `${a.name}: ${dummy(a.type, a.name)}`);
      document = `${kind === 'Query' ? 'query' : 'mutation'} { ${field}${args.length ? `(${args.join(', ')})` : ''} ${selection} }`;
    }
    for (const role of ROLES) {
      const res = await server.gql(document, variables, { cookie: cookies[role] });
      const codes = (res.body.errors ?? []).map((e) => e.extensions?.code);
      const allowed = objectRule ? objectRule.allow.includes(role) : ROLE_RANK[role] >= RANK[gate];
      if (allowed) {
        // Let through: any error left is about the data (a state, a missing dummy object), never about who asks.
        const refused = (res.body.errors ?? []).filter((e) => ['UNAUTHENTICATED', 'FORBIDDEN', 'INTERNAL_SERVER_ERROR'].includes(e.extensions?.code) && !(e.extensions?.reason === 'NOT_A_MEMBER' && !objectRule));
        expect({ role, refused }).toEqual({ role, refused: [] });
      } else {
        const expected = role === 'anonymous' ? 'UNAUTHENTICATED' : 'FORBIDDEN';
        // An unpublished listing is invisible (not merely forbidden) to whoever may not see it: "no listing has this id".
        const hidden = objectRule?.hidden && role !== 'anonymous' && ['NOT_FOUND', 'BAD_USER_INPUT'].includes(codes[0]) && /No listing has this id/.test(res.body.errors?.[0].message ?? '');
        expect({ role, code: hidden ? expected : codes[0], message: codes[0] === expected || hidden ? '' : res.body.errors?.[0].message }).toEqual({ role, code: expected, message: '' });
      }
    }
  });
});

function unwrap(t: any): any {
  return t.ofType ? unwrap(t.ofType) : t;
}
