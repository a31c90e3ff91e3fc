import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { Country } from './modules/country/country.entity';
import { Theme } from './modules/theme/theme.entity';
import { Contact, ForeignActor, LocalAuthority } from './modules/authority/authority.entity';
import { Funding, Relationship } from './modules/relationship/relationship.entity';
import { Listing, ListingStatus } from './modules/listing/listing.entity';
import { Embassy, EmbassyCorrespondent } from './modules/embassy/embassy.entity';
import { prepared } from './db/prepared';
import { findDuplicateSuspects, SUSPECT_KM, type DuplicateSuspectRow } from './modules/authority/authority-duplicates';

export interface ThemeLink {
  themeId: string;
  priority: number;
}

export interface CountryStats {
  authorityCount: number;
  listingCount: number;
  relationshipCount: number;
}

function byKey<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): (V | null)[] {
  const map = new Map<K, V>();
  for (const row of rows) map.set(keyOf(row), row);
  return keys.map((k) => map.get(k) ?? null);
}

function groupBy<K, V>(keys: readonly K[], rows: V[], keyOf: (row: V) => K): V[][] {
  const map = new Map<K, V[]>();
  for (const k of keys) map.set(k, []);
  for (const row of rows) map.get(keyOf(row))?.push(row);
  return keys.map((k) => map.get(k) ?? []);
}

/**
 * The entity's columns as an explicit select list (`a."id", a."name", …`), built once. Prepared statements
 * (server/db/prepared.ts) name their columns instead of `*`: a column added by a later migration, while this
 * process runs, then does not change their result type (PostgreSQL would refuse the cached plan otherwise).
 */
const columnLists = new Map<string, string>();
function cols(ds: DataSource, entity: new () => unknown, alias?: string, prefix?: string): string {
  const meta = ds.getMetadata(entity);
  const key = `${meta.tableName}:${alias ?? ''}:${prefix ?? ''}`;
  let list = columnLists.get(key);
  if (!list) {
    list = meta.columns.map((c) => `${alias ? `${alias}.` : ''}"${c.databaseName}"${prefix ? ` AS "${prefix}${c.databaseName}"` : ''}`).join(', ');
    columnLists.set(key, list);
  }
  return list;
}

/** Prefix of a joined authority's columns (the partner of a relationship). */
const PARTNER = 'bp_p_';
function unprefix(row: Record<string, unknown>, prefix: string): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k in row) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = row[k];
  return out;
}

/**
 * Rows of `SELECT <columns> FROM table` as entities, through TypeORM's column metadata (names and transformers).
 * Hot loaders use this instead of `find`: PostgreSQL parses and plans a plain column list several times faster
 * than TypeORM's aliased ones, which dominated the cost of a page (docs/performance.md).
 */
function hydrate<T>(ds: DataSource, entity: new () => T, rows: Record<string, unknown>[]): T[] {
  const columns = ds.getMetadata(entity).columns;
  return rows.map((row) => {
    const e = new entity() as Record<string, unknown>;
    for (const c of columns) {
      const raw = row[c.databaseName];
      const t = c.transformer;
      e[c.propertyName] = t && !Array.isArray(t) ? t.from(raw) : raw;
    }
    return e as T;
  });
}

/**
 * The same from rows aggregated as JSON by PostgreSQL (`to_json(row)`, `json_agg(row)`): keys are the column names,
 * as with a plain column list; timestamps arrive as ISO strings and become Dates, as the driver would have made them.
 */
const datedColumns = new Map<string, (readonly [string, boolean])[]>();
function hydrateJson<T>(ds: DataSource, entity: new () => T, rows: Record<string, unknown>[]): T[] {
  const meta = ds.getMetadata(entity);
  let dated = datedColumns.get(meta.tableName);
  if (!dated) {
    const types = ['timestamptz', 'timestamp', 'timestamp with time zone', 'timestamp without time zone', 'date'];
    dated = meta.columns.filter((c) => types.includes(String(c.type)) || c.isCreateDate || c.isUpdateDate).map((c) => [c.databaseName, c.type === 'date'] as const);
    datedColumns.set(meta.tableName, dated);
  }
  for (const row of rows) {
    for (const [name, isDate] of dated) {
      const v = row[name];
      if (typeof v === 'string') row[name] = new Date(isDate ? `${v}T00:00:00` : v);
    }
  }
  return hydrate(ds, entity, rows);
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/** Theme links aggregated by PostgreSQL as `json_agg(json_build_array(theme_id, priority))` (NULL when none). */
const themeLinks = (v: unknown): ThemeLink[] => (json<[string, number][] | null>(v) ?? []).map(([themeId, priority]) => ({ themeId, priority: Number(priority) }));

/** Keys of the listings-by-authority loaders: `authorityId|STATUS,STATUS`. */
const listingKeys = (keys: readonly string[]) =>
  keys.map((k) => {
    const [authorityId, statuses] = k.split('|');
    return { authorityId, statuses: statuses.split(',') as ListingStatus[] };
  });

const select = async <T>(ds: DataSource, entity: new () => T, sql: string, params: unknown[]) => hydrate(ds, entity, await ds.query(sql, params));

/**
 * Countries, embassies and the taxonomy, per process for a minute (reference data: countries never change at run time,
 * themes only through upsertTheme, which clears this cache in its process). Keyed by the DataSource's options,
 * which a request's replica view shares.
 */
const referenceCache = new WeakMap<object, { at: number; themes?: Promise<Map<string, Theme>>; countries?: Promise<Map<string, Country>>; embassies?: Promise<Map<string, Embassy>> }>();
const REFERENCE_TTL_MS = 60_000;
function reference(ds: DataSource) {
  let entry = referenceCache.get(ds.options);
  if (!entry || Date.now() - entry.at > REFERENCE_TTL_MS) referenceCache.set(ds.options, (entry = { at: Date.now() }));
  return entry;
}
/** The primary behind a request's replica view (server/db/replicas.ts): the shared cache is filled from the primary only. */
const primaryOf = (ds: DataSource): DataSource => (Object.prototype.hasOwnProperty.call(ds, 'query') ? (Object.getPrototypeOf(ds) as DataSource) : ds);
export function clearReferenceCache(ds: DataSource): void {
  referenceCache.delete(ds.options);
}

/** The same relationship seen from each of its two authorities: `partner` is the other one. */
function fromViewpoints(ids: readonly string[], rows: Relationship[]): Relationship[][] {
  return ids.map((id) =>
    rows.filter((r) => r.authorityAId === id || r.authorityBId === id).map((r) => Object.assign(Object.create(Relationship.prototype), r, { viewpointAuthorityId: id })),
  );
}

/** Loads `(owner_id, theme_id, priority)` links of a join table in one statement. */
function themeLinkLoader(ds: DataSource, table: string, ownerColumn: string, hasPriority: boolean) {
  return new DataLoader<string, ThemeLink[]>(async (ids) => {
    const priority = hasPriority ? 'priority' : '1 AS priority';
    const rows: { owner: string; theme_id: string; priority: number }[] = await ds.query(
      prepared(`SELECT ${ownerColumn} AS owner, theme_id, ${priority} FROM ${table} WHERE ${ownerColumn} = ANY($1::uuid[]) ORDER BY priority, theme_id`),
      [ids],
    );
    return groupBy(ids, rows, (r) => r.owner).map((list) => list.map((r) => ({ themeId: r.theme_id, priority: Number(r.priority) })));
  });
}

/**
 * One bag of DataLoaders per request: every relation of the schema is resolved through one of these,
 * so a page of N items costs the same number of SQL statements whatever N is.
 */
export function createLoaders(ds: DataSource) {
  const loadAllCountries = () => {
    const ref = reference(ds);
    ref.countries ??= select(primaryOf(ds), Country, prepared(`SELECT ${cols(ds, Country)} FROM country`), []).then((rows) => new Map(rows.map((c) => [c.code, c])));
    ref.countries.catch(() => (ref.countries = undefined));
    return ref.countries;
  };

  const loaders = {
    authorityById: new DataLoader<string, LocalAuthority | null>(async (ids) =>
      byKey(ids, await select(ds, LocalAuthority, prepared(`SELECT ${cols(ds, LocalAuthority)} FROM local_authority WHERE id = ANY($1::uuid[])`), [ids]), (a) => a.id),
    ),

    /** Whether each (seeker, candidate) pair, keyed `seekerId|candidateId`, was set aside by the seeker's agents. */
    candidateSetAside: new DataLoader<string, boolean>(async (keys) => {
      const pairs = keys.map((k) => k.split('|'));
      const rows: { k: string }[] = await ds.query(
        `SELECT s.seeker_id::text || '|' || s.candidate_id::text AS k FROM candidate_set_aside s
         JOIN unnest($1::uuid[], $2::uuid[]) AS p(seeker_id, candidate_id) ON p.seeker_id = s.seeker_id AND p.candidate_id = s.candidate_id`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      );
      const set = new Set(rows.map((r) => r.k));
      return keys.map((k) => set.has(k));
    }),

    /** The reference record each of these records may repeat (duplicateSuspects' rule, within SUSPECT_KM), if any. */
    duplicateSuspectOf: new DataLoader<string, DuplicateSuspectRow | null>(async (ids) =>
      byKey(ids, await findDuplicateSuspects(ds, { maxKm: SUSPECT_KM, ids: [...ids], limit: ids.length }), (s) => s.duplicateId),
    ),

    /**
     * A fiche in one statement: the authority with its themes and foreign actors, and, when the query asks for them,
     * its relationships (with their themes, financing rows and partner) and its listings of the given statuses (with
     * their themes), all aggregated as JSON. Primes the loaders the fields read (`authorityThemes`,
     * `foreignActorsByAuthorityId`, the relationships and listings loaders of both kinds,
     * `relationshipThemes`, `fundingsByRelationshipId`, `listingThemes`, `authorityById`), so that the fields resolve
     * without another statement. Key: `authorityId|relationships (0/1)|statuses ('' for no listings)`.
     */
    ficheById: new DataLoader<string, LocalAuthority | null>(async (keys) => {
      const out = new Map<string, LocalAuthority | null>();
      const selectionOf = (k: string) => k.slice(k.indexOf('|') + 1);
      // One statement per distinct selection (relationships or not, listing statuses): in practice one per request.
      for (const selection of new Set(keys.map(selectionOf))) {
        const members = keys.filter((k) => selectionOf(k) === selection).map((key) => ({ key, id: key.slice(0, key.indexOf('|')) }));
        const [rel, statusList] = selection.split('|');
        const withRelationships = rel === '1';
        const statuses = statusList ? statusList.split(',') : null;
        const raw: Record<string, unknown>[] = await ds.query(
          prepared(`SELECT ${cols(ds, LocalAuthority, 'a')},
             (SELECT coalesce(json_agg(t.theme_id ORDER BY t.theme_id), '[]') FROM authority_theme t WHERE t.authority_id = a.id) AS bp_themes,
             (SELECT coalesce(json_agg(f ORDER BY f.name), '[]') FROM foreign_actor f WHERE f.authority_id = a.id) AS bp_actors,
             CASE WHEN $2::boolean THEN (
               SELECT coalesce(json_agg(json_build_array(
                   to_json(r),
                   (SELECT json_agg(json_build_array(t.theme_id, t.priority) ORDER BY t.priority, t.theme_id) FROM relationship_theme t WHERE t.relationship_id = r.id),
                   (SELECT json_agg(f ORDER BY f.position, f.year) FROM funding f WHERE f.relationship_id = r.id),
                   to_json(x)
                 ) ORDER BY r.start_year DESC NULLS LAST, r.id), '[]')
               FROM relationship r LEFT JOIN local_authority x ON x.id = CASE WHEN r.authority_a_id = a.id THEN r.authority_b_id ELSE r.authority_a_id END
               WHERE r.authority_a_id = a.id OR r.authority_b_id = a.id) END AS bp_relationships,
             CASE WHEN $3::text[] IS NOT NULL THEN (
               SELECT coalesce(json_agg(json_build_array(
                   to_json(l),
                   (SELECT json_agg(json_build_array(t.theme_id, t.priority) ORDER BY t.priority, t.theme_id) FROM listing_theme t WHERE t.listing_id = l.id)
                 ) ORDER BY l.published_at DESC NULLS LAST, l.created_at DESC), '[]')
               FROM listing l WHERE l.authority_id = a.id AND l.status = ANY($3::text[])) END AS bp_listings
           FROM local_authority a WHERE a.id = ANY($1::uuid[])`),
          [members.map((m) => m.id), withRelationships, statuses],
        );
        for (const row of raw) {
          const id = row.id as string;
          loaders.authorityThemes.prime(id, json<string[]>(row.bp_themes).map((themeId) => ({ themeId, priority: 1 })));
          loaders.foreignActorsByAuthorityId.prime(id, hydrateJson(ds, ForeignActor, json<Record<string, unknown>[]>(row.bp_actors)));
          if (withRelationships) {
            const items = json<[Record<string, unknown>, unknown, Record<string, unknown>[] | null, Record<string, unknown> | null][]>(row.bp_relationships);
            const relationships = hydrateJson(ds, Relationship, items.map(([r]) => r));
            items.forEach(([, themes, fundings], i) => {
              loaders.relationshipThemes.prime(relationships[i].id, themeLinks(themes));
              loaders.fundingsByRelationshipId.prime(relationships[i].id, hydrate(ds, Funding, fundings ?? []));
            });
            const partners = items.flatMap(([, , , partner]) => (partner ? [partner] : []));
            for (const p of hydrateJson(ds, LocalAuthority, partners)) loaders.authorityById.prime(p.id, p);
            const seen = fromViewpoints([id], relationships)[0];
            loaders.relationshipsWithDetailsByAuthorityId.prime(id, seen);
            loaders.relationshipsByAuthorityId.prime(id, seen);
          }
          if (statuses) {
            const items = json<[Record<string, unknown>, unknown][]>(row.bp_listings);
            const listings = hydrateJson(ds, Listing, items.map(([l]) => l));
            items.forEach(([, themes], i) => loaders.listingThemes.prime(listings[i].id, themeLinks(themes)));
            for (const l of listings) loaders.listingById.prime(l.id, l);
            loaders.listingsWithThemesByAuthority.prime(`${id}|${statuses.join(',')}`, listings);
            loaders.listingsByAuthority.prime(`${id}|${statuses.join(',')}`, listings);
          }
        }
        const authorities = hydrate(ds, LocalAuthority, raw);
        for (const a of authorities) loaders.authorityById.prime(a.id, a);
        for (const m of members) out.set(m.key, authorities.find((a) => a.id === m.id) ?? null);
      }
      return keys.map((k) => out.get(k) ?? null);
    }),

    /** French authorities by `LEVEL:inseeCode`, e.g. `DEPARTEMENT:45`. */
    frenchAuthorityByCode: new DataLoader<string, LocalAuthority | null>(async (keys) => {
      const rows = await ds
        .getRepository(LocalAuthority)
        .createQueryBuilder('a')
        .where(`a.insee_code IS NOT NULL AND (a.level || ':' || a.insee_code) IN (:...keys)`, { keys })
        .getMany();
      return byKey(keys, rows, (a) => `${a.level}:${a.inseeCode}`);
    }),

    /**
     * Countries by code. The whole table (≈250 rows) is cached per process (see `reference`): relations at
     * different depths (an authority's country, a partner's, a listing's targets) never cost a statement each.
     */
    countryByCode: new DataLoader<string, Country | null>(async (codes) => {
      const all = await loadAllCountries();
      return codes.map((c) => all.get(c) ?? null);
    }),

    /** Every country, by code. */
    allCountries: () => loadAllCountries(),

    countryStats: new DataLoader<string, CountryStats>(async (codes) => {
      const rows: { code: string; authorities: string; listings: string; relationships: string }[] = await ds.query(
        prepared(`SELECT c.code,
           (SELECT count(*) FROM local_authority a WHERE a.country_code = c.code) AS authorities,
           (SELECT count(*) FROM listing l JOIN local_authority a ON a.id = l.authority_id
              WHERE l.status = 'PUBLISHED' AND (a.country_code = c.code OR c.code = ANY(l.target_countries))) AS listings,
           (SELECT count(*) FROM relationship r
              JOIN local_authority a ON a.id = r.authority_a_id JOIN local_authority b ON b.id = r.authority_b_id
              WHERE a.country_code = c.code OR b.country_code = c.code) AS relationships
         FROM country c WHERE c.code = ANY($1::text[])`),
        [codes],
      );
      return byKey(codes, rows, (r) => r.code).map((r) => ({
        authorityCount: Number(r?.authorities ?? 0),
        listingCount: Number(r?.listings ?? 0),
        relationshipCount: Number(r?.relationships ?? 0),
      }));
    }),

    /** The whole taxonomy (a few dozen rows), parents first, in display order. */
    allThemes(): Promise<Map<string, Theme>> {
      const ref = reference(ds);
      ref.themes ??= select(primaryOf(ds), Theme, prepared(`SELECT ${cols(ds, Theme)} FROM theme ORDER BY level, position, id`), []).then((themes) => new Map(themes.map((t) => [t.id, t])));
      ref.themes.catch(() => (ref.themes = undefined));
      return ref.themes;
    },

    authorityThemes: themeLinkLoader(ds, 'authority_theme', 'authority_id', false),
    relationshipThemes: themeLinkLoader(ds, 'relationship_theme', 'relationship_id', true),
    listingThemes: themeLinkLoader(ds, 'listing_theme', 'listing_id', true),

    relationshipsByAuthorityId: new DataLoader<string, Relationship[]>(async (ids) => {
      const rows = await select(ds, Relationship, prepared(`SELECT ${cols(ds, Relationship)} FROM relationship WHERE authority_a_id = ANY($1::uuid[]) OR authority_b_id = ANY($1::uuid[]) ORDER BY start_year DESC NULLS LAST, id`), [ids]);
      return fromViewpoints(ids, rows);
    }),

    fundingsByRelationshipId: new DataLoader<string, Funding[]>(async (ids) =>
      groupBy(ids, await select(ds, Funding, prepared(`SELECT ${cols(ds, Funding)} FROM funding WHERE relationship_id = ANY($1::uuid[]) ORDER BY position, year`), [ids]), (f) => f.relationshipId),
    ),

    listingById: new DataLoader<string, Listing | null>(async (ids) => byKey(ids, await select(ds, Listing, prepared(`SELECT ${cols(ds, Listing)} FROM listing WHERE id = ANY($1::uuid[])`), [ids]), (l) => l.id)),

    /** Listings of an authority, for a given set of visible statuses (key: `authorityId|STATUS,STATUS`). */
    listingsByAuthority: new DataLoader<string, Listing[]>(async (keys) => {
      const parsed = listingKeys(keys);
      // Statuses filtered in SQL: an anonymous fiche must not read (and parse) the authority's drafts.
      const statuses = [...new Set(parsed.flatMap((p) => p.statuses))];
      const rows = await select(ds, Listing, prepared(`SELECT ${cols(ds, Listing)} FROM listing WHERE authority_id = ANY($1::uuid[]) AND status = ANY($2::text[]) ORDER BY published_at DESC NULLS LAST, created_at DESC`), [
        [...new Set(parsed.map((p) => p.authorityId))],
        statuses,
      ]);
      return parsed.map((p) => rows.filter((l) => l.authorityId === p.authorityId && p.statuses.includes(l.status)));
    }),

    /** The same as `listingsByAuthority`, with each listing's themes aggregated in the statement (primes `listingThemes`). */
    listingsWithThemesByAuthority: new DataLoader<string, Listing[]>(async (keys) => {
      const parsed = listingKeys(keys);
      const raw: Record<string, unknown>[] = await ds.query(
        prepared(`SELECT ${cols(ds, Listing, 'l')},
           (SELECT coalesce(json_agg(json_build_array(t.theme_id, t.priority) ORDER BY t.priority, t.theme_id), '[]') FROM listing_theme t WHERE t.listing_id = l.id) AS bp_themes
         FROM listing l WHERE l.authority_id = ANY($1::uuid[]) AND l.status = ANY($2::text[]) ORDER BY l.published_at DESC NULLS LAST, l.created_at DESC`),
        [[...new Set(parsed.map((p) => p.authorityId))], [...new Set(parsed.flatMap((p) => p.statuses))]],
      );
      for (const row of raw) {
        loaders.listingThemes.prime(row.id as string, themeLinks(row.bp_themes));
      }
      const rows = hydrate(ds, Listing, raw);
      for (const l of rows) loaders.listingById.prime(l.id, l);
      return parsed.map((p) => rows.filter((l) => l.authorityId === p.authorityId && p.statuses.includes(l.status)));
    }),

    contactsByAuthorityId: new DataLoader<string, Contact[]>(async (ids) =>
      groupBy(ids, await select(ds, Contact, prepared(`SELECT ${cols(ds, Contact)} FROM contact WHERE authority_id = ANY($1::uuid[]) ORDER BY position`), [ids]), (c) => c.authorityId),
    ),

    foreignActorsByAuthorityId: new DataLoader<string, ForeignActor[]>(async (ids) =>
      groupBy(ids, await select(ds, ForeignActor, prepared(`SELECT ${cols(ds, ForeignActor)} FROM foreign_actor WHERE authority_id = ANY($1::uuid[]) ORDER BY name`), [ids]), (f) => f.authorityId),
    ),

    /** Embassies are reference data like countries (seeded, never written through the API): cached per process too. */
    embassyByCountryCode: new DataLoader<string, Embassy | null>(async (codes) => {
      const ref = reference(ds);
      ref.embassies ??= select(primaryOf(ds), Embassy, prepared(`SELECT ${cols(ds, Embassy)} FROM embassy`), []).then((rows) => new Map(rows.map((e) => [e.countryCode, e])));
      ref.embassies.catch(() => (ref.embassies = undefined));
      const all = await ref.embassies;
      return codes.map((c) => all.get(c) ?? null);
    }),

    correspondentsByEmbassyId: new DataLoader<string, EmbassyCorrespondent[]>(async (ids) =>
      groupBy(ids, await ds.getRepository(EmbassyCorrespondent).find({ where: { embassyId: In([...ids]) }, order: { role: 'ASC' } }), (c) => c.embassyId),
    ),

    /**
     * The same as `relationshipsByAuthorityId`, with each relationship's themes and financing rows aggregated (JSON)
     * in the same statement, which primes `relationshipThemes` and `fundingsByRelationshipId`: used when the query
     * asks for them (a fiche), so that its relationships cost one statement instead of three. The partners (the side
     * not asked for) are joined in the same statement too, priming `authorityById`.
     */
    relationshipsWithDetailsByAuthorityId: new DataLoader<string, Relationship[]>(async (ids) => {
      const raw: Record<string, unknown>[] = await ds.query(
        prepared(`SELECT ${cols(ds, Relationship, 'r')},
           (SELECT coalesce(json_agg(json_build_array(t.theme_id, t.priority) ORDER BY t.priority, t.theme_id), '[]') FROM relationship_theme t WHERE t.relationship_id = r.id) AS bp_themes,
           (SELECT coalesce(json_agg(f ORDER BY f.position, f.year), '[]') FROM funding f WHERE f.relationship_id = r.id) AS bp_fundings,
           ${cols(ds, LocalAuthority, 'x', PARTNER)}
         FROM relationship r
         LEFT JOIN local_authority x ON x.id = CASE WHEN r.authority_a_id = ANY($1::uuid[]) THEN r.authority_b_id ELSE r.authority_a_id END
         WHERE r.authority_a_id = ANY($1::uuid[]) OR r.authority_b_id = ANY($1::uuid[]) ORDER BY r.start_year DESC NULLS LAST, r.id`),
        [ids],
      );
      // The partner's columns (joined, prefixed; plain columns are cheaper for PostgreSQL than to_json of the row).
      const partnerRows = raw.filter((row) => row[`${PARTNER}id`] != null).map((row) => unprefix(row, PARTNER));
      for (const p of hydrate(ds, LocalAuthority, partnerRows)) loaders.authorityById.prime(p.id, p);
      for (const row of raw) {
        const id = row.id as string;
        loaders.relationshipThemes.prime(id, themeLinks(row.bp_themes));
        loaders.fundingsByRelationshipId.prime(id, hydrate(ds, Funding, json<Record<string, unknown>[]>(row.bp_fundings)));
      }
      return fromViewpoints(ids, hydrate(ds, Relationship, raw));
    }),
  };
  return loaders;
}

export type Loaders = ReturnType<typeof createLoaders>;
