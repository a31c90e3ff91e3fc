import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Partner matching keeps the candidate rows it has read (name, level, country, population, coordinates: columns of
 * local_authority only) from one request to the next. Until now they were dropped whenever graph_version moved, i.e.
 * also on every new relationship, listing or theme, which leaves authorities' rows unchanged. A second counter,
 * bumped only by writes to local_authority (which still bump the graph version as well), says when they are stale.
 */
export class AuthorityVersion1733800000000 implements MigrationInterface {
  name = 'AuthorityVersion1733800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE graph_version ADD COLUMN authorities bigint NOT NULL DEFAULT 1`);
    await q.query(`
      CREATE FUNCTION bump_authority_version() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE graph_version SET version = version + 1, authorities = authorities + 1 WHERE id = 1;
        RETURN NULL;
      END $$`);
    await q.query(`DROP TRIGGER IF EXISTS local_authority_graph_version ON local_authority`);
    await q.query(`CREATE TRIGGER local_authority_graph_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON local_authority FOR EACH STATEMENT EXECUTE FUNCTION bump_authority_version()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TRIGGER IF EXISTS local_authority_graph_version ON local_authority`);
    await q.query(`CREATE TRIGGER local_authority_graph_version AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON local_authority FOR EACH STATEMENT EXECUTE FUNCTION bump_graph_version()`);
    await q.query(`DROP FUNCTION IF EXISTS bump_authority_version()`);
    await q.query(`ALTER TABLE graph_version DROP COLUMN authorities`);
  }
}
