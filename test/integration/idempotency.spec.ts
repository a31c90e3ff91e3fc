import { cookieOf, ok, startTestServer, type TestServer } from '../helpers/test-server';

/** A client retrying a create after a timeout never creates a duplicate. */
describe('idempotency keys on create mutations', () => {
  let server: TestServer;
  let parakou: string;
  let orleans: string;
  const CREATE_AUTHORITY = `mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id name } }`;
  const count = async (sql: string, params: unknown[]) => Number((await server.product.ds.query(sql, params))[0].n);

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (q: string) => ok(await server.gql(`query($q: String) { localAuthorities(filter: { search: $q }, first: 1) { nodes { id } } }`, { q })).localAuthorities.nodes[0].id;
    parakou = await find('Parakou');
    orleans = await find('Orléans');
  }, 120_000);
  afterAll(() => server?.close());

  it('returns the first result for a repeated key, even when the retries arrive together', async () => {
    const input = { name: 'Commune de la reprise', countryCode: 'BJ', level: 'MUNICIPALITY', idempotencyKey: 'retry-0001' };
    const results = await Promise.all(Array.from({ length: 5 }, () => server.gql(CREATE_AUTHORITY, { i: input }, { admin: true })));
    const ids = new Set(results.map((r) => ok(r).createLocalAuthority.id));
    expect(ids.size).toBe(1);
    expect(await count(`SELECT count(*)::int AS n FROM local_authority WHERE name = $1`, [input.name])).toBe(1);
    // Later, the same key still answers with the same record.
    expect(ok(await server.gql(CREATE_AUTHORITY, { i: input }, { admin: true })).createLocalAuthority.id).toBe([...ids][0]);
    // Without a key, a second call creates a second record (the client asked for it).
    const { idempotencyKey: _unused, ...withoutKey } = input;
    void _unused;
    await server.gql(CREATE_AUTHORITY, { i: withoutKey }, { admin: true });
    expect(await count(`SELECT count(*)::int AS n FROM local_authority WHERE name = $1`, [input.name])).toBe(2);
  });

  it('works the same for listings, relationships and expressions of interest', async () => {
    const listing = { authorityId: parakou, type: 'REQUEST', title: 'Appui à la gestion des marchés', description: 'Organisation des marchés municipaux.', themes: [{ themeId: 'env.waste' }], idempotencyKey: 'listing-1' };
    const a = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: listing }, { admin: true })).createListing.id;
    const b = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: listing }, { admin: true })).createListing.id;
    expect(b).toBe(a);
    const rel = { authorityAId: orleans, authorityBId: parakou, kind: 'FRIENDSHIP_PACT', idempotencyKey: 'rel-1' };
    const r1 = ok(await server.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`, { i: rel }, { admin: true })).createRelationship.id;
    const r2 = ok(await server.gql(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`, { i: rel }, { admin: true })).createRelationship.id;
    expect(r2).toBe(r1);
    expect(await count(`SELECT count(*)::int AS n FROM relationship WHERE kind = 'FRIENDSHIP_PACT'`, [])).toBe(1);

    await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: a }, { admin: true });
    await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: a }, { admin: true });
    const interest = { listingId: a, authorityId: orleans, message: 'Orléans peut aider.', idempotencyKey: 'eoi-1' };
    const e1 = ok(await server.gql(`mutation($i: ExpressInterestInput!) { expressInterest(input: $i) { id } }`, { i: interest }, { admin: true })).expressInterest.id;
    // A retry with the key gets the interest back, where a plain retry would be refused as a duplicate.
    const e2 = ok(await server.gql(`mutation($i: ExpressInterestInput!) { expressInterest(input: $i) { id } }`, { i: interest }, { admin: true })).expressInterest.id;
    expect(e2).toBe(e1);
    const { idempotencyKey: _k, ...plain } = interest;
    void _k;
    const again = await server.gql(`mutation($i: ExpressInterestInput!) { expressInterest(input: $i) { id } }`, { i: plain }, { admin: true });
    expect(again.body.errors?.[0].extensions?.reason).toBe('ALREADY_EXPRESSED');
  });

  it('refuses a key reused for another operation, and keeps keys apart between users', async () => {
    const reused = await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: parakou, type: 'OFFER', title: 'Autre', description: 'Autre chose.', themes: [{ themeId: 'env.waste' }], idempotencyKey: 'retry-0001' } }, { admin: true });
    expect(reused.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey', reason: 'IDEMPOTENCY_KEY_REUSED' });

    const signUp = async (email: string) => cookieOf((await server.gql(`mutation($i: SignUpInput!) { signUp(input: $i) { id } }`, { i: { email, password: 'a long enough password', displayName: email } })).setCookie);
    const alice = await signUp('alice@example.org');
    const bob = await signUp('bob@example.org');
    const input = (name: string) => ({ name, countryCode: 'BJ', level: 'MUNICIPALITY', idempotencyKey: 'same-key' });
    const fromAlice = ok(await server.gql(CREATE_AUTHORITY, { i: input('Commune d’Alice') }, { cookie: alice })).createLocalAuthority;
    const fromBob = ok(await server.gql(CREATE_AUTHORITY, { i: input('Commune de Bob') }, { cookie: bob })).createLocalAuthority;
    expect(fromBob.id).not.toBe(fromAlice.id);
    expect(fromBob.name).toBe('Commune de Bob');
  });

  it('validates the key', async () => {
    for (const key of ['', 'with space', 'x'.repeat(101), 'accentué']) {
      const res = await server.gql(CREATE_AUTHORITY, { i: { name: 'Refusée', countryCode: 'BJ', level: 'MUNICIPALITY', idempotencyKey: key } }, { admin: true });
      expect(res.body.errors?.[0].extensions?.field).toBe('input.idempotencyKey');
    }
    expect(await count(`SELECT count(*)::int AS n FROM local_authority WHERE name = 'Refusée'`, [])).toBe(0);
  });
});
