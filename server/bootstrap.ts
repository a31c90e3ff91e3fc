import 'reflect-metadata';
import { purgeIdempotencyKeys } from './common/idempotency';
import type { DataSource } from 'typeorm';
import type { AppConfig } from './config';
import { closeDataSource, createDataSource, databaseKind } from './db/data-source';
import { ensureSeeded } from './seed';
import { createAppServer, type AppServer } from './app';
import { expireListings } from './modules/listing/listing.service';
import { NotificationMailer } from './modules/workflow/mailer';

export interface Product {
  config: AppConfig;
  ds: DataSource;
  server: AppServer;
  port: number;
  /** Present when SMTP is configured. */
  mailer?: NotificationMailer;
  close(): Promise<void>;
}

/** Opens the database, runs pending migrations, loads missing reference data and serves HTTP. */
export async function startProduct(config: AppConfig, options: { inMemory?: boolean; progress?: (m: string) => void; mailIntervalMs?: number } = {}): Promise<Product> {
  const progress = options.progress ?? (() => undefined);
  const started = Date.now();
  progress(`Database: ${databaseKind(config) === 'pglite' ? `embedded PGlite in ${options.inMemory ? 'memory' : config.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`);
  const ds = createDataSource(config, { inMemory: options.inMemory });
  await ds.initialize();
  try {
    const ran = await ds.runMigrations({ transaction: 'each' });
    if (ran.length) progress(`Migrations applied: ${ran.map((m) => m.name).join(', ')}`);
    await ensureSeeded(ds, config, progress);
    await expireListings({ ds });
  } catch (err) {
    await closeDataSource(ds);
    throw err;
  }
  const server = await createAppServer(config, ds);
  const port = await server.listen();
  const timer = setInterval(() => {
    void expireListings({ ds }).catch(() => undefined);
    void purgeIdempotencyKeys(ds).catch(() => undefined);
  }, 3600_000);
  timer.unref();
  const mailer = config.smtpUrl ? new NotificationMailer(ds, { smtpUrl: config.smtpUrl, from: config.smtpFrom, publicUrl: config.publicUrl, intervalMs: options.mailIntervalMs }) : undefined;
  mailer?.start();
  progress(`Ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return {
    config,
    ds,
    server,
    port,
    mailer,
    async close() {
      clearInterval(timer);
      await mailer?.stop();
      await server.stop();
      await closeDataSource(ds);
    },
  };
}
