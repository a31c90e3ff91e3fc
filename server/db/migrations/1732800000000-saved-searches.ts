import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Saved searches: an agent is alerted when a newly published listing matches its themes, countries and type. */
export class SavedSearches1732800000000 implements MigrationInterface {
  name = 'SavedSearches1732800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE saved_search (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
        name text NOT NULL,
        themes text[] NOT NULL DEFAULT '{}',
        countries text[] NOT NULL DEFAULT '{}',
        type text CHECK (type IN ('OFFER', 'REQUEST')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX saved_search_user_idx ON saved_search (user_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE IF EXISTS saved_search`);
  }
}
