import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The first schema: reference data (countries, themes, local authorities), fiches (contacts,
 * foreign actors, themes of interest), relationships with their themes and financing rows,
 * listings, embassies. SQL written to run unchanged on PostgreSQL 15 and on PGlite (PostgreSQL 18).
 */
export class InitialSchema1732440000000 implements MigrationInterface {
  name = 'InitialSchema1732440000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE country (
        code text PRIMARY KEY CHECK (code ~ '^[A-Z]{2}$'),
        code3 text,
        name_fr text NOT NULL,
        name_en text NOT NULL,
        region text,
        subregion text,
        borders text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        latitude double precision,
        longitude double precision
      )`);

    await q.query(`
      CREATE TABLE theme (
        id text PRIMARY KEY CHECK (id ~ '^[a-z0-9-]+(\\.[a-z0-9-]+){0,2}$'),
        parent_id text REFERENCES theme(id) ON DELETE RESTRICT,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 3),
        label_fr text NOT NULL CHECK (length(label_fr) BETWEEN 1 AND 200),
        label_en text NOT NULL CHECK (length(label_en) BETWEEN 1 AND 200),
        sdgs smallint[] NOT NULL DEFAULT '{}',
        position integer NOT NULL DEFAULT 0,
        CHECK ((level = 1) = (parent_id IS NULL))
      )`);
    await q.query(`CREATE INDEX theme_parent_idx ON theme (parent_id)`);

    await q.query(`
      CREATE TABLE local_authority (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('FRENCH', 'FOREIGN')),
        level text NOT NULL CHECK (level IN ('COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION', 'OVERSEAS_COLLECTIVITY', 'MUNICIPALITY', 'PROVINCE', 'OTHER')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        search_name text NOT NULL,
        country_code text NOT NULL REFERENCES country(code),
        insee_code text,
        siren text CHECK (siren ~ '^[0-9]{9}$'),
        geonames_id integer,
        wikidata_id text CHECK (wikidata_id ~ '^Q[0-9]+$'),
        departement_code text,
        region_code text,
        admin_code text,
        population integer CHECK (population >= 0),
        area_km2 double precision CHECK (area_km2 >= 0),
        latitude double precision CHECK (latitude BETWEEN -90 AND 90),
        longitude double precision CHECK (longitude BETWEEN -180 AND 180),
        address text,
        website text,
        description text,
        main_activities text[] NOT NULL DEFAULT '{}',
        languages text[] NOT NULL DEFAULT '{}',
        source text NOT NULL DEFAULT 'user',
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'FRENCH') = (country_code = 'FR'))
      )`);
    await q.query(`CREATE UNIQUE INDEX local_authority_insee_uq ON local_authority (level, insee_code) WHERE insee_code IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX local_authority_siren_uq ON local_authority (siren) WHERE siren IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX local_authority_geonames_uq ON local_authority (geonames_id) WHERE geonames_id IS NOT NULL`);
    await q.query(`CREATE UNIQUE INDEX local_authority_wikidata_uq ON local_authority (wikidata_id) WHERE wikidata_id IS NOT NULL`);
    await q.query(`CREATE INDEX local_authority_search_trgm ON local_authority USING gin (search_name gin_trgm_ops)`);
    await q.query(`CREATE INDEX local_authority_country_idx ON local_authority (country_code, level, population DESC NULLS LAST)`);
    await q.query(`CREATE INDEX local_authority_population_idx ON local_authority (population DESC NULLS LAST, id)`);
    await q.query(`CREATE INDEX local_authority_departement_idx ON local_authority (departement_code) WHERE departement_code IS NOT NULL`);

    await q.query(`
      CREATE TABLE authority_theme (
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        theme_id text NOT NULL REFERENCES theme(id) ON DELETE RESTRICT,
        PRIMARY KEY (authority_id, theme_id)
      )`);
    await q.query(`CREATE INDEX authority_theme_theme_idx ON authority_theme (theme_id)`);

    await q.query(`
      CREATE TABLE contact (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        name text NOT NULL,
        function text,
        email text,
        phone text,
        position integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX contact_authority_idx ON contact (authority_id, position)`);

    await q.query(`
      CREATE TABLE foreign_actor (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('NGO', 'DEVELOPMENT_AGENCY', 'LOCAL_AUTHORITY', 'INTERNATIONAL_ORGANISATION', 'COMPANY', 'ACADEMIC', 'OTHER')),
        country_code text REFERENCES country(code),
        description text,
        website text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX foreign_actor_authority_idx ON foreign_actor (authority_id)`);

    await q.query(`
      CREATE TABLE relationship (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authority_a_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        authority_b_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('TWINNING', 'DECENTRALISED_COOPERATION', 'FRIENDSHIP_PACT', 'OTHER')),
        title text,
        description text,
        first_convention_year smallint,
        start_year smallint,
        end_year smallint,
        start_date date,
        end_date date,
        status text NOT NULL CHECK (status IN ('ACTIVE', 'ENDED')),
        source text,
        source_url text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (authority_a_id <> authority_b_id),
        CHECK (start_year IS NULL OR end_year IS NULL OR start_year <= end_year)
      )`);
    await q.query(`CREATE INDEX relationship_a_idx ON relationship (authority_a_id)`);
    await q.query(`CREATE INDEX relationship_b_idx ON relationship (authority_b_id)`);

    await q.query(`
      CREATE TABLE relationship_theme (
        relationship_id uuid NOT NULL REFERENCES relationship(id) ON DELETE CASCADE,
        theme_id text NOT NULL REFERENCES theme(id) ON DELETE RESTRICT,
        priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 5),
        PRIMARY KEY (relationship_id, theme_id)
      )`);
    await q.query(`CREATE INDEX relationship_theme_theme_idx ON relationship_theme (theme_id)`);

    await q.query(`
      CREATE TABLE funding (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        relationship_id uuid NOT NULL REFERENCES relationship(id) ON DELETE CASCADE,
        funder text NOT NULL,
        amount_eur numeric(14, 2) CHECK (amount_eur >= 0),
        water_one_percent_eur numeric(14, 2) CHECK (water_one_percent_eur >= 0),
        year smallint,
        position integer NOT NULL DEFAULT 0
      )`);
    await q.query(`CREATE INDEX funding_relationship_idx ON funding (relationship_id, position)`);

    await q.query(`
      CREATE TABLE listing (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        authority_id uuid NOT NULL REFERENCES local_authority(id) ON DELETE CASCADE,
        type text NOT NULL CHECK (type IN ('OFFER', 'REQUEST')),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 200),
        description text NOT NULL,
        search_text text NOT NULL DEFAULT '',
        target_countries text[] NOT NULL DEFAULT '{}',
        desired_levels text[] NOT NULL DEFAULT '{}',
        population_min integer CHECK (population_min >= 0),
        population_max integer CHECK (population_max >= 0),
        languages text[] NOT NULL DEFAULT '{}',
        expected_duration_months smallint CHECK (expected_duration_months > 0),
        status text NOT NULL CHECK (status IN ('DRAFT', 'SUBMITTED', 'PUBLISHED', 'EXPIRED', 'CLOSED')),
        expires_at timestamptz,
        published_at timestamptz,
        demo boolean NOT NULL DEFAULT false,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (population_min IS NULL OR population_max IS NULL OR population_min <= population_max)
      )`);
    await q.query(`CREATE INDEX listing_status_idx ON listing (status, type, published_at DESC, id)`);
    await q.query(`CREATE INDEX listing_authority_idx ON listing (authority_id)`);
    await q.query(`CREATE INDEX listing_countries_idx ON listing USING gin (target_countries)`);

    await q.query(`
      CREATE TABLE listing_theme (
        listing_id uuid NOT NULL REFERENCES listing(id) ON DELETE CASCADE,
        theme_id text NOT NULL REFERENCES theme(id) ON DELETE RESTRICT,
        priority smallint NOT NULL DEFAULT 1 CHECK (priority BETWEEN 1 AND 5),
        PRIMARY KEY (listing_id, theme_id)
      )`);
    await q.query(`CREATE INDEX listing_theme_theme_idx ON listing_theme (theme_id)`);

    await q.query(`
      CREATE TABLE embassy (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        country_code text NOT NULL UNIQUE REFERENCES country(code),
        name text NOT NULL,
        city text,
        website text
      )`);
    await q.query(`
      CREATE TABLE embassy_correspondent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        embassy_id uuid NOT NULL REFERENCES embassy(id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('DECENTRALISED_COOPERATION_CORRESPONDENT', 'COOPERATION_COUNSELLOR')),
        name text NOT NULL,
        email text,
        phone text
      )`);
    await q.query(`CREATE INDEX embassy_correspondent_embassy_idx ON embassy_correspondent (embassy_id)`);

    await q.query(`
      CREATE TABLE data_import (
        name text PRIMARY KEY,
        row_count integer NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        loaded_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['data_import', 'embassy_correspondent', 'embassy', 'listing_theme', 'listing', 'funding', 'relationship_theme', 'relationship', 'foreign_actor', 'contact', 'authority_theme', 'local_authority', 'theme', 'country']) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
