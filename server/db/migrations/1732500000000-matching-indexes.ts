import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner matching: an index for the largest authorities per country, and a version number of the
 * relationship graph, bumped by triggers, that tells every server process when its cached graph is stale.
 */
export class MatchingIndexes1732500000000 implements MigrationInterface {
  name = 'MatchingIndexes1732500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX local_authority_country_population_idx ON local_authority (country_code, population DESC NULLS LAST)`);
    await q.query(`CREATE TABLE graph_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`);
    await q.query(`INSERT INTO graph_version (id, version) VALUES (1, 1)`);
    await q.query(`
      CREATE FUNCTION bump_graph_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE graph_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of ['relationship', 'relationship_theme', 'local_authority']) {
      await q.query(`CREATE TRIGGER ${table}_graph_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['relationship', 'relationship_theme', 'local_authority']) await q.query(`DROP TRIGGER IF EXISTS ${table}_graph_version ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS bump_graph_version()`);
    await q.query(`DROP TABLE IF EXISTS graph_version`);
    await q.query(`DROP INDEX IF EXISTS local_authority_country_population_idx`);
  }
}
