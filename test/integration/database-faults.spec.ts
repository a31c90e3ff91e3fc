import { Client } from 'pg';
import { PgCluster } from '../helpers/pg-cluster';
import { ADMIN_TOKEN, ENGINE, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * Database faults under a write load: PostgreSQL's backends killed, and PostgreSQL restarted. Every write is
 * a createLocalAuthority with an idempotency key, retried with the same key until it is acknowledged, as a
 * careful client would. During the fault, failures must be SERVICE_UNAVAILABLE (never an internal error);
 * the service recovers by itself; afterwards every acknowledged write is in the database exactly once.
 */
interface LoadReport {
  acknowledged: Map<string, string>;
  failures: Map<string, number>;
  leaked: string[];
}

async function writeLoad(url: string, prefix: string, workers: number, until: () => boolean): Promise<LoadReport> {
  const report: LoadReport = { acknowledged: new Map(), failures: new Map(), leaked: [] };
  const mutation = `mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id name } }`;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let i = 0; until(); i++) {
        const name = `${prefix}-${w}-${i}`;
        const deadline = Date.now() + 30_000;
        for (;;) {
          let code = 'NETWORK';
          try {
            const res = await fetch(`${url}/graphql`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', authorization: `Bearer ${ADMIN_TOKEN}` },
              body: JSON.stringify({ query: mutation, variables: { i: { name, countryCode: 'BJ', level: 'MUNICIPALITY', idempotencyKey: name } } }),
              signal: AbortSignal.timeout(10_000),
            });
            const body = (await res.json()) as { data?: { createLocalAuthority: { id: string } }; errors?: { message: string; extensions?: { code?: string } }[] };
            if (body.data?.createLocalAuthority) {
              report.acknowledged.set(name, body.data.createLocalAuthority.id);
              break;
            }
            code = body.errors?.[0]?.extensions?.code ?? 'NONE';
            if (/SELECT|INSERT|terminat|pg_|stack/i.test(JSON.stringify(body))) report.leaked.push(JSON.stringify(body));
          } catch {
            code = 'NETWORK';
          }
          report.failures.set(code, (report.failures.get(code) ?? 0) + 1);
          if (Date.now() > deadline) throw new Error(`${name} never acknowledged (last error ${code})`);
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }),
  );
  return report;
}

async function expectExactlyOnce(server: TestServer, prefix: string, report: LoadReport) {
  const rows: { id: string; name: string }[] = await server.product.ds.query(`SELECT id, name FROM local_authority WHERE name LIKE $1`, [`${prefix}-%`]);
  const counts = new Map<string, number>();
  for (const r of rows) counts.set(r.name, (counts.get(r.name) ?? 0) + 1);
  expect([...counts.values()].filter((n) => n !== 1)).toEqual([]);
  expect([...counts.keys()].sort()).toEqual([...report.acknowledged.keys()].sort());
  for (const r of rows) expect(report.acknowledged.get(r.name)).toBe(r.id);
}

const onPostgres = ENGINE === 'postgres' ? describe : describe.skip;

onPostgres('PostgreSQL backends killed during a write load', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample', config: { dbConnectionTimeoutMs: 2000 } });
  }, 180_000);
  afterAll(() => server?.close());

  it('reports SERVICE_UNAVAILABLE, recovers, and keeps every acknowledged write exactly once', async () => {
    const database = (await server.product.ds.query(`SELECT current_database() AS d`))[0].d as string;
    const killer = new Client({ connectionString: process.env.DATABASE_URL });
    await killer.connect();
    let running = true;
    const load = writeLoad(server.url, 'Kill', 4, () => running);
    let killed = 0;
    for (let round = 0; round < 6; round++) {
      await new Promise((r) => setTimeout(r, 400));
      const res = await killer.query(`SELECT count(pg_terminate_backend(pid))::int AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [database]);
      killed += res.rows[0].n;
    }
    await new Promise((r) => setTimeout(r, 1500));
    running = false;
    const report = await load;
    await killer.end();
    console.log(`backends killed: ${killed}; acknowledged writes: ${report.acknowledged.size}; failed attempts: ${JSON.stringify(Object.fromEntries(report.failures))}`);
    expect(killed).toBeGreaterThan(0);
    expect(report.leaked).toEqual([]);
    expect([...report.failures.keys()].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(report.acknowledged.size).toBeGreaterThan(10);
    await expectExactlyOnce(server, 'Kill', report);
  }, 120_000);
});

(ENGINE === 'postgres' && PgCluster.available() ? describe : describe.skip)('PostgreSQL stopped for 2 s during a write load', () => {
  let server: TestServer;
  let cluster: PgCluster;
  beforeAll(async () => {
    cluster = PgCluster.primary(55000 + (process.pid % 500));
    server = await startTestServer({ seed: 'sample', config: { databaseUrl: cluster.url, dbConnectionTimeoutMs: 1000 } });
  }, 180_000);
  afterAll(async () => {
    await server?.close();
    cluster?.destroy();
  });

  it('reports SERVICE_UNAVAILABLE while it is down, recovers without a restart, and keeps every acknowledged write exactly once', async () => {
    let running = true;
    const load = writeLoad(server.url, 'Restart', 4, () => running);
    await new Promise((r) => setTimeout(r, 800));
    const down = Date.now();
    await cluster.outage(2000);
    const restartedIn = Date.now() - down;
    // Recovered: a read succeeds within a few seconds of PostgreSQL being back.
    let recoveredIn = -1;
    for (const start = Date.now(); Date.now() - start < 15_000; ) {
      const res = await server.gql('{ themes(level: 1) { id } }');
      if (res.status === 200 && !res.body.errors) {
        recoveredIn = Date.now() - start;
        break;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await new Promise((r) => setTimeout(r, 1000));
    running = false;
    const report = await load;
    console.log(`PostgreSQL down and back in ${restartedIn} ms; service answered ${recoveredIn} ms after; acknowledged: ${report.acknowledged.size}; failed attempts: ${JSON.stringify(Object.fromEntries(report.failures))}`);
    expect(recoveredIn).toBeGreaterThanOrEqual(0);
    expect(report.leaked).toEqual([]);
    expect([...report.failures.keys()].filter((c) => c !== 'SERVICE_UNAVAILABLE')).toEqual([]);
    expect(report.failures.get('SERVICE_UNAVAILABLE') ?? 0).toBeGreaterThan(0);
    await expectExactlyOnce(server, 'Restart', report);
  }, 120_000);
});
