import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { closeDataSource, createDataSource } from '../db/data-source';
import { createLoaders } from '../loaders';
import { importCountries, importThemes } from '../seed/reference-data';
import { loadMatchingConfig } from '../modules/matching/matching.config';
import { MatchingService } from '../modules/matching/matching.service';
import { getNetwork } from '../modules/matching/network';
import { importTwinnings, pairKey, readTwinningDataset, type TwinningImportReport } from '../modules/twinning/wikidata-import';
import type { Context } from '../context';
import { seededRandom } from './eval-matching-random';

/**
 * npm run eval:matching -- --data <dir> --folds 5 --seed <n> [--out file.json]
 *
 * For each fold of the French–foreign twinnings (shuffled by the seed): a fresh database with only the
 * dataset, imported through the product's twinning importer minus the fold; then, for each held-out pair,
 * the rank of the true partner in suggestPartners from the French side and from the foreign side, for the
 * product and three baselines (random, popularity, country prior) on the same graph.
 */

function arg(name: string, fallback?: string): string {
  const i = process.argv.indexOf(`--${name}`);
  if (i >= 0 && process.argv[i + 1]) return process.argv[i + 1];
  if (fallback === undefined) throw new Error(`Missing --${name}`);
  return fallback;
}

type Method = 'product' | 'served' | 'random' | 'popularity' | 'countryPrior';
const METHODS: Method[] = ['product', 'served', 'random', 'popularity', 'countryPrior'];
type Direction = 'fromFrench' | 'fromForeign';

/** Rank of `target` when candidates are ordered by descending score; ties share the average rank. */
function rankAmong(target: string, scores: Map<string, number>): number {
  const t = scores.get(target);
  if (t === undefined) return Infinity;
  let better = 0;
  let ties = 0;
  for (const [id, s] of scores) {
    if (id === target) continue;
    if (s > t) better++;
    else if (s === t) ties++;
  }
  return better + 1 + ties / 2;
}

function metrics(ranks: number[]) {
  const n = ranks.length || 1;
  return {
    n: ranks.length,
    recallAt10: ranks.filter((r) => r <= 10).length / n,
    recallAt50: ranks.filter((r) => r <= 50).length / n,
    mrr: ranks.reduce((s, r) => s + (Number.isFinite(r) ? 1 / r : 0), 0) / n,
  };
}

async function main(): Promise<void> {
  const dir = path.resolve(arg('data'));
  const folds = Number(arg('folds', '5'));
  const seed = Number(arg('seed', '1'));
  const out = arg('out', '');
  const dataset = readTwinningDataset(dir);
  const isFrench = (q: string) => dataset.places.get(q)?.country === 'FR';
  const pairs = dataset.links.filter(([a, b]) => isFrench(a) !== isFrench(b)).map(([a, b]) => (isFrench(a) ? [a, b] : [b, a]) as [string, string]);
  const rand = seededRandom(seed);
  for (let i = pairs.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [pairs[i], pairs[j]] = [pairs[j], pairs[i]];
  }
  process.stdout.write(`Dataset: ${dataset.places.size} places, ${dataset.links.length} twinnings, ${pairs.length} French–foreign; ${folds} folds, seed ${seed}\n`);

  const config = loadConfig(process.env, { seed: 'none', verbose: false, port: 0 });
  const matching = loadMatchingConfig(config.matchingConfig);
  const results: Record<Method, Record<Direction, number[][]>> = Object.fromEntries(METHODS.map((m) => [m, { fromFrench: [], fromForeign: [] }])) as never;
  let firstReport: TwinningImportReport | undefined;

  for (let f = 0; f < folds; f++) {
    const held = pairs.filter((_, i) => i % folds === f);
    const exclude = new Set(held.map(([a, b]) => pairKey(a, b)));
    // A fresh database per fold: in-memory PGlite, or a new database on DATABASE_URL's server.
    let dbUrl: string | undefined;
    let drop: (() => Promise<void>) | undefined;
    if (config.databaseUrl) {
      const { Client } = await import('pg');
      const name = `bourse_eval_${process.pid}_${f}`;
      const admin = new Client({ connectionString: config.databaseUrl });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(config.databaseUrl);
      u.pathname = `/${name}`;
      dbUrl = u.toString();
      drop = async () => {
        const c = new Client({ connectionString: config.databaseUrl });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      };
    }
    const ds = createDataSource({ ...config, databaseUrl: dbUrl }, { inMemory: true, logErrors: false });
    await ds.initialize();
    try {
      await ds.runMigrations({ transaction: 'each' });
      await ds.transaction(async (em) => {
        await importCountries(em);
        await importThemes(em);
      });
      const report = await importTwinnings(ds, dataset, { exclude });
      firstReport ??= report;
      const ids: { id: string; wikidata_id: string; kind: string; country_code: string }[] = await ds.query(`SELECT id, wikidata_id, kind, country_code FROM local_authority`);
      const byQid = new Map(ids.map((r) => [r.wikidata_id, r]));
      const byId = new Map(ids.map((r) => [r.id, r]));
      const ctx: Context = { ds, config, matching, loaders: createLoaders(ds), viewer: { role: 'ADMIN' }, requestId: 'eval' };
      const service = new MatchingService(ctx, matching);
      const net = await getNetwork(ds);
      const foldRand = seededRandom(seed * 1000 + f);
      const perFold: Record<Method, Record<Direction, number[]>> = Object.fromEntries(METHODS.map((m) => [m, { fromFrench: [], fromForeign: [] }])) as never;

      for (const [fq, xq] of held) {
        const F = byQid.get(fq);
        const X = byQid.get(xq);
        if (!F || !X) continue;
        for (const [direction, seeker, target] of [['fromFrench', F, X], ['fromForeign', X, F]] as const) {
          ctx.loaders = createLoaders(ds);
          const suggestion = await service.suggest({ authorityId: seeker.id, first: 1_000_000 }, { exhaustive: true, curated: false });
          const candidates = suggestion.candidates.map((c) => c.authorityId);
          const product = new Map(suggestion.candidates.map((c) => [c.authorityId, -c.rank]));
          const partnerCountries = new Set([...net.partners(seeker.id)].map((p) => byId.get(p)?.country_code));
          const popularity = new Map(candidates.map((c) => [c, net.degree(c)]));
          const countryPrior = new Map(candidates.map((c) => [c, (partnerCountries.has(byId.get(c)?.country_code) ? 1e6 : 0) + net.degree(c)]));
          // Drawn in Wikidata-id order, so that the random baseline does not depend on the product's ranking.
          const byQidOrder = [...candidates].sort((a, b) => ((byId.get(a)?.wikidata_id ?? '') < (byId.get(b)?.wikidata_id ?? '') ? -1 : 1));
          const random = new Map(byQidOrder.map((c) => [c, foldRand()]));
          perFold.product[direction].push(rankAmong(target.id, product));
          // As served: the API's bounded retrieval and its page cap (first ≤ maxResults); a true partner the
          // retrieval leaves out, or ranked beyond the page, is a miss.
          ctx.loaders = createLoaders(ds);
          const served = await service.suggest({ authorityId: seeker.id, first: matching.maxResults }, { curated: false });
          const servedRank = served.candidates.find((c) => c.authorityId === target.id)?.rank;
          perFold.served[direction].push(servedRank ?? Infinity);
          perFold.popularity[direction].push(rankAmong(target.id, popularity));
          perFold.countryPrior[direction].push(rankAmong(target.id, countryPrior));
          perFold.random[direction].push(rankAmong(target.id, random));
        }
      }
      for (const m of METHODS) for (const d of ['fromFrench', 'fromForeign'] as Direction[]) results[m][d].push(perFold[m][d]);
      const p = metrics(perFold.product.fromFrench);
      process.stdout.write(`fold ${f + 1}: ${held.length} held out; product from French side recall@10 ${p.recallAt10.toFixed(3)}\n`);
    } finally {
      await closeDataSource(ds);
      await drop?.();
    }
  }

  const table: Record<string, unknown> = {};
  const lines = ['| method | direction | recall@10 | recall@50 | MRR | per-fold recall@10 |', '|---|---|---|---|---|---|'];
  for (const m of METHODS) {
    for (const d of ['fromFrench', 'fromForeign'] as Direction[]) {
      const perFold = results[m][d].map(metrics);
      const mean = (k: 'recallAt10' | 'recallAt50' | 'mrr') => perFold.reduce((s, x) => s + x[k], 0) / perFold.length;
      table[`${m}.${d}`] = { recallAt10: mean('recallAt10'), recallAt50: mean('recallAt50'), mrr: mean('mrr'), perFold };
      lines.push(`| ${m} | ${d === 'fromFrench' ? 'French → foreign' : 'foreign → French'} | ${mean('recallAt10').toFixed(3)} | ${mean('recallAt50').toFixed(3)} | ${mean('mrr').toFixed(3)} | ${perFold.map((x) => x.recallAt10.toFixed(3)).join(' ')} |`);
    }
  }
  const r = firstReport!;
  const joinRate = r.populationCandidates ? r.populationJoined / r.populationCandidates : 0;
  process.stdout.write(`\nGeoNames population join (fold 1 import): ${r.populationJoined}/${r.populationCandidates} places (${(100 * joinRate).toFixed(1)} %)\n\n${lines.join('\n')}\n`);
  if (out) fs.writeFileSync(out, JSON.stringify({ seed, folds, pairs: pairs.length, importReport: r, populationJoinRate: joinRate, results: table }, null, 2));
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
