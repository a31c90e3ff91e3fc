import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pairs of records an administrator has looked at and found to be two places (twin towns across a river, a
 * neighbour): duplicateSuspects no longer lists them.
 */
export class DuplicateDismissals1734000000000 implements MigrationInterface {
  name = 'DuplicateDismissals1734000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE duplicate_dismissal (
        duplicate_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        into_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        dismissed_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        dismissed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (duplicate_id, into_id)
      )`);
    await q.query(`CREATE INDEX duplicate_dismissal_into_idx ON duplicate_dismissal (into_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS duplicate_dismissal`);
  }
}
