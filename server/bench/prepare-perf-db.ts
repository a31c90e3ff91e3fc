import { ensurePerfDatabase } from './perf-db';

ensurePerfDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres').then(
  (url) => process.stdout.write(`${url}\n`),
  (err) => {
    process.stderr.write(`${(err as Error).stack}\n`);
    process.exit(1);
  },
);
