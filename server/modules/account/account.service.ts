import { createHash, randomBytes } from 'node:crypto';
import { hash, verify, Algorithm } from '@node-rs/argon2';
import type { DataSource, EntityManager } from 'typeorm';
import type { Context, Viewer } from '../../context';
import { AppError, ErrorCode, badInput } from '../../common/errors';
import { assertCountries, assertId } from '../../common/validation';
import { AuthorityService } from '../authority/authority.service';
import type { AcceptInvitationInput, CreateUserInput, Invitation, InviteUserInput, RequestPasswordResetInput, ResetPasswordInput, SetUserRoleInput, SignInInput, SignUpInput, User } from './account.types';
import { invitationEmail, passwordResetEmail } from './account.emails';
import { returnedRows } from '../../common/sql';
import { checkPageSize } from '../../common/pagination';
import { UserRole } from './account.types';

export const SESSION_COOKIE = 'bp_session';
const SESSION_DAYS = 30;
const WINDOW_MINUTES = 15;
const MAX_FAILURES_PER_EMAIL = 5;
const MAX_FAILURES_PER_IP = 30;
const RESET_MINUTES = 60;
const MAX_RESETS_PER_HOUR = 3;
/** A valid hash to verify against when the e-mail is unknown, so both cases take the same time. */
let dummyHash: Promise<string> | undefined;

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');

interface UserRow {
  id: string;
  disabled: boolean;
  email: string;
  display_name: string;
  role: UserRole;
  reviewer_countries: string[];
  locale: string;
  authority_ids: string[] | null;
}

function toUser(r: UserRow): User {
  return { id: r.id, disabled: r.disabled, email: r.email, displayName: r.display_name, role: r.role, reviewerCountries: r.reviewer_countries, locale: r.locale, authorityIds: r.authority_ids ?? [] };
}

const USER_SELECT = `SELECT u.id, u.disabled, u.email, u.display_name, u.role, u.reviewer_countries, u.locale,
  (SELECT array_agg(m.authority_id) FROM authority_membership m WHERE m.user_id = u.id) AS authority_ids FROM app_user u`;

/** The viewer behind a session cookie: one statement; unknown, expired or revoked sessions are anonymous. */
export async function viewerFromSession(ds: DataSource, token: string | undefined): Promise<Viewer> {
  if (!token || token.length > 100) return { role: 'ANONYMOUS' };
  const rows: UserRow[] = await ds.query(
    `${USER_SELECT} JOIN user_session s ON s.user_id = u.id
     WHERE s.token_hash = $1 AND s.revoked_at IS NULL AND s.expires_at > now() AND NOT u.disabled`,
    [hashToken(token)],
  );
  const u = rows[0];
  if (!u) return { role: 'ANONYMOUS' };
  return { role: u.role, userId: u.id, authorityIds: u.authority_ids ?? [], reviewerCountries: u.reviewer_countries };
}

/** Sign-up, sign-in with rate limiting, sign-out, and account administration. */
export class AccountService {
  constructor(private readonly ctx: Context) {}

  async me(): Promise<User | null> {
    return this.ctx.viewer.userId ? this.readUser(this.ctx.viewer.userId) : null;
  }

  async signUp(input: SignUpInput): Promise<User> {
    const id = await this.insertUser(this.ctx.ds, { ...input, role: UserRole.AGENT, reviewerCountries: [] });
    await this.openSession(id);
    return (await this.readUser(id))!;
  }

  async createUser(input: CreateUserInput): Promise<User> {
    if (input.reviewerCountries?.length) await assertCountries(this.ctx.ds, input.reviewerCountries, (i) => `input.reviewerCountries[${i}]`);
    return (await this.readUser(await this.insertUser(this.ctx.ds, { ...input, reviewerCountries: input.reviewerCountries ?? [] })))!;
  }

  async signIn(input: SignInInput): Promise<User> {
    const email = input.email.trim().toLowerCase();
    const ip = this.ctx.http?.ip ?? 'unknown';
    const [{ by_email, by_ip }] = await this.ctx.ds.query(
      `SELECT count(*) FILTER (WHERE email = $1)::int AS by_email, count(*) FILTER (WHERE ip = $2)::int AS by_ip
       FROM sign_in_attempt WHERE NOT succeeded AND at > now() - make_interval(mins => $3)`,
      [email, ip, WINDOW_MINUTES],
    );
    if (by_email >= MAX_FAILURES_PER_EMAIL || by_ip >= MAX_FAILURES_PER_IP) {
      throw new AppError(ErrorCode.TOO_MANY_REQUESTS, `Too many failed sign-in attempts. Try again in ${WINDOW_MINUTES} minutes.`, 'input.email', 'RATE_LIMITED');
    }
    const rows: { id: string; password_hash: string; disabled: boolean }[] = await this.ctx.ds.query(`SELECT id, password_hash, disabled FROM app_user WHERE email = $1`, [email]);
    const row = rows[0];
    dummyHash ??= hash('not a password', { algorithm: Algorithm.Argon2id });
    const ok = await verify(row?.password_hash ?? (await dummyHash), input.password);
    const succeeded = !!row && ok && !row.disabled;
    await this.ctx.ds.query(`INSERT INTO sign_in_attempt (email, ip, succeeded) VALUES ($1, $2, $3)`, [email, ip, succeeded]);
    if (!succeeded) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Wrong e-mail or password.', 'input.password', 'BAD_CREDENTIALS');
    await this.openSession(row.id);
    return (await this.readUser(row.id))!;
  }

  async signOut(token: string | undefined): Promise<boolean> {
    if (token) await this.ctx.ds.query(`UPDATE user_session SET revoked_at = now() WHERE token_hash = $1 AND revoked_at IS NULL`, [hashToken(token)]);
    this.ctx.http?.clearSessionCookie();
    return true;
  }

  /** Administrators invite someone; the token is returned once (and only its hash is stored). */
  async invite(input: InviteUserInput): Promise<Invitation> {
    const email = input.email.trim().toLowerCase();
    if ((await this.ctx.ds.query(`SELECT 1 FROM app_user WHERE email = $1`, [email])).length) throw badInput('input.email', 'An account already exists for this e-mail.', 'EMAIL_TAKEN');
    if (input.reviewerCountries?.length) await assertCountries(this.ctx.ds, input.reviewerCountries, (i) => `input.reviewerCountries[${i}]`);
    const authorityId = input.authorityId ? (await new AuthorityService(this.ctx).getById(input.authorityId, 'input.authorityId')).id : null;
    const token = randomBytes(32).toString('base64url');
    const [row] = await this.ctx.ds.query(
      `INSERT INTO invitation (token_hash, email, role, reviewer_countries, authority_id, invited_by, expires_at)
       VALUES ($1, $2, $3, $4::text[], $5, $6, now() + interval '14 days') RETURNING expires_at`,
      [hashToken(token), email, input.role, input.reviewerCountries ?? [], authorityId, this.ctx.viewer.userId ?? null],
    );
    if (this.ctx.config.smtpUrl) {
      const mail = invitationEmail(this.ctx.config.publicUrl, token, input.role);
      await this.ctx.ds.query(`INSERT INTO mail_outbox (to_email, subject, body) VALUES ($1, $2, $3)`, [email, mail.subject, mail.text]);
    }
    return { email, role: input.role, token, expiresAt: row.expires_at };
  }

  /** The invitee sets a password: the account is created with the invited role (and authority) and signed in. */
  async acceptInvitation(input: AcceptInvitationInput): Promise<User> {
    const user = await this.ctx.ds.transaction(async (em) => {
      const rows = returnedRows<{ email: string; role: UserRole; reviewer_countries: string[]; authority_id: string | null }>(
        await em.query(
          `UPDATE invitation SET accepted_at = now() WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > now() RETURNING email, role, reviewer_countries, authority_id`,
          [hashToken(input.token)],
        ),
      );
      const inv = rows[0];
      if (!inv) throw badInput('input.token', 'This invitation is unknown, used or expired.', 'INVALID_INVITATION');
      const id = await this.insertUser(em, { ...input, email: inv.email, role: inv.role, reviewerCountries: inv.reviewer_countries }, 'input.token');
      if (inv.authority_id) await em.query(`INSERT INTO authority_membership (user_id, authority_id) VALUES ($1, $2)`, [id, inv.authority_id]);
      return id;
    });
    await this.openSession(user);
    return (await this.readUser(user))!;
  }

  /**
   * Sends a one-time reset link (valid an hour) when the e-mail belongs to an active account and SMTP is configured.
   * Always answers true, so that the answer does not tell whether an account exists; at most 3 links an hour per account.
   */
  async requestPasswordReset(input: RequestPasswordResetInput): Promise<boolean> {
    const email = input.email.trim().toLowerCase();
    const [user]: { id: string; locale: string; recent: number }[] = await this.ctx.ds.query(
      `SELECT u.id, u.locale, (SELECT count(*)::int FROM password_reset r WHERE r.user_id = u.id AND r.created_at > now() - interval '1 hour') AS recent
       FROM app_user u WHERE u.email = $1 AND NOT u.disabled`,
      [email],
    );
    if (!user || user.recent >= MAX_RESETS_PER_HOUR || !this.ctx.config.smtpUrl) return true;
    const token = randomBytes(32).toString('base64url');
    const mail = passwordResetEmail(this.ctx.config.publicUrl, token, user.locale === 'en' ? 'en' : 'fr', RESET_MINUTES);
    await this.ctx.ds.transaction(async (em) => {
      await em.query(`INSERT INTO password_reset (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`, [hashToken(token), user.id, RESET_MINUTES]);
      await em.query(`INSERT INTO mail_outbox (to_email, subject, body) VALUES ($1, $2, $3)`, [email, mail.subject, mail.text]);
    });
    return true;
  }

  /** Sets a new password with a reset link's token: every session of the account is revoked, then the user is signed in. */
  async resetPassword(input: ResetPasswordInput): Promise<User> {
    const passwordHash = await hash(input.password, { algorithm: Algorithm.Argon2id });
    const userId = await this.ctx.ds.transaction(async (em) => {
      const rows = returnedRows<{ user_id: string }>(
        await em.query(
          `UPDATE password_reset r SET used_at = now() FROM app_user u
           WHERE r.token_hash = $1 AND r.used_at IS NULL AND r.expires_at > now() AND u.id = r.user_id AND NOT u.disabled RETURNING r.user_id`,
          [hashToken(input.token)],
        ),
      );
      const id = rows[0]?.user_id;
      if (!id) throw badInput('input.token', 'This link is unknown, used or expired.', 'INVALID_RESET_TOKEN');
      await em.query(`UPDATE app_user SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
      await em.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
      await em.query(`UPDATE password_reset SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [id]);
      return id;
    });
    await this.openSession(userId);
    return (await this.readUser(userId))!;
  }

  /** Administrators list accounts (by e-mail or name), newest first. */
  async users(first: number, search?: string | null): Promise<User[]> {
    const limit = checkPageSize(first, this.ctx.config.maxPageSize, 50);
    if (search && (search.length > 200 || search.includes('\u0000'))) throw badInput('search', 'The search is too long or holds a NUL character.', 'INVALID_SEARCH');
    const q = search?.trim().toLowerCase();
    const rows: UserRow[] = await this.ctx.ds.query(
      `${USER_SELECT} WHERE ($1::text IS NULL OR u.email LIKE '%' || $1 || '%' OR lower(u.display_name) LIKE '%' || $1 || '%') ORDER BY u.created_at DESC, u.id LIMIT $2`,
      [q ? q.replace(/[\\%_]/g, (c) => `\\${c}`) : null, limit],
    );
    return rows.map(toUser);
  }

  /** Administrators disable an account (its sessions are revoked at once) or enable it again. */
  async setDisabled(userId: string, disabled: boolean): Promise<User> {
    const id = assertId(userId, 'userId');
    if (id === this.ctx.viewer.userId && disabled) throw badInput('userId', 'You cannot disable your own account.', 'SELF_DISABLE');
    await this.ctx.ds.transaction(async (em) => {
      const rows = returnedRows(await em.query(`UPDATE app_user SET disabled = $2 WHERE id = $1 RETURNING id`, [id, disabled]));
      if (!rows.length) throw badInput('userId', 'No user has this id.', 'UNKNOWN_USER');
      if (disabled) await em.query(`UPDATE user_session SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [id]);
    });
    return (await this.readUser(id))!;
  }

  /** Administrators change a role (and a reviewer's countries). An administrator cannot demote themselves. */
  async setRole(input: SetUserRoleInput): Promise<User> {
    const id = assertId(input.userId, 'input.userId');
    if (id === this.ctx.viewer.userId && input.role !== UserRole.ADMIN) throw badInput('input.role', 'You cannot remove your own administrator role.', 'SELF_DEMOTE');
    const countries = input.role === UserRole.REVIEWER ? (input.reviewerCountries ?? []) : [];
    if (countries.length) await assertCountries(this.ctx.ds, countries, (i) => `input.reviewerCountries[${i}]`);
    const rows = returnedRows(await this.ctx.ds.query(`UPDATE app_user SET role = $2, reviewer_countries = $3::text[] WHERE id = $1 RETURNING id`, [id, input.role, countries]));
    if (!rows.length) throw badInput('input.userId', 'No user has this id.', 'UNKNOWN_USER');
    return (await this.readUser(id))!;
  }

  /** Administrators attach an agent to an authority. */
  async addMembership(userId: string, authorityId: string): Promise<User> {
    const id = assertId(userId, 'userId');
    const authority = await new AuthorityService(this.ctx).getById(authorityId, 'authorityId');
    const user = await this.readUser(id);
    if (!user) throw badInput('userId', 'No user has this id.', 'UNKNOWN_USER');
    if (user.role !== UserRole.AGENT) throw badInput('userId', 'Only agents act for authorities.', 'NOT_AN_AGENT');
    await this.ctx.ds.query(`INSERT INTO authority_membership (user_id, authority_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [id, authority.id]);
    return (await this.readUser(id))!;
  }

  /** Creates an account (Argon2id hash); a taken e-mail is a BAD_USER_INPUT on `emailField`. Returns the new id. */
  private async insertUser(
    db: DataSource | EntityManager,
    u: { email: string; password: string; displayName: string; locale?: string; role: UserRole; reviewerCountries: string[] },
    emailField = 'input.email',
  ): Promise<string> {
    const email = u.email.trim().toLowerCase();
    if ((await db.query(`SELECT 1 FROM app_user WHERE email = $1`, [email])).length) throw badInput(emailField, 'An account already exists for this e-mail.', 'EMAIL_TAKEN');
    const passwordHash = await hash(u.password, { algorithm: Algorithm.Argon2id });
    const [row] = await db.query(
      `INSERT INTO app_user (email, password_hash, display_name, role, reviewer_countries, locale) VALUES ($1, $2, $3, $4, $5::text[], $6) RETURNING id`,
      [email, passwordHash, u.displayName.trim(), u.role, u.reviewerCountries, u.locale ?? 'fr'],
    );
    return row.id;
  }

  private async readUser(id: string): Promise<User | null> {
    const rows: UserRow[] = await this.ctx.ds.query(`${USER_SELECT} WHERE u.id = $1`, [id]);
    return rows[0] ? toUser(rows[0]) : null;
  }

  private async openSession(userId: string): Promise<void> {
    const token = randomBytes(32).toString('base64url');
    await this.ctx.ds.query(`INSERT INTO user_session (token_hash, user_id, expires_at) VALUES ($1, $2, now() + make_interval(days => $3))`, [hashToken(token), userId, SESSION_DAYS]);
    this.ctx.http?.setSessionCookie(token, SESSION_DAYS * 24 * 3600);
  }
}
