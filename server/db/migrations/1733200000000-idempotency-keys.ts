import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Idempotency keys of create mutations: a client retrying after a timeout gets the first result, never a duplicate. */
export class IdempotencyKeys1733200000000 implements MigrationInterface {
  name = 'IdempotencyKeys1733200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE idempotency_key (
        scope text NOT NULL,
        key text NOT NULL,
        operation text NOT NULL,
        result_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      )`);
    await q.query(`CREATE INDEX idempotency_key_created_idx ON idempotency_key (created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE idempotency_key`);
  }
}
