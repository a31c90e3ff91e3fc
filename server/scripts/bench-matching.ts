import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { startProduct } from '../bootstrap';
import { importTwinnings, readTwinningDataset } from '../modules/twinning/wikidata-import';
import { createLoaders } from '../loaders';
import { loadMatchingConfig } from '../modules/matching/matching.config';
import { MatchingService } from '../modules/matching/matching.service';
import type { Context } from '../context';
import { seededRandom } from './eval-matching-random';

/**
 * npm run bench [-- --requests 300 --data ../shared/data/twinnings]
 *
 * suggestPartners latency over HTTP on the machine's PostgreSQL (BENCH_DATABASE_URL, default
 * postgres://postgres@127.0.0.1:5432/bourse_bench) with all reference data, the Wikidata twinnings and
 * themes on every relationship. Writes docs/bench-matching.json.
 * --fidelity: also compares, for every seeker, the served top 10 (bounded retrieval) with the top 10 of an
 * exhaustive ranking (every authority of the other side scored): what the retrieval costs in quality.
 */
function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function main(): Promise<void> {
  const base = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/bourse_bench';
  const requests = Number(arg('requests', '300'));
  const dataDir = path.resolve(arg('data', path.join(__dirname, '..', '..', '..', '..', 'shared', 'data', 'twinnings')));
  const url = new URL(base);
  const dbName = url.pathname.slice(1);
  const admin = new Client({ connectionString: Object.assign(new URL(base), { pathname: '/postgres' }).toString() });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [dbName])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${dbName}`);
  await admin.end();

  // The anonymous response cache is off: repeated seekers would otherwise be answered from memory, not by the engine.
  const config = loadConfig(process.env, { databaseUrl: base, port: 0, host: '127.0.0.1', seed: 'full', verbose: true, exposeSqlStats: true, responseCacheEntries: 0 });
  const product = await startProduct(config, { progress: (m) => process.stdout.write(`${m}\n`) });
  const ds = product.ds;
  try {
    if (fs.existsSync(path.join(dataDir, 'links.tsv'))) {
      const report = await importTwinnings(ds, readTwinningDataset(dataDir));
      process.stdout.write(`Twinnings: ${report.relationshipsCreated} created, ${report.relationshipsAlreadyPresent} already present\n`);
    }
    // Themes on every relationship that has none (seeded), so the theme factor has work to do.
    const themes: string[] = (await ds.query(`SELECT id FROM theme WHERE level >= 2`)).map((r: { id: string }) => r.id);
    const bare: { id: string }[] = await ds.query(`SELECT r.id FROM relationship r WHERE NOT EXISTS (SELECT 1 FROM relationship_theme t WHERE t.relationship_id = r.id)`);
    const rand = seededRandom(7);
    for (let i = 0; i < bare.length; i += 2000) {
      const rows = bare.slice(i, i + 2000).flatMap((r) => [...new Set([0, 1].map(() => themes[Math.floor(rand() * themes.length)]))].map((t, k) => [r.id, t, k + 1]));
      await ds.query(`INSERT INTO relationship_theme (relationship_id, theme_id, priority) SELECT * FROM unnest($1::uuid[], $2::text[], $3::smallint[]) ON CONFLICT DO NOTHING`, [rows.map((r) => r[0]), rows.map((r) => r[1]), rows.map((r) => r[2])]);
    }
    await ds.query('ANALYZE');
    const [{ authorities, relationships }] = await ds.query(`SELECT (SELECT count(*) FROM local_authority)::int AS authorities, (SELECT count(*) FROM relationship)::int AS relationships`);
    // Seekers: authorities with relationships (the network matters) and without (cold start), French and foreign.
    const seekers: { id: string }[] = await ds.query(
      `(SELECT id FROM local_authority WHERE kind = 'FRENCH' AND id IN (SELECT authority_a_id FROM relationship UNION SELECT authority_b_id FROM relationship) ORDER BY md5(id::text) LIMIT 100)
       UNION ALL (SELECT id FROM local_authority WHERE kind = 'FOREIGN' AND id IN (SELECT authority_a_id FROM relationship UNION SELECT authority_b_id FROM relationship) ORDER BY md5(id::text) LIMIT 100)
       UNION ALL (SELECT id FROM local_authority WHERE kind = 'FRENCH' AND level = 'COMMUNE' ORDER BY md5(id::text) LIMIT 100)`,
    );
    const query = `query($id: ID!) { suggestPartners(input: { authorityId: $id, first: 20 }) { candidatesConsidered candidates { score authority { name country { nameFr } } factors { name value explanationFr } } } }`;
    const call = async (id: string) => {
      const t0 = process.hrtime.bigint();
      const res = await fetch(`http://127.0.0.1:${product.port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query, variables: { id } }) });
      const body = (await res.json()) as { errors?: unknown[]; data?: { suggestPartners: { candidatesConsidered: number } } };
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return { ms: Number(process.hrtime.bigint() - t0) / 1e6, sql: Number(res.headers.get('x-sql-statements')), pool: body.data!.suggestPartners.candidatesConsidered };
    };
    for (let i = 0; i < 20; i++) await call(seekers[i % seekers.length].id); // warm-up
    const samples = [];
    for (let i = 0; i < requests; i++) samples.push(await call(seekers[i % seekers.length].id));
    const ms = samples.map((s) => s.ms).sort((a, b) => a - b);
    const result = {
      date: new Date().toISOString().slice(0, 10),
      engine: 'PostgreSQL (machine, 127.0.0.1:5432)',
      authorities,
      relationships,
      requests,
      p50: +percentile(ms, 50).toFixed(1),
      p95: +percentile(ms, 95).toFixed(1),
      p99: +percentile(ms, 99).toFixed(1),
      mean: +(ms.reduce((s, x) => s + x, 0) / ms.length).toFixed(1),
      sqlStatementsPerRequest: Math.max(...samples.map((s) => s.sql)),
      meanCandidatesScored: Math.round(samples.reduce((s, x) => s + x.pool, 0) / samples.length),
    };
    let fidelity: Record<string, unknown> | undefined;
    if (process.argv.includes('--fidelity')) {
      const matching = loadMatchingConfig(config.matchingConfig);
      const service = (): MatchingService => new MatchingService({ ds, config, matching, loaders: createLoaders(ds), viewer: { role: 'ADMIN' }, requestId: 'bench' } as Context, matching);
      // Per group of seekers too: linked French, linked foreign, and authorities without any relationship (mostly French communes).
      const groups: { id: string; grp: string }[] = await ds.query(
        `SELECT a.id, a.kind || CASE WHEN EXISTS (SELECT 1 FROM relationship r WHERE a.id IN (r.authority_a_id, r.authority_b_id)) THEN ' with relationships' ELSE ' without relationships' END AS grp
         FROM local_authority a WHERE a.id = ANY($1)`,
        [seekers.map((x) => x.id)],
      );
      const groupOf = new Map(groups.map((g) => [g.id, g.grp]));
      type Tally = { seekers: number; overlap: number; sameFirst: number; unknownPopulationInTop10: number };
      const tally = new Map<string, Tally>();
      const add = (key: string, o: number, first: boolean, unknown: number) => {
        const t = tally.get(key) ?? { seekers: 0, overlap: 0, sameFirst: 0, unknownPopulationInTop10: 0 };
        t.seekers++;
        t.overlap += o;
        t.sameFirst += first ? 1 : 0;
        t.unknownPopulationInTop10 += unknown;
        tally.set(key, t);
      };
      let exhaustiveMs = 0;
      for (const { id } of seekers) {
        const served = (await service().suggest({ authorityId: id, first: 10 }, { curated: false })).candidates.map((c) => c.authorityId);
        const t0 = performance.now();
        const all = (await service().suggest({ authorityId: id, first: 10 }, { exhaustive: true, curated: false })).candidates.map((c) => c.authorityId);
        exhaustiveMs += performance.now() - t0;
        const o = served.filter((x) => all.includes(x)).length / Math.max(1, all.length);
        const [{ unknown }] = await ds.query(`SELECT count(*)::int AS unknown FROM local_authority WHERE id = ANY($1) AND population IS NULL`, [served]);
        add('all', o, served[0] === all[0], unknown);
        add(groupOf.get(id) ?? 'unknown', o, served[0] === all[0], unknown);
      }
      const round = (t: Tally) => ({
        seekers: t.seekers,
        meanTop10Overlap: +(t.overlap / t.seekers).toFixed(3),
        sameFirst: +(t.sameFirst / t.seekers).toFixed(3),
        meanUnknownPopulationInTop10: +(t.unknownPopulationInTop10 / t.seekers).toFixed(2),
      });
      const { all, ...byGroup } = Object.fromEntries([...tally].map(([k, t]) => [k, round(t)]));
      fidelity = { ...all, exhaustiveMeanMs: +(exhaustiveMs / seekers.length).toFixed(0), byGroup };
    }
    Object.assign(result, fidelity ? { fidelity } : {});
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    fs.writeFileSync(path.join(__dirname, '..', '..', '..', 'docs', 'bench-matching.json'), `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    await product.close();
  }
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
