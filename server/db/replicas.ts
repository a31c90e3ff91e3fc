import type { DataSource, EntityTarget, ObjectLiteral, QueryRunner } from 'typeorm';

/**
 * Read replicas. A GraphQL query (never a mutation) reads from a replica through one connection held for the
 * request, unless the client carries the WAL position of its last write (cookie `bp_lsn`, or header
 * `x-bourse-min-lsn`) and the replica has not replayed it yet: then it reads from the primary, so that a user
 * always reads their own writes, whichever process or replica serves them. A replica that cannot be reached
 * also means the primary. Mutations, and every read inside them, use the primary.
 */
export const LSN_COOKIE = 'bp_lsn';
const LSN = /^[0-9A-F]{1,8}\/[0-9A-F]{1,8}$/i;

export const validLsn = (value: string | undefined | null): string | undefined => (value && LSN.test(value) ? value : undefined);

/** A connection to a replica that has replayed `minLsn` (if given), or null. */
export async function replicaConnection(ds: DataSource, minLsn?: string): Promise<QueryRunner | null> {
  const qr = ds.createQueryRunner('slave');
  try {
    await qr.connect();
    if (minLsn) {
      const [{ ok }] = await qr.query(`SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, true) AS ok`, [minLsn]);
      if (!ok) {
        await qr.release();
        return null;
      }
    }
    return qr;
  } catch {
    await qr.release().catch(() => undefined);
    return null;
  }
}

/** The request's view of the DataSource: queries and repositories on the replica connection; transactions (writes) stay on the primary. */
export function onReplica(ds: DataSource, qr: QueryRunner): DataSource {
  const scoped = Object.create(ds) as DataSource;
  Object.defineProperties(scoped, {
    query: { value: (sql: string, params?: unknown[]) => qr.query(sql, params) },
    getRepository: { value: <T extends ObjectLiteral>(target: EntityTarget<T>) => qr.manager.getRepository(target) },
    createQueryBuilder: { value: (...args: unknown[]) => (qr.manager.createQueryBuilder as (...a: unknown[]) => unknown)(...args) },
    manager: { value: qr.manager },
  });
  return scoped;
}

/** WAL position after the request's writes, to send back to the client. */
export async function primaryLsn(ds: DataSource): Promise<string> {
  const [{ lsn }] = await ds.query(`SELECT pg_current_wal_lsn()::text AS lsn`);
  return lsn;
}
