/**
 * `npm run bench`: HTTP load on the machine's PostgreSQL, side by side with PostGraphile 5 and a hand-written
 * baseline (plain graphql + pg), on the same database (all reference data + a synthetic scale-up).
 * Scenarios: (a) a page of 50 listings with authority, country, themes and the authority's relationships;
 * (b) a fiche with everything on it; (c) suggestPartners; (d) a mix with 10 % writes; then (a) and (b) on two
 * processes. Writes docs/performance.json and docs/performance.svg; docs/performance.md explains them.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { ensurePerfDatabase } from './perf-db';

const root = path.resolve(__dirname, '..', '..', '..');
const BASE = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const TOKEN = 'bench-admin-token-0123456789abcdef';

interface Server {
  name: string;
  ports: number[];
  children: ChildProcess[];
}

async function waitFor(port: number, ms = 120_000) {
  for (const start = Date.now(); Date.now() - start < ms; await new Promise((r) => setTimeout(r, 200))) {
    try {
      const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{ __typename }"}' });
      if (res.status < 500) return;
    } catch {
      /* not yet */
    }
  }
  throw new Error(`port ${port} did not answer`);
}

async function start(name: string, ports: number[], command: (port: number) => { args: string[]; env: Record<string, string> }): Promise<Server> {
  const children = ports.map((port) => {
    const { args, env } = command(port);
    return spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit'] });
  });
  await Promise.all(ports.map((p) => waitFor(p)));
  return { name, ports, children };
}

async function stop(server: Server) {
  for (const c of server.children) c.kill('SIGTERM');
  await Promise.all(server.children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.on('exit', r)))));
}

const rssMb = (s: Server) => s.children.reduce((t, c) => t + Number(fs.readFileSync(`/proc/${c.pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]) / 1024, 0);

type Req = { method: 'POST'; path: string; headers: Record<string, string>; body: string };
const gqlRequest = (query: string, variables: Record<string, unknown> = {}, admin = false): Req => ({
  method: 'POST',
  path: '/graphql',
  headers: { 'content-type': 'application/json', ...(admin ? { authorization: `Bearer ${TOKEN}` } : {}) },
  body: JSON.stringify({ query, variables }),
});

interface Result {
  server: string;
  scenario: string;
  processes: number;
  requestsPerSecond: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  sqlStatements: number | null;
  rssMb: number;
  /** Side-by-side rows: requests/s of every round (the row itself is the median round). */
  rounds?: number[];
}

async function load(server: Server, scenario: string, requests: Req[], check: (body: any) => boolean): Promise<Result> {
  // Correctness first: one request of each kind must succeed, and tells the SQL statements it cost.
  let sqlStatements: number | null = null;
  for (const r of requests) {
    const res = await fetch(`http://127.0.0.1:${server.ports[0]}${r.path}`, { method: r.method, headers: r.headers, body: r.body });
    const body = await res.json();
    if (!check(body) && !r.headers.authorization) throw new Error(`${server.name} ${scenario}: unexpected answer ${JSON.stringify(body).slice(0, 300)}`);
    const s = res.headers.get('x-sql-statements');
    if (s !== null && sqlStatements === null) sqlStatements = Number(s);
  }
  const run = (port: number, connections: number, duration: number) =>
    autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests }) as unknown as Promise<autocannon.Result>;
  await Promise.all(server.ports.map((p) => run(p, Math.max(1, Math.floor(CONNECTIONS / server.ports.length)), 2))); // warm-up
  const results = await Promise.all(server.ports.map((p) => run(p, Math.max(1, Math.floor(CONNECTIONS / server.ports.length)), DURATION)));
  const weighted = (f: (r: autocannon.Result) => number) => results.reduce((t, r) => t + f(r) * r.requests.total, 0) / Math.max(1, results.reduce((t, r) => t + r.requests.total, 0));
  const result: Result = {
    server: server.name,
    scenario,
    processes: server.ports.length,
    requestsPerSecond: Math.round(results.reduce((t, r) => t + r.requests.average, 0)),
    p50: Math.round(weighted((r) => r.latency.p50)),
    p95: Math.round(weighted((r) => (r.latency as unknown as Record<string, number>).p97_5 ?? r.latency.p99)),
    p99: Math.round(weighted((r) => r.latency.p99)),
    errors: results.reduce((t, r) => t + r.errors + r.timeouts, 0),
    non2xx: results.reduce((t, r) => t + r.non2xx, 0),
    sqlStatements,
    rssMb: Math.round(rssMb(server)),
  };
  process.stdout.write(`  ${server.name.padEnd(22)} ${scenario.padEnd(22)} ${String(result.requestsPerSecond).padStart(6)} req/s  p50 ${result.p50} ms  p95* ${result.p95} ms  p99 ${result.p99} ms  errors ${result.errors + result.non2xx}  SQL ${sqlStatements ?? 'n/a'}  RSS ${result.rssMb} MB\n`);
  return result;
}

// The same reads in our API (and the baseline, which copies its field names) and in PostGraphile's naming.
const OURS_A = `{ listings(first: 50) { nodes { id title type authority { name population country { code nameFr } relationships { kind startYear partner { name } } } themes { priority theme { id labelFr } } } } }`;
const OURS_B = `query($id: ID!) { localAuthority(id: $id) { name population description country { nameFr embassy { name } } themes { labelFr } foreignActors { name }
  relationships { kind title startYear partner { name country { nameFr } } themes { theme { labelFr } } fundings { funder amountEur } } listings { title themes { theme { labelFr } } } } }`;
const PGL_A = `{ allListings(first: 50, condition: { status: "PUBLISHED" }, orderBy: PUBLISHED_AT_DESC) { nodes { rowId title type localAuthorityByAuthorityId { name population countryByCountryCode { code nameFr }
  relationshipsByAuthorityAId { nodes { kind startYear localAuthorityByAuthorityBId { name } } } relationshipsByAuthorityBId { nodes { kind startYear localAuthorityByAuthorityAId { name } } } }
  listingThemesByListingId { nodes { priority themeByThemeId { rowId labelFr } } } } } }`;
const PGL_B = `query($id: UUID!) { localAuthorityByRowId(rowId: $id) { name population description countryByCountryCode { nameFr embassyByCountryCode { name } }
  authorityThemesByAuthorityId { nodes { themeByThemeId { labelFr } } } foreignActorsByAuthorityId { nodes { name } }
  relationshipsByAuthorityAId { nodes { kind title startYear localAuthorityByAuthorityBId { name countryByCountryCode { nameFr } } relationshipThemesByRelationshipId { nodes { themeByThemeId { labelFr } } } fundingsByRelationshipId { nodes { funder amountEur } } } }
  relationshipsByAuthorityBId { nodes { kind title startYear localAuthorityByAuthorityAId { name countryByCountryCode { nameFr } } relationshipThemesByRelationshipId { nodes { themeByThemeId { labelFr } } } fundingsByRelationshipId { nodes { funder amountEur } } } }
  listingsByAuthorityId(condition: { status: "PUBLISHED" }) { nodes { title listingThemesByListingId { nodes { themeByThemeId { labelFr } } } } } } }`;
const SUGGEST = `query($id: ID!) { suggestPartners(input: { authorityId: $id, first: 10 }) { candidates { score authority { name country { nameFr } } factors { name value } } } }`;

function svgChart(results: Result[]): string {
  const rows = results.filter((r) => r.scenario === 'a. listing page' || r.scenario === 'b. fiche');
  const max = Math.max(...rows.map((r) => r.requestsPerSecond));
  const w = 760;
  const barH = 22;
  const lines = rows.map((r, i) => {
    const y = 40 + i * (barH + 8);
    const bw = Math.max(2, Math.round((r.requestsPerSecond / max) * 420));
    const colour = r.server === 'ours + response cache' ? '#6a6af4' : r.server.startsWith('ours') ? '#000091' : r.server.startsWith('PostGraphile') ? '#e1000f' : '#666';
    return `<text x="10" y="${y + 15}" font-size="12">${r.scenario} — ${r.server}${r.processes > 1 ? ` ×${r.processes}` : ''}</text><rect x="300" y="${y}" width="${bw}" height="${barH}" fill="${colour}"/><text x="${305 + bw}" y="${y + 15}" font-size="12">${r.requestsPerSecond} req/s</text>`;
  });
  const h = 60 + rows.length * (barH + 8);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" font-family="sans-serif"><rect width="100%" height="100%" fill="#fff"/><text x="10" y="22" font-size="14" font-weight="bold">Throughput (requests/s, higher is better), ${CONNECTIONS} connections, ${DURATION} s, PostgreSQL 15, 2 cores</text>${lines.join('')}</svg>\n`;
}

async function main() {
  process.stdout.write('Benchmark database…\n');
  const url = await ensurePerfDatabase(BASE);
  const db = new Client({ connectionString: url });
  await db.connect();
  // The mix scenario's writes (drafts on the fiche's authority) are removed before and after each run, so that runs
  // measure the same data: left in place, they made each later fiche slower (700 drafts after three runs).
  const BENCH_TITLE = 'Annonce du banc d’essai';
  const removeBenchWrites = async (c: Client) => (await c.query(`DELETE FROM listing WHERE title = $1`, [BENCH_TITLE])).rowCount ?? 0;
  const removed = await removeBenchWrites(db);
  if (removed) process.stdout.write(`Removed ${removed} listings left by an earlier run's writes\n`);
  const [fiche] = (await db.query(`SELECT a.id, a.name FROM local_authority a WHERE a.kind = 'FRENCH' ORDER BY (SELECT count(*) FROM relationship r WHERE r.authority_a_id = a.id OR r.authority_b_id = a.id) + (SELECT count(*) FROM listing l WHERE l.authority_id = a.id) DESC, a.population DESC NULLS LAST LIMIT 1`)).rows;
  const [counts] = (await db.query(`SELECT (SELECT count(*) FROM local_authority)::int AS authorities, (SELECT count(*) FROM relationship)::int AS relationships, (SELECT count(*) FROM listing WHERE status = 'PUBLISHED')::int AS listings`)).rows;
  await db.end();
  process.stdout.write(`Fiche of the benchmark: ${fiche.name}\n`);

  const oursWith = (cacheEntries: number) => (port: number) => ({
    args: ['dist/server/main.js'],
    env: { PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: url, SEED: 'full', EXPOSE_SQL_STATS: 'true', LOG_LEVEL: 'warn', ADMIN_TOKEN: TOKEN, DB_POOL_SIZE: '10', RESPONSE_CACHE_ENTRIES: String(cacheEntries) },
  });
  // Execution measured without the anonymous response cache; the cache is measured separately below.
  const ours = oursWith(0);
  const results: Result[] = [];
  const okListings = (b: any) => b.data?.listings?.nodes?.length === 50 || b.data?.allListings?.nodes?.length === 50;
  const okFiche = (b: any) => !!(b.data?.localAuthority?.name ?? b.data?.localAuthorityByRowId?.name);
  const reads = (q: string, v = {}) => [gqlRequest(q, v)];

  // (a) and (b) side by side: the three servers run at once (an idle server costs nothing) and are measured in
  // interleaved rounds, ours → PostGraphile → baseline, ROUNDS times; each row reports the round with the median
  // throughput and the range. One 10 s run per server moved by ±15–20 % between runs on this 2-core machine.
  const side = [
    await start('ours', [4701], ours),
    await start('PostGraphile 5', [4704], (port) => ({
      args: ['-r', './server/bench/node22-polyfills.js', 'node_modules/postgraphile/dist/cli-run.js', '-c', url, '-s', 'public', '-P', 'postgraphile/presets/amber', '-p', String(port), '-n', '127.0.0.1'],
      env: { GRAPHILE_ENV: 'production' },
    })),
    await start('baseline graphql+pg', [4705], (port) => ({ args: ['dist/server/bench/baseline-server.js'], env: { PORT: String(port), DATABASE_URL: url } })),
  ];
  const reqsFor = (server: Server, scenario: string) =>
    server.name.startsWith('PostGraphile') ? (scenario.startsWith('a') ? reads(PGL_A) : reads(PGL_B, { id: fiche.id })) : scenario.startsWith('a') ? reads(OURS_A) : reads(OURS_B, { id: fiche.id });
  const rounds = new Map<string, Result[]>();
  for (let round = 1; round <= ROUNDS; round++) {
    process.stdout.write(`Round ${round} of ${ROUNDS}\n`);
    for (const scenario of ['a. listing page', 'b. fiche']) {
      for (const server of side) {
        const r = await load(server, scenario, reqsFor(server, scenario), scenario.startsWith('a') ? okListings : okFiche);
        rounds.set(`${server.name}|${scenario}`, [...(rounds.get(`${server.name}|${scenario}`) ?? []), r]);
      }
    }
  }
  for (const runs of rounds.values()) {
    const sorted = [...runs].sort((x, y) => x.requestsPerSecond - y.requestsPerSecond);
    results.push({ ...sorted[Math.floor(sorted.length / 2)], rounds: runs.map((r) => r.requestsPerSecond) });
  }
  const [s] = side;
  results.push(await load(s, 'c. suggestPartners', reads(SUGGEST, { id: fiche.id }), (b) => b.data?.suggestPartners?.candidates?.length > 0));
  const write = gqlRequest(`mutation($i: CreateListingInput!) { createListing(input: $i) { id } }`, { i: { authorityId: fiche.id, type: 'OFFER', title: BENCH_TITLE, description: 'Écriture du scénario mixte.', themes: [{ themeId: 'env.waste' }] } }, true);
  results.push(await load(s, 'd. mix, 10 % writes', [...Array.from({ length: 5 }, () => gqlRequest(OURS_A)), ...Array.from({ length: 4 }, () => gqlRequest(OURS_B, { id: fiche.id })), write], (b) => okListings(b) || okFiche(b) || !!b.data?.createListing));
  for (const server of side) await stop(server);

  let two = await start('ours', [4702, 4703], ours);
  results.push(await load(two, 'a. listing page', reads(OURS_A), okListings));
  results.push(await load(two, 'b. fiche', reads(OURS_B, { id: fiche.id }), okFiche));
  await stop(two);

  two = await start('ours + response cache', [4706], oursWith(2000));
  results.push(await load(two, 'a. listing page', reads(OURS_A), okListings));
  results.push(await load(two, 'b. fiche', reads(OURS_B, { id: fiche.id }), okFiche));
  await stop(two);

  const cleanup = new Client({ connectionString: url });
  await cleanup.connect();
  process.stdout.write(`Removed the ${await removeBenchWrites(cleanup)} listings written by the mix scenario\n`);
  await cleanup.end();

  const find = (server: string, scenario: string, processes = 1) => results.find((r) => r.server === server && r.scenario === scenario && r.processes === processes)!;
  const ratios = ['a. listing page', 'b. fiche'].map((sc) => ({
    scenario: sc,
    vsPostGraphile: +(find('ours', sc).requestsPerSecond / find('PostGraphile 5', sc).requestsPerSecond).toFixed(2),
    // Round by round (the same minutes of machine time): the spread of the ratio itself.
    vsPostGraphileByRound: find('ours', sc).rounds!.map((v, i) => +(v / find('PostGraphile 5', sc).rounds![i]).toFixed(2)),
    vsBaselineByRound: find('ours', sc).rounds!.map((v, i) => +(v / find('baseline graphql+pg', sc).rounds![i]).toFixed(2)),
    vsBaseline: +(find('ours', sc).requestsPerSecond / find('baseline graphql+pg', sc).requestsPerSecond).toFixed(2),
    twoProcessesGain: +(find('ours', sc, 2).requestsPerSecond / find('ours', sc).requestsPerSecond).toFixed(2),
    cachedVsPostGraphile: +(find('ours + response cache', sc).requestsPerSecond / find('PostGraphile 5', sc).requestsPerSecond).toFixed(2),
  }));
  for (const r of ratios) process.stdout.write(`  ${r.scenario}: ours/PostGraphile ${r.vsPostGraphile} (rounds ${r.vsPostGraphileByRound.join(', ')}), ours/baseline ${r.vsBaseline} (rounds ${r.vsBaselineByRound.join(', ')}), 2 processes/1 ${r.twoProcessesGain}, cached/PostGraphile ${r.cachedVsPostGraphile}\n`);
  const out = { date: new Date().toISOString(), machine: { cpus: require('node:os').cpus().length, node: process.version }, durationSeconds: DURATION, connections: CONNECTIONS, rounds: ROUNDS, data: counts, fiche: fiche.name, results, ratios };
  fs.writeFileSync(path.join(root, 'docs', 'performance.json'), `${JSON.stringify(out, null, 2)}\n`);
  fs.writeFileSync(path.join(root, 'docs', 'performance.svg'), svgChart(results));
  process.stdout.write('Wrote docs/performance.json and docs/performance.svg\n');
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).stack}\n`);
  process.exit(1);
});
