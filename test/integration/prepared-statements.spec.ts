import { Client } from 'pg';
import { ENGINE, ok, startTestServer, type TestServer } from '../helpers/test-server';
import { PreparingClient, isPrepared, prepared } from '../../server/db/prepared';

/**
 * The loaders' fixed statements are named prepared statements on PostgreSQL (parsed and planned once per
 * connection); other SQL is not. PGlite runs in-process: nothing to prepare there.
 */
(ENGINE === 'postgres' ? describe : describe.skip)('prepared statements (PostgreSQL)', () => {
  let server: TestServer;
  let client: PreparingClient;
  const table = `prep_${process.pid}`;

  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample', config: { responseCacheEntries: 0 } });
    client = new PreparingClient({ connectionString: server.product.config.databaseUrl });
    await client.connect();
    await client.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
    await client.query(`INSERT INTO ${table} VALUES (1, 'un'), (2, 'deux')`);
  }, 120_000);
  afterAll(async () => {
    await client?.query(`DROP TABLE IF EXISTS ${table}`).catch(() => undefined);
    await client?.end();
    await server?.close();
  });

  const preparedOnConnection = async (c: Client) =>
    (await c.query(`SELECT name, statement FROM pg_prepared_statements WHERE name LIKE 'bp\\_%'`)).rows as { name: string; statement: string }[];

  it('names registered texts only, and answers the same', async () => {
    const registered = prepared(`SELECT id, name FROM ${table} WHERE id = ANY($1::int[]) ORDER BY id`);
    const other = `SELECT name FROM ${table} WHERE id = $1`;
    expect((await client.query(registered, [[1, 2]])).rows).toEqual([{ id: 1, name: 'un' }, { id: 2, name: 'deux' }]);
    expect((await client.query(registered, [[2]])).rows).toEqual([{ id: 2, name: 'deux' }]);
    expect((await client.query(other, [1])).rows).toEqual([{ name: 'un' }]);
    const statements = (await preparedOnConnection(client)).map((p) => p.statement);
    expect(statements).toContain(registered);
    expect(statements).not.toContain(other);
  });

  it('keeps working when a migration adds a column while the process runs (explicit column lists)', async () => {
    const listed = prepared(`SELECT id, name FROM ${table} WHERE id = ANY($1::int[])`);
    const star = prepared(`SELECT * FROM ${table} WHERE id = ANY($1::int[])`);
    await client.query(listed, [[1]]);
    await client.query(star, [[1]]);
    await client.query(`ALTER TABLE ${table} ADD COLUMN extra text`);
    expect((await client.query(listed, [[1]])).rows).toEqual([{ id: 1, name: 'un' }]);
    // Why the loaders never prepare `SELECT *`: PostgreSQL refuses a cached plan whose result type changed.
    await expect(client.query(star, [[1]])).rejects.toThrow(/cached plan must not change result type/);
  });

  it('prepares the fiche’s statements on the server’s connections', async () => {
    const id = ok(await server.gql(`{ localAuthorities(filter: { search: "dijon", levels: [COMMUNE] }, first: 1) { nodes { id } } }`)).localAuthorities.nodes[0].id;
    const FICHE = `query($id: ID!) { localAuthority(id: $id) { name themes { id } foreignActors { name } relationships { partner { name } themes { theme { id } } fundings { amountEur } } listings { title themes { theme { id } } } } }`;
    // Sequential requests reuse the pool's most recently released connections: after a few, they hold the statements.
    for (let i = 0; i < 12; i++) ok(await server.gql(FICHE, { id }));
    const runner = server.product.ds.createQueryRunner();
    await runner.connect();
    try {
      const rows: { statement: string }[] = await runner.query(`SELECT statement FROM pg_prepared_statements WHERE name LIKE 'bp\\_%'`);
      expect(rows.length).toBeGreaterThan(0);
      // Only the registered, fixed texts (never a dynamic one), among them the fiche's authority statement.
      expect(rows.filter((r) => !isPrepared(r.statement))).toEqual([]);
      expect(rows.some((r) => /FROM (local_authority|relationship|listing) [arl]\b/.test(r.statement))).toBe(true);
      // Never `*`.
      expect(rows.filter((r) => /SELECT \*/.test(r.statement))).toEqual([]);
    } finally {
      await runner.release();
    }
  });
});
