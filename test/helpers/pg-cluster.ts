import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * A PostgreSQL cluster of the test's own (initdb as the `postgres` user, on a loopback port, trust auth), so that
 * stopping it or replicating it disturbs nothing else. Needs root and the server binaries (Debian's postgresql).
 */
export class PgCluster {
  private static bin(): string {
    const base = '/usr/lib/postgresql';
    return fs.existsSync(base) ? path.join(base, fs.readdirSync(base).sort().pop()!, 'bin') : '';
  }

  static available(): boolean {
    const bin = PgCluster.bin();
    return !!bin && process.getuid?.() === 0 && fs.existsSync(path.join(bin, 'initdb'));
  }

  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bourse-pg-'));
  private readonly data = path.join(this.dir, 'data');

  constructor(readonly port: number) {
    execFileSync('chown', ['postgres:postgres', this.dir]);
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private run(cmd: string, ...args: string[]): void {
    execFileSync('runuser', ['-u', 'postgres', '--', path.join(PgCluster.bin(), cmd), ...args], { stdio: 'ignore' });
  }

  /** A new primary. */
  static primary(port: number): PgCluster {
    const c = new PgCluster(port);
    c.run('initdb', '-D', c.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8');
    c.start();
    return c;
  }

  /** A streaming replica of `primary` (pg_basebackup -R), started. */
  static replicaOf(primary: PgCluster, port: number): PgCluster {
    const c = new PgCluster(port);
    c.run('pg_basebackup', '-h', '127.0.0.1', '-p', String(primary.port), '-U', 'postgres', '-D', c.data, '-R', '-X', 'stream');
    c.start();
    return c;
  }

  start(): void {
    this.run('pg_ctl', '-D', this.data, '-o', `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`, '-l', path.join(this.dir, 'log'), '-w', 'start');
  }

  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    this.run('pg_ctl', '-D', this.data, '-m', mode, '-w', 'stop');
  }

  /** Stopped (sessions cut) for `ms`, then started again. */
  async outage(ms: number): Promise<void> {
    this.stop('fast');
    await new Promise((r) => setTimeout(r, ms));
    this.start();
  }

  destroy(): void {
    try {
      this.stop('immediate');
    } catch {
      /* already stopped */
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
