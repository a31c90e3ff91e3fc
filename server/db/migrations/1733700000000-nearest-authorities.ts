import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner matching: the authorities of one side nearest a point (k-nearest-neighbour order on a GiST index of
 * their coordinates, one partial index per side so that the other side's entries are never walked). Used by the
 * candidate retrieval for seekers with little else to go on (no partner, no theme): nearby, similar-sized
 * authorities are then their best candidates.
 */
export class NearestAuthorities1733700000000 implements MigrationInterface {
  name = 'NearestAuthorities1733700000000';

  async up(q: QueryRunner): Promise<void> {
    for (const kind of ['FRENCH', 'FOREIGN']) {
      await q.query(`CREATE INDEX local_authority_${kind.toLowerCase()}_location_idx ON local_authority USING gist (point(longitude, latitude)) WHERE kind = '${kind}' AND latitude IS NOT NULL`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const kind of ['FRENCH', 'FOREIGN']) await q.query(`DROP INDEX IF EXISTS local_authority_${kind.toLowerCase()}_location_idx`);
  }
}
