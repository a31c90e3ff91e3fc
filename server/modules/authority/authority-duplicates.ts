import type { DataSource } from 'typeorm';
import { sameplaceNames } from '../../common/place-names';
import { haversineKm } from '../matching/factors';

/** Sources of reference records (official lists and the seed partnerships); the others ("wikidata", "user") may repeat one of them. */
export const REFERENCE_SOURCES = ['insee', 'geonames', 'seed'];

/** How near a reference record must be, by default, for a record to be suspected of repeating it. */
export const SUSPECT_KM = 2;

export interface DuplicateSuspectRow {
  duplicateId: string;
  intoId: string;
  /** Between the two points; null when the suspect has no coordinates (found by its name). */
  distanceKm: number | null;
  /** Whether the names name the same place (sameplaceNames, or one containing the other for a record without coordinates). */
  namesAgree: boolean;
}

/**
 * Records that may repeat a reference record: for each authority an import or a user created (source "wikidata" or
 * "user"), the nearest reference authority of the same country and side within `maxKm`, or, for one without
 * coordinates, a reference authority of the same country whose name its name contains ("Ville de Parakou",
 * Parakou). Pairs whose two records carry different Wikidata ids are left out: Wikidata holds them as two places
 * (Brussels and the Brussels-Capital Region); so are pairs an administrator dismissed (the next nearest reference
 * record within `maxKm`, if any, then stands in). Names that agree first, then the nearest.
 */
export async function findDuplicateSuspects(ds: DataSource, options: { maxKm: number; countries?: string[]; ids?: string[]; limit: number }): Promise<DuplicateSuspectRow[]> {
  const countries = options.countries?.length ? options.countries : null;
  // Only these records (a fiche, a page of them), when given.
  const ids = options.ids?.length ? options.ids : null;
  // One k-nearest scan per record on the side's partial GiST index (hence one branch per side): the 4 nearest
  // reference records, then those of the same country (a border town's nearest may be across the border).
  const near: { d: string; a: string; dname: string; aname: string; dlat: number; dlon: number; alat: number; alon: number }[] = await ds.query(
    `SELECT d.id AS d, a.id AS a, d.name AS dname, a.name AS aname, d.latitude AS dlat, d.longitude AS dlon, a.latitude AS alat, a.longitude AS alon
     FROM local_authority d
     CROSS JOIN LATERAL (
       (SELECT a.* FROM local_authority a WHERE d.kind = 'FRENCH' AND a.kind = 'FRENCH' AND a.latitude IS NOT NULL AND a.source = ANY($2::text[]) ORDER BY point(a.longitude, a.latitude) <-> point(d.longitude, d.latitude) LIMIT 4)
       UNION ALL
       (SELECT a.* FROM local_authority a WHERE d.kind = 'FOREIGN' AND a.kind = 'FOREIGN' AND a.latitude IS NOT NULL AND a.source = ANY($2::text[]) ORDER BY point(a.longitude, a.latitude) <-> point(d.longitude, d.latitude) LIMIT 4)
     ) a
     WHERE NOT (d.source = ANY($2::text[])) AND d.latitude IS NOT NULL AND d.longitude IS NOT NULL
       AND ($1::text[] IS NULL OR d.country_code = ANY($1::text[])) AND ($3::uuid[] IS NULL OR d.id = ANY($3::uuid[]))
       AND a.id <> d.id AND a.country_code = d.country_code
       AND NOT EXISTS (SELECT 1 FROM duplicate_dismissal x WHERE x.duplicate_id = d.id AND x.into_id = a.id)
       AND (a.wikidata_id IS NULL OR d.wikidata_id IS NULL OR a.wikidata_id = d.wikidata_id)`,
    [countries, REFERENCE_SOURCES, ids],
  );
  const best = new Map<string, DuplicateSuspectRow>();
  for (const n of near) {
    const km = haversineKm({ lat: n.dlat, lon: n.dlon }, { lat: n.alat, lon: n.alon });
    if (km > options.maxKm) continue;
    const row = { duplicateId: n.d, intoId: n.a, distanceKm: Math.round(km * 100) / 100, namesAgree: sameplaceNames(n.dname, n.aname) };
    const prev = best.get(n.d);
    if (!prev || rank(row) < rank(prev)) best.set(n.d, row);
  }
  // Records without coordinates: a reference name inside theirs, the longest such name (then the largest place).
  const unplaced: { d: string; a: string }[] = await ds.query(
    `SELECT d.id AS d, a.id AS a
     FROM local_authority d
     CROSS JOIN LATERAL (
       SELECT a.id FROM local_authority a
       WHERE a.country_code = d.country_code AND a.kind = d.kind AND a.source = ANY($2::text[]) AND a.id <> d.id
         AND length(a.search_name) >= 4 AND (' ' || d.search_name || ' ') LIKE ('% ' || a.search_name || ' %')
         AND (a.wikidata_id IS NULL OR d.wikidata_id IS NULL OR a.wikidata_id = d.wikidata_id)
         AND NOT EXISTS (SELECT 1 FROM duplicate_dismissal x WHERE x.duplicate_id = d.id AND x.into_id = a.id)
       ORDER BY length(a.search_name) DESC, a.population DESC NULLS LAST LIMIT 1
     ) a
     WHERE NOT (d.source = ANY($2::text[])) AND (d.latitude IS NULL OR d.longitude IS NULL)
       AND ($1::text[] IS NULL OR d.country_code = ANY($1::text[])) AND ($3::uuid[] IS NULL OR d.id = ANY($3::uuid[]))`,
    [countries, REFERENCE_SOURCES, ids],
  );
  for (const u of unplaced) best.set(u.d, { duplicateId: u.d, intoId: u.a, distanceKm: null, namesAgree: true });
  return [...best.values()].sort((x, y) => rank(x) - rank(y) || x.duplicateId.localeCompare(y.duplicateId)).slice(0, options.limit);
}

/** Names that agree first (nearest first among them), then the others by distance. */
function rank(r: DuplicateSuspectRow): number {
  return (r.namesAgree ? 0 : 1e6) + (r.distanceKm ?? 0);
}
