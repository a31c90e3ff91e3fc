import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Account administration: password resets (one-time tokens, only their hash stored) and an outbox of direct
 * e-mails (reset links, invitations) to addresses that may have no account yet. A row of the outbox holds a secret
 * link: it is deleted once sent, and never read by the API.
 */
export class AccountAdministration1733500000000 implements MigrationInterface {
  name = 'AccountAdministration1733500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_reset (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX password_reset_user_idx ON password_reset (user_id, created_at)`);
    await q.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_email text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        attempts int NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS mail_outbox`);
    await q.query(`DROP TABLE IF EXISTS password_reset`);
  }
}
