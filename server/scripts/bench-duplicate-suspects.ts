import 'reflect-metadata';
import { DataSource, type QueryRunner } from 'typeorm';
import { findDuplicateSuspects, REFERENCE_SOURCES, SUSPECT_KM } from '../modules/authority/authority-duplicates';

/**
 * node dist/server/scripts/bench-duplicate-suspects.js
 *
 * What `LocalAuthority.suspectedDuplicateOf` (the ministry's notice on a fiche, and on each record of a page) costs
 * on the full reference data: the benchmark database of `bench-matching.js` (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/bourse_bench: all reference data and the Wikidata twinnings, whose import
 * creates the records that are not reference records). Times findDuplicateSuspects, the loader's one statement
 * pair, for one record and for pages of 20: records placed on the map (k-nearest scans), reference records (the
 * common page, filtered out at once), and records without coordinates (the name rule), the last made for the
 * measure inside a transaction that is rolled back. Prints milliseconds; writes nothing.
 */
const pct = (a: number[], p: number) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.ceil((p / 100) * a.length) - 1)];

async function main(): Promise<void> {
  const ds = new DataSource({ type: 'postgres', url: process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bourse_bench' });
  await ds.initialize();
  const qr: QueryRunner = ds.createQueryRunner();
  await qr.connect();
  await qr.startTransaction();
  try {
    const on = { query: (sql: string, params?: unknown[]) => qr.query(sql, params) } as unknown as DataSource;
    const time = async (ids: string[]): Promise<[number, number]> => {
      const t = process.hrtime.bigint();
      const found = await findDuplicateSuspects(on, { ids, maxKm: SUSPECT_KM, limit: ids.length });
      return [Number(process.hrtime.bigint() - t) / 1e6, found.length];
    };
    const [{ n }] = await qr.query(`SELECT count(*)::int AS n FROM local_authority`);
    const placed: string[] = (await qr.query(`SELECT id FROM local_authority WHERE NOT (source = ANY($1::text[])) AND latitude IS NOT NULL ORDER BY id LIMIT 400`, [REFERENCE_SOURCES])).map((r: { id: string }) => r.id);
    const references: string[] = (await qr.query(`SELECT id FROM local_authority WHERE source = ANY($1::text[]) ORDER BY id LIMIT 20`, [REFERENCE_SOURCES])).map((r: { id: string }) => r.id);
    // Records without coordinates, named after large places of large countries ("Ville de …"): rolled back below.
    const unplaced: string[] = [];
    for (const r of await qr.query(
      `SELECT name, search_name, country_code, kind, level FROM local_authority WHERE source = 'geonames' AND country_code IN ('DE', 'US', 'BR', 'IN', 'CN') ORDER BY population DESC NULLS LAST LIMIT 20`,
    )) {
      const [row] = await qr.query(`INSERT INTO local_authority (name, search_name, country_code, kind, level, source) VALUES ($1, $2, $3, $4, $5, 'user') RETURNING id`, [`Ville de ${r.name}`, `ville de ${r.search_name}`, r.country_code, r.kind, r.level]);
      unplaced.push(row.id);
    }
    process.stdout.write(`${n} authorities; ${placed.length} records placed that are not reference records, 20 reference records, 20 records without coordinates\n`);
    await time(placed.slice(0, 3)); // warm-up
    const report = async (label: string, ids: string[][]) => {
      const runs: number[] = [];
      let found = 0;
      for (const x of ids) {
        const [ms, k] = await time(x);
        runs.push(ms);
        found += k;
      }
      process.stdout.write(`${label}: p50 ${pct(runs, 50).toFixed(1)} ms, p95 ${pct(runs, 95).toFixed(1)} ms, max ${Math.max(...runs).toFixed(1)} ms (${runs.length} runs, ${found} suspects found)\n`);
    };
    await report('one placed record (a fiche)', placed.slice(0, 200).map((id) => [id]));
    await report('page of 20 placed records', Array.from({ length: 10 }, (_, i) => placed.slice(200 + i * 20, 220 + i * 20)));
    await report('page of 20 reference records', Array.from({ length: 10 }, () => references));
    await report('one record without coordinates', unplaced.map((id) => [id]));
    await report('page of 20 records without coordinates', Array.from({ length: 5 }, () => unplaced));
  } finally {
    await qr.rollbackTransaction();
    await qr.release();
    await ds.destroy();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
