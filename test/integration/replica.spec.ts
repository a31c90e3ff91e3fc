import { Client } from 'pg';
import { PgCluster } from '../helpers/pg-cluster';
import { ADMIN_TOKEN, ENGINE, startTestServer, type TestServer } from '../helpers/test-server';

/**
 * A real streaming replica (pg_basebackup of a private primary, both on loopback ports). Queries read from it;
 * mutations and their reads use the primary; a client that just wrote reads its write even while the replica lags.
 * Replay is paused on the replica to make the lag certain.
 */
(ENGINE === 'postgres' && PgCluster.available() ? describe : describe.skip)('read replica (DATABASE_REPLICA_URLS)', () => {
  let primary: PgCluster;
  let replica: PgCluster;
  let server: TestServer;
  let replicaSql: Client;

  const post = async (query: string, options: { admin?: boolean; cookie?: string; minLsn?: string } = {}) => {
    const res = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(options.admin ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {}),
        ...(options.cookie ? { cookie: options.cookie } : {}),
        ...(options.minLsn ? { 'x-bourse-min-lsn': options.minLsn } : {}),
      },
      body: JSON.stringify({ query }),
    });
    const body = (await res.json()) as { data?: Record<string, any>; errors?: { extensions?: { code?: string } }[] };
    return { body, readFrom: res.headers.get('x-read-from'), lsn: res.headers.get('x-bourse-lsn'), cookies: res.headers.getSetCookie() };
  };
  const until = async (what: () => Promise<boolean>, ms = 20_000) => {
    for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 100))) if (await what()) return;
    throw new Error('timed out');
  };

  beforeAll(async () => {
    const base = 56000 + (process.pid % 500) * 2;
    primary = PgCluster.primary(base);
    replica = PgCluster.replicaOf(primary, base + 1);
    server = await startTestServer({ seed: 'sample', config: { databaseUrl: primary.url, databaseReplicaUrls: [replica.url] } });
    replicaSql = new Client({ connectionString: replica.url });
    replicaSql.on('error', () => undefined); // the replica is stopped in the last test
    await replicaSql.connect();
    // The replica has replayed the migrations and the sample data.
    await until(async () => (await post('{ themes(level: 1) { id } }')).body.data?.themes?.length > 0);
  }, 180_000);
  afterAll(async () => {
    await replicaSql?.end();
    await server?.close();
    replica?.destroy();
    primary?.destroy();
  });

  it('serves queries from the replica and mutations from the primary', async () => {
    const read = await post('{ listings(first: 5) { nodes { title authority { name } } } }');
    expect(read.readFrom).toBe('replica');
    expect(read.body.data?.listings.nodes.length).toBeGreaterThan(0);
    expect(Number((await replicaSql.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE application_name = 'bourse-partenariats'`)).rows[0].n)).toBeGreaterThan(0);
    const write = await post('mutation { upsertTheme(input: { id: "replica", labelFr: "Réplique", labelEn: "Replica" }) { id } }', { admin: true });
    expect(write.readFrom).toBe('primary');
    expect(write.lsn).toMatch(/^[0-9A-F]+\/[0-9A-F]+$/);
  });

  it('lets a client read its own write while the replica lags, and others see it once replayed', async () => {
    let lagging = '';
    await replicaSql.query('SELECT pg_wal_replay_pause()');
    try {
      // A new agent signs up (a write): the response carries the session cookie and the write's position.
      const signUp = await fetch(`${server.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: 'mutation { signUp(input: { email: "lag@example.org", password: "a long enough password", displayName: "Lag" }) { id } }' }),
      });
      const cookie = signUp.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
      expect(cookie).toMatch(/bp_session=.*bp_lsn=|bp_lsn=.*bp_session=/);
      const write = await post('mutation { createLocalAuthority(input: { name: "Commune en retard", countryCode: "BJ", level: MUNICIPALITY }) { id } }', { admin: true });
      lagging = write.body.data?.createLocalAuthority.id;

      // Someone else reads the replica, which has not replayed the write yet.
      const other = await post(`{ localAuthority(id: "${lagging}") { name } }`);
      expect(other.readFrom).toBe('replica');
      expect(other.body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
      // The writer (its position in a header, or the cookie a browser sends back) reads from the primary.
      const mine = await post(`{ localAuthority(id: "${lagging}") { name } }`, { minLsn: write.lsn! });
      expect(mine.readFrom).toBe('primary');
      expect(mine.body.data?.localAuthority.name).toBe('Commune en retard');
      const me = await post('{ me { email } }', { cookie });
      expect(me.readFrom).toBe('primary');
      expect(me.body.data?.me.email).toBe('lag@example.org');
    } finally {
      await replicaSql.query('SELECT pg_wal_replay_resume()');
    }
    await until(async () => (await post(`{ localAuthority(id: "${lagging}") { name } }`)).body.data?.localAuthority?.name === 'Commune en retard');
    // Caught up: the writer is back on the replica too.
    const after = await post(`{ localAuthority(id: "${lagging}") { name } }`, { minLsn: '0/1' });
    expect(after.readFrom).toBe('replica');
  });

  it('reads from the primary when the replica is down, without errors', async () => {
    replica.stop('fast');
    try {
      const res = await post('{ listings(first: 3) { nodes { title } } }');
      expect(res.body.errors).toBeUndefined();
      expect(res.readFrom).toBe('primary');
    } finally {
      replica.start();
    }
  });
});
