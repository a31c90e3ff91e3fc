import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  publicUrl: string;
  intervalMs?: number;
}

const BATCH = 20;

interface OutboxRow {
  id: string;
  email: string;
  display_name: string;
  locale: 'fr' | 'en';
  kind: string;
  title_fr: string;
  title_en: string;
}

/** The e-mail for a notification, in the recipient's language, with the other language below. */
export function renderEmail(row: Pick<OutboxRow, 'display_name' | 'locale' | 'title_fr' | 'title_en'>, publicUrl: string): { subject: string; text: string } {
  const fr = `Bonjour ${row.display_name},\n\n${row.title_fr}\n\nConsultez la Bourse-partenariats : ${publicUrl}/\n\n— Bourse-partenariats de la coopération décentralisée`;
  const en = `Hello ${row.display_name},\n\n${row.title_en}\n\nSee the partnership exchange: ${publicUrl}/\n\n— Decentralised cooperation partnership exchange`;
  const subject = `[Bourse-partenariats] ${row.locale === 'en' ? row.title_en : row.title_fr}`;
  return { subject, text: row.locale === 'en' ? `${en}\n\n---\n\n${fr}` : `${fr}\n\n---\n\n${en}` };
}

/**
 * Outbox dispatcher: notifications are written in the same transaction as the event; this loop e-mails
 * the ones not yet sent, so a failed SMTP server never loses nor blocks an event. Several processes may
 * run it: each row is claimed with FOR UPDATE SKIP LOCKED.
 */
export class NotificationMailer {
  private transporter: Transporter;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    private readonly ds: DataSource,
    private readonly options: MailerOptions,
  ) {
    this.transporter = nodemailer.createTransport(options.smtpUrl);
  }

  start(): void {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
    this.transporter.close();
  }

  /** Sends pending e-mails once; returns how many were sent. */
  flush(): Promise<number> {
    this.running ??= this.sendPending().finally(() => (this.running = undefined));
    return this.running;
  }

  private async sendPending(): Promise<number> {
    // Direct e-mails (reset links, invitations) are deleted once sent, since they carry a secret link.
    const direct = await this.drain<{ id: string; to_email: string; subject: string; body: string }>(
      `SELECT id, to_email, subject, body FROM mail_outbox WHERE attempts < 5 ORDER BY created_at LIMIT ${BATCH} FOR UPDATE SKIP LOCKED`,
      (row) => ({ to: row.to_email, subject: row.subject, text: row.body }),
      `DELETE FROM mail_outbox WHERE id = $1`,
      `UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = $1`,
    );
    const notifications = await this.drain<OutboxRow>(
      `SELECT n.id, u.email, u.display_name, u.locale, n.kind, n.title_fr, n.title_en FROM notification n JOIN app_user u ON u.id = n.user_id
       WHERE n.emailed_at IS NULL AND n.email_attempts < 5 AND NOT u.disabled ORDER BY n.created_at LIMIT ${BATCH} FOR UPDATE OF n SKIP LOCKED`,
      (row) => ({ to: row.email, ...renderEmail(row, this.options.publicUrl) }),
      `UPDATE notification SET emailed_at = now(), email_attempts = email_attempts + 1 WHERE id = $1`,
      `UPDATE notification SET email_attempts = email_attempts + 1 WHERE id = $1`,
    );
    return direct + notifications;
  }

  /** Claims rows by batches (FOR UPDATE SKIP LOCKED), sends each, and marks it sent or failed in the same transaction. */
  private async drain<R extends { id: string }>(claim: string, mail: (row: R) => { to: string; subject: string; text: string }, sentSql: string, failedSql: string): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.ds.transaction(async (em) => {
        const rows: R[] = await em.query(claim);
        for (const row of rows) {
          const m = mail(row);
          try {
            await this.transporter.sendMail({ from: this.options.from, to: m.to, subject: m.subject, text: m.text });
            await em.query(sentSql, [row.id]);
            sent++;
          } catch {
            await em.query(failedSql, [row.id]);
          }
        }
        return rows.length;
      });
      if (claimed < BATCH) return sent;
    }
  }
}
