import 'reflect-metadata';
import fs from 'node:fs';
import path from 'node:path';
import { printSchemaSdl } from '../schema';

/** Writes schema/schema.graphql from the code (`npm run schema`). A test fails when they differ. */
async function main(): Promise<void> {
  const file = path.resolve(__dirname, '..', '..', '..', 'schema', 'schema.graphql');
  fs.writeFileSync(file, await printSchemaSdl());
  process.stdout.write(`Wrote ${path.relative(process.cwd(), file)}\n`);
}

void main();
