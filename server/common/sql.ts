/**
 * A tiny builder for parameterised WHERE clauses: values always travel as $n parameters,
 * never inside the SQL text.
 */
export class SqlWhere {
  readonly conditions: string[] = [];
  readonly params: unknown[] = [];

  /** Registers a value and returns its placeholder ($1, $2, …). */
  param(value: unknown): string {
    this.params.push(value);
    return `$${this.params.length}`;
  }

  /** Adds a condition; `build` receives the placeholder maker. */
  and(build: (p: (value: unknown) => string) => string): this {
    this.conditions.push(build((v) => this.param(v)));
    return this;
  }

  toSql(): string {
    return this.conditions.length ? `WHERE ${this.conditions.join(' AND ')}` : '';
  }
}

/** Rows of an INSERT/UPDATE/DELETE … RETURNING: TypeORM's postgres driver answers `[rows, count]` for UPDATE and DELETE. */
export function returnedRows<T>(result: unknown): T[] {
  const r = result as unknown[];
  return Array.isArray(r[0]) ? (r[0] as T[]) : (r as T[]);
}
