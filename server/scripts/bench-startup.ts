import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Start-up time, measured from the README's run command (`npm start`: dependency check, incremental build,
 * migrations, reference data) to the first GraphQL answer: on an empty data directory, then a second start on it.
 * `node dist/server/scripts/bench-startup.js [--seed full|sample] [--out docs/bench-startup.json]`
 */
const root = path.resolve(__dirname, '..', '..', '..');
const args = process.argv.slice(2);
const opt = (name: string, fallback: string) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);

async function oneStart(dataDir: string, port: number, seed: string): Promise<number> {
  const started = Date.now();
  const child = spawn('npm', ['start', '--silent'], { cwd: root, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), SEED: seed, DATABASE_URL: '' }, stdio: 'ignore', detached: true });
  try {
    for (;;) {
      if (Date.now() - started > 600_000) throw new Error('no answer within 10 minutes');
      try {
        const res = await fetch(`http://127.0.0.1:${port}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ themes(level: 1) { id } }' }) });
        if (res.status === 200) return Date.now() - started;
      } catch {
        /* not listening yet */
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((r) => child.on('exit', r));
  }
}

async function main() {
  const seed = opt('seed', 'full');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bourse-startup-'));
  const port = 4600 + (process.pid % 300);
  try {
    const first = await oneStart(dataDir, port, seed);
    const second = await oneStart(dataDir, port, seed);
    const third = await oneStart(dataDir, port, seed);
    const result = { date: new Date().toISOString(), engine: 'pglite', seed, firstStartMs: first, secondStartMs: second, thirdStartMs: third, node: process.version, cpus: os.cpus().length };
    process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    const out = opt('out', '');
    if (out) fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
