import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Earlier twinning imports stored GeoNames' population 0 (GeoNames' "unknown") as a population. The importer now
 * stores NULL; this clears the zeros it wrote before.
 */
export class UnknownPopulations1733600000000 implements MigrationInterface {
  name = 'UnknownPopulations1733600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE local_authority SET population = NULL WHERE population = 0 AND source = 'wikidata'`);
  }

  async down(): Promise<void> {
    // Nothing to restore: 0 never was a population.
  }
}
