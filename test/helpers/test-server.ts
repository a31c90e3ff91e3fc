import 'reflect-metadata';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { loadConfig, type AppConfig } from '../../server/config';
import { startProduct, type Product } from '../../server/bootstrap';

export const ADMIN_TOKEN = 'test-admin-token-0123456789abcdef';

/** Which engine the integration suite runs on: PGlite unless DATABASE_URL names a PostgreSQL server. */
export const ENGINE: 'pglite' | 'postgres' = process.env.DATABASE_URL ? 'postgres' : 'pglite';

export interface GqlResult<T = any> {
  status: number;
  body: { data?: T; errors?: { message: string; path?: string[]; extensions?: Record<string, any> }[] };
  sqlStatements: number;
  /** The session cookie set by the response, as `name=value`, if any. */
  setCookie?: string;
}

export interface TestServer {
  url: string;
  product: Product;
  gql<T = any>(query: string, variables?: Record<string, unknown>, options?: { admin?: boolean; cookie?: string }): Promise<GqlResult<T>>;
  /** Rows per table: to prove that a rejected input wrote nothing. */
  tableCounts(): Promise<Record<string, number>>;
  /** Stops the server; `keepData` leaves the database for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

/** A fresh PostgreSQL database on the DATABASE_URL server, dropped by `drop`. */
async function createPostgresDatabase(baseUrl: string): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `bourse_test_${process.pid}_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new Client({ connectionString: baseUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  overrides: Partial<AppConfig>;
  inMemory: boolean;
  drop(): Promise<void>;
}

/** A database of its own for one test file: in-memory PGlite (or a temp directory when persistence matters), or a new PostgreSQL database. */
export async function createTestDatabase(options: { persistent?: boolean } = {}): Promise<TestDatabase> {
  if (ENGINE === 'postgres') {
    const db = await createPostgresDatabase(process.env.DATABASE_URL!);
    return { overrides: { databaseUrl: db.url }, inMemory: false, drop: db.drop };
  }
  if (options.persistent) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bourse-test-'));
    return { overrides: { dataDir: dir, databaseUrl: undefined }, inMemory: false, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  return { overrides: { databaseUrl: undefined }, inMemory: true, drop: async () => undefined };
}

export async function startTestServer(options: { seed?: AppConfig['seed']; db?: TestDatabase; config?: Partial<AppConfig> } = {}): Promise<TestServer> {
  const db = options.db ?? (await createTestDatabase());
  const config = loadConfig(
    {},
    { port: 0, host: '127.0.0.1', seed: options.seed ?? 'sample', adminToken: ADMIN_TOKEN, exposeSqlStats: true, verbose: false, ...db.overrides, ...options.config },
  );
  const product = await startProduct(config, { inMemory: db.inMemory });
  const url = `http://127.0.0.1:${product.port}`;
  return {
    url,
    product,
    async gql(query, variables, opts = {}) {
      const res = await fetch(`${url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(opts.admin ? { authorization: `Bearer ${ADMIN_TOKEN}` } : {}), ...(opts.cookie ? { cookie: opts.cookie } : {}) },
        body: JSON.stringify({ query, variables }),
      });
      const setCookie = res.headers.get('set-cookie') ?? undefined;
      return { status: res.status, body: (await res.json()) as GqlResult['body'], sqlStatements: Number(res.headers.get('x-sql-statements') ?? NaN), setCookie };
    },
    async tableCounts() {
      const tables = ['local_authority', 'authority_theme', 'contact', 'foreign_actor', 'relationship', 'relationship_theme', 'funding', 'listing', 'listing_theme', 'theme', 'country', 'embassy'];
      const out: Record<string, number> = {};
      for (const t of tables) out[t] = Number((await product.ds.query(`SELECT count(*)::int AS n FROM ${t}`))[0].n);
      // Versions too: a rejected update must not bump them.
      out.versionSum = Number((await product.ds.query(`SELECT (SELECT coalesce(sum(version), 0) FROM local_authority) + (SELECT coalesce(sum(version), 0) FROM listing) + (SELECT coalesce(sum(version), 0) FROM relationship) AS n`))[0].n);
      return out;
    },
    async close(closeOptions = {}) {
      await product.close();
      if (!closeOptions.keepData) await db.drop();
    },
  };
}

/** Asserts that a response carries exactly one error with this code (and field), and returns it. */
export function expectError(result: GqlResult, code: string, field?: string) {
  const errors = result.body.errors ?? [];
  if (errors.length !== 1 || errors[0].extensions?.code !== code || (field !== undefined && errors[0].extensions?.field !== field)) {
    throw new Error(`Expected one ${code} error${field ? ` on ${field}` : ''}, got ${JSON.stringify(result.body).slice(0, 800)}`);
  }
  return errors[0];
}

/** Asserts a response without errors and returns its data. */
export function ok<T>(result: GqlResult<T>): T {
  if (result.body.errors?.length || result.status !== 200) throw new Error(`Unexpected errors (HTTP ${result.status}): ${JSON.stringify(result.body.errors).slice(0, 800)}`);
  return result.body.data as T;
}

/** `name=value` of a Set-Cookie header, to send back as a Cookie header. */
export const cookieOf = (setCookie: string | undefined) => setCookie?.split(';')[0] ?? '';
