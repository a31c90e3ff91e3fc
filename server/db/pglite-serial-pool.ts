import { PGliteDriver } from 'typeorm-pglite';
import { PGlitePool } from 'typeorm-pglite/dist/pglite-pool';
import { PGliteInstance } from 'typeorm-pglite/dist/pglite-instance';

/**
 * PGlite is a single connection. typeorm-pglite hands that same connection to every TypeORM query
 * runner at once, so two concurrent requests would share one transaction (a BEGIN from one, a query
 * from the other). This pool makes the connection exclusive: `connect` waits until the previous
 * holder released it. A query runner is held for one query, or for a whole transaction.
 */
class SerialPGlitePool extends PGlitePool {
  private tail: Promise<void> = Promise.resolve();
  static acquireTimeoutMs = 30000;

  override connect(callback: Parameters<PGlitePool['connect']>[0]): Promise<void> {
    let release!: () => void;
    const mine = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => mine);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), SerialPGlitePool.acquireTimeoutMs);
    });
    return Promise.race([previous.then(() => 'ok' as const), timeout]).then(async (outcome) => {
      clearTimeout(timer);
      if (outcome === 'timeout') {
        // Give our place back once the previous holder is done, so the queue keeps moving.
        previous.then(release);
        callback(new Error('Timed out waiting for the embedded database connection'), null, () => undefined);
        return;
      }
      let released = false;
      await super.connect((err, client) => {
        callback(err as Error, client, () => {
          if (released) return;
          released = true;
          release();
        });
      });
    });
  }
}

/** A TypeORM `driver` option backed by one persistent PGlite database in `dataDir` (or in memory when undefined). */
export function createPGliteDriver(dataDir: string | undefined, acquireTimeoutMs = 30000): unknown {
  SerialPGlitePool.acquireTimeoutMs = acquireTimeoutMs;
  // The contrib entry points ship CommonJS builds, but their typings are ESM-only.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { pg_trgm } = require('@electric-sql/pglite/contrib/pg_trgm') as { pg_trgm: never };
  new PGliteDriver({ dataDir, extensions: { pg_trgm } });
  return class {
    static Pool = SerialPGlitePool;
  };
}

export async function closePGlite(): Promise<void> {
  await PGliteInstance.close();
}
