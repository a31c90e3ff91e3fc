import DataLoader from 'dataloader';
import { DataSource, In } from 'typeorm';
import { Country } from './modules/country/country.entity';
import { Theme } from './modules/theme/theme.entity';
import { Contact, ForeignActor, LocalAuthority } from './modules/authority/authority.entity';
import { Funding, Relationship } from './modules/relationship/relationship.entity';
import { Listing, ListingStatus } from './modules/listing/listing.entity';
import { Embassy, EmbassyCorrespondent } from './modules/embassy/embassy.entity';

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

/** Loads `(owner_id, theme_id, priority)` links of a join table in one statement. */
function themeLinkLoader(ds: DataSource, table: string, ownerColumn: string, hasPriority: boolean) {
  return new DataLoader<string, ThemeLink[]>(async (ids) => {
    const priority = hasPriority ? 'priority' : '1 AS priority';
    const rows: { owner: string; theme_id: string; priority: number }[] = await ds.query(
      `SELECT ${ownerColumn} AS owner, theme_id, ${priority} FROM ${table} WHERE ${ownerColumn} = ANY($1::uuid[]) ORDER BY priority, theme_id`,
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
  let allThemes: Promise<Map<string, Theme>> | undefined;
  let allCountries: Promise<Map<string, Country>> | undefined;
  const loadAllCountries = () => (allCountries ??= ds.getRepository(Country).find().then((rows) => new Map(rows.map((c) => [c.code, c]))));

  return {
    authorityById: new DataLoader<string, LocalAuthority | null>(async (ids) =>
      byKey(ids, await ds.getRepository(LocalAuthority).findBy({ id: In([...ids]) }), (a) => a.id),
    ),

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
     * Countries by code. The whole table (≈250 rows) is read once per request: relations at different
     * depths (an authority's country, a partner's, a listing's targets) then never cost a statement each.
     */
    countryByCode: new DataLoader<string, Country | null>(async (codes) => {
      const all = await loadAllCountries();
      return codes.map((c) => all.get(c) ?? null);
    }),

    /** Every country, by code (read once per request). */
    allCountries: () => loadAllCountries(),

    countryStats: new DataLoader<string, CountryStats>(async (codes) => {
      const rows: { code: string; authorities: string; listings: string; relationships: string }[] = await ds.query(
        `SELECT c.code,
           (SELECT count(*) FROM local_authority a WHERE a.country_code = c.code) AS authorities,
           (SELECT count(*) FROM listing l JOIN local_authority a ON a.id = l.authority_id
              WHERE l.status = 'PUBLISHED' AND (a.country_code = c.code OR c.code = ANY(l.target_countries))) AS listings,
           (SELECT count(*) FROM relationship r
              JOIN local_authority a ON a.id = r.authority_a_id JOIN local_authority b ON b.id = r.authority_b_id
              WHERE a.country_code = c.code OR b.country_code = c.code) AS relationships
         FROM country c WHERE c.code = ANY($1::text[])`,
        [codes],
      );
      return byKey(codes, rows, (r) => r.code).map((r) => ({
        authorityCount: Number(r?.authorities ?? 0),
        listingCount: Number(r?.listings ?? 0),
        relationshipCount: Number(r?.relationships ?? 0),
      }));
    }),

    /** The whole taxonomy (a few dozen rows), read once per request. */
    allThemes(): Promise<Map<string, Theme>> {
      allThemes ??= ds
        .getRepository(Theme)
        .find({ order: { level: 'ASC', position: 'ASC', id: 'ASC' } })
        .then((themes) => new Map(themes.map((t) => [t.id, t])));
      return allThemes;
    },

    authorityThemes: themeLinkLoader(ds, 'authority_theme', 'authority_id', false),
    relationshipThemes: themeLinkLoader(ds, 'relationship_theme', 'relationship_id', true),
    listingThemes: themeLinkLoader(ds, 'listing_theme', 'listing_id', true),

    relationshipsByAuthorityId: new DataLoader<string, Relationship[]>(async (ids) => {
      const rows = await ds.getRepository(Relationship).find({
        where: [{ authorityAId: In([...ids]) }, { authorityBId: In([...ids]) }],
        order: { startYear: { direction: 'DESC', nulls: 'LAST' }, id: 'ASC' },
      });
      // The same relationship seen from each of its two authorities: `partner` is the other one.
      return ids.map((id) =>
        rows.filter((r) => r.authorityAId === id || r.authorityBId === id).map((r) => Object.assign(Object.create(Relationship.prototype), r, { viewpointAuthorityId: id })),
      );
    }),

    fundingsByRelationshipId: new DataLoader<string, Funding[]>(async (ids) =>
      groupBy(ids, await ds.getRepository(Funding).find({ where: { relationshipId: In([...ids]) }, order: { position: 'ASC', year: 'ASC' } }), (f) => f.relationshipId),
    ),

    listingById: new DataLoader<string, Listing | null>(async (ids) => byKey(ids, await ds.getRepository(Listing).findBy({ id: In([...ids]) }), (l) => l.id)),

    /** Listings of an authority, for a given set of visible statuses (key: `authorityId|STATUS,STATUS`). */
    listingsByAuthority: new DataLoader<string, Listing[]>(async (keys) => {
      const parsed = keys.map((k) => {
        const [authorityId, statuses] = k.split('|');
        return { authorityId, statuses: statuses.split(',') as ListingStatus[] };
      });
      const rows = await ds.getRepository(Listing).find({
        where: { authorityId: In(parsed.map((p) => p.authorityId)) },
        order: { publishedAt: { direction: 'DESC', nulls: 'LAST' }, createdAt: 'DESC' },
      });
      return parsed.map((p) => rows.filter((l) => l.authorityId === p.authorityId && p.statuses.includes(l.status)));
    }),

    contactsByAuthorityId: new DataLoader<string, Contact[]>(async (ids) =>
      groupBy(ids, await ds.getRepository(Contact).find({ where: { authorityId: In([...ids]) }, order: { position: 'ASC' } }), (c) => c.authorityId),
    ),

    foreignActorsByAuthorityId: new DataLoader<string, ForeignActor[]>(async (ids) =>
      groupBy(ids, await ds.getRepository(ForeignActor).find({ where: { authorityId: In([...ids]) }, order: { name: 'ASC' } }), (f) => f.authorityId),
    ),

    embassyByCountryCode: new DataLoader<string, Embassy | null>(async (codes) =>
      byKey(codes, await ds.getRepository(Embassy).findBy({ countryCode: In([...codes]) }), (e) => e.countryCode),
    ),

    correspondentsByEmbassyId: new DataLoader<string, EmbassyCorrespondent[]>(async (ids) =>
      groupBy(ids, await ds.getRepository(EmbassyCorrespondent).find({ where: { embassyId: In([...ids]) }, order: { role: 'ASC' } }), (c) => c.embassyId),
    ),
  };
}

export type Loaders = ReturnType<typeof createLoaders>;
