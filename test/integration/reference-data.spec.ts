import { createTestDatabase, ok, startTestServer, type TestDatabase, type TestServer } from '../helpers/test-server';
import { FRENCH_TERRITORY_CODES } from '../../server/seed/reference-data';

/** The full reference data, loaded the way the product loads it on first start. */
describe('reference data (full import)', () => {
  let db: TestDatabase;
  let server: TestServer;

  beforeAll(async () => {
    db = await createTestDatabase({ persistent: true });
    server = await startTestServer({ seed: 'full', db });
  }, 300_000);

  afterAll(async () => {
    await server?.close();
  });

  it('has every French commune, EPCI, département and région', async () => {
    const data = ok(
      await server.gql(`{
        communes: localAuthorities(filter: { levels: [COMMUNE] }) { totalCount }
        epci: localAuthorities(filter: { levels: [EPCI] }) { totalCount }
        departements: localAuthorities(filter: { levels: [DEPARTEMENT] }) { totalCount }
        regions: localAuthorities(filter: { levels: [REGION] }) { totalCount }
        com: localAuthorities(filter: { levels: [OVERSEAS_COLLECTIVITY] }) { totalCount nodes { name } }
      }`),
    );
    expect(data.communes.totalCount).toBeGreaterThanOrEqual(34000);
    expect(data.epci.totalCount).toBeGreaterThanOrEqual(1200);
    expect(data.departements.totalCount).toBe(101);
    expect(data.regions.totalCount).toBe(18);
    expect(data.com.nodes.map((n: { name: string }) => n.name)).toEqual(expect.arrayContaining(['Polynésie française', 'Nouvelle-Calédonie', 'Saint-Pierre-et-Miquelon']));
  });

  it('has at least 40,000 foreign municipalities in at least 200 countries, none in French territory', async () => {
    const data = ok(await server.gql(`{ foreign: localAuthorities(filter: { kind: FOREIGN }) { totalCount } }`));
    expect(data.foreign.totalCount).toBeGreaterThanOrEqual(40000);
    const [{ n }] = await server.product.ds.query(`SELECT count(DISTINCT country_code)::int AS n FROM local_authority WHERE kind = 'FOREIGN'`);
    expect(n).toBeGreaterThanOrEqual(200);
    const [{ inFrance }] = await server.product.ds.query(`SELECT count(*)::int AS "inFrance" FROM local_authority WHERE kind = 'FOREIGN' AND country_code = ANY($1::text[])`, [FRENCH_TERRITORY_CODES]);
    expect(inFrance).toBe(0);
    const [{ small }] = await server.product.ds.query(`SELECT count(*)::int AS small FROM local_authority WHERE kind = 'FOREIGN' AND population < 5000`);
    expect(small).toBe(0);
  });

  it('finds Orléans from "orleans", with its cooperation with Parakou (Bénin)', async () => {
    const data = ok(
      await server.gql(`{
        localAuthorities(filter: { search: "orleans" }, first: 5) {
          nodes { name inseeCode siren population level country { code }
            relationships { kind firstConventionYear startYear endYear partner { name geonamesId country { code nameFr } } themes { theme { id } } } }
        }
      }`),
    );
    const orleans = data.localAuthorities.nodes[0];
    expect(orleans).toMatchObject({ name: 'Orléans', inseeCode: '45234', siren: '214502346', level: 'COMMUNE', country: { code: 'FR' } });
    expect(orleans.population).toBeGreaterThan(100000);
    const parakou = orleans.relationships.find((r: { partner: { name: string } }) => r.partner.name === 'Parakou');
    expect(parakou).toMatchObject({ kind: 'DECENTRALISED_COOPERATION', firstConventionYear: 1993, startYear: 2019, endYear: 2022, partner: { geonamesId: 2392204, country: { code: 'BJ', nameFr: 'Bénin' } } });
    expect(parakou.themes.map((t: { theme: { id: string } }) => t.theme.id)).toEqual(['env.waste', 'culture.heritage', 'culture.tourism']);
  });

  it('records the financing rows of Dijon–Chefchaouen and Angoulême–Ségou', async () => {
    const data = ok(
      await server.gql(`{
        dijon: localAuthorities(filter: { search: "dijon", levels: [COMMUNE] }, first: 1) { nodes { relationships { partner { name } fundings { funder amountEur year } } } }
        angouleme: localAuthorities(filter: { search: "angouleme", levels: [COMMUNE] }, first: 1) { nodes { relationships { partner { name } firstConventionYear status fundings { funder amountEur waterOnePercentEur year } } } }
      }`),
    );
    const dijon = data.dijon.nodes[0].relationships[0];
    expect(dijon.partner.name).toBe('Chefchaouen');
    expect(dijon.fundings).toHaveLength(6);
    expect(dijon.fundings.reduce((s: number, f: { amountEur: number }) => s + f.amountEur, 0)).toBe(48652);
    const segou = data.angouleme.nodes[0].relationships[0];
    expect(segou).toMatchObject({ partner: { name: 'Ségou' }, firstConventionYear: 1985, status: 'ACTIVE' });
    expect(segou.fundings[0]).toEqual({ funder: 'Autre', amountEur: 29000, waterOnePercentEur: 0, year: 1985 });
    expect(segou.fundings).toHaveLength(5);
  });

  it('loads nothing twice: a second start on the same data keeps every import as it was', async () => {
    const before = await server.product.ds.query(`SELECT name, row_count, loaded_at FROM data_import ORDER BY name`);
    const count = (await server.product.ds.query(`SELECT count(*)::int AS n FROM local_authority`))[0].n;
    await server.close({ keepData: true });
    server = await startTestServer({ seed: 'full', db });
    const after = await server.product.ds.query(`SELECT name, row_count, loaded_at FROM data_import ORDER BY name`);
    expect(after).toEqual(before);
    expect(before.map((r: { name: string }) => r.name)).toEqual(['countries', 'foreign-municipalities', 'french-authorities', 'seed-partnerships', 'themes']);
    expect((await server.product.ds.query(`SELECT count(*)::int AS n FROM local_authority`))[0].n).toBe(count);
    const [{ n }] = await server.product.ds.query(`SELECT count(*)::int AS n FROM relationship`);
    expect(n).toBe(5);
  }, 120_000);
});
