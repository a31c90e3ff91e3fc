import type { Context } from '../../context';
import { Idempotency } from '../../common/idempotency';
import { AppError, ErrorCode, badInput, missing } from '../../common/errors';
import { assertCanEditAuthority, canEditAuthority, canReview } from '../../common/permissions';
import { VersionConflict } from '../../common/results';
import { assertCountries, assertId, assertThemes } from '../../common/validation';
import { returnedRows } from '../../common/sql';
import { AuthorityService } from '../authority/authority.service';
import { ListingService } from '../listing/listing.service';
import { ListingStatus } from '../listing/listing.entity';
import { MatchingService } from '../matching/matching.service';
import { expandThemes } from '../theme/theme.service';
import { notifyAuthorities, recordAudit } from './events';
import {
  AuditEvent,
  ExpressionOfInterest,
  InterestCapReached,
  InterestStatus,
  MatchSuggestion,
  Notification,
  SavedSearch,
  SuggestionStatus,
  type ExpressInterestInput,
  type SavedSearchInput,
  type MatchSuggestionFilter,
  type ProposeSuggestionsInput,
} from './workflow.types';

interface InterestRow {
  id: string;
  listing_id: string;
  authority_id: string;
  message: string;
  status: InterestStatus;
  version: number;
  created_at: Date;
  decided_at: Date | null;
}

const toInterest = (r: InterestRow) =>
  Object.assign(new ExpressionOfInterest(), { id: r.id, listingId: r.listing_id, authorityId: r.authority_id, message: r.message, status: r.status, version: r.version, createdAt: r.created_at, decidedAt: r.decided_at });

interface SuggestionRow {
  id: string;
  seeker_id: string;
  candidate_id: string;
  listing_id: string | null;
  score: number;
  factors: MatchSuggestion['factors'];
  status: SuggestionStatus;
  reason: string | null;
  decided_by: string | null;
  decided_at: Date | null;
  version: number;
  created_at: Date;
}

const toSuggestion = (r: SuggestionRow) =>
  Object.assign(new MatchSuggestion(), {
    id: r.id, seekerId: r.seeker_id, candidateId: r.candidate_id, listingId: r.listing_id, score: Number(r.score), factors: r.factors, status: r.status,
    reason: r.reason, decidedBy: r.decided_by, decidedAt: r.decided_at, version: r.version, createdAt: r.created_at,
  });

const toSavedSearch = (r: { id: string; name: string; themes: string[]; countries: string[]; type: string | null; created_at: Date }) =>
  Object.assign(new SavedSearch(), { id: r.id, name: r.name, themes: r.themes, countries: r.countries, type: r.type, createdAt: r.created_at });

const isMinistry = (ctx: Context) => ctx.viewer.role === 'ADMIN' || ctx.viewer.role === 'REVIEWER';

/** Expressions of interest, the ministry's review of match suggestions, audit trail and notifications. */
export class WorkflowService {
  constructor(private readonly ctx: Context) {}

  // ---- Expressions of interest -------------------------------------------------------------

  async expressInterest(input: ExpressInterestInput): Promise<ExpressionOfInterest> {
    const once = new Idempotency(this.ctx, 'expressInterest', input.idempotencyKey);
    const load = async (db: { query: (sql: string, params?: unknown[]) => Promise<InterestRow[]> }, id: string) => toInterest((await db.query(`SELECT * FROM expression_of_interest WHERE id = $1`, [id]))[0]);
    const earlier = await once.previous();
    if (earlier) return load(this.ctx.ds, earlier);
    const listing = await new ListingService(this.ctx).getById(input.listingId, 'input.listingId');
    if (listing.status !== ListingStatus.PUBLISHED) throw badInput('input.listingId', 'Only published listings take expressions of interest.', 'NOT_PUBLISHED');
    const authority = await new AuthorityService(this.ctx).getById(input.authorityId, 'input.authorityId');
    assertCanEditAuthority(this.ctx, authority.id, 'input.authorityId');
    if (authority.id === listing.authorityId) throw badInput('input.authorityId', 'An authority cannot answer its own listing.', 'OWN_LISTING');
    const existing = await this.ctx.ds.query(`SELECT 1 FROM expression_of_interest WHERE listing_id = $1 AND authority_id = $2`, [listing.id, authority.id]);
    if (existing.length) throw badInput('input.listingId', 'This authority already expressed interest in this listing.', 'ALREADY_EXPRESSED');
    return this.ctx.ds.transaction(async (em) => {
      const claimed = await once.claim(em);
      if (claimed) return load(em, claimed);
      const [row]: InterestRow[] = await em.query(
        `INSERT INTO expression_of_interest (listing_id, authority_id, user_id, message, status) VALUES ($1, $2, $3, $4, 'PENDING') RETURNING *`,
        [listing.id, authority.id, this.ctx.viewer.userId ?? null, input.message.trim()],
      );
      await recordAudit(em, this.ctx, 'INTEREST_EXPRESSED', 'expression_of_interest', row.id);
      await notifyAuthorities(em, [listing.authorityId], 'INTEREST_RECEIVED', `${authority.name} s’intéresse à « ${listing.title} »`, `${authority.name} is interested in “${listing.title}”`, row.id);
      await once.record(em, row.id);
      return toInterest(row);
    });
  }

  async respondToInterest(id: string, accept: boolean, version: number): Promise<ExpressionOfInterest | VersionConflict | InterestCapReached> {
    const rows: (InterestRow & { owner: string; max: number | null; title: string })[] = await this.ctx.ds.query(
      `SELECT e.*, l.authority_id AS owner, l.max_accepted_interests AS max, l.title FROM expression_of_interest e JOIN listing l ON l.id = e.listing_id WHERE e.id = $1`,
      [assertId(id, 'id')],
    );
    const current = rows[0];
    if (!current) throw missing('id', 'expression of interest');
    assertCanEditAuthority(this.ctx, current.owner, 'id');
    return this.ctx.ds.transaction(async (em) => {
      // Serialises decisions on one listing, so the cap holds under concurrent accepts.
      await em.query(`SELECT id FROM listing WHERE id = $1 FOR UPDATE`, [current.listing_id]);
      if (accept && current.max != null) {
        const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM expression_of_interest WHERE listing_id = $1 AND status = 'ACCEPTED'`, [current.listing_id]);
        if (n >= current.max) return Object.assign(new InterestCapReached(), { message: `This listing already accepted ${current.max} expression(s) of interest.`, maxAccepted: current.max });
      }
      const updated: InterestRow[] = await em.query(
        `UPDATE expression_of_interest SET status = $2, decided_at = now(), version = version + 1 WHERE id = $1 AND version = $3 AND status = 'PENDING' RETURNING *`,
        [current.id, accept ? 'ACCEPTED' : 'DECLINED', version],
      );
      const row = returnedRows<InterestRow>(updated)[0];
      if (!row) {
        const [latest] = await em.query(`SELECT version FROM expression_of_interest WHERE id = $1`, [current.id]);
        return new VersionConflict(latest.version);
      }
      await recordAudit(em, this.ctx, accept ? 'INTEREST_ACCEPTED' : 'INTEREST_DECLINED', 'expression_of_interest', current.id);
      await notifyAuthorities(
        em,
        [current.authority_id],
        accept ? 'INTEREST_ACCEPTED' : 'INTEREST_DECLINED',
        accept ? `Intérêt accepté : « ${current.title} » — les contacts sont visibles` : `Intérêt décliné : « ${current.title} »`,
        accept ? `Interest accepted: “${current.title}” — contacts are now visible` : `Interest declined: “${current.title}”`,
        current.id,
      );
      return toInterest(row);
    });
  }

  /** Interests received by a listing: its owners and the ministry. */
  async listingInterests(listingId: string): Promise<ExpressionOfInterest[]> {
    const listing = await new ListingService(this.ctx).getById(listingId, 'listingId');
    if (!isMinistry(this.ctx) && !canEditAuthority(this.ctx, listing.authorityId)) throw new AppError(ErrorCode.FORBIDDEN, 'Only the listing’s owners see its expressions of interest.', 'listingId', 'NOT_A_MEMBER');
    const rows: InterestRow[] = await this.ctx.ds.query(`SELECT * FROM expression_of_interest WHERE listing_id = $1 ORDER BY created_at DESC`, [listing.id]);
    return rows.map(toInterest);
  }

  /** Interests sent and received by the viewer's authorities, in one place. */
  async myInterests(): Promise<ExpressionOfInterest[]> {
    const ids = this.ctx.viewer.authorityIds ?? [];
    if (!ids.length) return [];
    const rows: InterestRow[] = await this.ctx.ds.query(
      `SELECT e.* FROM expression_of_interest e JOIN listing l ON l.id = e.listing_id WHERE e.authority_id = ANY($1::uuid[]) OR l.authority_id = ANY($1::uuid[]) ORDER BY e.created_at DESC LIMIT 200`,
      [ids],
    );
    return rows.map(toInterest);
  }

  // ---- Match suggestions under review -----------------------------------------------------

  /** The top suggestions under the criteria not yet in the queue, or exactly the listed candidates, enter the review queue (already queued pairs are skipped). */
  async proposeSuggestions(input: ProposeSuggestionsInput): Promise<MatchSuggestion[]> {
    const seeker = await new AuthorityService(this.ctx).getById(input.authorityId, 'input.authorityId');
    if (!canReview(this.ctx, seeker.countryCode) && !isMinistry(this.ctx)) throw new AppError(ErrorCode.FORBIDDEN, 'Only the ministry proposes suggestions.', 'input.authorityId', 'NOT_A_REVIEWER');
    const only = input.candidateIds?.length ? [...new Set(input.candidateIds.map((id, i) => assertId(id, `input.candidateIds[${i}]`)))] : undefined;
    const { themes, countries, levels, populationRange } = input;
    // The best N not yet in the queue (whatever their status): proposing again brings the next ones, not nothing.
    const queued: { candidate_id: string }[] = only ? [] : await this.ctx.ds.query(`SELECT candidate_id FROM match_suggestion WHERE seeker_id = $1`, [seeker.id]);
    const matching = new MatchingService(this.ctx, this.ctx.matching);
    // Candidates the seeker's agents set aside are not proposed for it, even when named.
    if (only) {
      const setAside = new Set(await matching.setAsideIds(seeker.id));
      const i = input.candidateIds!.findIndex((id) => setAside.has(id.toLowerCase()));
      if (i >= 0) throw badInput(`input.candidateIds[${i}]`, 'The seeker’s agents set this candidate aside: it is not proposed for them.', 'SET_ASIDE');
    }
    const result = await matching.suggest(
      { authorityId: seeker.id, first: only?.length ?? input.first, themes, countries, levels, populationRange },
      { only, exclude: queued.map((q) => q.candidate_id), curated: true },
    );
    if (only) {
      const found = new Set(result.candidates.map((c) => c.authorityId));
      const i = input.candidateIds!.findIndex((id) => !found.has(id.toLowerCase()));
      if (i >= 0) throw badInput(`input.candidateIds[${i}]`, 'Not a candidate for this authority: same side, already a partner, or outside the criteria.', 'NOT_A_CANDIDATE');
    }
    return this.ctx.ds.transaction(async (em) => {
      const out: MatchSuggestion[] = [];
      for (const c of result.candidates) {
        const rows: SuggestionRow[] = await em.query(
          `INSERT INTO match_suggestion (seeker_id, candidate_id, score, factors, status) VALUES ($1, $2, $3, $4::jsonb, 'PROPOSED')
           ON CONFLICT (seeker_id, candidate_id) DO NOTHING RETURNING *`,
          [seeker.id, c.authorityId, c.score, JSON.stringify(c.factors)],
        );
        if (rows[0]) {
          await recordAudit(em, this.ctx, 'SUGGESTION_PROPOSED', 'match_suggestion', rows[0].id);
          out.push(toSuggestion(rows[0]));
        }
      }
      return out;
    });
  }

  async suggestions(filter: MatchSuggestionFilter = {}, first = 50): Promise<MatchSuggestion[]> {
    if (!isMinistry(this.ctx)) throw new AppError(ErrorCode.FORBIDDEN, 'The review queue is for the ministry.', undefined, 'NOT_A_REVIEWER');
    if (first < 1 || first > this.ctx.config.maxPageSize) throw badInput('first', `first must be between 1 and ${this.ctx.config.maxPageSize}.`, 'OUT_OF_RANGE');
    const params: unknown[] = [filter.statuses?.length ? filter.statuses : [SuggestionStatus.PROPOSED]];
    const where = [`s.status = ANY($1::text[])`];
    const scope = this.ctx.viewer.role === 'REVIEWER' ? (this.ctx.viewer.reviewerCountries ?? []) : [];
    if (filter.countries?.length) await assertCountries(this.ctx.ds, filter.countries, (i) => `filter.countries[${i}]`);
    for (const countries of [scope, filter.countries ?? []].filter((c) => c.length)) {
      params.push(countries);
      where.push(`(a.country_code = ANY($${params.length}::text[]) OR b.country_code = ANY($${params.length}::text[]))`);
    }
    if (filter.seekerId) {
      params.push(assertId(filter.seekerId, 'filter.seekerId'));
      where.push(`s.seeker_id = $${params.length}`);
    }
    if (filter.decidedBy) {
      params.push(assertId(filter.decidedBy, 'filter.decidedBy'));
      where.push(`s.decided_by = $${params.length}`);
    }
    if (filter.themes?.length) {
      params.push(expandThemes(filter.themes, await this.ctx.loaders.allThemes(), (i) => `filter.themes[${i}]`));
      const t = `$${params.length}::text[]`;
      where.push(`EXISTS (SELECT 1 FROM authority_theme x WHERE x.authority_id IN (s.seeker_id, s.candidate_id) AND x.theme_id = ANY(${t})
        UNION ALL SELECT 1 FROM relationship r JOIN relationship_theme rt ON rt.relationship_id = r.id WHERE (r.authority_a_id IN (s.seeker_id, s.candidate_id) OR r.authority_b_id IN (s.seeker_id, s.candidate_id)) AND rt.theme_id = ANY(${t}))`);
    }
    params.push(first);
    const rows: SuggestionRow[] = await this.ctx.ds.query(
      `SELECT s.* FROM match_suggestion s JOIN local_authority a ON a.id = s.seeker_id JOIN local_authority b ON b.id = s.candidate_id
       WHERE ${where.join(' AND ')} ORDER BY s.score DESC, s.created_at, s.id LIMIT $${params.length}`,
      params,
    );
    return rows.map(toSuggestion);
  }

  /** Approve (both sides notified, contacts visible to each other) or reject with a reason; one reviewer wins a race. */
  async decideSuggestion(id: string, version: number, approve: boolean, reason: string | null): Promise<MatchSuggestion | VersionConflict> {
    const rows: (SuggestionRow & { seeker_country: string; candidate_country: string; seeker_name: string; candidate_name: string })[] = await this.ctx.ds.query(
      `SELECT s.*, a.country_code AS seeker_country, b.country_code AS candidate_country, a.name AS seeker_name, b.name AS candidate_name
       FROM match_suggestion s JOIN local_authority a ON a.id = s.seeker_id JOIN local_authority b ON b.id = s.candidate_id WHERE s.id = $1`,
      [assertId(id, 'id')],
    );
    const s = rows[0];
    if (!s) throw missing('id', 'match suggestion');
    if (!canReview(this.ctx, s.seeker_country) && !canReview(this.ctx, s.candidate_country)) throw new AppError(ErrorCode.FORBIDDEN, 'This suggestion is outside your countries.', 'id', 'OUT_OF_SCOPE');
    if (!approve && !reason?.trim()) throw badInput('reason', 'A rejection needs a reason.', 'REQUIRED');
    return this.ctx.ds.transaction(async (em) => {
      const updated: SuggestionRow[] = await em.query(
        `UPDATE match_suggestion SET status = $2, reason = $3, decided_by = $4, decided_at = now(), version = version + 1
         WHERE id = $1 AND version = $5 AND status = 'PROPOSED' RETURNING *`,
        [s.id, approve ? 'APPROVED' : 'REJECTED', reason?.trim() || null, this.ctx.viewer.userId ?? null, version],
      );
      const row = returnedRows<SuggestionRow>(updated)[0];
      if (!row) {
        const [latest] = await em.query(`SELECT version FROM match_suggestion WHERE id = $1`, [s.id]);
        return new VersionConflict(latest.version);
      }
      await recordAudit(em, this.ctx, approve ? 'SUGGESTION_APPROVED' : 'SUGGESTION_REJECTED', 'match_suggestion', s.id, reason);
      if (approve) {
        await notifyAuthorities(em, [s.seeker_id], 'SUGGESTION_APPROVED', `Partenaire suggéré par le ministère : ${s.candidate_name}`, `Partner suggested by the ministry: ${s.candidate_name}`, s.id);
        await notifyAuthorities(em, [s.candidate_id], 'SUGGESTION_APPROVED', `Partenaire suggéré par le ministère : ${s.seeker_name}`, `Partner suggested by the ministry: ${s.seeker_name}`, s.id);
      }
      return toSuggestion(row);
    });
  }

  async auditTrail(entityId: string): Promise<AuditEvent[]> {
    if (!isMinistry(this.ctx)) throw new AppError(ErrorCode.FORBIDDEN, 'The audit trail is for the ministry.', undefined, 'NOT_A_REVIEWER');
    const rows: { action: string; actor_role: string; actor_name: string | null; reason: string | null; at: Date }[] = await this.ctx.ds.query(
      `SELECT e.action, e.actor_role, u.display_name AS actor_name, e.reason, e.at FROM audit_event e LEFT JOIN app_user u ON u.id = e.actor_id WHERE e.entity_id = $1 ORDER BY e.at, e.id`,
      [assertId(entityId, 'entityId')],
    );
    return rows.map((r) => Object.assign(new AuditEvent(), { action: r.action, actorRole: r.actor_role, actorName: r.actor_name, reason: r.reason, at: r.at }));
  }

  // ---- Saved searches ---------------------------------------------------------------------

  async createSavedSearch(input: SavedSearchInput): Promise<SavedSearch> {
    // Alerts go to a person: the administrator token is not an account.
    if (!this.ctx.viewer.userId) throw new AppError(ErrorCode.UNAUTHENTICATED, 'Saved searches belong to a signed-in account.', undefined, 'ACCOUNT_REQUIRED');
    await assertThemes(this.ctx.ds, input.themes, (i) => `input.themes[${i}]`);
    await assertCountries(this.ctx.ds, input.countries, (i) => `input.countries[${i}]`);
    const [{ n }] = await this.ctx.ds.query(`SELECT count(*)::int AS n FROM saved_search WHERE user_id = $1`, [this.ctx.viewer.userId]);
    if (n >= 20) throw badInput('input', 'At most 20 saved searches per account.', 'TOO_MANY');
    const [row] = await this.ctx.ds.query(
      `INSERT INTO saved_search (user_id, name, themes, countries, type) VALUES ($1, $2, $3::text[], $4::text[], $5) RETURNING *`,
      [this.ctx.viewer.userId, input.name.trim(), input.themes, input.countries, input.type ?? null],
    );
    return toSavedSearch(row);
  }

  async savedSearches(): Promise<SavedSearch[]> {
    const rows = await this.ctx.ds.query(`SELECT * FROM saved_search WHERE user_id = $1 ORDER BY created_at`, [this.ctx.viewer.userId]);
    return rows.map(toSavedSearch);
  }

  async deleteSavedSearch(id: string): Promise<boolean> {
    return returnedRows(await this.ctx.ds.query(`DELETE FROM saved_search WHERE id = $1 AND user_id = $2 RETURNING id`, [assertId(id, 'id'), this.ctx.viewer.userId])).length === 1;
  }

  // ---- Notifications ----------------------------------------------------------------------

  async notifications(unreadOnly: boolean, first: number): Promise<Notification[]> {
    if (first < 1 || first > this.ctx.config.maxPageSize) throw badInput('first', `first must be between 1 and ${this.ctx.config.maxPageSize}.`, 'OUT_OF_RANGE');
    const rows: { id: string; kind: string; title_fr: string; title_en: string; entity_id: string | null; read_at: Date | null; created_at: Date }[] = await this.ctx.ds.query(
      `SELECT * FROM notification WHERE user_id = $1 AND ($2::boolean = false OR read_at IS NULL) ORDER BY created_at DESC, id LIMIT $3`,
      [this.ctx.viewer.userId, unreadOnly, first],
    );
    return rows.map((r) => Object.assign(new Notification(), { id: r.id, kind: r.kind, titleFr: r.title_fr, titleEn: r.title_en, entityId: r.entity_id, readAt: r.read_at, createdAt: r.created_at }));
  }

  async unreadCount(): Promise<number> {
    const [{ n }] = await this.ctx.ds.query(`SELECT count(*)::int AS n FROM notification WHERE user_id = $1 AND read_at IS NULL`, [this.ctx.viewer.userId]);
    return n;
  }

  async markRead(ids: string[] | undefined): Promise<number> {
    const params: unknown[] = [this.ctx.viewer.userId];
    let extra = '';
    if (ids) {
      params.push(ids.map((id, i) => assertId(id, `ids[${i}]`)));
      extra = 'AND id = ANY($2::uuid[])';
    }
    return returnedRows(await this.ctx.ds.query(`UPDATE notification SET read_at = now() WHERE user_id = $1 AND read_at IS NULL ${extra} RETURNING id`, params)).length;
  }
}

