import { OPEN_DATA_TABLES, importOpenData, parseCsv, type OpenDataset } from '../../server/modules/opendata/opendata';
import { ok, startTestServer, type TestServer } from '../helpers/test-server';
import { importTwinnings } from '../../server/modules/twinning/wikidata-import';

/** The open-data export holds the public data only, and an export → import into an empty database is lossless. */
describe('open-data export and import', () => {
  let source: TestServer;
  let target: TestServer;
  let exported: OpenDataset;
  const draftTitle = 'Brouillon confidentiel à ne pas exporter';

  beforeAll(async () => {
    source = await startTestServer({ seed: 'sample' });
    const parakou = ok(await source.gql(`{ localAuthorities(filter: { search: "Parakou" }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    // A draft and the sample's contacts and embassy correspondents exist, and must stay out of the export.
    await source.gql(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: parakou, type: 'REQUEST', title: draftTitle, description: 'Texte "entre guillemets", virgules, et\nretour à la ligne.', themes: [{ themeId: 'env.waste' }] } }, { admin: true });
    await source.gql(`mutation($i: SetContactsInput!) { setContacts(input: $i) { id } }`, { i: { authorityId: parakou, contacts: [{ name: 'Contact privé', email: 'prive@parakou.example.org' }] } }, { admin: true });
  }, 180_000);
  afterAll(async () => {
    await source?.close();
    await target?.close();
  });

  it('exports every public table, anonymously, without contacts or unpublished listings', async () => {
    const res = await fetch(`${source.url}/opendata/export.json`);
    expect(res.status).toBe(200);
    exported = (await res.json()) as OpenDataset;
    expect(Object.keys(exported.tables)).toEqual(OPEN_DATA_TABLES.map((t) => t.name));
    const count = async (sql: string) => Number((await source.product.ds.query(sql))[0].n);
    expect(exported.tables.local_authority.length).toBe(await count(`SELECT count(*)::int AS n FROM local_authority`));
    expect(exported.tables.relationship.length).toBe(await count(`SELECT count(*)::int AS n FROM relationship`));
    expect(exported.tables.funding.length).toBeGreaterThan(0);
    expect(exported.tables.listing.length).toBe(await count(`SELECT count(*)::int AS n FROM listing WHERE status = 'PUBLISHED'`));
    const text = JSON.stringify(exported);
    expect(text).not.toContain(draftTitle);
    expect(text).not.toContain('prive@parakou.example.org');
    const correspondents: { email: string | null }[] = await source.product.ds.query(`SELECT email FROM embassy_correspondent WHERE email IS NOT NULL`);
    for (const c of correspondents) expect(text).not.toContain(c.email);
    expect(text).not.toMatch(/search_name|review_reason|password/);
  });

  it('serves one CSV per table that reads back to the same values', async () => {
    for (const t of ['listing', 'local_authority', 'funding', 'theme'] as const) {
      const res = await fetch(`${source.url}/opendata/${t}.csv`);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      const rows = parseCsv(await res.text());
      expect(rows.length).toBe(exported.tables[t].length);
      const asCell = (v: unknown) => (v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v));
      expect(rows).toEqual(exported.tables[t].map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, asCell(v)]))));
    }
    expect((await fetch(`${source.url}/opendata/contact.csv`)).status).toBe(404);
    const index = (await (await fetch(`${source.url}/opendata`)).json()) as { csv: string[]; licence: string };
    expect(index.csv).toContain('/opendata/listing.csv');
    expect(index.licence).toMatch(/Licence Ouverte/);
  });

  it('imports into an empty database, and exports the very same data again', async () => {
    // A new, empty database (PGlite holds one database per process: the source is closed first).
    await source.close();
    source = undefined as unknown as TestServer;
    target = await startTestServer({ seed: 'none' });
    // The twinning importer needs the reference data (countries) and says so, rather than skipping every place.
    const place = { qid: 'Q90', name: 'Paris', lat: 48.8567, lon: 2.3508, country: 'FR' };
    await expect(importTwinnings(target.product.ds, { places: new Map([[place.qid, place]]), links: [] })).rejects.toThrow(/no countries: start the product once/);
    const counts = await importOpenData(target.product.ds, exported);
    expect(counts.local_authority).toBe(exported.tables.local_authority.length);
    const again = (await (await fetch(`${target.url}/opendata/export.json`)).json()) as OpenDataset;
    for (const t of OPEN_DATA_TABLES) expect({ table: t.name, rows: again.tables[t.name] }).toEqual({ table: t.name, rows: exported.tables[t.name] });
    // The imported database works: search (derived keys rebuilt), listings, fiches with their cooperations.
    const found = ok(await target.gql(`{ localAuthorities(filter: { search: "orleans" }, first: 1) { nodes { name relationships { partner { name } fundings { amountEur } } } } }`)).localAuthorities.nodes[0];
    expect(found.name).toBe('Orléans');
    expect(found.relationships.map((r: { partner: { name: string } }) => r.partner.name)).toContain('Parakou');
    const listings = ok(await target.gql(`{ listings(first: 100) { totalCount } }`)).listings.totalCount;
    expect(listings).toBe(exported.tables.listing.length);
    // Importing twice is refused: the database is no longer empty.
    await expect(importOpenData(target.product.ds, exported)).rejects.toThrow(/not empty/);
  }, 180_000);

});
