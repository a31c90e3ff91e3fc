import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner matching retrieves, on each side, the authorities closest in population to the seeker (two range scans
 * from its population, up and down). Without the kind in the index, a scan for foreign places near 1,000
 * inhabitants walks tens of thousands of French communes of that size first.
 */
export class KindPopulationIndex1733900000000 implements MigrationInterface {
  name = 'KindPopulationIndex1733900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX local_authority_kind_population_idx ON local_authority (kind, population) WHERE population IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS local_authority_kind_population_idx`);
  }
}
