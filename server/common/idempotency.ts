import { Field } from 'type-graphql';
import { IsOptional, Matches, MaxLength } from 'class-validator';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context } from '../context';
import { AppError, ErrorCode, badInput } from './errors';

/** The optional `idempotencyKey` field of create inputs: a client-chosen key that makes retries safe. */
export function IdempotencyKeyField(): PropertyDecorator {
  return (target, property) => {
    Field(() => String, {
      nullable: true,
      description: 'A key chosen by the client (e.g. a UUID) to retry safely: the same key from the same user returns the first result instead of creating a duplicate (kept 24 hours).',
    })(target, property);
    IsOptional()(target, property as string);
    MaxLength(100)(target, property as string);
    Matches(/^[\x21-\x7e]+$/, { message: 'must be printable ASCII without spaces' })(target, property as string);
  };
}

/**
 * One create operation under an idempotency key. `previous()` answers a retry before any work; inside the
 * creating transaction, `claim()` inserts the key (a concurrent duplicate waits on the primary key, then sees
 * the first one's result) and `record()` stores the created id, committed with the row itself.
 */
export class Idempotency {
  constructor(
    private readonly ctx: Context,
    private readonly operation: string,
    private readonly key: string | undefined | null,
  ) {}

  private get scope(): string {
    return this.ctx.viewer.userId ?? (this.ctx.viewer.role === 'ADMIN' ? 'admin-token' : 'anonymous');
  }

  async previous(db: EntityManager | DataSource = this.ctx.ds): Promise<string | null> {
    if (!this.key) return null;
    const rows: { operation: string; result_id: string | null }[] = await db.query(`SELECT operation, result_id FROM idempotency_key WHERE scope = $1 AND key = $2`, [this.scope, this.key]);
    if (!rows.length) return null;
    if (rows[0].operation !== this.operation) throw badInput('input.idempotencyKey', 'This idempotency key was already used for another operation.', 'IDEMPOTENCY_KEY_REUSED');
    return rows[0].result_id;
  }

  async claim(em: EntityManager): Promise<string | null> {
    if (!this.key) return null;
    const rows = await em.query(`INSERT INTO idempotency_key (scope, key, operation) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING key`, [this.scope, this.key, this.operation]);
    if (rows.length) return null;
    const earlier = await this.previous(em);
    if (!earlier) throw new AppError(ErrorCode.CONFLICT, 'A request with this idempotency key is still in progress; retry in a moment.', 'input.idempotencyKey', 'IN_PROGRESS');
    return earlier;
  }

  async record(em: EntityManager, id: string): Promise<void> {
    if (this.key) await em.query(`UPDATE idempotency_key SET result_id = $3 WHERE scope = $1 AND key = $2`, [this.scope, this.key, id]);
  }
}

/** Keys are kept one day: long enough for any client's retries. */
export async function purgeIdempotencyKeys(ds: DataSource): Promise<void> {
  await ds.query(`DELETE FROM idempotency_key WHERE created_at < now() - interval '1 day'`);
}
