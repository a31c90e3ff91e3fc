import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every merge of two authority records (an administrator's, or an import's of a copy it had made), with what the undo
 * needs: the deleted record, the rows moved (their ids), the rows added to the record kept, the rows deleted with their
 * dependents, and the record kept before and after. No foreign key to local_authority: the duplicate no longer exists,
 * and the record kept may itself be merged later (the undo then says to undo that merge first).
 */
export class AuthorityMerges1734100000000 implements MigrationInterface {
  name = 'AuthorityMerges1734100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE authority_merge (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        duplicate_id uuid NOT NULL,
        duplicate_name text NOT NULL,
        into_id uuid NOT NULL,
        into_name text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('MANUAL', 'IMPORT')),
        merged_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        merged_at timestamptz NOT NULL DEFAULT now(),
        undone_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        undone_at timestamptz,
        record jsonb NOT NULL
      )`);
    await q.query(`CREATE INDEX authority_merge_merged_at_idx ON authority_merge (merged_at DESC, id)`);
    await q.query(`CREATE INDEX authority_merge_into_idx ON authority_merge (into_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS authority_merge`);
  }
}
