import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Invitations: an administrator invites a reviewer (or agent); the invitee chooses a password with a one-time token. */
export class Invitations1733000000000 implements MigrationInterface {
  name = 'Invitations1733000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE invitation (
        token_hash text PRIMARY KEY,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('AGENT', 'REVIEWER', 'ADMIN')),
        reviewer_countries text[] NOT NULL DEFAULT '{}',
        authority_id uuid REFERENCES local_authority(id) ON DELETE CASCADE,
        invited_by uuid REFERENCES app_user(id) ON DELETE SET NULL,
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS invitation`);
  }
}
