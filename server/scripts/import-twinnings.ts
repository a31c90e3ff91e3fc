import 'reflect-metadata';
import path from 'node:path';
import { loadConfig } from '../config';
import { closeDataSource, createDataSource } from '../db/data-source';
import { importTwinnings, readSparqlResults, readTwinningDataset } from '../modules/twinning/wikidata-import';

/**
 * Adds Wikidata twinnings to the product's database:
 *   npm run import:twinnings -- --data <dir with nodes.tsv and links.tsv>
 *   npm run import:twinnings -- --sparql <the query service's JSON answer to the refresh query of docs/data.md>
 */
async function main(): Promise<void> {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i >= 0 ? process.argv[i + 1] : undefined;
  };
  const [dir, sparql] = [arg('--data'), arg('--sparql')];
  if (!dir === !sparql) throw new Error('Usage: npm run import:twinnings -- --data <dir with nodes.tsv and links.tsv> | --sparql <results.json>');
  const data = dir ? readTwinningDataset(path.resolve(dir)) : readSparqlResults(path.resolve(sparql!));
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    const report = await importTwinnings(ds, data);
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await closeDataSource(ds);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
