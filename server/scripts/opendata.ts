import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../config';
import { closeDataSource, createDataSource } from '../db/data-source';
import { OPEN_DATA_TABLES, exportOpenData, importOpenData, toCsv, type OpenDataset } from '../modules/opendata/opendata';

/**
 * `npm run opendata -- export <dir>`: writes export.json and one CSV per table of the database (DATABASE_URL or DATA_DIR).
 * `npm run opendata -- import <dir>/export.json`: loads an export into an empty database (migrations are applied first).
 */
async function main(): Promise<void> {
  const [action, target] = process.argv.slice(2);
  if (!['export', 'import'].includes(action) || !target) throw new Error('Usage: opendata export <dir> | opendata import <export.json>');
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
    if (action === 'export') {
      fs.mkdirSync(target, { recursive: true });
      const data = await exportOpenData(ds);
      fs.writeFileSync(path.join(target, 'export.json'), JSON.stringify(data));
      for (const t of OPEN_DATA_TABLES) fs.writeFileSync(path.join(target, `${t.name}.csv`), toCsv(t.name, data.tables[t.name]));
      process.stdout.write(`Exported to ${target}: ${OPEN_DATA_TABLES.map((t) => `${t.name} ${data.tables[t.name].length}`).join(', ')}\n`);
    } else {
      const data = JSON.parse(fs.readFileSync(target, 'utf8')) as OpenDataset;
      const counts = await importOpenData(ds, data);
      process.stdout.write(`Imported: ${Object.entries(counts).map(([k, v]) => `${k} ${v}`).join(', ')}\n`);
    }
  } finally {
    await closeDataSource(ds);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
