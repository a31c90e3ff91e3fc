import 'reflect-metadata';
import { Client } from 'pg';
import { loadConfig } from '../config';
import { startProduct } from '../bootstrap';

/**
 * The benchmark database: all reference data (SEED=full) plus a deterministic synthetic scale-up of the real
 * distribution: 20,000 relationships between French and foreign authorities and 10,000 published listings,
 * each with themes; and one full fiche (the largest commune) for scenario (b). Created once (markers in
 * data_import), reused by later runs.
 */
export async function ensurePerfDatabase(baseUrl: string, name = 'bourse_perf'): Promise<string> {
  const admin = new Client({ connectionString: baseUrl });
  await admin.connect();
  const exists = (await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount;
  if (!exists) await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const product = await startProduct(loadConfig({}, { databaseUrl: url.toString(), seed: 'full', port: 0, host: '127.0.0.1', verbose: false }), { progress: (m) => process.stdout.write(`  ${m}\n`) });
  try {
    const ds = product.ds;
    const done = (await ds.query(`SELECT 1 FROM data_import WHERE name = 'perf-scale-up'`)).length;
    if (!done) {
      process.stdout.write('  Scaling up: 20,000 relationships and 10,000 published listings with themes…\n');
      await ds.transaction(async (em) => {
        await em.query(`SELECT setseed(0.42)`);
        await em.query(`
          INSERT INTO relationship (authority_a_id, authority_b_id, kind, status, start_year, title, source)
          SELECT f.id, g.id, (ARRAY['TWINNING','DECENTRALISED_COOPERATION','FRIENDSHIP_PACT'])[1 + floor(random() * 3)::int], 'ACTIVE', 1955 + floor(random() * 70)::int, 'Synthetic', 'perf'
          FROM (SELECT id, row_number() OVER () AS rn FROM (SELECT id FROM local_authority WHERE kind = 'FRENCH' AND level IN ('COMMUNE', 'EPCI', 'DEPARTEMENT', 'REGION') ORDER BY population DESC NULLS LAST, id LIMIT 20000) x) f
          JOIN (SELECT id, row_number() OVER () AS rn FROM (SELECT id FROM local_authority WHERE kind = 'FOREIGN' ORDER BY random() LIMIT 20000) y) g USING (rn)`);
        await em.query(`
          INSERT INTO relationship_theme (relationship_id, theme_id, priority)
          SELECT r.id, t.ids[1 + floor(random() * array_length(t.ids, 1))::int], 1
          FROM relationship r, (SELECT array_agg(id) AS ids FROM theme WHERE level = 3) t WHERE r.source = 'perf'
          ON CONFLICT DO NOTHING`);
        await em.query(`
          INSERT INTO listing (authority_id, type, title, description, search_text, target_countries, status, published_at, expires_at, languages)
          SELECT a.id, CASE WHEN random() < 0.5 THEN 'OFFER' ELSE 'REQUEST' END, 'Annonce synthétique ' || a.rn, 'Description synthétique de l''annonce ' || a.rn || ' pour le banc d''essai.', 'annonce synthetique ' || a.rn,
                 ARRAY[(SELECT code FROM country WHERE code <> 'FR' ORDER BY md5(a.rn::text || code) LIMIT 1)], 'PUBLISHED', now() - (random() * interval '300 days'), now() + interval '200 days', ARRAY['fr']
          FROM (SELECT id, row_number() OVER () AS rn FROM (SELECT id FROM local_authority ORDER BY random() LIMIT 10000) z) a`);
        await em.query(`
          INSERT INTO listing_theme (listing_id, theme_id, priority)
          SELECT l.id, t.ids[1 + floor(random() * array_length(t.ids, 1))::int], 1
          FROM listing l, (SELECT array_agg(id) AS ids FROM theme WHERE level >= 2) t WHERE l.title LIKE 'Annonce synthétique %'
          ON CONFLICT DO NOTHING`);
        await em.query(`INSERT INTO data_import (name, row_count, details) VALUES ('perf-scale-up', 30000, '{"relationships": 20000, "listings": 10000}')`);
      });
      await ds.query(`ANALYZE`);
    }
    if (!(await ds.query(`SELECT 1 FROM data_import WHERE name = 'perf-rich-fiche'`)).length) {
      // Scenario (b) reads "a fiche with everything on it": the largest commune gets what a well-kept fiche holds
      // (themes, foreign actors, relationships with themes and financing rows, published listings with themes).
      process.stdout.write('  A full fiche for the largest commune: 4 themes, 3 foreign actors, 8 relationships, 6 listings…\n');
      await ds.transaction(async (em) => {
        const [{ id }] = await em.query(`SELECT id FROM local_authority WHERE kind = 'FRENCH' AND level = 'COMMUNE' ORDER BY population DESC NULLS LAST, id LIMIT 1`);
        await em.query(`UPDATE local_authority SET description = 'Fiche complète du banc d''essai : coopérations, thèmes et annonces.' WHERE id = $1`, [id]);
        await em.query(`INSERT INTO authority_theme (authority_id, theme_id) SELECT $1, id FROM theme WHERE level = 2 ORDER BY id LIMIT 4 ON CONFLICT DO NOTHING`, [id]);
        await em.query(
          `INSERT INTO foreign_actor (authority_id, name, kind, country_code)
           VALUES ($1, 'Association partenaire (banc d''essai)', 'NGO', 'SN'), ($1, 'Agence de développement (banc d''essai)', 'DEVELOPMENT_AGENCY', 'BJ'), ($1, 'Université partenaire (banc d''essai)', 'ACADEMIC', 'MA')`,
          [id],
        );
        const partners: { id: string }[] = await em.query(
          `SELECT a.id FROM local_authority a WHERE a.kind = 'FOREIGN' AND a.population IS NOT NULL
             AND NOT EXISTS (SELECT 1 FROM relationship r WHERE (r.authority_a_id = $1 AND r.authority_b_id = a.id) OR (r.authority_b_id = $1 AND r.authority_a_id = a.id))
           ORDER BY a.population DESC, a.id LIMIT 8`,
          [id],
        );
        for (const [i, p] of partners.entries()) {
          const [r] = await em.query(
            `INSERT INTO relationship (authority_a_id, authority_b_id, kind, status, start_year, title, source) VALUES ($1, $2, $3, 'ACTIVE', $4, $5, 'perf') RETURNING id`,
            [id, p.id, i % 2 ? 'TWINNING' : 'DECENTRALISED_COOPERATION', 1960 + i * 7, `Coopération du banc d'essai n° ${i + 1}`],
          );
          await em.query(`INSERT INTO relationship_theme (relationship_id, theme_id, priority) SELECT $1, id, row_number() OVER () FROM (SELECT id FROM theme WHERE level = 3 ORDER BY md5(id || $2) LIMIT 2) t`, [r.id, String(i)]);
          await em.query(`INSERT INTO funding (relationship_id, funder, amount_eur, year, position) VALUES ($1, 'MEAE (DCTCIV)', $2, 2023, 0), ($1, 'Collectivité', $3, 2024, 1)`, [r.id, 20000 + i * 5000, 10000 + i * 1000]);
        }
        for (let i = 0; i < 6; i++) {
          const [l] = await em.query(
            `INSERT INTO listing (authority_id, type, title, description, search_text, target_countries, status, published_at, expires_at, languages)
             VALUES ($1, $2, $3, 'Annonce de la fiche complète du banc d''essai.', 'annonce fiche complete', ARRAY['SN', 'BJ'], 'PUBLISHED', now() - ($4 || ' days')::interval, now() + interval '200 days', ARRAY['fr']) RETURNING id`,
            [id, i % 2 ? 'OFFER' : 'REQUEST', `Annonce de la fiche complète n° ${i + 1}`, String(10 + i)],
          );
          await em.query(`INSERT INTO listing_theme (listing_id, theme_id, priority) SELECT $1, id, row_number() OVER () FROM (SELECT id FROM theme WHERE level >= 2 ORDER BY md5(id || $2) LIMIT 2) t`, [l.id, String(i)]);
        }
        await em.query(`INSERT INTO data_import (name, row_count, details) VALUES ('perf-rich-fiche', 1, '{"relationships": 8, "listings": 6}')`);
      });
    }
    const [counts] = await ds.query(`SELECT (SELECT count(*) FROM local_authority)::int AS authorities, (SELECT count(*) FROM relationship)::int AS relationships, (SELECT count(*) FROM listing WHERE status = 'PUBLISHED')::int AS listings`);
    process.stdout.write(`  ${name}: ${counts.authorities} authorities, ${counts.relationships} relationships, ${counts.listings} published listings\n`);
  } finally {
    await product.close();
  }
  return url.toString();
}
