/**
 * How `suggestPartners` cost grows with the number of authorities: 10k, 80k (all reference data) and 500k
 * (synthetic scale-up of the real distribution: copies of real authorities with jittered positions and populations),
 * with one relationship (with a theme) per 8 authorities, as in the real data with the Wikidata twinnings.
 * `node dist/server/bench/matching-growth.js [--requests 100]` → docs/bench-growth.json
 */
import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { startProduct } from '../bootstrap';

const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REQUESTS = Number(process.argv.includes('--requests') ? process.argv[process.argv.indexOf('--requests') + 1] : 100);
const dbUrl = (name: string) => Object.assign(new URL(BASE), { pathname: `/${name}` }).toString();

async function build(target: number): Promise<string> {
  const name = `bourse_growth_${target}`;
  const admin = new Client({ connectionString: BASE });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  // Building 500k authorities takes minutes per statement on this machine: no request-sized statement timeout here.
  const product = await startProduct(loadConfig({}, { databaseUrl: dbUrl(name), seed: 'full', port: 0, host: '127.0.0.1', verbose: false, dbStatementTimeoutMs: 3_600_000 }));
  const ds = product.ds;
  try {
    if (!(await ds.query(`SELECT 1 FROM data_import WHERE name = 'growth'`)).length) {
      process.stdout.write(`  building ${name}…\n`);
      await ds.query(`SELECT setseed(0.17)`);
      const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM local_authority`);
      if (target < n) {
        // Keep a random sample of the real authorities (régions and départements always).
        await ds.query(`DELETE FROM local_authority WHERE level NOT IN ('REGION', 'DEPARTEMENT') AND random() > $1`, [target / n]);
      } else if (target > n) {
        const copies = Math.ceil((target - n) / n);
        await ds.query(
          `INSERT INTO local_authority (kind, level, name, search_name, country_code, departement_code, region_code, admin_code, population, latitude, longitude, source)
           SELECT a.kind, a.level, a.name || ' ' || k, a.search_name || ' ' || k, a.country_code, a.departement_code, a.region_code, a.admin_code,
                  (a.population * (0.5 + random()))::int, a.latitude + (random() - 0.5), a.longitude + (random() - 0.5), 'synthetic'
           FROM local_authority a, generate_series(1, $1) k WHERE a.level IN ('COMMUNE', 'MUNICIPALITY') AND random() < $2`,
          [copies, (target - n) / (copies * n * 0.98)],
        );
      }
      const [{ total }] = await ds.query(`SELECT count(*)::int AS total FROM local_authority`);
      await ds.query(`DELETE FROM relationship WHERE source IS DISTINCT FROM 'seed'`);
      await ds.query(
        `INSERT INTO relationship (authority_a_id, authority_b_id, kind, status, start_year, source)
         SELECT f.id, g.id, 'TWINNING', 'ACTIVE', 1960 + (random() * 60)::int, 'growth'
         FROM (SELECT id, row_number() OVER () rn FROM (SELECT id FROM local_authority WHERE kind = 'FRENCH' AND level = 'COMMUNE' ORDER BY random() LIMIT $1) x) f
         JOIN (SELECT id, row_number() OVER () rn FROM (SELECT id FROM local_authority WHERE kind = 'FOREIGN' ORDER BY random() LIMIT $1) y) g USING (rn)`,
        [Math.round(total / 8)],
      );
      await ds.query(
        `INSERT INTO relationship_theme (relationship_id, theme_id, priority)
         SELECT r.id, t.ids[1 + floor(random() * array_length(t.ids, 1))::int], 1 FROM relationship r, (SELECT array_agg(id) AS ids FROM theme WHERE level = 3) t WHERE r.source = 'growth'
         ON CONFLICT DO NOTHING`,
      );
      await ds.query(`INSERT INTO data_import (name, row_count) VALUES ('growth', $1)`, [total]);
      await ds.query(`ANALYZE`);
    }
  } finally {
    await product.close();
  }
  return dbUrl(name);
}

async function measure(url: string) {
  const product = await startProduct(loadConfig({}, { databaseUrl: url, seed: 'full', port: 0, host: '127.0.0.1', verbose: false }));
  try {
    const [c] = await product.ds.query(`SELECT (SELECT count(*) FROM local_authority)::int AS authorities, (SELECT count(*) FROM relationship)::int AS relationships`);
    const seekers: { id: string }[] = await product.ds.query(
      `SELECT a.id FROM local_authority a WHERE a.kind = 'FRENCH' AND a.level = 'COMMUNE' AND EXISTS (SELECT 1 FROM relationship r WHERE r.authority_a_id = a.id) ORDER BY md5(a.id::text) LIMIT $1`,
      [REQUESTS],
    );
    const ask = async (id: string) => {
      const started = performance.now();
      const res = await fetch(`http://127.0.0.1:${product.port}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: `query($id: ID!) { suggestPartners(input: { authorityId: $id, first: 10 }) { candidatesConsidered candidates { score } } }`, variables: { id } }),
      });
      const body = (await res.json()) as { data?: { suggestPartners: { candidatesConsidered: number } } };
      if (!body.data) throw new Error(JSON.stringify(body));
      return { ms: performance.now() - started, considered: body.data.suggestPartners.candidatesConsidered };
    };
    await ask(seekers[0].id); // builds the network snapshot
    const runs = [];
    for (const s of seekers) runs.push(await ask(s.id));
    const ms = runs.map((r) => r.ms).sort((a, b) => a - b);
    const pct = (p: number) => +ms[Math.min(ms.length - 1, Math.ceil(p * ms.length) - 1)].toFixed(1);
    return { ...c, requests: runs.length, p50Ms: pct(0.5), p95Ms: pct(0.95), meanCandidates: Math.round(runs.reduce((t, r) => t + r.considered, 0) / runs.length) };
  } finally {
    await product.close();
  }
}

async function main() {
  const results = [];
  for (const target of [10_000, 80_000, 500_000]) {
    const url = await build(target);
    const r = await measure(url);
    process.stdout.write(`  ${r.authorities} authorities, ${r.relationships} relationships: p50 ${r.p50Ms} ms, p95 ${r.p95Ms} ms, ${r.meanCandidates} candidates scored on average\n`);
    results.push(r);
  }
  const out = path.resolve(__dirname, '..', '..', '..', 'docs', 'bench-growth.json');
  fs.writeFileSync(out, `${JSON.stringify({ date: new Date().toISOString(), results }, null, 2)}\n`);
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
