import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidates a seeker's agents have set aside ("not for us"): they leave the seeker's suggestions, for its agents
 * and the ministry, until someone restores them. One row per (seeker, candidate).
 */
export class CandidateSetAside1734200000000 implements MigrationInterface {
  name = 'CandidateSetAside1734200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE candidate_set_aside (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seeker_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        set_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        set_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT candidate_set_aside_pair UNIQUE (seeker_id, candidate_id),
        CONSTRAINT candidate_set_aside_not_self CHECK (seeker_id <> candidate_id)
      )`);
    await q.query(`CREATE INDEX candidate_set_aside_candidate_idx ON candidate_set_aside (candidate_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS candidate_set_aside`);
  }
}
