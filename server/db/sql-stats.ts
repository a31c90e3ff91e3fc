import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger, QueryRunner } from 'typeorm';

/** Per-request counters, carried through async calls so that every SQL statement is attributed to its request. */
export interface RequestStats {
  statements: number;
  /** The request id, for log lines written deep in the stack. */
  requestId?: string;
}

export const requestStats = new AsyncLocalStorage<RequestStats>();

/** Runs fn with a fresh statement counter and returns both the result and the counter. */
export async function withSqlStats<T>(fn: () => Promise<T>): Promise<{ result: T; stats: RequestStats }> {
  const stats: RequestStats = { statements: 0 };
  const result = await requestStats.run(stats, fn);
  return { result, stats };
}

/**
 * TypeORM logger: counts statements for the current request and reports errors without parameters
 * (parameters may hold personal data).
 */
export class SqlStatsLogger implements Logger {
  constructor(private readonly logErrors: boolean) {}

  logQuery(_query: string, _parameters?: unknown[], _queryRunner?: QueryRunner): void {
    const stats = requestStats.getStore();
    if (stats) stats.statements += 1;
    if (process.env.DEBUG_SQL) process.stderr.write(`[sql] ${_query.replace(/\s+/g, ' ').slice(0, 160)}\n`);
  }

  logQueryError(error: string | Error, query: string): void {
    if (!this.logErrors) return;
    const message = typeof error === 'string' ? error : error.message;
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'sql error', error: message, query: query.slice(0, 300) })}\n`);
  }

  logQuerySlow(time: number, query: string): void {
    if (!this.logErrors) return;
    process.stderr.write(`${JSON.stringify({ level: 'warn', msg: 'slow sql', ms: time, query: query.slice(0, 300) })}\n`);
  }

  logSchemaBuild(): void {}
  logMigration(message: string): void {
    if (this.logErrors) process.stdout.write(`[migration] ${message}\n`);
  }
  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn' && this.logErrors) process.stderr.write(`[typeorm] ${String(message)}\n`);
  }
}
