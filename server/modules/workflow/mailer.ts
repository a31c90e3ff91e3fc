import nodemailer, { type Transporter } from 'nodemailer';
import type { DataSource } from 'typeorm';
import { returnedRows } from '../../common/sql';

export interface MailerOptions {
  smtpUrl: string;
  from: string;
  publicUrl: string;
  intervalMs?: number;
}

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
    return (await this.sendDirect()) + (await this.sendNotifications());
  }

  /** Direct e-mails (reset links, invitations): deleted once sent, since they carry a secret link. */
  private async sendDirect(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.ds.transaction(async (em) => {
        const rows: { id: string; to_email: string; subject: string; body: string }[] = await em.query(
          `SELECT id, to_email, subject, body FROM mail_outbox WHERE attempts < 5 ORDER BY created_at LIMIT 20 FOR UPDATE SKIP LOCKED`,
        );
        for (const row of rows) {
          try {
            await this.transporter.sendMail({ from: this.options.from, to: row.to_email, subject: row.subject, text: row.body });
            await em.query(`DELETE FROM mail_outbox WHERE id = $1`, [row.id]);
            sent++;
          } catch {
            await em.query(`UPDATE mail_outbox SET attempts = attempts + 1 WHERE id = $1`, [row.id]);
          }
        }
        return rows.length;
      });
      if (claimed < 20) return sent;
    }
  }

  private async sendNotifications(): Promise<number> {
    let sent = 0;
    for (;;) {
      const claimed = await this.ds.transaction(async (em) => {
        const rows: OutboxRow[] = await em.query(
          `SELECT n.id, u.email, u.display_name, u.locale, n.kind, n.title_fr, n.title_en FROM notification n JOIN app_user u ON u.id = n.user_id
           WHERE n.emailed_at IS NULL AND n.email_attempts < 5 AND NOT u.disabled ORDER BY n.created_at LIMIT 20 FOR UPDATE OF n SKIP LOCKED`,
        );
        for (const row of rows) {
          const mail = renderEmail(row, this.options.publicUrl);
          try {
            await this.transporter.sendMail({ from: this.options.from, to: row.email, subject: mail.subject, text: mail.text });
            await em.query(`UPDATE notification SET emailed_at = now(), email_attempts = email_attempts + 1 WHERE id = $1`, [row.id]);
            sent++;
          } catch {
            returnedRows(await em.query(`UPDATE notification SET email_attempts = email_attempts + 1 WHERE id = $1 RETURNING id`, [row.id]));
          }
        }
        return rows.length;
      });
      if (claimed < 20) return sent;
    }
  }
}
