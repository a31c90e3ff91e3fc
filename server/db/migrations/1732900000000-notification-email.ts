import type { MigrationInterface, QueryRunner } from 'typeorm';

/** E-mail outbox: notifications not yet e-mailed (only used when SMTP is configured). */
export class NotificationEmail1732900000000 implements MigrationInterface {
  name = 'NotificationEmail1732900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE notification ADD COLUMN emailed_at timestamptz, ADD COLUMN email_attempts integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX notification_outbox_idx ON notification (created_at) WHERE emailed_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS notification_outbox_idx`);
    await q.query(`ALTER TABLE notification DROP COLUMN IF EXISTS emailed_at, DROP COLUMN IF EXISTS email_attempts`);
  }
}
