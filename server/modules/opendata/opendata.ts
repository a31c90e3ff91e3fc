import type { DataSource, EntityManager } from 'typeorm';
import { normalizeSearch } from '../../common/text';
import { searchText } from '../listing/listing.service';

/**
 * The open-data export: every public table, with the public columns only. Not exported: contacts,
 * embassy correspondents, accounts and sessions, expressions of interest, suggestions under review, audit,
 * notifications, unpublished listings and reviewers' reasons, and columns derived at import (search keys).
 */
export const OPEN_DATA_TABLES = [
  { name: 'country', columns: ['code', 'code3', 'name_fr', 'name_en', 'region', 'subregion', 'borders', 'languages', 'latitude', 'longitude'], order: 'code' },
  { name: 'theme', columns: ['id', 'parent_id', 'level', 'label_fr', 'label_en', 'sdgs', 'position'], order: 'level, id' },
  {
    name: 'local_authority',
    columns: ['id', 'kind', 'level', 'name', 'country_code', 'insee_code', 'siren', 'geonames_id', 'wikidata_id', 'departement_code', 'region_code', 'admin_code', 'population', 'area_km2', 'latitude', 'longitude', 'address', 'website', 'description', 'main_activities', 'languages', 'source', 'version', 'created_at', 'updated_at'],
    order: 'id',
  },
  { name: 'authority_theme', columns: ['authority_id', 'theme_id'], order: 'authority_id, theme_id' },
  { name: 'foreign_actor', columns: ['id', 'authority_id', 'name', 'kind', 'country_code', 'description', 'website', 'created_at'], order: 'id' },
  {
    name: 'relationship',
    columns: ['id', 'authority_a_id', 'authority_b_id', 'kind', 'title', 'description', 'first_convention_year', 'start_year', 'end_year', 'start_date', 'end_date', 'status', 'source', 'source_url', 'version', 'created_at', 'updated_at'],
    order: 'id',
  },
  { name: 'relationship_theme', columns: ['relationship_id', 'theme_id', 'priority'], order: 'relationship_id, theme_id' },
  { name: 'funding', columns: ['id', 'relationship_id', 'funder', 'amount_eur', 'water_one_percent_eur', 'year', 'position'], order: 'id' },
  {
    name: 'listing',
    columns: ['id', 'authority_id', 'type', 'title', 'description', 'target_countries', 'desired_levels', 'population_min', 'population_max', 'languages', 'expected_duration_months', 'max_accepted_interests', 'status', 'expires_at', 'published_at', 'demo', 'version', 'created_at', 'updated_at'],
    where: `status = 'PUBLISHED'`,
    order: 'id',
  },
  { name: 'listing_theme', columns: ['listing_id', 'theme_id', 'priority'], where: `listing_id IN (SELECT id FROM listing WHERE status = 'PUBLISHED')`, order: 'listing_id, theme_id' },
  { name: 'embassy', columns: ['id', 'country_code', 'name', 'city', 'website'], order: 'country_code' },
] as const;

export type OpenDataTable = (typeof OPEN_DATA_TABLES)[number]['name'];
export type Row = Record<string, unknown>;

export interface OpenDataset {
  format: 'bourse-partenariats-opendata';
  version: 1;
  exportedAt: string;
  licence: string;
  tables: Record<OpenDataTable, Row[]>;
}

export const LICENCE =
  'Data of the Bourse: Licence Ouverte / Open Licence 2.0 (Etalab). Reference data keep their own licences: French administrative divisions (INSEE COG via @etalab/decoupage-administratif, Licence Ouverte 2.0), foreign municipalities (GeoNames, CC BY 4.0), countries (world-countries, ODbL 1.0). See docs/data.md.';

type Db = Pick<DataSource | EntityManager, 'query'>;

/** One table's rows as PostgreSQL renders them in JSON: exact numbers, ISO time stamps with time zone. */
export async function exportTable(db: Db, table: OpenDataTable): Promise<Row[]> {
  const t = OPEN_DATA_TABLES.find((x) => x.name === table)!;
  const where = 'where' in t ? `WHERE ${t.where}` : '';
  const [{ rows }] = await db.query(`SELECT coalesce(json_agg(t ORDER BY ${t.order}), '[]'::json)::text AS rows FROM (SELECT ${t.columns.join(', ')} FROM ${t.name} ${where}) t`);
  return JSON.parse(rows) as Row[];
}

export async function exportOpenData(db: Db): Promise<OpenDataset> {
  const tables = {} as Record<OpenDataTable, Row[]>;
  for (const t of OPEN_DATA_TABLES) tables[t.name] = await exportTable(db, t.name);
  return { format: 'bourse-partenariats-opendata', version: 1, exportedAt: new Date().toISOString(), licence: LICENCE, tables };
}

const BATCH = 5000;

/** Loads an export into an empty database (migrations applied, nothing seeded). One transaction: all or nothing. */
export async function importOpenData(ds: DataSource, data: OpenDataset): Promise<Record<string, number>> {
  if (data?.format !== 'bourse-partenariats-opendata' || data.version !== 1) throw new Error('Not a Bourse-partenariats open-data export (format version 1).');
  return ds.transaction(async (em) => {
    // Countries and themes (loaded even with SEED=none) are replaced by the export's; everything else must be empty.
    for (const t of OPEN_DATA_TABLES.filter((x) => x.name !== 'country' && x.name !== 'theme')) {
      const [{ n }] = await em.query(`SELECT count(*)::int AS n FROM ${t.name}`);
      if (Number(n) > 0) throw new Error(`The database is not empty (table ${t.name} has rows): import into a new database started with SEED=none.`);
    }
    await em.query(`DELETE FROM theme WHERE level = 3`);
    await em.query(`DELETE FROM theme WHERE level = 2`);
    await em.query(`DELETE FROM theme`);
    await em.query(`DELETE FROM country`);
    const counts: Record<string, number> = {};
    for (const t of OPEN_DATA_TABLES) {
      const rows = data.tables[t.name] ?? [];
      const columns: string[] = [...t.columns];
      const derived = (r: Row): Row => {
        if (t.name === 'local_authority') return { ...r, search_name: normalizeSearch(String(r.name)) };
        if (t.name === 'listing') return { ...r, search_text: searchText(String(r.title), String(r.description)) };
        return r;
      };
      if (t.name === 'local_authority') columns.push('search_name');
      if (t.name === 'listing') columns.push('search_text');
      for (let i = 0; i < rows.length; i += BATCH) {
        const batch = rows.slice(i, i + BATCH).map(derived);
        await em.query(`INSERT INTO ${t.name} (${columns.join(', ')}) SELECT ${columns.join(', ')} FROM jsonb_populate_recordset(NULL::${t.name}, $1::jsonb)`, [JSON.stringify(batch)]);
      }
      counts[t.name] = rows.length;
    }
    // The reference data are in: a later start must not load them again.
    for (const step of ['countries', 'themes', 'french-authorities', 'foreign-municipalities', 'seed-partnerships']) {
      await em.query(`INSERT INTO data_import (name, row_count, details) VALUES ($1, 0, $2::jsonb) ON CONFLICT (name) DO NOTHING`, [step, JSON.stringify({ source: 'open-data import', exportedAt: data.exportedAt })]);
    }
    return counts;
  });
}

/**
 * CSV (RFC 4180) of one table: a header of column names; lists as JSON arrays; an empty cell is NULL and a
 * quoted empty cell ("") an empty string, so that nothing is lost.
 */
export function toCsv(table: OpenDataTable, rows: Row[]): string {
  const columns = OPEN_DATA_TABLES.find((t) => t.name === table)!.columns;
  const cell = (v: unknown): string => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return s === '' || /[",\r\n]/.test(s) || s !== s.trim() ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns.join(','), ...rows.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\r\n') + '\r\n';
}

/** Reads `toCsv` back: cells as strings, NULL as null. */
export function parseCsv(text: string): Record<string, string | null>[] {
  const records: (string | null)[][] = [];
  let row: (string | null)[] = [];
  let i = 0;
  while (i < text.length) {
    if (text[i] === '"') {
      let s = '';
      i++;
      for (;;) {
        if (text[i] === '"' && text[i + 1] === '"') {
          s += '"';
          i += 2;
        } else if (text[i] === '"') {
          i++;
          break;
        } else s += text[i++];
      }
      row.push(s);
    } else {
      let j = i;
      while (j < text.length && text[j] !== ',' && text[j] !== '\r' && text[j] !== '\n') j++;
      row.push(j === i ? null : text.slice(i, j));
      i = j;
    }
    if (text[i] === ',') i++;
    else {
      if (text[i] === '\r') i++;
      if (text[i] === '\n') i++;
      records.push(row);
      row = [];
    }
  }
  const [header, ...body] = records;
  return body.map((r) => Object.fromEntries(header.map((h, k) => [h as string, r[k] ?? null])));
}
