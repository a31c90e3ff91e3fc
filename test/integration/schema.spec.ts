import fs from 'node:fs';
import path from 'node:path';
import { printSchemaSdl } from '../../server/schema';

describe('schema/schema.graphql', () => {
  it('is exactly the SDL the code emits (run `npm run schema` after changing the API)', async () => {
    const committed = fs.readFileSync(path.resolve(__dirname, '..', '..', '..', 'schema', 'schema.graphql'), 'utf8');
    expect(committed).toBe(await printSchemaSdl());
  });

  it('never exposes internal columns', async () => {
    const sdl = await printSchemaSdl();
    expect(sdl).not.toMatch(/searchName|searchText|search_name/);
  });
});
