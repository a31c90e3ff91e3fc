import type { DataSource, EntityManager } from 'typeorm';
import type { AppConfig } from '../config';
import { importCountries, importForeignMunicipalities, importFrenchAuthorities, importThemes, type Progress } from './reference-data';
import { importSeedPartnerships } from './partnerships';

/** Départements and countries of the `sample` data set: those of the seed partnerships and their neighbours. */
export const SAMPLE_DEPARTEMENTS = ['45', '21', '16', '75', '41', '37', '18', '28'];
export const SAMPLE_COUNTRIES = ['BJ', 'MA', 'ML', 'KH', 'BR', 'SN', 'TG', 'BF', 'NE', 'VN', 'TN', 'DE'];

interface Step {
  name: string;
  run: (em: EntityManager) => Promise<{ rows: number; details: object }>;
}

function steps(config: AppConfig, progress: Progress): Step[] {
  const sample = config.seed === 'sample';
  return [
    { name: 'countries', run: async (em) => ({ rows: await importCountries(em), details: { source: 'world-countries' } }) },
    { name: 'themes', run: async (em) => ({ rows: await importThemes(em), details: { source: 'built-in taxonomy' } }) },
    {
      name: 'french-authorities',
      run: async (em) => {
        const counts = await importFrenchAuthorities(em, { departements: sample ? SAMPLE_DEPARTEMENTS : undefined }, progress);
        return { rows: counts.regions + counts.departements + counts.overseasCollectivities + counts.epci + counts.communes, details: { ...counts, sample } };
      },
    },
    {
      name: 'foreign-municipalities',
      run: async (em) => {
        const counts = await importForeignMunicipalities(
          em,
          { minPopulation: config.foreignMinPopulation, excludedFeatureCodes: config.foreignExcludedFeatureCodes, countries: sample ? SAMPLE_COUNTRIES : undefined },
          progress,
        );
        return { rows: counts.municipalities, details: { ...counts, minPopulation: config.foreignMinPopulation, excluded: config.foreignExcludedFeatureCodes, sample } };
      },
    },
    {
      name: 'seed-partnerships',
      run: async (em) => {
        const counts = await importSeedPartnerships(em);
        return { rows: counts.relationships + counts.listings, details: counts };
      },
    },
  ];
}

/**
 * Loads whatever reference data is not loaded yet, each step in its own transaction and recorded
 * in `data_import`, so a second start loads nothing and an interrupted first start resumes.
 */
export async function ensureSeeded(ds: DataSource, config: AppConfig, progress: Progress): Promise<string[]> {
  if (config.seed === 'none') return [];
  const done = new Set<string>((await ds.query(`SELECT name FROM data_import`)).map((r: { name: string }) => r.name));
  const loaded: string[] = [];
  for (const step of steps(config, progress)) {
    if (done.has(step.name)) continue;
    const started = Date.now();
    progress(`Loading ${step.name}…`);
    await ds.transaction(async (em) => {
      const { rows, details } = await step.run(em);
      await em.query(`INSERT INTO data_import (name, row_count, details) VALUES ($1, $2, $3::jsonb)`, [step.name, rows, JSON.stringify(details)]);
      progress(`  ${step.name}: ${rows} rows in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
    loaded.push(step.name);
  }
  if (loaded.length) await ds.query(`ANALYZE`);
  return loaded;
}
