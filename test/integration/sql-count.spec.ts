import { ok, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * No N+1: every relation goes through a per-request DataLoader, so the number of SQL statements
 * of a page does not depend on its size.
 */
describe('SQL statements per request', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample', config: { responseCacheEntries: 0 } }); // measures execution, not the anonymous response cache
    // 105 published listings by 105 different authorities, half of them with a relationship.
    const COMMUNES = `query($after: String) { localAuthorities(filter: { kind: FRENCH, levels: [COMMUNE] }, first: 100, after: $after) { nodes { id } pageInfo { endCursor } } }`;
    const first = ok(await server.gql(COMMUNES)).localAuthorities;
    const next = ok(await server.gql(COMMUNES, { after: first.pageInfo.endCursor })).localAuthorities;
    const french = [...first.nodes, ...next.nodes.slice(0, 5)];
    const foreign = ok(await server.gql(`{ localAuthorities(filter: { kind: FOREIGN }, first: 100) { nodes { id } } }`)).localAuthorities.nodes;
    for (const [i, a] of french.entries()) {
      const { createListing } = ok(
        await server.gql(
          `mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`,
          { input: { authorityId: a.id, type: i % 2 ? 'OFFER' : 'REQUEST', title: `Annonce ${i}`, description: 'Test', themes: [{ themeId: i % 3 ? 'env.waste' : 'gov.urban.mobility', priority: 1 }, { themeId: 'ecsi', priority: 2 }], targetCountries: ['BJ', 'MA'] } },
          { admin: true },
        ),
      );
      ok(await server.gql(`mutation($id: ID!) { submitListing(id: $id) { __typename } }`, { id: createListing.id }, { admin: true }));
      ok(await server.gql(`mutation($id: ID!) { publishListing(id: $id) { __typename } }`, { id: createListing.id }, { admin: true }));
      if (i % 2 === 0) {
        ok(await server.gql(`mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, { input: { authorityAId: a.id, authorityBId: foreign[i % foreign.length].id, kind: 'TWINNING', themes: [{ themeId: 'culture.exchanges', priority: 1 }] } }, { admin: true }));
      }
    }
  }, 180_000);
  afterAll(() => server?.close());

  const PAGE = `query($first: Int) { listings(first: $first) {
    totalCount
    nodes {
      title type
      authority { name population country { code nameFr }
        relationships { kind startYear partner { name country { nameFr } } themes { priority theme { labelFr parent { labelFr } } } fundings { amountEur } } }
      themes { priority theme { id labelFr labelEn parent { id } } }
      targetCountries { code nameFr }
    } } }`;

  it('asks for 100 listings with their authority, country, themes and relationships in as many statements as for 10', async () => {
    await server.gql(PAGE, { first: 1 }); // warms the per-process cache of countries and themes
    const small = await server.gql(PAGE, { first: 10 });
    const large = await server.gql(PAGE, { first: 100 });
    expect(ok(small).listings.nodes).toHaveLength(10);
    expect(ok(large).listings.nodes).toHaveLength(100);
    // The relations are really there (otherwise the count would prove nothing).
    const withRelationships = ok(large).listings.nodes.filter((l: { authority: { relationships: unknown[] } }) => l.authority.relationships.length > 0);
    expect(withRelationships.length).toBeGreaterThanOrEqual(45);
    expect(large.sqlStatements).toBe(small.sqlStatements);
    // Page ids, listing rows, count; then one batch per relation level (see docs/architecture.md).
    expect(large.sqlStatements).toBeLessThanOrEqual(13);
  });

  it('does the same for local authorities with their fiche', async () => {
    // The 60 largest communes of the sample: those that received listings and relationships above.
    const FICHES = `query($first: Int) { localAuthorities(filter: { kind: FRENCH, levels: [COMMUNE] }, first: $first) { nodes {
      name country { nameFr } departement { name } region { name } themes { id }
      relationships { partner { name country { code } } themes { theme { id } } }
      listings { title themes { theme { id } } targetCountries { code } }
      foreignActors { name } } } }`;
    const small = await server.gql(FICHES, { first: 6 });
    const large = await server.gql(FICHES, { first: 60 });
    expect(ok(small).localAuthorities.nodes.filter((a: { listings: unknown[] }) => a.listings.length > 0)).toHaveLength(6);
    expect(ok(large).localAuthorities.nodes.filter((a: { relationships: unknown[] }) => a.relationships.length > 0).length).toBeGreaterThanOrEqual(30);
    expect(large.sqlStatements).toBe(small.sqlStatements);
  });

  it('reads a fiche’s relationships with their themes and financing rows in one statement, with the same answer as one by one', async () => {
    const dijon = ok(await server.gql(`{ localAuthorities(filter: { search: "dijon", levels: [COMMUNE] }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const DETAILS = `themes { priority theme { id } } fundings { funder amountEur waterOnePercentEur year }`;
    const bare = await server.gql(`query($id: ID!) { localAuthority(id: $id) { relationships { id partner { name } } } }`, { id: dijon });
    const full = await server.gql(`query($id: ID!) { localAuthority(id: $id) { relationships { id partner { name } ${DETAILS} } } }`, { id: dijon });
    // Themes and fundings come with the relationships: no statement more than without them.
    expect(full.sqlStatements).toBe(bare.sqlStatements);
    const relationships = ok(full).localAuthority.relationships;
    expect(relationships.some((r: { fundings: unknown[] }) => r.fundings.length >= 6)).toBe(true); // Dijon's financing rows (seed)
    for (const r of relationships) {
      const single = ok(await server.gql(`query($id: ID!) { relationship(id: $id) { id ${DETAILS} } }`, { id: r.id })).relationship;
      expect({ id: r.id, themes: r.themes, fundings: r.fundings }).toEqual(single);
    }
  });
  it('reads a whole fiche in one statement, with the same answer as relation by relation', async () => {
    const id = ok(await server.gql(`{ localAuthorities(filter: { search: "dijon", levels: [COMMUNE] }, first: 1) { nodes { id version } } }`)).localAuthorities.nodes[0];
    ok(await server.gql(`mutation($i: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $i) { __typename } }`, { i: { id: id.id, version: id.version, themes: ['env.waste', 'culture.exchanges'] } }, { admin: true }));
    ok(
      await server.gql(
        `mutation($i: SetForeignActorsInput!) { setForeignActors(input: $i) { name } }`,
        { i: { authorityId: id.id, actors: [{ name: 'Association Exemple', kind: 'NGO' }, { name: 'Agence Exemple', kind: 'DEVELOPMENT_AGENCY', countryCode: 'BJ' }] } },
        { admin: true },
      ),
    );
    const AUTHORITY = `id name population createdAt updatedAt mainActivities country { code }`;
    const foreign = ok(await server.gql(`{ localAuthorities(filter: { kind: FOREIGN }, first: 3) { nodes { id } } }`)).localAuthorities.nodes;
    for (const partner of foreign.slice(1)) {
      ok(await server.gql(`mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, { input: { authorityAId: partner.id, authorityBId: id.id, kind: 'DECENTRALISED_COOPERATION' } }, { admin: true }));
    }
    const PARTNER = `partner { ${AUTHORITY} }`;
    const FICHE = `name themes { id } foreignActors { name kind countryCode }
      relationships { id kind ${PARTNER} themes { priority theme { id } } fundings { funder amountEur } }
      listings { id title publishedAt themes { priority theme { id } } }`;
    const fiche = await server.gql(`query($id: ID!) { localAuthority(id: $id) { ${FICHE} } }`, { id: id.id });
    const f = ok(fiche).localAuthority;
    // Everything is on it (otherwise the count would prove nothing).
    expect(f.themes).toHaveLength(2);
    expect(f.foreignActors.map((a: { name: string }) => a.name)).toEqual(['Agence Exemple', 'Association Exemple']);
    expect(f.relationships.length).toBeGreaterThanOrEqual(3); // on either side: Dijon is authorityB of the two created above
    expect(f.listings.length).toBeGreaterThanOrEqual(1);
    expect(f.listings[0].themes.length).toBeGreaterThanOrEqual(1);
    // The authority with its themes and actors, its relationships with partners, themes and fundings, its listings with themes.
    expect(fiche.sqlStatements).toBe(1);

    // The same answer through the other loaders: the authority found by a search, each relationship and listing alone.
    const searched = ok(await server.gql(`{ localAuthorities(filter: { search: "dijon", levels: [COMMUNE] }, first: 1) { nodes { ${FICHE} } } }`)).localAuthorities.nodes[0];
    expect(searched).toEqual(f);
    for (const r of f.relationships) {
      const single = ok(await server.gql(`query($id: ID!) { relationship(id: $id) { authorityA { ${AUTHORITY} } authorityB { ${AUTHORITY} } } }`, { id: r.id })).relationship;
      // The partner seen from Dijon is the other side of the relationship, read here through authorityById.
      expect(r.partner).toEqual(single.authorityA.id === id.id ? single.authorityB : single.authorityA);
      expect(r.partner.createdAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    }
    for (const l of f.listings) {
      const single = ok(await server.gql(`query($id: ID!) { listing(id: $id) { id title publishedAt themes { priority theme { id } } } }`, { id: l.id })).listing;
      expect(single).toEqual(l);
    }

    // The listings read with the fiche are those the viewer may read: a draft for the ministry, not for anonymous readers.
    const { createListing: draft } = ok(
      await server.gql(`mutation($input: CreateListingInput!) { createListing(input: $input) { id } }`, { input: { authorityId: id.id, type: 'OFFER', title: 'Brouillon de la fiche', description: 'Test', themes: [{ themeId: 'env.waste' }] } }, { admin: true }),
    );
    const LISTINGS = `query($id: ID!) { localAuthority(id: $id) { themes { id } listings { id status } } }`;
    const anonymous = await server.gql(LISTINGS, { id: id.id });
    const ministry = await server.gql(LISTINGS, { id: id.id }, { admin: true });
    expect(ok(anonymous).localAuthority.listings.map((l: { id: string }) => l.id)).not.toContain(draft.id);
    expect(ok(ministry).localAuthority.listings).toContainEqual({ id: draft.id, status: 'DRAFT' });
    expect(ok(ministry).localAuthority.listings.length).toBe(ok(anonymous).localAuthority.listings.length + 1);
  });
});
