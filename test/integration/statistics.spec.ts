import { cookieOf, ok, startTestServer, type TestServer } from '../helpers/test-server';

/** The figures and filters the web application's home page, map and dashboard rely on. */
describe('statistics, listing filters by the authority’s profile, and the agent’s authorities', () => {
  let server: TestServer;
  const sql = async (q: string) => Number((await server.product.ds.query(q))[0].n);

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
  }, 120_000);
  afterAll(() => server?.close());

  it('counts what the database holds, and counts a newly published listing', async () => {
    const Q = `{ statistics { frenchAuthorities foreignAuthorities relationships publishedOffers publishedRequests partnerCountries relationshipsByYear { year count } listingsByYear { year count } byTheme { themeId listings relationships } } }`;
    const s = ok(await server.gql(Q)).statistics;
    expect(s.frenchAuthorities).toBe(await sql(`SELECT count(*) AS n FROM local_authority WHERE kind = 'FRENCH'`));
    expect(s.foreignAuthorities).toBe(await sql(`SELECT count(*) AS n FROM local_authority WHERE kind = 'FOREIGN'`));
    expect(s.relationships).toBe(await sql(`SELECT count(*) AS n FROM relationship`));
    expect(s.publishedOffers + s.publishedRequests).toBe(await sql(`SELECT count(*) AS n FROM listing WHERE status = 'PUBLISHED'`));
    // The seed partnerships: Benin, Morocco, Mali, Cambodia, Brazil.
    expect(s.partnerCountries).toBe(5);
    const dated = await sql(`SELECT count(*) AS n FROM relationship WHERE coalesce(start_year, first_convention_year) IS NOT NULL`);
    expect(s.relationshipsByYear.reduce((t: number, y: { count: number }) => t + y.count, 0)).toBe(dated);
    const years = s.relationshipsByYear.map((y: { year: number }) => y.year);
    expect(years).toEqual([...years].sort((a, b) => a - b));
    const topThemes = new Set((await server.product.ds.query(`SELECT id FROM theme WHERE parent_id IS NULL`)).map((r: { id: string }) => r.id));
    for (const t of s.byTheme) expect(topThemes.has(t.themeId)).toBe(true);
    expect(s.byTheme.reduce((t: number, x: { relationships: number }) => t + x.relationships, 0)).toBeGreaterThanOrEqual(s.relationships);

    const authority = ok(await server.gql(`{ localAuthorities(filter: { search: "Blois", countries: ["FR"] }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const created = ok(await server.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: authority, type: 'OFFER', title: 'Échanges culturels', description: 'Résidences d’artistes croisées.', themes: [{ themeId: topThemes.values().next().value }] } }, { admin: true })).createListing.id;
    await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: created }, { admin: true });
    await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: created }, { admin: true });
    const after = ok(await server.gql(Q)).statistics;
    expect(after.publishedOffers).toBe(s.publishedOffers + 1);
    const thisYear = new Date().getUTCFullYear();
    const count = (list: { year: number; count: number }[]) => list.find((y) => y.year === thisYear)?.count ?? 0;
    expect(count(after.listingsByYear)).toBe(count(s.listingsByYear) + 1);
  });

  it('filters listings by the level and population of their authority', async () => {
    const LIST = `query($f: ListingFilter) { listings(filter: $f, first: 100) { totalCount nodes { authority { level population } } } }`;
    const all = ok(await server.gql(LIST)).listings;
    expect(all.totalCount).toBeGreaterThan(2);
    const communes = ok(await server.gql(LIST, { f: { authorityLevels: ['COMMUNE'] } })).listings;
    expect(communes.nodes.every((n: { authority: { level: string } }) => n.authority.level === 'COMMUNE')).toBe(true);
    expect(communes.totalCount).toBe(all.nodes.filter((n: { authority: { level: string } }) => n.authority.level === 'COMMUNE').length);
    const big = ok(await server.gql(LIST, { f: { populationMin: 200_000 } })).listings;
    expect(big.totalCount).toBe(all.nodes.filter((n: { authority: { population: number | null } }) => (n.authority.population ?? -1) >= 200_000).length);
    expect(big.totalCount).toBeLessThan(all.totalCount);
    const small = ok(await server.gql(LIST, { f: { populationMax: 200_000 } })).listings;
    expect(small.totalCount + big.totalCount).toBeLessThanOrEqual(all.totalCount + all.nodes.filter((n: { authority: { population: number | null } }) => n.authority.population === 200_000).length);
    const bad = await server.gql(LIST, { f: { populationMin: -1 } });
    expect(bad.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    expect(bad.body.errors?.[0].extensions?.field).toBe('filter.populationMin');
  });

  it('tells a signed-in agent which authorities they act for', async () => {
    const up = await server.gql(`mutation { signUp(input: { email: "stats-agent@example.org", password: "a long enough password", displayName: "Agent" }) { id authorities { id } } }`);
    expect(ok(up).signUp.authorities).toEqual([]);
    const cookie = cookieOf(up.setCookie);
    const parakou = ok(await server.gql(`{ localAuthorities(filter: { search: "Parakou" }, first: 1) { nodes { id name } } }`)).localAuthorities.nodes[0];
    await server.gql(`mutation($u: ID!, $a: ID!) { addMembership(userId: $u, authorityId: $a) { id } }`, { u: ok(up).signUp.id, a: parakou.id }, { admin: true });
    const me = ok(await server.gql(`{ me { authorities { id name } } }`, {}, { cookie })).me;
    expect(me.authorities).toEqual([{ id: parakou.id, name: parakou.name }]);
  });
});
