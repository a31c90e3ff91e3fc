import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The matching snapshot also caches fiche and published-listing themes: their writes bump graph_version too. */
export class ProfileThemesVersion1733100000000 implements MigrationInterface {
  name = 'ProfileThemesVersion1733100000000';

  async up(q: QueryRunner): Promise<void> {
    for (const table of ['authority_theme', 'listing', 'listing_theme']) {
      await q.query(`CREATE TRIGGER ${table}_graph_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['authority_theme', 'listing', 'listing_theme']) await q.query(`DROP TRIGGER IF EXISTS ${table}_graph_version ON ${table}`);
  }
}
