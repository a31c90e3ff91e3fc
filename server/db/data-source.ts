import { DataSource } from 'typeorm';
import fs from 'node:fs';
import type { AppConfig } from '../config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';
import { SqlStatsLogger } from './sql-stats';
import { closePGlite, createPGliteDriver } from './pglite-serial-pool';
import { PreparingClient } from './prepared';

export type DatabaseKind = 'pglite' | 'postgres';

export function databaseKind(config: Pick<AppConfig, 'databaseUrl'>): DatabaseKind {
  return config.databaseUrl ? 'postgres' : 'pglite';
}

/**
 * One DataSource for both engines: PGlite (embedded, persisted in DATA_DIR) by default,
 * a real PostgreSQL server through `pg` when DATABASE_URL is set. Schema changes come from
 * migrations only; `synchronize` is never on.
 */
export function createDataSource(config: AppConfig, options: { inMemory?: boolean; logErrors?: boolean } = {}): DataSource {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsTransactionMode: 'each' as const,
    synchronize: false,
    // Extensions are created by migrations; ids default to gen_random_uuid() (built in since PostgreSQL 13).
    installExtensions: false,
    uuidExtension: 'pgcrypto' as const,
    logger: new SqlStatsLogger(options.logErrors ?? config.verbose),
    maxQueryExecutionTime: 2000,
  };
  if (config.databaseUrl) {
    const extra = {
      connectionTimeoutMillis: config.dbConnectionTimeoutMs,
      statement_timeout: config.dbStatementTimeoutMs,
      idle_in_transaction_session_timeout: config.dbStatementTimeoutMs * 2,
      application_name: 'bourse-partenariats',
      // The loaders' fixed statements are prepared once per connection (server/db/prepared.ts).
      ...(config.dbPreparedStatements ? { Client: PreparingClient } : {}),
    };
    const connection = { poolSize: config.dbPoolSize, connectTimeoutMS: config.dbConnectionTimeoutMs, extra };
    if (config.databaseReplicaUrls.length) {
      // Everything goes to the primary unless a request explicitly asks for a replica (read-only queries: server/db/replicas.ts).
      return new DataSource({
        ...common,
        ...connection,
        replication: { master: { url: config.databaseUrl }, slaves: config.databaseReplicaUrls.map((url) => ({ url })), defaultMode: 'master' },
      });
    }
    return new DataSource({ ...common, ...connection, url: config.databaseUrl });
  }
  let dataDir: string | undefined;
  if (!options.inMemory) {
    fs.mkdirSync(config.dataDir, { recursive: true });
    dataDir = config.dataDir;
  }
  return new DataSource({ ...common, driver: createPGliteDriver(dataDir, config.dbQueueTimeoutMs) });
}

export async function closeDataSource(ds: DataSource): Promise<void> {
  const isPglite = ds.options.type === 'postgres' && !(ds.options as { url?: string }).url && !(ds.options as { replication?: unknown }).replication;
  if (ds.isInitialized) await ds.destroy();
  if (isPglite) await closePGlite();
}
