import type { EntityManager } from 'typeorm';
import { Idempotency } from '../../common/idempotency';
import type { Context } from '../../context';
import { AppError, ErrorCode, badInput, missing, notFound } from '../../common/errors';
import { checkPageSize, decodeCursor, type Page } from '../../common/pagination';
import { SqlWhere } from '../../common/sql';
import { normalizeSearch } from '../../common/text';
import { VersionConflict, definedOnly } from '../../common/results';
import { assertCountries, assertDistinct, assertId, assertThemes } from '../../common/validation';
import { assertCanEditAuthority, canReview } from '../../common/permissions';
import { expandThemes } from '../theme/theme.service';
import { Contact, ForeignActor, LocalAuthority } from './authority.entity';
import { AuthorityKind, AuthorityLevel, FOREIGN_LEVELS, FRENCH_LEVELS } from './authority.enums';
import type { CreateLocalAuthorityInput, LocalAuthorityFilter, MergeLocalAuthoritiesInput, SetContactsInput, SetForeignActorsInput, UpdateLocalAuthorityInput } from './authority.inputs';
import { MergeNotReversible, mergeAuthorityInto, undoMerge, type MergeCounts } from './authority-merge';
import type { AuthorityMergeRecord, AuthorityMergeUndo, MergeOriginType } from './authority-merge.resolver';
import { findDuplicateSuspects, type DuplicateSuspectRow } from './authority-duplicates';
import { notifyAuthorities, recordAudit } from '../workflow/events';

const PROFILE_KEYS = ['population', 'areaKm2', 'latitude', 'longitude', 'address', 'website', 'description', 'mainActivities', 'languages', 'wikidataId'] as const;

/** Local authorities and their fiches: search, creation, updates, contacts and foreign actors. */
export class AuthorityService {
  constructor(private readonly ctx: Context) {}

  async getById(id: string, field = 'id'): Promise<LocalAuthority> {
    const authority = await this.ctx.loaders.authorityById.load(assertId(id, field));
    if (!authority) throw missing(field, 'local authority');
    return authority;
  }

  /**
   * An authority read with its fiche in one statement (`ficheById`): themes and foreign actors, and its
   * relationships and listings (of these statuses) when asked for.
   */
  async getFiche(id: string, withRelationships: boolean, listingStatuses: readonly string[] | null): Promise<LocalAuthority> {
    const authority = await this.ctx.loaders.ficheById.load(`${assertId(id, 'id')}|${withRelationships ? 1 : 0}|${listingStatuses?.join(',') ?? ''}`);
    if (!authority) throw missing('id', 'local authority');
    return authority;
  }

  async search(filter: LocalAuthorityFilter = {}, first?: number | null, after?: string | null): Promise<Page<LocalAuthority>> {
    const limit = checkPageSize(first, this.ctx.config.maxPageSize);
    const offset = decodeCursor(after);
    const where = new SqlWhere();
    let q: string | undefined;
    if (filter.search !== undefined && filter.search !== null) {
      q = normalizeSearch(filter.search);
      if (q.length === 0) throw badInput('filter.search', 'The search text needs at least one letter or digit.', 'EMPTY_SEARCH');
      const pattern = `%${q}%`;
      where.and((p) => `a.search_name LIKE ${p(pattern)}`);
    }
    if (filter.countries?.length) {
      await assertCountries(this.ctx.ds, filter.countries, (i) => `filter.countries[${i}]`);
      where.and((p) => `a.country_code = ANY(${p(filter.countries)}::text[])`);
    }
    if (filter.kind) where.and((p) => `a.kind = ${p(filter.kind)}`);
    if (filter.levels?.length) where.and((p) => `a.level = ANY(${p(filter.levels)}::text[])`);
    if (filter.populationMin != null && filter.populationMax != null && filter.populationMin > filter.populationMax) {
      throw badInput('filter.populationMax', 'populationMax must not be below populationMin.', 'INVALID_RANGE');
    }
    if (filter.populationMin != null) where.and((p) => `a.population >= ${p(filter.populationMin)}`);
    if (filter.populationMax != null) where.and((p) => `a.population <= ${p(filter.populationMax)}`);
    if (filter.departementCode) where.and((p) => `a.departement_code = ${p(filter.departementCode)}`);
    if (filter.themes?.length) {
      const themes = expandThemes(filter.themes, await this.ctx.loaders.allThemes(), (i) => `filter.themes[${i}]`);
      where.and((p) => {
        const t = p(themes);
        return `a.id IN (
          SELECT authority_id FROM authority_theme WHERE theme_id = ANY(${t}::text[])
          UNION SELECT r.authority_a_id FROM relationship r JOIN relationship_theme rt ON rt.relationship_id = r.id WHERE rt.theme_id = ANY(${t}::text[])
          UNION SELECT r.authority_b_id FROM relationship r JOIN relationship_theme rt ON rt.relationship_id = r.id WHERE rt.theme_id = ANY(${t}::text[])
          UNION SELECT l.authority_id FROM listing l JOIN listing_theme lt ON lt.listing_id = l.id WHERE l.status = 'PUBLISHED' AND lt.theme_id = ANY(${t}::text[]))`;
      });
    }

    const sqlWhere = where.toSql();
    const countParams = [...where.params];
    let order = 'a.population DESC NULLS LAST, a.name, a.id';
    if (q !== undefined) {
      // Exact name first, then names starting with the text, then the rest; larger places first.
      order = `CASE WHEN a.search_name = ${where.param(q)} THEN 0 WHEN a.search_name LIKE ${where.param(`${q}%`)} THEN 1 ELSE 2 END, ${order}`;
    }
    const rows: { id: string }[] = await this.ctx.ds.query(
      `SELECT a.id FROM local_authority a ${sqlWhere} ORDER BY ${order} LIMIT ${limit + 1} OFFSET ${offset}`,
      where.params,
    );
    const ids = rows.slice(0, limit).map((r) => r.id);
    const nodes = (await this.ctx.loaders.authorityById.loadMany(ids)) as LocalAuthority[];
    let count: Promise<number> | undefined;
    return {
      nodes,
      offset,
      hasNextPage: rows.length > limit,
      count: () =>
        (count ??= this.ctx.ds
          .query(`SELECT count(*)::int AS n FROM local_authority a ${sqlWhere}`, countParams)
          .then((r: { n: number }[]) => Number(r[0].n))),
    };
  }

  async create(input: CreateLocalAuthorityInput): Promise<LocalAuthority> {
    const once = new Idempotency(this.ctx, 'createLocalAuthority', input.idempotencyKey);
    const earlier = await once.previous();
    if (earlier) return this.getById(earlier, 'input.idempotencyKey');
    // Any signed-in user may add a missing authority (resolver: @Authorized); an agent then acts for it.
    const kind = input.countryCode === 'FR' ? AuthorityKind.FRENCH : AuthorityKind.FOREIGN;
    this.checkLevel(kind, input.level);
    await assertCountries(this.ctx.ds, [input.countryCode], () => 'input.countryCode');
    await this.checkThemes(input.themes);
    return this.ctx.ds.transaction(async (em) => {
      const repo = em.getRepository(LocalAuthority);
      const claimed = await once.claim(em);
      if (claimed) return repo.findOneByOrFail({ id: claimed });
      const entity = repo.create({
        ...definedOnly(input, [...PROFILE_KEYS]),
        name: input.name.trim(),
        searchName: normalizeSearch(input.name),
        kind,
        level: input.level,
        countryCode: input.countryCode,
        inseeCode: input.inseeCode ?? null,
        siren: input.siren ?? null,
        geonamesId: input.geonamesId ?? null,
        source: 'user',
      });
      const saved = await repo.save(entity);
      if (input.themes) await this.replaceThemes(em, saved.id, input.themes);
      if (this.ctx.viewer.role === 'AGENT' && this.ctx.viewer.userId) {
        await em.query(`INSERT INTO authority_membership (user_id, authority_id) VALUES ($1, $2)`, [this.ctx.viewer.userId, saved.id]);
        this.ctx.viewer.authorityIds = [...(this.ctx.viewer.authorityIds ?? []), saved.id];
      }
      await once.record(em, saved.id);
      return saved;
    });
  }

  async update(input: UpdateLocalAuthorityInput): Promise<LocalAuthority | VersionConflict> {
    const id = assertId(input.id, 'input.id');
    assertCanEditAuthority(this.ctx, id, 'input.id');
    if (input.name === null) throw badInput('input.name', 'The name cannot be removed.', 'REQUIRED');
    await this.checkThemes(input.themes ?? undefined);
    const changes: Record<string, unknown> = { ...definedOnly(input, [...PROFILE_KEYS]) };
    if (input.mainActivities === null) changes.mainActivities = [];
    if (input.languages === null) changes.languages = [];
    if (input.name) {
      changes.name = input.name.trim();
      changes.searchName = normalizeSearch(input.name);
    }
    return this.ctx.ds.transaction(async (em) => {
      const repo = em.getRepository(LocalAuthority);
      const result = await repo
        .createQueryBuilder()
        .update(LocalAuthority)
        .set({ ...changes, version: () => 'version + 1', updatedAt: () => 'now()' })
        .where('id = :id AND version = :version', { id, version: input.version })
        .execute();
      if (result.affected !== 1) {
        const current = await repo.findOneBy({ id });
        if (!current) throw notFound('input.id', 'No local authority has this id.');
        return new VersionConflict(current.version);
      }
      if (input.themes !== undefined) await this.replaceThemes(em, id, input.themes ?? []);
      return (await repo.findOneByOrFail({ id }))!;
    });
  }

  /** Records that may repeat a reference record (administrators; resolver: @Authorized('ADMIN')). */
  async duplicateSuspects(countries: string[] | undefined, maxKm: number, first: number): Promise<DuplicateSuspectRow[]> {
    if (!(maxKm > 0 && maxKm <= 20)) throw badInput('maxKm', 'maxKm must be above 0 and at most 20.', 'OUT_OF_RANGE');
    const limit = checkPageSize(first, this.ctx.config.maxPageSize);
    if (countries?.length) await assertCountries(this.ctx.ds, countries, (i) => `countries[${i}]`);
    const scoped = this.reviewScope(countries);
    if (scoped && !scoped.length) return [];
    return findDuplicateSuspects(this.ctx.ds, { maxKm, countries: scoped, limit });
  }

  /** A reviewer (an embassy's correspondent) sees the countries they review: those asked for among them, else all of them. */
  private reviewScope(countries: string[] | undefined): string[] | undefined {
    const scope = this.ctx.viewer.role === 'REVIEWER' ? (this.ctx.viewer.reviewerCountries ?? []) : [];
    if (!scope.length) return countries;
    return countries?.length ? countries.filter((c) => scope.includes(c)) : scope;
  }

  /** Pairs found to be two places, the latest first (resolver: @Authorized('REVIEWER'); reviewers see their countries). */
  async duplicateDismissals(countries: string[] | undefined, first: number): Promise<{ duplicateId: string; intoId: string; dismissedAt: Date }[]> {
    const limit = checkPageSize(first, this.ctx.config.maxPageSize);
    if (countries?.length) await assertCountries(this.ctx.ds, countries, (i) => `countries[${i}]`);
    const scoped = this.reviewScope(countries);
    if (scoped && !scoped.length) return [];
    const rows: { duplicate_id: string; into_id: string; dismissed_at: Date | string }[] = await this.ctx.ds.query(
      `SELECT d.duplicate_id, d.into_id, d.dismissed_at FROM duplicate_dismissal d JOIN local_authority a ON a.id = d.duplicate_id
       WHERE $1::text[] IS NULL OR a.country_code = ANY($1::text[]) ORDER BY d.dismissed_at DESC, d.duplicate_id, d.into_id LIMIT $2`,
      [scoped?.length ? scoped : null, limit],
    );
    return rows.map((r) => ({ duplicateId: r.duplicate_id, intoId: r.into_id, dismissedAt: new Date(r.dismissed_at) }));
  }

  /** The two records of a suspected pair, for an administrator or a reviewer of the duplicate's country. */
  private async reviewedPair(duplicateId: string, intoId: string): Promise<{ duplicate: LocalAuthority; into: LocalAuthority }> {
    const duplicate = await this.getById(duplicateId, 'duplicateId');
    const into = await this.getById(intoId, 'intoId');
    if (!canReview(this.ctx, duplicate.countryCode)) throw new AppError(ErrorCode.FORBIDDEN, 'You do not review this country.', 'duplicateId', 'OUT_OF_SCOPE');
    if (duplicate.id === into.id) throw badInput('intoId', 'An authority is not a duplicate of itself.', 'SAME_AUTHORITY');
    return { duplicate, into };
  }

  /** Undoes dismissDuplicateSuspect (resolver: @Authorized('REVIEWER'); a reviewer of the duplicate's country, or an administrator). */
  async restoreDuplicateSuspect(duplicateId: string, intoId: string): Promise<boolean> {
    const { duplicate, into } = await this.reviewedPair(duplicateId, intoId);
    await this.ctx.ds.transaction(async (em) => {
      const gone = await em.query(`WITH d AS (DELETE FROM duplicate_dismissal WHERE duplicate_id = $1 AND into_id = $2 RETURNING 1) SELECT count(*)::int AS n FROM d`, [duplicate.id, into.id]);
      if (Number(gone[0].n)) await recordAudit(em, this.ctx, 'RESTORE_DUPLICATE_SUSPECT', 'local_authority', duplicate.id, `May be a duplicate of ${into.name} (${into.id}) again`);
    });
    return true;
  }

  /**
   * Records the ministry's decision that two records are two places (resolver: @Authorized('REVIEWER'); a reviewer
   * of the duplicate's country, or an administrator): duplicateSuspects no longer pairs them. Saying it twice changes nothing.
   */
  async dismissDuplicateSuspect(duplicateId: string, intoId: string): Promise<boolean> {
    const { duplicate, into } = await this.reviewedPair(duplicateId, intoId);
    await this.ctx.ds.transaction(async (em) => {
      const added = await em.query(
        `INSERT INTO duplicate_dismissal (duplicate_id, into_id, dismissed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
        [duplicate.id, into.id, this.ctx.viewer.userId ?? null],
      );
      if (added.length) await recordAudit(em, this.ctx, 'DISMISS_DUPLICATE', 'local_authority', duplicate.id, `Not a duplicate of ${into.name} (${into.id})`);
    });
    return true;
  }

  /**
   * Merges a duplicate record into the one kept (administrators; resolver: @Authorized('ADMIN')). Both must be of
   * the same country; the versions read guard against a change in between. Recorded in the audit trail of the
   * authority kept, and notified to the agents of both.
   */
  async merge(input: MergeLocalAuthoritiesInput): Promise<(MergeCounts & { mergeId: string; authority: LocalAuthority }) | VersionConflict> {
    const duplicate = await this.getById(input.duplicateId, 'input.duplicateId');
    const into = await this.getById(input.intoId, 'input.intoId');
    if (duplicate.id === into.id) throw badInput('input.intoId', 'An authority cannot be merged into itself.', 'SAME_AUTHORITY');
    return this.ctx.ds.transaction(async (em) => {
      // Both rows locked, in a fixed order, and their versions checked, before anything moves.
      const rows: (Mergeable & { id: string; version: number; name: string })[] = await em.query(
        `SELECT id, version, name, country_code AS "countryCode", level, wikidata_id AS "wikidataId", geonames_id AS "geonamesId", siren, insee_code AS "inseeCode"
         FROM local_authority WHERE id = ANY($1::uuid[]) ORDER BY id FOR UPDATE`,
        [[duplicate.id, into.id]],
      );
      const current = (id: string) => rows.find((r) => r.id === id);
      const dup = current(duplicate.id);
      const kept = current(into.id);
      if (!dup) throw notFound('input.duplicateId', 'No local authority has this id.');
      if (!kept) throw notFound('input.intoId', 'No local authority has this id.');
      // Country and identifiers read on the locked rows: an import may have given one of them an identifier since the
      // client read them (imports do not bump versions), and the merge must not then join two places. A merge that
      // can never be made is refused before a version conflict would send the client back to try it again.
      assertMergeable(dup, kept);
      if (dup.version !== input.duplicateVersion) return new VersionConflict(dup.version);
      if (kept.version !== input.intoVersion) return new VersionConflict(kept.version);
      const name = input.name?.trim();
      const counts = await mergeAuthorityInto(em, duplicate.id, into.id, { origin: 'MANUAL', userId: this.ctx.viewer.userId ?? null, rename: name });
      await recordAudit(em, this.ctx, 'MERGE', 'local_authority', into.id, `${dup.name} (${duplicate.id}) merged into ${kept.name}${name && name !== kept.name ? `, renamed ${name}` : ''}`);
      await notifyAuthorities(em, [into.id], 'AUTHORITY_MERGED', `« ${dup.name} » a été fusionnée avec « ${kept.name} »`, `"${dup.name}" was merged into "${kept.name}"`, into.id);
      const authority = await em.getRepository(LocalAuthority).findOneByOrFail({ id: into.id });
      return { ...counts, authority };
    });
  }

  /** Merges, newest first (administrators; resolver: @Authorized('ADMIN')). */
  async merges(first: number, undone: boolean | null): Promise<AuthorityMergeRecord[]> {
    first = checkPageSize(first, this.ctx.config.maxPageSize);
    const rows: MergeRow[] = await this.ctx.ds.query(
      `SELECT ${MERGE_COLUMNS} FROM authority_merge WHERE $1::boolean IS NULL OR (undone_at IS NOT NULL) = $1::boolean ORDER BY merged_at DESC, id LIMIT $2`,
      [undone, first],
    );
    return rows.map(toMergeRecord);
  }

  /**
   * Undoes a merge (administrators; resolver: @Authorized('ADMIN')): see undoMerge. Recorded in the audit trail of
   * both records, and notified to the agents of both.
   */
  async undoMerge(id: string): Promise<AuthorityMergeUndo> {
    const mergeId = assertId(id, 'id');
    return this.ctx.ds.transaction(async (em) => {
      let done: Awaited<ReturnType<typeof undoMerge>>;
      try {
        done = await undoMerge(em, mergeId, this.ctx.viewer.userId ?? null);
      } catch (e) {
        if (e instanceof MergeNotReversible) throw e.reason === 'NOT_FOUND' ? notFound('id', e.message) : badInput('id', e.message, e.reason);
        throw e;
      }
      const [row]: MergeRow[] = await em.query(`SELECT ${MERGE_COLUMNS} FROM authority_merge WHERE id = $1`, [mergeId]);
      const merge = toMergeRecord(row);
      for (const entity of [done.intoId, done.duplicateId]) await recordAudit(em, this.ctx, 'UNDO_MERGE', 'local_authority', entity, `Merge of ${merge.duplicateName} (${merge.duplicateId}) into ${merge.intoName} undone`);
      await notifyAuthorities(em, [done.intoId, done.duplicateId], 'AUTHORITY_MERGE_UNDONE', `La fusion de « ${merge.duplicateName} » avec « ${merge.intoName} » a été annulée`, `The merge of "${merge.duplicateName}" into "${merge.intoName}" was undone`, done.duplicateId);
      return { merge, duplicateId: done.duplicateId, intoId: done.intoId, rowsMovedBack: done.rowsMovedBack, rowsRestored: done.rowsRestored, rowsNotRestored: done.rowsNotRestored };
    });
  }

  async setContacts(input: SetContactsInput): Promise<Contact[]> {
    const authority = await this.getById(input.authorityId, 'input.authorityId');
    assertCanEditAuthority(this.ctx, authority.id, 'input.authorityId');
    return this.ctx.ds.transaction(async (em) => {
      await em.getRepository(Contact).delete({ authorityId: authority.id });
      const rows = input.contacts.map((c, i) => em.getRepository(Contact).create({ ...c, authorityId: authority.id, position: i }));
      return em.getRepository(Contact).save(rows);
    });
  }

  async setForeignActors(input: SetForeignActorsInput): Promise<ForeignActor[]> {
    const authority = await this.getById(input.authorityId, 'input.authorityId');
    assertCanEditAuthority(this.ctx, authority.id, 'input.authorityId');
    const withCountry = input.actors.map((a, i) => ({ code: a.countryCode, i })).filter((x): x is { code: string; i: number } => !!x.code);
    await assertCountries(this.ctx.ds, withCountry.map((x) => x.code), (k) => `input.actors[${withCountry[k].i}].countryCode`);
    return this.ctx.ds.transaction(async (em) => {
      await em.getRepository(ForeignActor).delete({ authorityId: authority.id });
      const rows = input.actors.map((a) => em.getRepository(ForeignActor).create({ ...a, authorityId: authority.id }));
      return em.getRepository(ForeignActor).save(rows);
    });
  }

  private checkLevel(kind: AuthorityKind, level: AuthorityLevel): void {
    const allowed = kind === AuthorityKind.FRENCH ? FRENCH_LEVELS : FOREIGN_LEVELS;
    if (!allowed.includes(level)) {
      throw badInput('input.level', `Level ${level} is not possible for a ${kind === AuthorityKind.FRENCH ? 'French' : 'foreign'} authority.`, 'INVALID_LEVEL');
    }
  }

  private async checkThemes(themes: string[] | undefined): Promise<void> {
    if (!themes) return;
    assertDistinct(themes, (i) => `input.themes[${i}]`, 'Theme');
    await assertThemes(this.ctx.ds, themes, (i) => `input.themes[${i}]`);
  }

  private async replaceThemes(em: EntityManager, authorityId: string, themes: string[]): Promise<void> {
    await em.query(`DELETE FROM authority_theme WHERE authority_id = $1`, [authorityId]);
    if (themes.length) {
      await em.query(`INSERT INTO authority_theme (authority_id, theme_id) SELECT $1, unnest($2::text[])`, [authorityId, themes]);
    }
  }
}

/** What decides whether two records may be merged: their country, their level and their official identifiers. */
type Mergeable = Pick<LocalAuthority, 'countryCode' | 'level' | 'wikidataId' | 'geonamesId' | 'siren' | 'inseeCode'>;

/** Refuses two records of different countries, or carrying different official identifiers (two places for that source: the merge would lose one, and the next import of it would create the record again). */
function assertMergeable(duplicate: Mergeable, into: Mergeable): void {
  if (duplicate.countryCode !== into.countryCode) {
    throw badInput('input.intoId', `The two authorities are not in the same country (${duplicate.countryCode}, ${into.countryCode}).`, 'DIFFERENT_COUNTRY');
  }
  const identifiers: [keyof Mergeable & ('wikidataId' | 'geonamesId' | 'siren' | 'inseeCode'), string][] = [['wikidataId', 'Wikidata id'], ['geonamesId', 'GeoNames id'], ['siren', 'SIREN']];
  if (duplicate.level === into.level) identifiers.push(['inseeCode', 'INSEE code']);
  for (const [key, label] of identifiers) {
    const [a, b] = [duplicate[key], into[key]];
    if (a != null && b != null && a !== b) throw badInput('input.intoId', `The two records carry different ${label}s (${a}, ${b}): they are two places for that source.`, 'DISTINCT_IDENTIFIERS');
  }
}

const MERGE_COLUMNS = `id, duplicate_id, duplicate_name, into_id, into_name, origin, merged_at, undone_at`;
interface MergeRow {
  id: string;
  duplicate_id: string;
  duplicate_name: string;
  into_id: string;
  into_name: string;
  origin: string;
  merged_at: Date | string;
  undone_at: Date | string | null;
}
const toMergeRecord = (r: MergeRow): AuthorityMergeRecord => ({
  id: r.id,
  duplicateId: r.duplicate_id,
  duplicateName: r.duplicate_name,
  intoId: r.into_id,
  intoName: r.into_name,
  origin: r.origin as MergeOriginType,
  mergedAt: new Date(r.merged_at),
  undoneAt: r.undone_at ? new Date(r.undone_at) : null,
});
