import { expectError, ok, startTestServer, type TestServer } from '../helpers/test-server';

/** Reading fiches, listings, themes and countries over HTTP, on the `sample` data set. */
describe('GraphQL reads', () => {
  let server: TestServer;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
  }, 120_000);
  afterAll(() => server?.close());

  describe('localAuthorities', () => {
    it.each(['orleans', 'ORLÉANS', 'Orléans', ' orléans '])('finds Orléans first for %p', async (search) => {
      const data = ok(await server.gql(`query($s: String) { localAuthorities(filter: { search: $s }, first: 3) { nodes { inseeCode name } } }`, { s: search }));
      expect(data.localAuthorities.nodes[0]).toEqual({ inseeCode: '45234', name: 'Orléans' });
    });

    it('matches names in the middle and ignores punctuation ("saint jean de braye")', async () => {
      const data = ok(await server.gql(`{ localAuthorities(filter: { search: "saint jean de braye" }) { nodes { name inseeCode } } }`));
      expect(data.localAuthorities.nodes[0]).toEqual({ name: 'Saint-Jean-de-Braye', inseeCode: '45284' });
    });

    it('filters by country, kind, level and population range', async () => {
      const data = ok(
        await server.gql(`{ localAuthorities(filter: { countries: ["BJ"], kind: FOREIGN, levels: [MUNICIPALITY], populationMin: 100000, populationMax: 200000 }, first: 50) {
          totalCount nodes { name population country { code } kind level } } }`),
      );
      expect(data.localAuthorities.totalCount).toBe(data.localAuthorities.nodes.length);
      expect(data.localAuthorities.nodes.map((n: { name: string }) => n.name)).toContain('Parakou');
      for (const n of data.localAuthorities.nodes) {
        expect(n).toMatchObject({ country: { code: 'BJ' }, kind: 'FOREIGN', level: 'MUNICIPALITY' });
        expect(n.population).toBeGreaterThanOrEqual(100000);
        expect(n.population).toBeLessThanOrEqual(200000);
      }
    });

    it('filters by theme, a theme matching its descendants (fiche, relationships and listings)', async () => {
      const names = async (theme: string) =>
        ok(await server.gql(`query($t: [ID!]) { localAuthorities(filter: { themes: $t }, first: 100) { nodes { name } } }`, { t: [theme] })).localAuthorities.nodes.map((n: { name: string }) => n.name).sort();
      // env.waste.recycling is only on Parakou's published request.
      expect(await names('env.waste.recycling')).toEqual(['Parakou']);
      // env.waste: Orléans–Parakou relationship, the fiches of Orléans, Parakou and Chefchaouen, Orléans' offer.
      expect(await names('env.waste')).toEqual(['Chefchaouen', 'Orléans', 'Parakou']);
      // The root theme env reaches Dijon (biodiversity, climate) as well.
      expect(await names('env')).toEqual(expect.arrayContaining(['Chefchaouen', 'Dijon', 'Orléans', 'Parakou', 'Ségou', 'Angoulême']));
    });

    it('paginates with cursors: pages are disjoint and totalCount is stable', async () => {
      const query = `query($after: String) { localAuthorities(filter: { departementCode: "45", levels: [COMMUNE] }, first: 5, after: $after) {
        totalCount pageInfo { hasNextPage hasPreviousPage endCursor } nodes { id population } } }`;
      const p1 = ok(await server.gql(query)).localAuthorities;
      const p2 = ok(await server.gql(query, { after: p1.pageInfo.endCursor })).localAuthorities;
      expect(p1.totalCount).toBe(325);
      expect(p2.totalCount).toBe(325);
      expect(p1.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
      expect(p2.pageInfo.hasPreviousPage).toBe(true);
      const ids1 = p1.nodes.map((n: { id: string }) => n.id);
      const ids2 = p2.nodes.map((n: { id: string }) => n.id);
      expect(ids1.filter((id: string) => ids2.includes(id))).toEqual([]);
      // Largest first, across the page boundary.
      expect(p1.nodes[4].population).toBeGreaterThanOrEqual(p2.nodes[0].population);
    });

    it('gives a French commune its département and région', async () => {
      const data = ok(await server.gql(`{ localAuthorities(filter: { search: "orleans", levels: [COMMUNE] }, first: 1) { nodes { departement { name inseeCode } region { name inseeCode } } } }`));
      expect(data.localAuthorities.nodes[0]).toEqual({ departement: { name: 'Loiret', inseeCode: '45' }, region: { name: 'Centre-Val de Loire', inseeCode: '24' } });
    });

    it('returns NOT_FOUND for an id that does not exist', async () => {
      expectError(await server.gql(`{ localAuthority(id: "00000000-0000-4000-8000-000000000000") { name } }`), 'NOT_FOUND', 'id');
    });
  });

  describe('fiche', () => {
    let parakouId: string;
    beforeAll(async () => {
      parakouId = ok(await server.gql(`{ localAuthorities(filter: { search: "parakou" }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    });

    const FICHE = `query($id: ID!) { localAuthority(id: $id) {
      name description mainActivities languages themes { id } foreignActors { name kind countryCode }
      relationships { partner { name } } listings { title status } contacts { name email } } }`;

    it('shows identity, characteristics, relationships, foreign actors and listings to anyone', async () => {
      const res = await server.gql(FICHE, { id: parakouId });
      const fiche = res.body.data!.localAuthority;
      expect(fiche.description).toMatch(/Borgou/);
      expect(fiche.themes.map((t: { id: string }) => t.id)).toEqual(expect.arrayContaining(['env.waste']));
      expect(fiche.foreignActors.map((a: { kind: string }) => a.kind)).toContain('DEVELOPMENT_AGENCY');
      expect(fiche.relationships).toEqual([{ partner: { name: 'Orléans' } }]);
      expect(fiche.listings).toEqual([{ title: 'Valorisation des déchets ménagers et compostage', status: 'PUBLISHED' }]);
    });

    it('never shows contacts to an anonymous client', async () => {
      const res = await server.gql(FICHE, { id: parakouId });
      expect(res.body.data!.localAuthority.contacts).toBeNull();
      const error = expectError(res, 'UNAUTHENTICATED');
      expect(error.path).toEqual(['localAuthority', 'contacts']);
      expect(JSON.stringify(res.body)).not.toMatch(/@/);
    });

    it('shows contacts to an administrator; seeded contacts are fictitious', async () => {
      const fiche = ok(await server.gql(FICHE, { id: parakouId }, { admin: true })).localAuthority;
      expect(fiche.contacts).toHaveLength(1);
      expect(fiche.contacts[0].email).toMatch(/@parakou\.example\.org$/);
    });
  });

  describe('listings', () => {
    const LIST = `query($f: ListingFilter) { listings(filter: $f, first: 50) { totalCount nodes { title type status authority { name } targetCountries { code } themes { priority theme { id } } } } }`;

    it('lists published listings only by default, newest first', async () => {
      const data = ok(await server.gql(LIST));
      expect(data.listings.totalCount).toBe(6);
      for (const l of data.listings.nodes) expect(l.status).toBe('PUBLISHED');
    });

    it('filters by type, theme (with descendants) and country', async () => {
      const requests = ok(await server.gql(LIST, { f: { type: 'REQUEST' } })).listings.nodes;
      expect(requests.map((l: { authority: { name: string } }) => l.authority.name).sort()).toEqual(['Chefchaouen', 'Parakou', 'Ségou']);
      const waste = ok(await server.gql(LIST, { f: { themes: ['env.waste'] } })).listings.nodes;
      expect(waste.map((l: { authority: { name: string } }) => l.authority.name).sort()).toEqual(['Orléans', 'Parakou']);
      // Bénin: Parakou's request (an authority of Bénin) and Orléans' offer (targets Bénin).
      const benin = ok(await server.gql(LIST, { f: { countries: ['BJ'] } })).listings.nodes;
      expect(benin.map((l: { type: string }) => l.type).sort()).toEqual(['OFFER', 'REQUEST']);
      const words = ok(await server.gql(LIST, { f: { search: 'ETAT civil' } })).listings.nodes;
      expect(words.map((l: { authority: { name: string } }) => l.authority.name)).toEqual(['Ségou']);
    });

    it('keeps unpublished listings from anonymous clients but shows them to an administrator', async () => {
      expectError(await server.gql(LIST, { f: { statuses: ['SUBMITTED'] } }), 'FORBIDDEN', 'filter.statuses');
      const submitted = ok(await server.gql(LIST, { f: { statuses: ['SUBMITTED'] } }, { admin: true })).listings.nodes;
      expect(submitted.map((l: { authority: { name: string } }) => l.authority.name)).toEqual(['Phnom Penh']);
    });
  });

  describe('themes, countries and embassies', () => {
    it('returns the taxonomy with parents and children', async () => {
      const data = ok(await server.gql(`{ roots: themes(level: 1) { id labelFr labelEn sdgs } theme(id: "env.waste") { parent { id } children { id } } }`));
      expect(data.roots).toHaveLength(13);
      expect(data.roots[0]).toEqual({ id: 'env', labelFr: 'Environnement, climat et énergie', labelEn: 'Environment, climate and energy', sdgs: [7, 13, 15] });
      expect(data.theme.parent.id).toBe('env');
      expect(data.theme.children.map((c: { id: string }) => c.id)).toEqual(['env.waste.collection', 'env.waste.recycling', 'env.waste.landfill']);
    });

    it('returns countries with their names and counts', async () => {
      const data = ok(await server.gql(`{ countries(filter: { codes: ["BJ", "ML"] }) { code nameFr nameEn authorityCount listingCount relationshipCount neighbours { code } embassy { city } } }`));
      const [benin, mali] = data.countries;
      expect(benin).toMatchObject({ code: 'BJ', nameFr: 'Bénin', nameEn: 'Benin', listingCount: 2, relationshipCount: 1, embassy: { city: 'Cotonou' } });
      expect(benin.authorityCount).toBeGreaterThan(10);
      expect(benin.neighbours.map((c: { code: string }) => c.code).sort()).toEqual(['BF', 'NE', 'NG', 'TG']);
      expect(mali).toMatchObject({ code: 'ML', nameFr: 'Mali', relationshipCount: 1, listingCount: 1 });
    });

    it('counts in one statement per kind, however many countries are asked for', async () => {
      const res = await server.gql(`{ countries { code authorityCount listingCount relationshipCount } }`);
      expect(ok(res).countries.length).toBeGreaterThan(240);
      expect(res.sqlStatements).toBeLessThanOrEqual(3);
    });

    it('hides embassy correspondents from anonymous clients', async () => {
      const res = await server.gql(`{ embassies { name correspondents { role email } } }`);
      expect(res.body.data!.embassies).toHaveLength(5);
      expect(res.body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
      const admin = ok(await server.gql(`{ embassies { name correspondents { role email } } }`, undefined, { admin: true }));
      expect(admin.embassies[0].correspondents[0].email).toMatch(/@example\.org$/);
    });
  });
});
