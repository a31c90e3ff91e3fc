import 'reflect-metadata';
import { loadConfig } from '../config';
import { closeDataSource, createDataSource } from '../db/data-source';

/** `npm run migration:run [-- show|revert]`: applies pending migrations (default), lists them, or reverts the last one. */
async function main(): Promise<void> {
  const action = process.argv[2] ?? 'run';
  const ds = createDataSource(loadConfig());
  await ds.initialize();
  try {
    if (action === 'show') process.stdout.write(`Pending migrations: ${(await ds.showMigrations()) ? 'yes' : 'none'}\n`);
    else if (action === 'revert') await ds.undoLastMigration({ transaction: 'each' });
    else {
      const ran = await ds.runMigrations({ transaction: 'each' });
      process.stdout.write(ran.length ? `Applied: ${ran.map((m) => m.name).join(', ')}\n` : 'Nothing to apply.\n');
    }
  } finally {
    await closeDataSource(ds);
  }
}

main().catch((err) => {
  process.stderr.write(`${(err as Error).message}\n`);
  process.exit(1);
});
