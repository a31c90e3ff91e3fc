import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import type { QueryRunner } from 'typeorm';
import { ADMIN_TOKEN, createTestDatabase, ENGINE, startTestServer, type TestServer } from '../helpers/test-server';

/** What happens when the database is saturated, and when the process is asked to stop. */
describe('pool exhaustion', () => {
  let server: TestServer;
  beforeAll(async () => {
    // A tiny pool (PostgreSQL) or queue timeout (PGlite) so that exhaustion is quick to reach.
    server = await startTestServer({ seed: 'none', config: { dbPoolSize: 2, dbConnectionTimeoutMs: 800, dbQueueTimeoutMs: 800 } });
  }, 120_000);
  afterAll(() => server?.close());

  it('fails fast with SERVICE_UNAVAILABLE (503, Retry-After) while every connection is taken, then recovers', async () => {
    const held: QueryRunner[] = [];
    // PGlite has one connection, PostgreSQL the pool's two: take them all, each inside an open transaction.
    for (let i = 0; i < (ENGINE === 'postgres' ? 2 : 1); i++) {
      const qr = server.product.ds.createQueryRunner();
      await qr.connect();
      await qr.startTransaction();
      await qr.query('SELECT 1');
      held.push(qr);
    }
    try {
      const started = Date.now();
      const res = await server.gql('{ themes { id } }');
      const waited = Date.now() - started;
      expect(res.status).toBe(503);
      expect(res.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(res.body.errors?.[0].message).toBe('The service is temporarily unavailable, please retry.');
      expect(JSON.stringify(res.body)).not.toMatch(/timeout|pool|connect|SELECT/i);
      // It did wait for a connection (the configured 800 ms), and did not hang.
      expect(waited).toBeGreaterThanOrEqual(700);
      expect(waited).toBeLessThan(15_000);
    } finally {
      for (const qr of held) {
        await qr.rollbackTransaction();
        await qr.release();
      }
    }
    const after = await server.gql('{ themes { id } }');
    expect(after.status).toBe(200);
    expect(after.body.errors).toBeUndefined();
  });
});

describe('graceful shutdown (SIGTERM)', () => {
  const root = path.resolve(__dirname, '..', '..', '..');

  /** Starts `node dist/server/main.js` like the run command does, and resolves with its port. */
  function startProcess(env: Record<string, string>) {
    const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'main.js')], {
      cwd: root,
      // Not NODE_ENV=test (jest's): Apollo installs its own signal handlers outside tests, and the run command must exit with them around.
      env: { ...process.env, NODE_ENV: 'production', PORT: '0', SEED: 'none', ADMIN_TOKEN, LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const port = new Promise<number>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = out.match(/UI http:\/\/localhost:(\d+)\//);
        if (m) resolve(Number(m[1]));
      });
      child.on('exit', () => reject(new Error(`exited before listening: ${out}`)));
    });
    /** The exit code, or 'still running' if the process has not exited within 20 s of the signal (then killed). */
    const exitedWithin = async () => {
      const timer = new Promise<'still running'>((r) => setTimeout(() => r('still running'), 20_000).unref());
      const code = await Promise.race([exited, timer]);
      if (code === 'still running') child.kill('SIGKILL');
      return code;
    };
    return { child, port, exited: exitedWithin, output: () => out };
  }

  it('finishes and commits the in-flight request, refuses new connections, and exits 0', async () => {
    const db = await createTestDatabase({ persistent: true });
    const env: Record<string, string> = db.overrides.databaseUrl ? { DATABASE_URL: db.overrides.databaseUrl } : { DATA_DIR: db.overrides.dataDir! };
    try {
      const first = startProcess(env);
      const port = await first.port;
      const body = JSON.stringify({ query: 'mutation { upsertTheme(input: { id: "shutdown", labelFr: "Arrêt propre", labelEn: "Clean stop" }) { id } }' });
      // A request whose body is still arriving when SIGTERM comes: it must be served, not cut.
      const socket = net.connect(port, '127.0.0.1');
      await new Promise((r) => socket.once('connect', r));
      let response = '';
      socket.on('data', (d) => (response += d.toString()));
      const ended = new Promise((r) => socket.once('close', r));
      socket.write(`POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nAuthorization: Bearer ${ADMIN_TOKEN}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n`);
      socket.write(body.slice(0, 20));
      await new Promise((r) => setTimeout(r, 300));
      first.child.kill('SIGTERM');
      await new Promise((r) => setTimeout(r, 500));
      // New connections are refused while the in-flight one finishes.
      const refused = await new Promise<boolean>((resolve) => {
        const probe = net.connect(port, '127.0.0.1');
        probe.once('connect', () => {
          probe.destroy();
          resolve(false);
        });
        probe.once('error', () => resolve(true));
      });
      expect(refused).toBe(true);
      socket.write(body.slice(20));
      await ended;
      expect(response).toMatch(/^HTTP\/1\.1 200/);
      expect(response).toContain('"upsertTheme":{"id":"shutdown"}');
      expect(await first.exited()).toBe(0);

      // Restarted on the same database, the write is there.
      const second = startProcess(env);
      const port2 = await second.port;
      const res = await fetch(`http://127.0.0.1:${port2}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ theme(id: "shutdown") { labelEn } }' }) });
      expect(((await res.json()) as { data: { theme: { labelEn: string } } }).data.theme.labelEn).toBe('Clean stop');
      second.child.kill('SIGTERM');
      expect(await second.exited()).toBe(0);
    } finally {
      await db.drop();
    }
  }, 120_000);
});

describe('concurrent writes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ seed: 'sample' });
  }, 120_000);
  afterAll(() => server?.close());

  it('lets exactly one of five concurrent edits of the same listing version win; the others get VersionConflict', async () => {
    const listing = (await server.gql(`{ listings(first: 1) { nodes { id version } } }`)).body.data.listings.nodes[0];
    const results = await Promise.all(
      [1, 2, 3, 4, 5].map((i) =>
        server.gql(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { __typename ... on VersionConflict { currentVersion } } }`, { i: { id: listing.id, version: listing.version, title: `Titre ${i}` } }, { admin: true }),
      ),
    );
    const kinds = results.map((r) => r.body.data.updateListing.__typename).sort();
    expect(kinds).toEqual(['Listing', 'VersionConflict', 'VersionConflict', 'VersionConflict', 'VersionConflict']);
    const after = (await server.gql(`query($id: ID!) { listing(id: $id) { version title } }`, { id: listing.id })).body.data.listing;
    expect(after.version).toBe(listing.version + 1);
    expect(after.title).toMatch(/^Titre [1-5]$/);
  });

  it('enforces uniqueness in the database: concurrent creations of the same commune give one row and clean CONFLICT errors', async () => {
    const create = `mutation($i: CreateLocalAuthorityInput!) { createLocalAuthority(input: $i) { id } }`;
    const input = { name: 'Commune nouvelle', countryCode: 'FR', level: 'COMMUNE', inseeCode: '99999' };
    const results = await Promise.all([1, 2, 3, 4].map(() => server.gql(create, { i: input }, { admin: true })));
    const created = results.filter((r) => r.body.data?.createLocalAuthority);
    expect(created).toHaveLength(1);
    for (const r of results.filter((x) => x.body.errors)) {
      expect(r.body.errors![0].extensions).toEqual({ code: 'CONFLICT', reason: 'DUPLICATE' });
      expect(r.body.errors![0].message).toBe('A record with the same identifier already exists.');
    }
    expect(Number((await server.product.ds.query(`SELECT count(*)::int AS n FROM local_authority WHERE insee_code = '99999'`))[0].n)).toBe(1);
  });
});

(ENGINE === 'postgres' ? describe : describe.skip)('slow statements (PostgreSQL)', () => {
  let server: TestServer;
  beforeAll(async () => {
    // Seeded with the default timeouts, then served again with a 300 ms statement timeout.
    const db = await createTestDatabase({ persistent: true });
    await (await startTestServer({ seed: 'sample', db })).close({ keepData: true });
    server = await startTestServer({ seed: 'sample', db, config: { dbStatementTimeoutMs: 300 } });
  }, 120_000);
  afterAll(() => server?.close());

  it('cuts a statement that waits past DB_STATEMENT_TIMEOUT_MS and answers SERVICE_UNAVAILABLE, writing nothing', async () => {
    const listing = (await server.gql(`{ listings(first: 1) { nodes { id version title } } }`)).body.data.listings.nodes[0];
    // Another session holds the row: the update's statement waits for the lock until the timeout cuts it.
    const blocker = server.product.ds.createQueryRunner();
    await blocker.connect();
    await blocker.startTransaction();
    await blocker.query(`SELECT id FROM listing WHERE id = $1 FOR UPDATE`, [listing.id]);
    try {
      const started = Date.now();
      const res = await server.gql(`mutation($i: UpdateListingInput!) { updateListing(input: $i) { __typename } }`, { i: { id: listing.id, version: listing.version, title: 'Jamais écrit' } }, { admin: true });
      expect(res.status).toBe(503);
      expect(res.body.errors?.[0].extensions?.code).toBe('SERVICE_UNAVAILABLE');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      await blocker.rollbackTransaction();
      await blocker.release();
    }
    const after = (await server.gql(`query($id: ID!) { listing(id: $id) { version title } }`, { id: listing.id })).body.data.listing;
    expect(after).toEqual({ version: listing.version, title: listing.title });
  });
});
