import { Client } from 'pg';

/**
 * Named prepared statements for the hot, fixed SQL texts (the per-request loaders). PostgreSQL then parses and
 * plans each of them once per connection instead of on every request; on a fiche this was about a tenth of the
 * throughput (docs/performance.md). Only texts registered with `prepared()` are named, so that the set of
 * statements a connection keeps stays small and bounded (dynamic SQL such as search filters is never prepared).
 *
 * Used through the pg pool's `Client` option (real PostgreSQL only; PGlite runs in-process and has no
 * per-statement round trip). DB_PREPARED_STATEMENTS=false turns it off, e.g. behind PgBouncer in transaction mode.
 */
const names = new Map<string, string>();

/** Registers a fixed SQL text as a prepared statement and returns it unchanged. */
export function prepared(sql: string): string {
  if (!names.has(sql)) names.set(sql, `bp_${names.size + 1}`);
  return sql;
}

/** A pg Client that sends registered texts as named statements (parse and plan once per connection). */
export class PreparingClient extends Client {}

// pg's query() has many overloads: this forwards every one of them, only rewriting (text, values[, callback]).
const query = Client.prototype.query as (...args: unknown[]) => unknown;
PreparingClient.prototype.query = function (this: Client, ...args: unknown[]) {
  const [text, values, callback] = args;
  if (typeof text === 'string' && Array.isArray(values)) {
    const name = names.get(text);
    if (name) return query.call(this, { name, text, values }, callback);
  }
  return query.apply(this, args);
} as Client['query'];

/** Whether a text is one of the registered statements. */
export const isPrepared = (sql: string): boolean => names.has(sql);
