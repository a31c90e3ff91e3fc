import { expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';

/** Writing fiches, relationships and listings; bad input is rejected with a stable code and field, and writes nothing. */
describe('GraphQL writes', () => {
  let server: TestServer;
  let orleansId: string;
  let parakouId: string;
  let cotonouId: string;

  const CREATE_LISTING = `mutation($input: CreateListingInput!) { createListing(input: $input) { id status version title } }`;
  const validListing = () => ({
    authorityId: parakouId,
    type: 'REQUEST',
    title: 'Appui à la gestion des marchés',
    description: 'Recherche d’un partenaire pour moderniser les marchés municipaux.',
    themes: [{ themeId: 'eco.local-development.markets', priority: 1 }],
    targetCountries: ['FR'],
  });

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
    const find = async (search: string, country: string) =>
      ok(await server.gql(`query($s: String, $c: [String!]) { localAuthorities(filter: { search: $s, countries: $c }, first: 1) { nodes { id } } }`, { s: search, c: [country] })).localAuthorities.nodes[0].id;
    orleansId = await find('orleans', 'FR');
    parakouId = await find('parakou', 'BJ');
    cotonouId = await find('cotonou', 'BJ');
  }, 120_000);
  afterAll(() => server?.close());

  describe('bad input', () => {
    const MB = 'x'.repeat(1024 * 1024);
    const cases: [string, string, () => Record<string, unknown>, string][] = [
      ['unknown country code', `mutation($input: CreateLocalAuthorityInput!) { createLocalAuthority(input: $input) { id } }`, () => ({ input: { name: 'Ville inconnue', level: 'MUNICIPALITY', countryCode: 'ZZ' } }), 'input.countryCode'],
      ['malformed country code', `mutation($input: CreateLocalAuthorityInput!) { createLocalAuthority(input: $input) { id } }`, () => ({ input: { name: 'Ville', level: 'MUNICIPALITY', countryCode: 'benin' } }), 'input.countryCode'],
      ['negative population', `mutation($input: CreateLocalAuthorityInput!) { createLocalAuthority(input: $input) { id } }`, () => ({ input: { name: 'Ville', level: 'MUNICIPALITY', countryCode: 'BJ', population: -5 } }), 'input.population'],
      ['French level for a foreign authority', `mutation($input: CreateLocalAuthorityInput!) { createLocalAuthority(input: $input) { id } }`, () => ({ input: { name: 'Ville', level: 'DEPARTEMENT', countryCode: 'BJ' } }), 'input.level'],
      ['unknown theme', CREATE_LISTING, () => ({ input: { ...validListing(), themes: [{ themeId: 'env.nope', priority: 1 }] } }), 'input.themes[0].themeId'],
      ['same theme twice', CREATE_LISTING, () => ({ input: { ...validListing(), themes: [{ themeId: 'env', priority: 1 }, { themeId: 'env', priority: 2 }] } }), 'input.themes[1].themeId'],
      ['no theme', CREATE_LISTING, () => ({ input: { ...validListing(), themes: [] } }), 'input.themes'],
      ['empty title', CREATE_LISTING, () => ({ input: { ...validListing(), title: '' } }), 'input.title'],
      ['blank title', CREATE_LISTING, () => ({ input: { ...validListing(), title: '   ' } }), 'input.title'],
      ['1 MB title', CREATE_LISTING, () => ({ input: { ...validListing(), title: MB } }), 'input.title'],
      ['NUL byte in the description', CREATE_LISTING, () => ({ input: { ...validListing(), description: 'abc\u0000def' } }), 'input.description'],
      ['unknown target country', CREATE_LISTING, () => ({ input: { ...validListing(), targetCountries: ['FR', 'XX'] } }), 'input.targetCountries[1]'],
      ['population range upside down', CREATE_LISTING, () => ({ input: { ...validListing(), populationMin: 5000, populationMax: 10 } }), 'input.populationMax'],
      ['priority out of range', CREATE_LISTING, () => ({ input: { ...validListing(), themes: [{ themeId: 'env', priority: 9 }] } }), 'input.themes[0].priority'],
      ['malformed authority id', CREATE_LISTING, () => ({ input: { ...validListing(), authorityId: "1' OR '1'='1" } }), 'input.authorityId'],
      ['unknown authority id', CREATE_LISTING, () => ({ input: { ...validListing(), authorityId: '00000000-0000-4000-8000-000000000000' } }), 'input.authorityId'],
      ['relationship ending before it starts', `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, () => ({ input: { authorityAId: orleansId, authorityBId: cotonouId, kind: 'TWINNING', startYear: 2020, endYear: 2010 } }), 'input.endYear'],
      ['relationship with itself', `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, () => ({ input: { authorityAId: orleansId, authorityBId: orleansId, kind: 'TWINNING' } }), 'input.authorityBId'],
      ['invalid date', `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, () => ({ input: { authorityAId: orleansId, authorityBId: cotonouId, kind: 'TWINNING', startDate: '2021-02-30' } }), 'input.startDate'],
      ['negative funding', `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id } }`, () => ({ input: { authorityAId: orleansId, authorityBId: cotonouId, kind: 'TWINNING', fundings: [{ funder: 'MEAE', amountEur: -1 }] } }), 'input.fundings[0].amountEur'],
      ['invalid e-mail', `mutation($input: SetContactsInput!) { setContacts(input: $input) { id } }`, () => ({ input: { authorityId: orleansId, contacts: [{ name: 'Service', email: 'not-an-email' }] } }), 'input.contacts[0].email'],
      ['malformed update id', `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { __typename } }`, () => ({ input: { id: 'abc', version: 1, population: 3 } }), 'input.id'],
      ['clearing a required name', `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { __typename } }`, () => ({ input: { id: orleansId, version: 1, name: null } }), 'input.name'],
      ['website without http(s)', `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { __typename } }`, () => ({ input: { id: orleansId, version: 1, website: 'javascript:alert(1)' } }), 'input.website'],
      ['first: 100000', `{ localAuthorities(first: 100000) { totalCount } }`, () => ({}), 'first'],
      ['malformed cursor', `{ localAuthorities(after: "garbage!") { totalCount } }`, () => ({}), 'after'],
      ['malformed id', `{ localAuthority(id: "123") { name } }`, () => ({}), 'id'],
      ['unknown theme in a filter', `{ listings(filter: { themes: ["nope"] }) { totalCount } }`, () => ({}), 'filter.themes[0]'],
      ['unknown country in a filter', `{ localAuthorities(filter: { countries: ["QQ"] }) { totalCount } }`, () => ({}), 'filter.countries[0]'],
      ['search without letters', `{ localAuthorities(filter: { search: "%%" }) { totalCount } }`, () => ({}), 'filter.search'],
    ];

    it.each(cases)('%s → BAD_USER_INPUT on the field, nothing written', async (_name, query, variables, field) => {
      const before = await server.tableCounts();
      const res = await server.gql(query, variables(), { admin: true });
      const error = expectError(res, 'BAD_USER_INPUT', field);
      expect(error.message.length).toBeLessThan(300);
      expect(JSON.stringify(res.body)).not.toMatch(/SELECT|INSERT|at .*\.js|QueryFailedError|stacktrace/);
      expect(await server.tableCounts()).toEqual(before);
    });

    it('rejects an unknown enum value at the GraphQL level', async () => {
      const res = await server.gql(CREATE_LISTING, { input: { ...validListing(), type: 'GIFT' } }, { admin: true });
      expect(res.body.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });

    it('answers a body over 4 MB with a JSON error, not an HTML page', async () => {
      const res = await fetch(`${server.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: `{ themes { id } }`, variables: { x: 'y'.repeat(5 * 1024 * 1024) } }) });
      expect(res.status).toBe(413);
      expect(await res.json()).toEqual({ errors: [{ message: 'The request body is too large.', extensions: { code: 'PAYLOAD_TOO_LARGE' } }] });
    });

    it('refuses writes from anonymous clients, writing nothing', async () => {
      const before = await server.tableCounts();
      expectError(await server.gql(CREATE_LISTING, { input: validListing() }), 'UNAUTHENTICATED');
      expect(await server.tableCounts()).toEqual(before);
    });

    it('reports a duplicate official identifier as CONFLICT without database detail', async () => {
      const before = await server.tableCounts();
      const res = await server.gql(`mutation { createLocalAuthority(input: { name: "Orléans bis", level: COMMUNE, countryCode: "FR", inseeCode: "45234" }) { id } }`, undefined, { admin: true });
      const error = expectError(res, 'CONFLICT');
      expect(error.message).toBe('A record with the same identifier already exists.');
      expect(JSON.stringify(res.body)).not.toMatch(/45234|insee|constraint|duplicate key/i);
      expect(await server.tableCounts()).toEqual(before);
    });
  });

  describe('fiches', () => {
    it('creates a foreign authority and finds it by name', async () => {
      const created = ok(
        await server.gql(
          `mutation { createLocalAuthority(input: { name: "Département du Borgou", level: PROVINCE, countryCode: "BJ", population: 1202095, languages: ["fr"], themes: ["food.agroecology"] }) {
            id kind level name version country { nameFr } themes { id } } }`,
          undefined,
          { admin: true },
        ),
      ).createLocalAuthority;
      expect(created).toMatchObject({ kind: 'FOREIGN', level: 'PROVINCE', version: 1, country: { nameFr: 'Bénin' }, themes: [{ id: 'food.agroecology' }] });
      const found = ok(await server.gql(`{ localAuthorities(filter: { search: "departement du borgou" }) { nodes { id } } }`));
      expect(found.localAuthorities.nodes[0].id).toBe(created.id);
    });

    it('updates a fiche with optimistic concurrency: a stale version gets VersionConflict', async () => {
      const UPDATE = `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) {
        __typename ... on LocalAuthority { version website mainActivities } ... on VersionConflict { currentVersion message } } }`;
      const { localAuthority } = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id: orleansId }));
      const v = localAuthority.version;
      const updated = ok(await server.gql(UPDATE, { input: { id: orleansId, version: v, website: 'https://www.orleans-metropole.fr', mainActivities: ['Administration'] } }, { admin: true }));
      expect(updated.updateLocalAuthority).toEqual({ __typename: 'LocalAuthority', version: v + 1, website: 'https://www.orleans-metropole.fr', mainActivities: ['Administration'] });
      const stale = ok(await server.gql(UPDATE, { input: { id: orleansId, version: v, website: 'https://example.org' } }, { admin: true }));
      expect(stale.updateLocalAuthority).toMatchObject({ __typename: 'VersionConflict', currentVersion: v + 1 });
      const after = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { website version } }`, { id: orleansId }));
      expect(after.localAuthority).toEqual({ website: 'https://www.orleans-metropole.fr', version: v + 1 });
    });

    it('lets exactly one of two concurrent edits of the same version win', async () => {
      const UPDATE = `mutation($input: UpdateLocalAuthorityInput!) { updateLocalAuthority(input: $input) { __typename } }`;
      const { localAuthority } = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { version } }`, { id: cotonouId }));
      const results = await Promise.all(
        [1, 2].map((i) => server.gql(UPDATE, { input: { id: cotonouId, version: localAuthority.version, description: `Édition ${i}` } }, { admin: true })),
      );
      expect(results.map((r) => ok(r).updateLocalAuthority.__typename).sort()).toEqual(['LocalAuthority', 'VersionConflict']);
    });

    it('replaces contacts and foreign actors', async () => {
      ok(await server.gql(`mutation($input: SetContactsInput!) { setContacts(input: $input) { id } }`, { input: { authorityId: cotonouId, contacts: [{ name: 'Direction des relations internationales', function: 'Directeur·rice', email: 'dri@cotonou.example.org', phone: '+229 21 00 00 00' }] } }, { admin: true }));
      ok(await server.gql(`mutation($input: SetForeignActorsInput!) { setForeignActors(input: $input) { id } }`, { input: { authorityId: cotonouId, actors: [{ name: 'Enabel', kind: 'DEVELOPMENT_AGENCY', countryCode: 'BE' }] } }, { admin: true }));
      const fiche = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { contacts { name email phone } foreignActors { name kind countryCode } } }`, { id: cotonouId }, { admin: true })).localAuthority;
      expect(fiche.contacts).toEqual([{ name: 'Direction des relations internationales', email: 'dri@cotonou.example.org', phone: '+229 21 00 00 00' }]);
      expect(fiche.foreignActors).toEqual([{ name: 'Enabel', kind: 'DEVELOPMENT_AGENCY', countryCode: 'BE' }]);
    });
  });

  describe('relationships', () => {
    it('creates, updates and deletes a cooperation with its themes and financing rows', async () => {
      const created = ok(
        await server.gql(
          `mutation($input: CreateRelationshipInput!) { createRelationship(input: $input) { id version kind status startYear endYear startDate themes { priority theme { id } } fundings { funder amountEur waterOnePercentEur year } authorityA { name } partner { name } } }`,
          {
            input: {
              authorityAId: orleansId, authorityBId: cotonouId, kind: 'FRIENDSHIP_PACT', startDate: '2024-03-15', status: 'ACTIVE',
              themes: [{ themeId: 'env.water.drinking', priority: 1 }, { themeId: 'health.prevention', priority: 2 }],
              fundings: [{ funder: 'Agence de l’eau Loire-Bretagne', amountEur: 12000.5, waterOnePercentEur: 12000.5, year: 2024 }],
            },
          },
          { admin: true },
        ),
      ).createRelationship;
      expect(created).toMatchObject({ version: 1, kind: 'FRIENDSHIP_PACT', status: 'ACTIVE', startYear: 2024, startDate: '2024-03-15', authorityA: { name: 'Orléans' }, partner: { name: 'Cotonou' } });
      expect(created.themes).toEqual([{ priority: 1, theme: { id: 'env.water.drinking' } }, { priority: 2, theme: { id: 'health.prevention' } }]);
      expect(created.fundings).toEqual([{ funder: 'Agence de l’eau Loire-Bretagne', amountEur: 12000.5, waterOnePercentEur: 12000.5, year: 2024 }]);

      const fromCotonou = ok(await server.gql(`query($id: ID!) { localAuthority(id: $id) { relationships { id partner { name } } } }`, { id: cotonouId })).localAuthority.relationships;
      expect(fromCotonou).toEqual([{ id: created.id, partner: { name: 'Orléans' } }]);

      const updated = ok(await server.gql(`mutation($input: UpdateRelationshipInput!) { updateRelationship(input: $input) { ... on Relationship { version status endYear fundings { year } } } }`, { input: { id: created.id, version: 1, status: 'ENDED', endYear: 2025, fundings: [] } }, { admin: true })).updateRelationship;
      expect(updated).toEqual({ version: 2, status: 'ENDED', endYear: 2025, fundings: [] });

      expect(ok(await server.gql(`mutation($id: ID!) { deleteRelationship(id: $id) }`, { id: created.id }, { admin: true })).deleteRelationship).toBe(created.id);
      expectError(await server.gql(`query($id: ID!) { relationship(id: $id) { id } }`, { id: created.id }), 'NOT_FOUND', 'id');
    });
  });

  describe('listing lifecycle', () => {
    it('drafts, submits, publishes for 12 months, refuses invalid transitions, closes', async () => {
      const draft = ok(await server.gql(CREATE_LISTING, { input: validListing() }, { admin: true })).createListing;
      expect(draft).toMatchObject({ status: 'DRAFT', version: 1 });
      // A draft is invisible to the public.
      expectError(await server.gql(`query($id: ID!) { listing(id: $id) { id } }`, { id: draft.id }), 'NOT_FOUND', 'id');

      const TRANSITION = (name: string) => `mutation($id: ID!) { ${name}(id: $id) { __typename ... on Listing { status publishedAt expiresAt } ... on InvalidStatusTransition { currentStatus requestedStatus message } } }`;
      expect(ok(await server.gql(TRANSITION('submitListing'), { id: draft.id }, { admin: true })).submitListing).toMatchObject({ __typename: 'Listing', status: 'SUBMITTED' });
      const published = ok(await server.gql(TRANSITION('publishListing'), { id: draft.id }, { admin: true })).publishListing;
      expect(published.status).toBe('PUBLISHED');
      const months = (Date.parse(published.expiresAt) - Date.parse(published.publishedAt)) / (30.44 * 24 * 3600 * 1000);
      expect(Math.round(months)).toBe(12);

      const visible = ok(await server.gql(`query($id: ID!) { listing(id: $id) { title authority { name } themes { theme { id } } } }`, { id: draft.id }));
      expect(visible.listing).toEqual({ title: 'Appui à la gestion des marchés', authority: { name: 'Parakou' }, themes: [{ theme: { id: 'eco.local-development.markets' } }] });
      const found = ok(await server.gql(`{ listings(filter: { search: "marches municipaux" }) { nodes { id } } }`));
      expect(found.listings.nodes).toEqual([{ id: draft.id }]);

      expect(ok(await server.gql(TRANSITION('submitListing'), { id: draft.id }, { admin: true })).submitListing).toMatchObject({
        __typename: 'InvalidStatusTransition', currentStatus: 'PUBLISHED', requestedStatus: 'SUBMITTED',
      });
      expect(ok(await server.gql(TRANSITION('closeListing'), { id: draft.id }, { admin: true })).closeListing).toMatchObject({ status: 'CLOSED' });
      expectError(await server.gql(`mutation($input: UpdateListingInput!) { updateListing(input: $input) { __typename } }`, { input: { id: draft.id, version: 4, title: 'Encore' } }, { admin: true }), 'BAD_USER_INPUT', 'input.id');
    });

    it('edits a listing with its version and searches the new words', async () => {
      const draft = ok(await server.gql(CREATE_LISTING, { input: validListing() }, { admin: true })).createListing;
      const UPDATE = `mutation($input: UpdateListingInput!) { updateListing(input: $input) { __typename ... on Listing { version title targetCountryCodes themes { theme { id } } } ... on VersionConflict { currentVersion } } }`;
      const updated = ok(await server.gql(UPDATE, { input: { id: draft.id, version: 1, title: 'Marchés et gares routières', targetCountries: ['FR', 'BE'], themes: [{ themeId: 'gov.urban.mobility', priority: 1 }] } }, { admin: true })).updateListing;
      expect(updated).toEqual({ __typename: 'Listing', version: 2, title: 'Marchés et gares routières', targetCountryCodes: ['FR', 'BE'], themes: [{ theme: { id: 'gov.urban.mobility' } }] });
      expect(ok(await server.gql(UPDATE, { input: { id: draft.id, version: 1, title: 'Trop tard' } }, { admin: true })).updateListing).toEqual({ __typename: 'VersionConflict', currentVersion: 2 });
      const search = ok(await server.gql(`{ listings(filter: { search: "gares routieres", statuses: [DRAFT] }) { nodes { id } } }`, undefined, { admin: true }));
      expect(search.listings.nodes).toEqual([{ id: draft.id }]);
    });
  });
});
