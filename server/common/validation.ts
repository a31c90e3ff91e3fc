import type { DataSource, EntityManager } from 'typeorm';
import { badInput } from './errors';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs: anything else is a BAD_USER_INPUT on `field` (and never reaches SQL). */
export function assertId(value: string, field: string): string {
  if (typeof value !== 'string' || !UUID.test(value)) throw badInput(field, 'Malformed id.', 'MALFORMED_ID');
  return value.toLowerCase();
}

type Db = DataSource | EntityManager;

/** Checks that every code is a known ISO 3166-1 alpha-2 country. */
export async function assertCountries(db: Db, codes: string[], field: (index: number) => string): Promise<void> {
  if (codes.length === 0) return;
  const rows: { code: string }[] = await db.query(`SELECT code FROM country WHERE code = ANY($1::text[])`, [codes]);
  const known = new Set(rows.map((r) => r.code));
  codes.forEach((code, i) => {
    if (!known.has(code)) throw badInput(field(i), `Unknown country code "${code}".`, 'UNKNOWN_COUNTRY');
  });
}

/** Checks that every id is a known theme. */
export async function assertThemes(db: Db, ids: string[], field: (index: number) => string): Promise<void> {
  if (ids.length === 0) return;
  const rows: { id: string }[] = await db.query(`SELECT id FROM theme WHERE id = ANY($1::text[])`, [ids]);
  const known = new Set(rows.map((r) => r.id));
  ids.forEach((id, i) => {
    if (!known.has(id)) throw badInput(field(i), `Unknown theme "${id}".`, 'UNKNOWN_THEME');
  });
}

/** Rejects the same value twice in a list. */
export function assertDistinct<T>(values: T[], field: (index: number) => string, what: string): void {
  const seen = new Set<T>();
  values.forEach((v, i) => {
    if (seen.has(v)) throw badInput(field(i), `${what} listed twice.`, 'DUPLICATE');
    seen.add(v);
  });
}
