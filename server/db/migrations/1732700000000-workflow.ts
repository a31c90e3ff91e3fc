import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Moderation and collaboration: send-back reasons, expressions of interest, match suggestions under review, audit trail, notifications. */
export class Workflow1732700000000 implements MigrationInterface {
  name = 'Workflow1732700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE listing ADD COLUMN review_reason text, ADD COLUMN max_accepted_interests integer CHECK (max_accepted_interests > 0)`);
    await q.query(`
      CREATE TABLE expression_of_interest (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        listing_id uuid NOT NULL REFERENCES listing(id) ON DELETE CASCADE,
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        user_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        message text NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED')),
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        UNIQUE (listing_id, authority_id)
      )`);
    await q.query(`CREATE INDEX expression_of_interest_listing_idx ON expression_of_interest (listing_id, status)`);
    await q.query(`CREATE INDEX expression_of_interest_authority_idx ON expression_of_interest (authority_id)`);
    await q.query(`
      CREATE TABLE match_suggestion (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        seeker_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        candidate_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        listing_id uuid REFERENCES listing(id) ON DELETE SET NULL,
        score double precision NOT NULL CHECK (score BETWEEN 0 AND 1),
        factors jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('PROPOSED', 'APPROVED', 'REJECTED')),
        reason text,
        decided_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        decided_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (seeker_id, candidate_id)
      )`);
    await q.query(`CREATE INDEX match_suggestion_status_idx ON match_suggestion (status, score DESC)`);
    await q.query(`
      CREATE TABLE audit_event (
        id bigserial PRIMARY KEY,
        actor_id uuid REFERENCES app_user(id) ON DELETE SET NULL,
        actor_role text NOT NULL,
        action text NOT NULL,
        entity text NOT NULL,
        entity_id uuid NOT NULL,
        reason text,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_event_entity_idx ON audit_event (entity, entity_id, at)`);
    await q.query(`
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        kind text NOT NULL,
        title_fr text NOT NULL,
        title_en text NOT NULL,
        entity_id uuid,
        read_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX notification_user_idx ON notification (user_id, read_at, created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['notification', 'audit_event', 'match_suggestion', 'expression_of_interest']) await q.query(`DROP TABLE IF EXISTS ${t}`);
    await q.query(`ALTER TABLE listing DROP COLUMN IF EXISTS review_reason, DROP COLUMN IF EXISTS max_accepted_interests`);
  }
}
