import { ADMIN_TOKEN, ok, startTestServer, type TestServer } from '../helpers/test-server';

/** Anonymous reads are answered from memory until the public data change; signed-in users never are. */
describe('response cache for anonymous queries', () => {
  let server: TestServer;
  const LISTINGS = `{ listings(first: 100) { totalCount nodes { title authority { name } } } }`;
  const post = async (query: string, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query }) });
    return { cache: res.headers.get('x-cache'), statements: Number(res.headers.get('x-sql-statements')), body: (await res.json()) as { data?: any; errors?: unknown[] } };
  };

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
  }, 120_000);
  afterAll(() => server?.close());

  it('serves a repeated anonymous query from memory with one statement, the same answer', async () => {
    const first = await post(LISTINGS);
    const second = await post(LISTINGS);
    expect(first.cache).toBe('miss');
    expect(second.cache).toBe('hit');
    expect(second.statements).toBe(1);
    expect(first.statements).toBeGreaterThan(1);
    expect(second.body).toEqual(first.body);
  });

  it('sees a write at once: any change to public data changes the key', async () => {
    const before = (await post(LISTINGS)).body.data.listings.totalCount;
    const parakou = ok(await server.gql(`{ localAuthorities(filter: { search: "Parakou" }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const id = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: parakou, type: 'REQUEST', title: 'Nouvelle annonce en cache', description: 'Test.', themes: [{ themeId: 'env.waste' }] } }, { admin: true })).createListing.id;
    await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id }, { admin: true });
    await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id }, { admin: true });
    const after = await post(LISTINGS);
    expect(after.cache).toBe('miss');
    expect(after.body.data.listings.totalCount).toBe(before + 1);
    expect(after.body.data.listings.nodes.map((n: { title: string }) => n.title)).toContain('Nouvelle annonce en cache');
    // A direct SQL write to a public table (another process, an import) is seen too: the trigger bumps the version.
    await server.product.ds.query(`UPDATE local_authority SET name = 'Parakou (renommée)' WHERE id = $1`, [parakou]);
    const renamed = await post(`{ localAuthority(id: "${parakou}") { name } }`);
    expect(renamed.body.data.localAuthority.name).toBe('Parakou (renommée)');
  });

  it('never caches for signed-in users, nor answers with errors', async () => {
    await post(LISTINGS);
    const admin = await post(LISTINGS, { authorization: `Bearer ${ADMIN_TOKEN}` });
    expect(admin.cache).toBeNull();
    expect(admin.statements).toBeGreaterThan(1);
    const bad = `{ listing(id: "00000000-0000-4000-8000-000000000000") { title } }`;
    expect((await post(bad)).body.errors).toBeDefined();
    expect((await post(bad)).cache).toBe('miss');
  });
});
