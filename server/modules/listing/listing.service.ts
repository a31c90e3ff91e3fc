import type { Context } from '../../context';
import { Idempotency } from '../../common/idempotency';
import { AppError, ErrorCode, badInput, missing } from '../../common/errors';
import { checkPageSize, decodeCursor, type Page } from '../../common/pagination';
import { VersionConflict, definedOnly } from '../../common/results';
import { SqlWhere, returnedRows } from '../../common/sql';
import { normalizeSearch } from '../../common/text';
import { assertCountries, assertId } from '../../common/validation';
import { assertCanEditAuthority, canEditAuthority, canReview } from '../../common/permissions';
import { AuthorityService } from '../authority/authority.service';
import { checkThemePriorities, expandThemes, replaceThemeLinks } from '../theme/theme.service';
import { Listing, ListingStatus } from './listing.entity';
import type { CreateListingInput, ListingFields, ListingFilter, UpdateListingInput } from './listing.inputs';
import { InvalidStatusTransition } from './listing.results';
import { alertSavedSearches, notifyAuthorities, notifyReviewers, recordAudit } from '../workflow/events';

const FIELD_KEYS = ['targetCountries', 'desiredLevels', 'populationMin', 'populationMax', 'languages', 'expectedDurationMonths', 'maxAcceptedInterests'] as const;
const DEFAULT_PUBLICATION_MONTHS = 12;

/** Which status a listing may move to from which. */
const TRANSITIONS: Record<ListingStatus, ListingStatus[]> = {
  [ListingStatus.DRAFT]: [ListingStatus.SUBMITTED, ListingStatus.CLOSED],
  [ListingStatus.SUBMITTED]: [ListingStatus.PUBLISHED, ListingStatus.DRAFT, ListingStatus.CLOSED],
  [ListingStatus.PUBLISHED]: [ListingStatus.EXPIRED, ListingStatus.CLOSED, ListingStatus.SUBMITTED],
  [ListingStatus.EXPIRED]: [ListingStatus.PUBLISHED, ListingStatus.SUBMITTED, ListingStatus.CLOSED],
  [ListingStatus.CLOSED]: [],
};

export function canTransition(from: ListingStatus, to: ListingStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export function searchText(title: string, description: string): string {
  return normalizeSearch(`${title} ${description}`);
}

/** Offers and requests: search, drafting, editing and the status lifecycle. */
export class ListingService {
  constructor(private readonly ctx: Context) {}

  /** The ministry sees every listing; agents see their own authorities' listings at any status. */
  private get seesAllStatuses(): boolean {
    return this.ctx.viewer.role === 'ADMIN' || this.ctx.viewer.role === 'REVIEWER';
  }

  async getById(id: string, field = 'id'): Promise<Listing> {
    const listing = await this.ctx.ds.getRepository(Listing).findOneBy({ id: assertId(id, field) });
    // Unpublished listings are invisible (not merely forbidden) to those who may not see them.
    const visible = listing && (listing.status === ListingStatus.PUBLISHED || this.seesAllStatuses || canEditAuthority(this.ctx, listing.authorityId));
    if (!visible) throw missing(field, 'listing');
    return listing;
  }

  async search(filter: ListingFilter = {}, first?: number | null, after?: string | null): Promise<Page<Listing>> {
    const limit = checkPageSize(first, this.ctx.config.maxPageSize);
    const offset = decodeCursor(after);
    const where = new SqlWhere();
    const statuses = filter.statuses?.length ? filter.statuses : [ListingStatus.PUBLISHED];
    const ownAuthority = !!filter.authorityId && canEditAuthority(this.ctx, filter.authorityId);
    if (!this.seesAllStatuses && !ownAuthority && statuses.some((s) => s !== ListingStatus.PUBLISHED)) {
      throw new AppError(ErrorCode.FORBIDDEN, 'Only published listings are public.', 'filter.statuses', 'FORBIDDEN');
    }
    // One status (the usual case) lets PostgreSQL walk the (status, published_at, created_at, id) index in order.
    where.and((p) => (statuses.length === 1 ? `l.status = ${p(statuses[0])}` : `l.status = ANY(${p(statuses)}::text[])`));
    if (filter.type) where.and((p) => `l.type = ${p(filter.type)}`);
    if (filter.authorityId) where.and((p) => `l.authority_id = ${p(assertId(filter.authorityId!, 'filter.authorityId'))}`);
    if (filter.authorityKind) where.and((p) => `a.kind = ${p(filter.authorityKind)}`);
    if (filter.authorityLevels?.length) where.and((p) => `a.level = ANY(${p(filter.authorityLevels)}::text[])`);
    if (filter.populationMin != null) where.and((p) => `a.population >= ${p(filter.populationMin)}`);
    if (filter.populationMax != null) where.and((p) => `a.population <= ${p(filter.populationMax)}`);
    if (filter.countries?.length) {
      await assertCountries(this.ctx.ds, filter.countries, (i) => `filter.countries[${i}]`);
      where.and((p) => {
        const c = p(filter.countries);
        return `(a.country_code = ANY(${c}::text[]) OR l.target_countries && ${c}::text[])`;
      });
    }
    if (filter.themes?.length) {
      const themes = expandThemes(filter.themes, await this.ctx.loaders.allThemes(), (i) => `filter.themes[${i}]`);
      where.and((p) => `EXISTS (SELECT 1 FROM listing_theme lt WHERE lt.listing_id = l.id AND lt.theme_id = ANY(${p(themes)}::text[]))`);
    }
    if (filter.search != null) {
      const q = normalizeSearch(filter.search);
      if (!q) throw badInput('filter.search', 'The search text needs at least one letter or digit.', 'EMPTY_SEARCH');
      for (const word of q.split(' ')) where.and((p) => `l.search_text LIKE ${p(`%${word}%`)}`);
    }
    // The authority is joined only when a filter needs it.
    const needsAuthority = !!(filter.authorityKind || filter.authorityLevels?.length || filter.populationMin != null || filter.populationMax != null || filter.countries?.length);
    const from = `FROM listing l ${needsAuthority ? 'JOIN local_authority a ON a.id = l.authority_id' : ''} ${where.toSql()}`;
    const rows: { id: string }[] = await this.ctx.ds.query(
      `SELECT l.id ${from} ORDER BY l.published_at DESC NULLS LAST, l.created_at DESC, l.id LIMIT ${limit + 1} OFFSET ${offset}`,
      where.params,
    );
    const ids = rows.slice(0, limit).map((r) => r.id);
    const found = await this.ctx.loaders.listingById.loadMany(ids);
    const byId = new Map(found.filter((l): l is Listing => !!l && !(l instanceof Error)).map((l) => [l.id, l]));
    let count: Promise<number> | undefined;
    return {
      nodes: ids.map((id) => byId.get(id)!).filter(Boolean),
      offset,
      hasNextPage: rows.length > limit,
      count: () => (count ??= this.ctx.ds.query(`SELECT count(*)::int AS n ${from}`, where.params).then((r: { n: number }[]) => Number(r[0].n))),
    };
  }

  async create(input: CreateListingInput): Promise<Listing> {
    const once = new Idempotency(this.ctx, 'createListing', input.idempotencyKey);
    const earlier = await once.previous();
    if (earlier) return this.getById(earlier, 'input.idempotencyKey');
    const authority = await new AuthorityService(this.ctx).getById(input.authorityId, 'input.authorityId');
    assertCanEditAuthority(this.ctx, authority.id, 'input.authorityId');
    await this.checkFields(input);
    await checkThemePriorities(this.ctx.ds, input.themes, 'input.themes');
    return this.ctx.ds.transaction(async (em) => {
      const repo = em.getRepository(Listing);
      const claimed = await once.claim(em);
      if (claimed) return repo.findOneByOrFail({ id: claimed });
      const saved = await repo.save(
        repo.create({
          ...definedOnly(input, [...FIELD_KEYS]),
          targetCountryCodes: input.targetCountries ?? [],
          authorityId: authority.id,
          type: input.type,
          title: input.title.trim(),
          description: input.description.trim(),
          searchText: searchText(input.title, input.description),
          status: ListingStatus.DRAFT,
        }),
      );
      await replaceThemeLinks(em, 'listing_theme', 'listing_id', saved.id, input.themes);
      await once.record(em, saved.id);
      return saved;
    });
  }

  async update(input: UpdateListingInput): Promise<Listing | VersionConflict> {
    const current = await this.getById(input.id, 'input.id');
    assertCanEditAuthority(this.ctx, current.authorityId, 'input.id');
    if (input.title === null) throw badInput('input.title', 'The title cannot be removed.', 'REQUIRED');
    if (input.description === null) throw badInput('input.description', 'The description cannot be removed.', 'REQUIRED');
    if (input.themes === null) throw badInput('input.themes', 'At least one theme is required.', 'REQUIRED');
    if (current.status === ListingStatus.CLOSED) throw badInput('input.id', 'A closed listing can no longer be edited.', 'CLOSED');
    await this.checkFields({ populationMin: current.populationMin ?? undefined, populationMax: current.populationMax ?? undefined, ...definedOnly(input, [...FIELD_KEYS]) });
    await checkThemePriorities(this.ctx.ds, input.themes, 'input.themes');
    const changes: Record<string, unknown> = { ...definedOnly(input, ['populationMin', 'populationMax', 'expectedDurationMonths', 'maxAcceptedInterests']) };
    if (input.targetCountries !== undefined) changes.targetCountryCodes = input.targetCountries ?? [];
    if (input.desiredLevels !== undefined) changes.desiredLevels = input.desiredLevels ?? [];
    if (input.languages !== undefined) changes.languages = input.languages ?? [];
    if (input.title) changes.title = input.title.trim();
    if (input.description) changes.description = input.description.trim();
    changes.searchText = searchText((changes.title as string) ?? current.title, (changes.description as string) ?? current.description);
    return this.ctx.ds.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Listing)
        .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id: current.id, version: input.version })
        .execute();
      if (result.affected !== 1) {
        const latest = await em.getRepository(Listing).findOneByOrFail({ id: current.id });
        return new VersionConflict(latest.version);
      }
      if (input.themes) await replaceThemeLinks(em, 'listing_theme', 'listing_id', current.id, input.themes);
      return em.getRepository(Listing).findOneByOrFail({ id: current.id });
    });
  }

  /**
   * Moves a listing to another status if the lifecycle allows it, in one transaction with its audit entry
   * and notifications. Agents submit, renew and close their listings; reviewers (within their countries)
   * publish or send back with a reason.
   */
  async transition(id: string, to: ListingStatus, options: { expiresAt?: Date | null; reason?: string | null; renew?: boolean } = {}): Promise<Listing | InvalidStatusTransition> {
    const current = await this.getById(id);
    const authority = await new AuthorityService(this.ctx).getById(current.authorityId, 'id');
    const reviewerAction = to === ListingStatus.PUBLISHED || (to === ListingStatus.DRAFT && current.status === ListingStatus.SUBMITTED);
    if (reviewerAction) {
      if (!canReview(this.ctx, authority.countryCode)) throw new AppError(ErrorCode.FORBIDDEN, 'Only the ministry’s reviewers publish or send back listings.', 'id', 'NOT_A_REVIEWER');
    } else {
      assertCanEditAuthority(this.ctx, current.authorityId, 'id');
    }
    // Renewal resubmits a published or expired listing; otherwise only drafts are submitted.
    const renewing = to === ListingStatus.SUBMITTED && current.status !== ListingStatus.DRAFT;
    if (!canTransition(current.status, to) || renewing !== !!options.renew) {
      return new InvalidStatusTransition(current.status, to);
    }
    const set: Record<string, unknown> = { status: to, version: () => 'version + 1', updatedAt: () => 'now()' };
    if (to === ListingStatus.PUBLISHED) {
      const now = new Date();
      const expiry = options.expiresAt ?? addMonths(now, DEFAULT_PUBLICATION_MONTHS);
      if (expiry.getTime() <= now.getTime()) throw badInput('expiresAt', 'The expiry date must be in the future.', 'INVALID_DATE');
      set.publishedAt = now;
      set.expiresAt = expiry;
      set.reviewReason = null;
    }
    if (to === ListingStatus.DRAFT) set.reviewReason = options.reason ?? null;
    return this.ctx.ds.transaction(async (em) => {
      const result = await em
        .createQueryBuilder()
        .update(Listing)
        .set(set)
        .where('id = :id AND status = :status', { id: current.id, status: current.status })
        .execute();
      if (result.affected !== 1) {
        const latest = await em.getRepository(Listing).findOneByOrFail({ id: current.id });
        return new InvalidStatusTransition(latest.status, to);
      }
      const action = options.renew ? 'RENEW' : to === ListingStatus.DRAFT ? 'SEND_BACK' : to;
      await recordAudit(em, this.ctx, `LISTING_${action}`, 'listing', current.id, options.reason);
      const title = current.title;
      if (to === ListingStatus.SUBMITTED) {
        await notifyReviewers(em, authority.countryCode, 'LISTING_SUBMITTED', `Annonce à modérer : ${title}`, `Listing to review: ${title}`, current.id);
      } else if (to === ListingStatus.PUBLISHED) {
        await notifyAuthorities(em, [current.authorityId], 'LISTING_PUBLISHED', `Annonce publiée : ${title}`, `Listing published: ${title}`, current.id);
        await alertSavedSearches(em, current, authority.countryCode);
      } else if (to === ListingStatus.DRAFT) {
        await notifyAuthorities(em, [current.authorityId], 'LISTING_SENT_BACK', `Annonce renvoyée : ${title} — ${options.reason}`, `Listing sent back: ${title} — ${options.reason}`, current.id);
      }
      return em.getRepository(Listing).findOneByOrFail({ id: current.id });
    });
  }

  private async checkFields(input: ListingFields): Promise<void> {
    if (input.populationMin != null && input.populationMax != null && input.populationMin > input.populationMax) {
      throw badInput('input.populationMax', 'populationMax must not be below populationMin.', 'INVALID_RANGE');
    }
    const countries = input.targetCountries ?? [];
    await assertCountries(this.ctx.ds, countries, (i) => `input.targetCountries[${i}]`);
  }
}

/** Marks published listings past their expiry date as EXPIRED; returns how many. */
export async function expireListings(ctx: Pick<Context, 'ds'>): Promise<number> {
  return returnedRows(await ctx.ds.query(`UPDATE listing SET status = 'EXPIRED', version = version + 1, updated_at = now() WHERE status = 'PUBLISHED' AND expires_at <= now() RETURNING id`)).length;
}

function addMonths(date: Date, months: number): Date {
  const d = new Date(date);
  d.setUTCMonth(d.getUTCMonth() + months);
  return d;
}
