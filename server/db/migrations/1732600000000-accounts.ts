import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Accounts, memberships of authorities, server-side sessions and sign-in attempts (for rate limiting). */
export class Accounts1732600000000 implements MigrationInterface {
  name = 'Accounts1732600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE app_user (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email) AND length(email) <= 254),
        password_hash text NOT NULL,
        display_name text NOT NULL,
        role text NOT NULL CHECK (role IN ('AGENT', 'REVIEWER', 'ADMIN')),
        reviewer_countries text[] NOT NULL DEFAULT '{}',
        locale text NOT NULL DEFAULT 'fr' CHECK (locale IN ('fr', 'en')),
        disabled boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX app_user_email_uq ON app_user (email)`);
    await q.query(`
      CREATE TABLE authority_membership (
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, authority_id)
      )`);
    await q.query(`CREATE INDEX authority_membership_authority_idx ON authority_membership (authority_id)`);
    await q.query(`
      CREATE TABLE user_session (
        token_hash text PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz
      )`);
    await q.query(`CREATE INDEX user_session_user_idx ON user_session (user_id)`);
    await q.query(`
      CREATE TABLE sign_in_attempt (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        ip text NOT NULL,
        succeeded boolean NOT NULL,
        at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sign_in_attempt_email_idx ON sign_in_attempt (email, at)`);
    await q.query(`CREATE INDEX sign_in_attempt_ip_idx ON sign_in_attempt (ip, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['sign_in_attempt', 'user_session', 'authority_membership', 'app_user']) await q.query(`DROP TABLE IF EXISTS ${t}`);
  }
}
