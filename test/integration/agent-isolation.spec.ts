import fc from 'fast-check';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';

/** Property: whatever an agent of A sends, B's rows never change. */
describe('agent isolation (property test)', () => {
  let server: TestServer;
  let cookieA: string;
  const id: Record<string, string> = {};

  const snapshotB = async () =>
    JSON.stringify(
      await server.product.ds.query(
        `SELECT (SELECT row_to_json(a) FROM local_authority a WHERE a.id = $1) AS authority,
                (SELECT json_agg(c ORDER BY c.id) FROM contact c WHERE c.authority_id = $1) AS contacts,
                (SELECT json_agg(f ORDER BY f.id) FROM foreign_actor f WHERE f.authority_id = $1) AS actors,
                (SELECT json_agg(l ORDER BY l.id) FROM listing l WHERE l.authority_id = $1) AS listings,
                (SELECT json_agg(r ORDER BY r.id) FROM relationship r WHERE r.authority_a_id = $1 OR r.authority_b_id = $1) AS relationships`,
        [id.b],
      ),
    );

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (s: string, c: string) => ok(await server.gql(`query($s: String, $c: [String!]) { localAuthorities(filter: { search: $s, countries: $c, levels: [COMMUNE, MUNICIPALITY] }, first: 1) { nodes { id } } }`, { s, c: [c] })).localAuthorities.nodes[0].id;
    id.a = await find('tours', 'FR');
    id.b = await find('orleans', 'FR');
    id.c = await find('lome', 'TG');
    const agent = await server.gql(`mutation { signUp(input: { email: "ri@tours.example.org", password: "a long enough password", displayName: "RI Tours" }) { id } }`);
    cookieA = agent.setCookie!.split(';')[0];
    ok(await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: ok(agent).signUp.id, a: id.a }, { admin: true }));
    const listings = ok(await server.gql(`query($a: ID) { listings(filter: { authorityId: $a }) { nodes { id version } } }`, { a: id.b })).listings.nodes;
    id.listingB = listings[0].id;
    id.relationshipB = ok(await server.gql(`query($a: ID!) { localAuthority(id: $a) { relationships { id } } }`, { a: id.b })).localAuthority.relationships[0].id;
  }, 120_000);
  afterAll(() => server?.close());

  it('never lets an agent of A change B’s fiche, contacts, actors, listings or relationships', async () => {
    const text = fc.string({ minLength: 1, maxLength: 40 });
    const op = fc.oneof(
      fc.record({ q: fc.constant(`mutation($i: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $i) { __typename } }`), v: fc.record({ i: fc.record({ id: fc.constant('B'), version: fc.integer({ min: 1, max: 5 }), description: text, population: fc.nat(1e7) }) }) }),
      fc.record({ q: fc.constant(`mutation($i: SetContactsInput!) { setContacts(input: $i) { id } }`), v: fc.record({ i: fc.record({ authorityId: fc.constant('B'), contacts: fc.array(fc.record({ name: text }), { maxLength: 2 }) }) }) }),
      fc.record({ q: fc.constant(`mutation($i: SetForeignActorsInput!) { setForeignActors(input: $i) { id } }`), v: fc.record({ i: fc.record({ authorityId: fc.constant('B'), actors: fc.array(fc.record({ name: text, kind: fc.constantFrom('NGO', 'OTHER') }), { maxLength: 2 }) }) }) }),
      fc.record({ q: fc.constant(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`), v: fc.record({ i: fc.record({ authorityId: fc.constant('B'), type: fc.constantFrom('OFFER', 'REQUEST'), title: text, description: text, themes: fc.constant([{ themeId: 'env', priority: 1 }]) }) }) }),
      fc.record({ q: fc.constant(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { __typename } }`), v: fc.record({ i: fc.record({ id: fc.constant('LB'), version: fc.integer({ min: 1, max: 5 }), title: text }) }) }),
      fc.record({ q: fc.constantFrom(`mutation($id: ID!) { closeListing(id: $id) { __typename } }`, `mutation($id: ID!) { renewListing(id: $id) { __typename } }`, `mutation($id: ID!) { submitListing(id: $id) { __typename } }`, `mutation($id: ID!) { publishListing(id: $id) { __typename } }`), v: fc.constant({ id: 'LB' }) }),
      fc.record({ q: fc.constant(`mutation($i: CreateRelationshipInput!) { createRelationship(input: $i) { id } }`), v: fc.record({ i: fc.record({ authorityAId: fc.constant('B'), authorityBId: fc.constant('C'), kind: fc.constantFrom('TWINNING', 'OTHER') }) }) }),
      fc.record({ q: fc.constant(`mutation($i: UpdateRelationshipInput!) { updateRelationship(input: $i) { __typename } }`), v: fc.record({ i: fc.record({ id: fc.constant('RB'), version: fc.integer({ min: 1, max: 3 }), title: text }) }) }),
      fc.record({ q: fc.constant(`mutation($id: ID!) { deleteRelationship(id: $id) }`), v: fc.constant({ id: 'RB' }) }),
    );
    const resolve = (v: unknown): unknown => {
      if (v === 'B') return id.b;
      if (v === 'C') return id.c;
      if (v === 'LB') return id.listingB;
      if (v === 'RB') return id.relationshipB;
      if (Array.isArray(v)) return v.map(resolve);
      if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, resolve(x)]));
      return v;
    };
    const before = await snapshotB();
    const seed = Number(process.env.FC_SEED ?? Date.now() % 100000);
    process.stdout.write(`agent-isolation fast-check seed: ${seed}\n`);
    await fc.assert(
      fc.asyncProperty(op, async ({ q, v }) => {
        const res = await server.gql(q, resolve(v) as Record<string, unknown>, { cookie: cookieA });
        const code = res.body.errors?.[0]?.extensions?.code;
        expect(['FORBIDDEN', 'BAD_USER_INPUT', 'NOT_FOUND']).toContain(code);
        expect(await snapshotB()).toBe(before);
      }),
      { numRuns: 60, seed },
    );
  });
});
