import 'reflect-metadata';
import { IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, validateSync } from 'class-validator';
import path from 'node:path';
import { loadMatchingConfig } from './modules/matching/matching.config';

/**
 * The whole runtime configuration, read once from the environment and validated at boot.
 * The process refuses to start with a message naming every invalid variable.
 */
export class AppConfig {
  /** HTTP port of the API and UI. */
  @IsInt() @Min(0) @Max(65535)
  port = 4000;

  /** Host/interface to listen on. */
  @IsString()
  host = '0.0.0.0';

  /** Directory of the embedded PGlite database (used when no DATABASE_URL is set). */
  @IsString()
  dataDir = path.resolve('data');

  /** postgres://… URL of a real PostgreSQL server; when empty the embedded PGlite database is used. */
  @IsOptional() @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must start with postgres:// or postgresql://' })
  databaseUrl?: string;

  /** Read replicas (comma-separated postgres:// URLs): queries read from them, mutations and their reads use DATABASE_URL. */
  @IsArray() @Matches(/^postgres(ql)?:\/\//, { each: true, message: 'DATABASE_REPLICA_URLS must be postgres:// URLs' })
  databaseReplicaUrls: string[] = [];

  /** Anonymous query answers kept in memory per process (keyed by the public data's version); 0 turns the cache off. */
  @IsInt() @Min(0) @Max(1_000_000)
  responseCacheEntries = 2000;

  /** Maximum connections in the pg pool (real PostgreSQL only). */
  @IsInt() @Min(1) @Max(200)
  dbPoolSize = 10;

  /** Named prepared statements for the loaders' fixed SQL (real PostgreSQL only); off behind PgBouncer in transaction mode. */
  @IsBoolean()
  dbPreparedStatements = true;

  /** Milliseconds a request may wait for a free connection before failing. */
  @IsInt() @Min(100)
  dbConnectionTimeoutMs = 5000;

  /** Embedded PGlite: milliseconds a request may wait for the single connection (long imports hold it) before failing. */
  @IsInt() @Min(100)
  dbQueueTimeoutMs = 30000;

  /** statement_timeout applied to every connection (real PostgreSQL only). */
  @IsInt() @Min(100)
  dbStatementTimeoutMs = 15000;

  /** What to load on first start: everything, a small subset (tests, demos) or nothing. */
  @IsIn(['full', 'sample', 'none'])
  seed: 'full' | 'sample' | 'none' = 'full';

  /** Foreign municipalities below this population are not imported from GeoNames. */
  @IsInt() @Min(0)
  foreignMinPopulation = 5000;

  /** GeoNames feature codes skipped on import (PPLX: sections of populated places; H/Q/W: historical, abandoned, destroyed). */
  @IsString({ each: true })
  foreignExcludedFeatureCodes: string[] = ['PPLX', 'PPLH', 'PPLQ', 'PPLW'];

  /** Largest page a connection returns (`first`). */
  @IsInt() @Min(1) @Max(1000)
  maxPageSize = 100;

  /** Send an `x-sql-statements` header with the number of SQL statements a request ran (tests, benchmarks). */
  @IsBoolean()
  exposeSqlStats = false;

  /**
   * Bearer token that grants the administrator role (operations and tests) until accounts exist.
   * Empty: nobody is an administrator.
   */
  @IsOptional() @IsString() @Matches(/^.{24,}$/, { message: 'ADMIN_TOKEN must be at least 24 characters' })
  adminToken?: string;

  /** JSON merged over the matching engine's defaults, e.g. {"weights":{"theme":2}} (see docs/matching.md). */
  @IsOptional() @IsString()
  matchingConfig?: string;

  /** smtp://user:pass@host:port of a mail server: notifications are then also e-mailed. Empty: in-app only. */
  @IsOptional() @Matches(/^smtps?:\/\//, { message: 'SMTP_URL must start with smtp:// or smtps://' })
  smtpUrl?: string;

  /** Sender of notification e-mails. */
  @IsString()
  smtpFrom = 'Bourse-partenariats <no-reply@bourse-partenariats.invalid>';

  /** Public address of the application, used in e-mails. */
  @IsString()
  publicUrl = 'http://localhost:4000';

  /** Answer introspection queries (the explorer needs them; the API is public). */
  @IsBoolean()
  introspection = true;

  /** Mark the session cookie Secure (set true behind HTTPS in production). */
  @IsBoolean()
  cookieSecure = false;

  /** Print progress while loading reference data. */
  @IsBoolean()
  verbose = true;
}

const ENV_MAP: Record<string, keyof AppConfig> = {
  PORT: 'port',
  HOST: 'host',
  DATA_DIR: 'dataDir',
  DATABASE_URL: 'databaseUrl',
  DATABASE_REPLICA_URLS: 'databaseReplicaUrls',
  RESPONSE_CACHE_ENTRIES: 'responseCacheEntries',
  DB_POOL_SIZE: 'dbPoolSize',
  DB_PREPARED_STATEMENTS: 'dbPreparedStatements',
  DB_CONNECTION_TIMEOUT_MS: 'dbConnectionTimeoutMs',
  DB_QUEUE_TIMEOUT_MS: 'dbQueueTimeoutMs',
  DB_STATEMENT_TIMEOUT_MS: 'dbStatementTimeoutMs',
  SEED: 'seed',
  FOREIGN_MIN_POPULATION: 'foreignMinPopulation',
  FOREIGN_EXCLUDED_FEATURE_CODES: 'foreignExcludedFeatureCodes',
  MAX_PAGE_SIZE: 'maxPageSize',
  EXPOSE_SQL_STATS: 'exposeSqlStats',
  ADMIN_TOKEN: 'adminToken',
  VERBOSE: 'verbose',
  MATCHING_CONFIG: 'matchingConfig',
  COOKIE_SECURE: 'cookieSecure',
  INTROSPECTION: 'introspection',
  SMTP_URL: 'smtpUrl',
  SMTP_FROM: 'smtpFrom',
  PUBLIC_URL: 'publicUrl',
};

export class ConfigError extends Error {}

function coerce(defaultValue: unknown, raw: string): unknown {
  if (typeof defaultValue === 'number') return /^-?\d+$/.test(raw.trim()) ? Number(raw) : raw;
  if (typeof defaultValue === 'boolean') return raw === 'true' || raw === '1' ? true : raw === 'false' || raw === '0' ? false : raw;
  if (Array.isArray(defaultValue)) return raw.split(',').map((s) => s.trim()).filter(Boolean);
  return raw;
}

/** Builds the configuration from environment variables (and explicit overrides), validates it, or throws ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, overrides: Partial<AppConfig> = {}): AppConfig {
  const config = new AppConfig();
  for (const [name, key] of Object.entries(ENV_MAP)) {
    const raw = env[name];
    if (raw === undefined || raw === '') continue;
    (config as unknown as Record<string, unknown>)[key] = coerce(config[key], raw);
  }
  Object.assign(config, overrides);
  config.dataDir = path.resolve(config.dataDir);
  const errors = validateSync(config, { forbidUnknownValues: true });
  try {
    loadMatchingConfig(config.matchingConfig);
  } catch (e) {
    throw new ConfigError(`Invalid configuration:\n  MATCHING_CONFIG: ${(e as Error).message}`);
  }
  if (errors.length > 0) {
    const byKey = Object.fromEntries(Object.entries(ENV_MAP).map(([k, v]) => [v, k]));
    const lines = errors.map((e) => `  ${byKey[e.property] ?? e.property}: ${Object.values(e.constraints ?? {}).join('; ')}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  if (config.databaseReplicaUrls.length && !config.databaseUrl) throw new ConfigError('Invalid configuration:\n  DATABASE_REPLICA_URLS: needs DATABASE_URL (the primary)');
  return config;
}
