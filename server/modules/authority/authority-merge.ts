import type { EntityManager } from 'typeorm';

/**
 * Every column of another table that refers to a local authority, and which the merge carries over. Each foreign
 * key to local_authority cascades on delete, so a column missing here would lose its rows silently when the
 * duplicate is deleted: the merge checks the catalogue against this list and refuses to run if one is missing (and a
 * test fails first).
 */
export const MERGED_REFERENCES = [
  'authority_membership.authority_id',
  'authority_theme.authority_id',
  'contact.authority_id',
  'duplicate_dismissal.duplicate_id',
  'duplicate_dismissal.into_id',
  'expression_of_interest.authority_id',
  'foreign_actor.authority_id',
  'invitation.authority_id',
  'listing.authority_id',
  'match_suggestion.candidate_id',
  'match_suggestion.seeker_id',
  'relationship.authority_a_id',
  'relationship.authority_b_id',
] as const;

/** Columns of other tables that refer to a row of `table` (`table.column`), from the catalogue. */
export async function referencesTo(em: EntityManager, table: string): Promise<string[]> {
  const rows: { ref: string }[] = await em.query(
    `SELECT c.conrelid::regclass::text || '.' || a.attname AS ref
     FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY(c.conkey)
     WHERE c.contype = 'f' AND c.confrelid = $1::regclass ORDER BY 1`,
    [table],
  );
  return rows.map((r) => r.ref);
}

/** What a merge moved over to the authority kept, and what it dropped as a repetition of what that one already had. */
export interface MergeCounts {
  relationshipsMoved: number;
  relationshipsDropped: number;
  listingsMoved: number;
  membershipsMoved: number;
  themesAdded: number;
  contactsMoved: number;
  foreignActorsMoved: number;
  interestsMoved: number;
  interestsDropped: number;
  suggestionsMoved: number;
  suggestionsDropped: number;
  invitationsMoved: number;
}

/** The duplicate's relationships that the merge drops: those with the authority kept, and plain repetitions of one it already has with the same partner. */
export async function relationshipsToDrop(em: EntityManager, duplicateId: string, intoId: string): Promise<{ id: string; attached: boolean }[]> {
  return em.query(
    `WITH mine AS (
       SELECT r.id, CASE WHEN r.authority_a_id = $1 THEN r.authority_b_id ELSE r.authority_a_id END AS partner
       FROM relationship r WHERE r.authority_a_id = $1 OR r.authority_b_id = $1)
     SELECT m.id,
            EXISTS (SELECT 1 FROM relationship_theme t WHERE t.relationship_id = m.id) OR EXISTS (SELECT 1 FROM funding f WHERE f.relationship_id = m.id) AS attached
     FROM mine m
     WHERE m.partner = $2
        OR EXISTS (SELECT 1 FROM relationship o WHERE (o.authority_a_id = $2 AND o.authority_b_id = m.partner) OR (o.authority_b_id = $2 AND o.authority_a_id = m.partner))`,
    [duplicateId, intoId],
  );
}

const count = async (em: EntityManager, sql: string, params: unknown[]): Promise<number> => {
  const result = await em.query(`WITH changed AS (${sql} RETURNING 1) SELECT count(*)::int AS n FROM changed`, params);
  return Number(result[0].n);
};

/**
 * Merges the authority `duplicateId` into `intoId`, in the caller's transaction, then deletes the duplicate.
 * Moved: relationships (except one with the authority kept, and a repetition of a relationship it already has with
 * the same partner that carries no themes and no fundings: those are dropped; one that carries any is moved, and the
 * pair then has two), listings, memberships, fiche themes (added), contacts (after the kept one's), foreign actors,
 * expressions of interest and match suggestions (a repetition, or one that would concern the kept authority itself,
 * is dropped), invitations; "not a duplicate" decisions about the duplicate are deleted with it. The kept authority's fiche keeps its values; an empty one takes the duplicate's
 * (population, coordinates, description, identifiers such as the Wikidata or GeoNames id, …).
 */
export async function mergeAuthorityInto(em: EntityManager, duplicateId: string, intoId: string): Promise<MergeCounts> {
  const unknown = (await referencesTo(em, 'local_authority')).filter((r) => !(MERGED_REFERENCES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`Merge of authorities: no rule for ${unknown.join(', ')}`);
  const p = [duplicateId, intoId];
  const c = {} as MergeCounts;

  const drop = await relationshipsToDrop(em, duplicateId, intoId);
  const dropped = drop.filter((r) => !r.attached).map((r) => r.id);
  // A relationship with the kept authority itself goes whatever it carries (an authority is not its own partner).
  const selfLinks: { id: string }[] = await em.query(
    `SELECT id FROM relationship WHERE (authority_a_id = $1 AND authority_b_id = $2) OR (authority_a_id = $2 AND authority_b_id = $1)`,
    p,
  );
  const gone = [...new Set([...dropped, ...selfLinks.map((r) => r.id)])];
  c.relationshipsDropped = gone.length ? await count(em, `DELETE FROM relationship WHERE id = ANY($1::uuid[])`, [gone]) : 0;
  c.relationshipsMoved =
    (await count(em, `UPDATE relationship SET authority_a_id = $2, version = version + 1, updated_at = now() WHERE authority_a_id = $1`, p)) +
    (await count(em, `UPDATE relationship SET authority_b_id = $2, version = version + 1, updated_at = now() WHERE authority_b_id = $1`, p));

  c.listingsMoved = await count(em, `UPDATE listing SET authority_id = $2 WHERE authority_id = $1`, p);
  c.membershipsMoved = await count(em, `INSERT INTO authority_membership (user_id, authority_id, created_at) SELECT user_id, $2, created_at FROM authority_membership WHERE authority_id = $1 ON CONFLICT DO NOTHING`, p);
  c.themesAdded = await count(em, `INSERT INTO authority_theme (authority_id, theme_id) SELECT $2, theme_id FROM authority_theme WHERE authority_id = $1 ON CONFLICT DO NOTHING`, p);
  c.contactsMoved = await count(
    em,
    `UPDATE contact SET authority_id = $2, position = position + (SELECT coalesce(max(position) + 1, 0) FROM contact WHERE authority_id = $2) WHERE authority_id = $1`,
    p,
  );
  c.foreignActorsMoved = await count(em, `UPDATE foreign_actor SET authority_id = $2 WHERE authority_id = $1`, p);

  // Interests: one the kept authority already expressed in the same listing, or in a listing of its own, is dropped.
  c.interestsDropped = await count(
    em,
    `DELETE FROM expression_of_interest e WHERE e.authority_id = $1
       AND (EXISTS (SELECT 1 FROM expression_of_interest o WHERE o.listing_id = e.listing_id AND o.authority_id = $2)
            OR EXISTS (SELECT 1 FROM listing l WHERE l.id = e.listing_id AND l.authority_id = $2))`,
    p,
  );
  c.interestsMoved = await count(em, `UPDATE expression_of_interest SET authority_id = $2 WHERE authority_id = $1`, p);

  // Suggestions: one that would pair the kept authority with itself, or repeat one it has, is dropped.
  c.suggestionsDropped = await count(
    em,
    `DELETE FROM match_suggestion s WHERE (s.seeker_id = $1 OR s.candidate_id = $1)
       AND ((CASE WHEN s.seeker_id = $1 THEN $2::uuid ELSE s.seeker_id END) = (CASE WHEN s.candidate_id = $1 THEN $2::uuid ELSE s.candidate_id END)
            OR EXISTS (SELECT 1 FROM match_suggestion o WHERE o.id <> s.id
                         AND o.seeker_id = CASE WHEN s.seeker_id = $1 THEN $2::uuid ELSE s.seeker_id END
                         AND o.candidate_id = CASE WHEN s.candidate_id = $1 THEN $2::uuid ELSE s.candidate_id END))`,
    p,
  );
  c.suggestionsMoved =
    (await count(em, `UPDATE match_suggestion SET seeker_id = $2 WHERE seeker_id = $1`, p)) + (await count(em, `UPDATE match_suggestion SET candidate_id = $2 WHERE candidate_id = $1`, p));
  c.invitationsMoved = await count(em, `UPDATE invitation SET authority_id = $2 WHERE authority_id = $1`, p);
  // "Not a duplicate" decisions about the record that disappears concerned that record: they go with it.
  await em.query(`DELETE FROM duplicate_dismissal WHERE duplicate_id = $1 OR into_id = $1`, [duplicateId]);

  // The fiche: empty values of the kept authority take the duplicate's. Identifiers are unique: the duplicate lets go first.
  const [dup] = await em.query(`SELECT * FROM local_authority WHERE id = $1`, [duplicateId]);
  await em.query(`UPDATE local_authority SET wikidata_id = NULL, geonames_id = NULL, siren = NULL, insee_code = NULL WHERE id = $1`, [duplicateId]);
  await em.query(
    `UPDATE local_authority k SET
       wikidata_id = coalesce(k.wikidata_id, $2), geonames_id = coalesce(k.geonames_id, $3), siren = coalesce(k.siren, $4),
       insee_code = CASE WHEN k.level = $6 THEN coalesce(k.insee_code, $5) ELSE k.insee_code END,
       population = coalesce(k.population, $7), area_km2 = coalesce(k.area_km2, $8),
       latitude = CASE WHEN k.latitude IS NULL OR k.longitude IS NULL THEN $9 ELSE k.latitude END,
       longitude = CASE WHEN k.latitude IS NULL OR k.longitude IS NULL THEN $10 ELSE k.longitude END,
       address = coalesce(k.address, $11), website = coalesce(k.website, $12), description = coalesce(k.description, $13),
       main_activities = CASE WHEN cardinality(k.main_activities) = 0 THEN $14::text[] ELSE k.main_activities END,
       languages = CASE WHEN cardinality(k.languages) = 0 THEN $15::text[] ELSE k.languages END,
       version = k.version + 1, updated_at = now()
     WHERE k.id = $1`,
    [intoId, dup.wikidata_id, dup.geonames_id, dup.siren, dup.insee_code, dup.level, dup.population, dup.area_km2, dup.latitude, dup.longitude, dup.address, dup.website, dup.description, dup.main_activities, dup.languages],
  );
  await em.query(`DELETE FROM local_authority WHERE id = $1`, [duplicateId]);
  return c;
}
