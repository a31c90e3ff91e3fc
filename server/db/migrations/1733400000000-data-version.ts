import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Tables whose rows anonymous clients can read (directly or through statistics and matching). */
export const PUBLIC_TABLES = ['country', 'theme', 'local_authority', 'authority_theme', 'foreign_actor', 'relationship', 'relationship_theme', 'funding', 'listing', 'listing_theme', 'embassy'];

/**
 * A version number of the public data, bumped by every write statement on a public table (statement-level
 * triggers, in the writing transaction). Cached anonymous responses are keyed by it, so every process sees a
 * write at once without any message between processes.
 */
export class DataVersion1733400000000 implements MigrationInterface {
  name = 'DataVersion1733400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE data_version (id smallint PRIMARY KEY CHECK (id = 1), version bigint NOT NULL)`);
    await q.query(`INSERT INTO data_version (id, version) VALUES (1, 1)`);
    await q.query(`
      CREATE FUNCTION bump_data_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE data_version SET version = version + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    for (const table of PUBLIC_TABLES) {
      await q.query(`CREATE TRIGGER ${table}_data_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION bump_data_version()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of PUBLIC_TABLES) await q.query(`DROP TRIGGER IF EXISTS ${table}_data_version ON ${table}`);
    await q.query(`DROP FUNCTION IF EXISTS bump_data_version()`);
    await q.query(`DROP TABLE IF EXISTS data_version`);
  }
}
