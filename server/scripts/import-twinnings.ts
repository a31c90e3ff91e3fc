import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config';
import { closeDataSource, createDataSource } from '../db/data-source';
import { importTwinnings, readTwinningDataset } from '../modules/twinning/wikidata-import';

/** npm run import:twinnings -- --data <dir with nodes.tsv and links.tsv>: adds Wikidata twinnings to the product's database. */
async function main(): Promise<void> {
  const i = process.argv.indexOf('--data');
  if (i < 0 || !process.argv[i + 1]) throw new Error('Usage: npm run import:twinnings -- --data <dir>');
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const report = await importTwinnings(ds, readTwinningDataset(path.resolve(process.argv[i + 1])));
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await closeDataSource(ds);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
