import type { EntityManager } from 'typeorm';
import { normalizeSearch } from '../../common/text';

/**
 * Every column of another table that refers to a local authority, and which the merge carries over. Each foreign
 * key to local_authority cascades on delete, so a column missing here would lose its rows silently when the
 * duplicate is deleted: the merge checks the catalogue against this list and refuses to run if one is missing (and a
 * test fails first).
 */
export const MERGED_REFERENCES = [
  'authority_membership.authority_id',
  'authority_theme.authority_id',
  'candidate_set_aside.candidate_id',
  'candidate_set_aside.seeker_id',
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

/**
 * In a table of (seeker_id, candidate_id) pairs, the rows of the duplicate ($1) that, moved to the record kept ($2),
 * would pair it with itself or repeat a pair it already has: the merge drops them.
 */
const pairRepetitions = (table: 'match_suggestion' | 'candidate_set_aside') =>
  `SELECT s.id FROM ${table} s WHERE (s.seeker_id = $1 OR s.candidate_id = $1)
     AND ((CASE WHEN s.seeker_id = $1 THEN $2::uuid ELSE s.seeker_id END) = (CASE WHEN s.candidate_id = $1 THEN $2::uuid ELSE s.candidate_id END)
          OR EXISTS (SELECT 1 FROM ${table} o WHERE o.id <> s.id
                       AND o.seeker_id = CASE WHEN s.seeker_id = $1 THEN $2::uuid ELSE s.seeker_id END
                       AND o.candidate_id = CASE WHEN s.candidate_id = $1 THEN $2::uuid ELSE s.candidate_id END))`;

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

/** A merge's origin: an administrator's decision, or an import merging a copy it had made into the reference record. */
export type MergeOrigin = 'MANUAL' | 'IMPORT';

/** Rows of one table, as `to_jsonb` gives them. */
export interface TableRows {
  table: string;
  rows: Record<string, unknown>[];
}

/**
 * What the undo of a merge needs (stored in authority_merge.record): the record kept before and after, the ids of the
 * rows moved (per `table.column`, and contacts' former positions), the rows added to the record kept, and the rows the
 * merge deleted with everything their deletion cascaded to (parents first), the duplicate itself included.
 */
export interface MergeRecord {
  intoBefore: Record<string, unknown>;
  intoAfter: Record<string, unknown>;
  moved: Record<string, string[]>;
  contactPositions: Record<string, number>;
  added: { memberships: string[]; themes: string[] };
  /** The record kept's fiche themes just after the merge (records of merges before 2026-11-25 lack it). */
  themesAfter?: string[];
  deleted: TableRows[];
}

const ficheThemes = async (em: EntityManager, id: string): Promise<string[]> =>
  (await em.query(`SELECT theme_id FROM authority_theme WHERE authority_id = $1 ORDER BY theme_id`, [id])).map((r: { theme_id: string }) => r.theme_id);

/** The column that names a row of a table the merge moves rows of (an invitation is known by its token's hash). */
const rowKey = (table: string): string => (table === 'invitation' ? 'token_hash' : 'id');

/** The `id` column of what a statement returns (an UPDATE or DELETE … RETURNING inside a WITH: the driver answers a bare one with [rows, count]). */
const ids = async (em: EntityManager, sql: string, params: unknown[]): Promise<string[]> =>
  (await em.query(`WITH changed AS (${sql}) SELECT id FROM changed`, params)).map((r: { id: string }) => String(r.id));

interface ForeignKey {
  table: string;
  column: string;
  refTable: string;
  refColumn: string;
  cascades: boolean;
}

/** The single-column foreign keys of the database (from the catalogue): who refers to whom, and whether a delete cascades. */
async function foreignKeys(em: EntityManager): Promise<ForeignKey[]> {
  return em.query(
    `SELECT c.conrelid::regclass::text AS "table", a.attname AS "column", c.confrelid::regclass::text AS "refTable", r.attname AS "refColumn", c.confdeltype = 'c' AS cascades
     FROM pg_constraint c
     JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
     JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1]
     WHERE c.contype = 'f' AND cardinality(c.conkey) = 1 ORDER BY 1, 2`,
  );
}

/**
 * The rows of `table` whose `column` is one of `values`, then, recursively, the rows a delete of them cascades to
 * (parents first): what a delete would lose, for the undo to put back.
 */
async function snapshot(em: EntityManager, fks: ForeignKey[], table: string, column: string, values: string[], out: TableRows[] = []): Promise<TableRows[]> {
  if (!values.length) return out;
  const rows: Record<string, unknown>[] = (await em.query(`SELECT to_jsonb(t) AS r FROM ${table} t WHERE t.${column}::text = ANY($1::text[])`, [values])).map((x: { r: Record<string, unknown> }) => x.r);
  if (!rows.length) return out;
  out.push({ table, rows });
  for (const fk of fks.filter((f) => f.refTable === table && f.cascades)) {
    await snapshot(em, fks, fk.table, fk.column, [...new Set(rows.map((r) => r[fk.refColumn]).filter((v) => v != null).map(String))], out);
  }
  return out;
}

/**
 * Puts back rows a snapshot holds, parents first. A row whose key is taken again, or which refers to something
 * deleted since, is left out (and counted): the undo restores what can be, it does not fail on what changed since.
 */
export async function restoreRows(em: EntityManager, tables: TableRows[]): Promise<{ restored: number; skipped: number }> {
  const fks = await foreignKeys(em);
  let restored = 0;
  let skipped = 0;
  for (const { table, rows } of tables) {
    const columns: string[] = (
      await em.query(`SELECT attname FROM pg_attribute WHERE attrelid = $1::regclass AND attnum > 0 AND NOT attisdropped AND attgenerated = '' ORDER BY attnum`, [table])
    ).map((c: { attname: string }) => c.attname);
    const present = fks.filter((f) => f.table === table).map((f) => `(r.${f.column} IS NULL OR EXISTS (SELECT 1 FROM ${f.refTable} p WHERE p.${f.refColumn} = r.${f.column}))`);
    const list = columns.join(', ');
    const result = await em.query(
      `WITH done AS (INSERT INTO ${table} (${list}) SELECT ${columns.map((c) => `r.${c}`).join(', ')} FROM jsonb_populate_recordset(NULL::${table}, $1::jsonb) r
         ${present.length ? `WHERE ${present.join(' AND ')}` : ''} ON CONFLICT DO NOTHING RETURNING 1) SELECT count(*)::int AS n FROM done`,
      [JSON.stringify(rows)],
    );
    const n = Number(result[0].n);
    restored += n;
    skipped += rows.length - n;
  }
  return { restored, skipped };
}

const authorityRow = async (em: EntityManager, id: string): Promise<Record<string, unknown>> => (await em.query(`SELECT to_jsonb(a) AS r FROM local_authority a WHERE a.id = $1`, [id]))[0].r;

/**
 * Merges the authority `duplicateId` into `intoId`, in the caller's transaction, then deletes the duplicate.
 * Moved: relationships (except one with the authority kept, and a repetition of a relationship it already has with
 * the same partner that carries no themes and no fundings: those are dropped; one that carries any is moved, and the
 * pair then has two), listings, memberships, fiche themes (added), contacts (after the kept one's), foreign actors,
 * expressions of interest, match suggestions and candidates set aside (a repetition, or one that would concern the kept
 * authority itself, is dropped), invitations; "not a duplicate" decisions about the duplicate are deleted with it. The kept authority's fiche keeps its values; an empty one takes the duplicate's
 * (population, coordinates, description, identifiers such as the Wikidata or GeoNames id, …); `rename` renames it.
 * Everything is recorded in authority_merge, for undoMerge.
 */
export async function mergeAuthorityInto(
  em: EntityManager,
  duplicateId: string,
  intoId: string,
  meta: { origin: MergeOrigin; userId: string | null; rename?: string | null },
): Promise<MergeCounts & { mergeId: string }> {
  const fks = await foreignKeys(em);
  const unknown = (await referencesTo(em, 'local_authority')).filter((r) => !(MERGED_REFERENCES as readonly string[]).includes(r));
  if (unknown.length) throw new Error(`Merge of authorities: no rule for ${unknown.join(', ')}`);
  const p = [duplicateId, intoId];
  const c = {} as MergeCounts;
  const intoBefore = await authorityRow(em, intoId);
  const moved: Record<string, string[]> = {};
  const deleted: TableRows[] = [];
  const move = async (key: string, sql: string): Promise<number> => {
    const got = await ids(em, `${sql} RETURNING ${rowKey(key.split('.')[0])} AS id`, p);
    if (got.length) moved[key] = [...(moved[key] ?? []), ...got];
    return got.length;
  };
  const remove = async (table: string, found: string[]): Promise<number> => {
    if (!found.length) return 0;
    deleted.push(...(await snapshot(em, fks, table, 'id', found)));
    return (await ids(em, `DELETE FROM ${table} WHERE id = ANY($1::uuid[]) RETURNING id`, [found])).length;
  };

  const drop = await relationshipsToDrop(em, duplicateId, intoId);
  const dropped = drop.filter((r) => !r.attached).map((r) => r.id);
  // A relationship with the kept authority itself goes whatever it carries (an authority is not its own partner).
  const selfLinks: { id: string }[] = await em.query(
    `SELECT id FROM relationship WHERE (authority_a_id = $1 AND authority_b_id = $2) OR (authority_a_id = $2 AND authority_b_id = $1)`,
    p,
  );
  c.relationshipsDropped = await remove('relationship', [...new Set([...dropped, ...selfLinks.map((r) => r.id)])]);
  c.relationshipsMoved =
    (await move('relationship.authority_a_id', `UPDATE relationship SET authority_a_id = $2, version = version + 1, updated_at = now() WHERE authority_a_id = $1`)) +
    (await move('relationship.authority_b_id', `UPDATE relationship SET authority_b_id = $2, version = version + 1, updated_at = now() WHERE authority_b_id = $1`));

  c.listingsMoved = await move('listing.authority_id', `UPDATE listing SET authority_id = $2 WHERE authority_id = $1`);
  const memberships = await ids(
    em,
    `INSERT INTO authority_membership (user_id, authority_id, created_at) SELECT user_id, $2, created_at FROM authority_membership WHERE authority_id = $1 ON CONFLICT DO NOTHING RETURNING user_id AS id`,
    p,
  );
  c.membershipsMoved = memberships.length;
  const themes = await ids(em, `INSERT INTO authority_theme (authority_id, theme_id) SELECT $2, theme_id FROM authority_theme WHERE authority_id = $1 ON CONFLICT DO NOTHING RETURNING theme_id AS id`, p);
  c.themesAdded = themes.length;
  const contactPositions = Object.fromEntries(
    (await em.query(`SELECT id, position FROM contact WHERE authority_id = $1`, [duplicateId])).map((r: { id: string; position: number }) => [r.id, Number(r.position)]),
  );
  c.contactsMoved = await move(
    'contact.authority_id',
    `UPDATE contact SET authority_id = $2, position = position + (SELECT coalesce(max(position) + 1, 0) FROM contact WHERE authority_id = $2) WHERE authority_id = $1`,
  );
  c.foreignActorsMoved = await move('foreign_actor.authority_id', `UPDATE foreign_actor SET authority_id = $2 WHERE authority_id = $1`);

  // Interests: one the kept authority already expressed in the same listing, or in a listing of its own, is dropped.
  c.interestsDropped = await remove(
    'expression_of_interest',
    await ids(
      em,
      `SELECT e.id FROM expression_of_interest e WHERE e.authority_id = $1
         AND (EXISTS (SELECT 1 FROM expression_of_interest o WHERE o.listing_id = e.listing_id AND o.authority_id = $2)
              OR EXISTS (SELECT 1 FROM listing l WHERE l.id = e.listing_id AND l.authority_id = $2))`,
      p,
    ),
  );
  c.interestsMoved = await move('expression_of_interest.authority_id', `UPDATE expression_of_interest SET authority_id = $2 WHERE authority_id = $1`);

  // Suggestions: one that would pair the kept authority with itself, or repeat one it has, is dropped.
  c.suggestionsDropped = await remove('match_suggestion', await ids(em, pairRepetitions('match_suggestion'), p));
  c.suggestionsMoved =
    (await move('match_suggestion.seeker_id', `UPDATE match_suggestion SET seeker_id = $2 WHERE seeker_id = $1`)) +
    (await move('match_suggestion.candidate_id', `UPDATE match_suggestion SET candidate_id = $2 WHERE candidate_id = $1`));
  // Candidates set aside: the same rule as suggestions (a pair with the kept authority itself, or a repetition, goes).
  await remove('candidate_set_aside', await ids(em, pairRepetitions('candidate_set_aside'), p));
  await move('candidate_set_aside.seeker_id', `UPDATE candidate_set_aside SET seeker_id = $2 WHERE seeker_id = $1`);
  await move('candidate_set_aside.candidate_id', `UPDATE candidate_set_aside SET candidate_id = $2 WHERE candidate_id = $1`);
  c.invitationsMoved = await move('invitation.authority_id', `UPDATE invitation SET authority_id = $2 WHERE authority_id = $1`);

  // The fiche: empty values of the kept authority take the duplicate's. Identifiers are unique: the duplicate lets go first.
  const [dup] = await em.query(`SELECT * FROM local_authority WHERE id = $1`, [duplicateId]);
  // The duplicate as it was, and what its deletion cascades to ("not a duplicate" decisions about it, its own
  // memberships and themes, now copied to the record kept), for the undo.
  // First in the record: the undo puts the duplicate back before the rows that refer to it.
  deleted.unshift(...(await snapshot(em, fks, 'local_authority', 'id', [duplicateId])));
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
  if (meta.rename) await em.query(`UPDATE local_authority SET name = $2, search_name = $3 WHERE id = $1`, [intoId, meta.rename, normalizeSearch(meta.rename)]);
  await em.query(`DELETE FROM local_authority WHERE id = $1`, [duplicateId]);
  const record: MergeRecord = { intoBefore, intoAfter: await authorityRow(em, intoId), moved, contactPositions, added: { memberships, themes }, themesAfter: await ficheThemes(em, intoId), deleted };
  const [row] = await em.query(
    `INSERT INTO authority_merge (duplicate_id, duplicate_name, into_id, into_name, origin, merged_by, record) VALUES ($1, $2, $3, $4, $5, $6, $7::jsonb) RETURNING id`,
    [duplicateId, dup.name, intoId, intoBefore.name, meta.origin, meta.userId, JSON.stringify(record)],
  );
  return { ...c, mergeId: row.id };
}

/** Why a merge cannot be undone (a business refusal, for the caller to turn into a coded error). */
export class MergeNotReversible extends Error {
  constructor(
    readonly reason: 'NOT_FOUND' | 'ALREADY_UNDONE' | 'KEPT_RECORD_GONE' | 'IDENTIFIER_TAKEN',
    message: string,
  ) {
    super(message);
  }
}

/** What an undo gave back. */
export interface UndoCounts {
  rowsMovedBack: number;
  rowsRestored: number;
  rowsNotRestored: number;
}

/** The fiche's columns an undo may set back (everything but the row's identity and bookkeeping). */
const RESTORABLE = (row: Record<string, unknown>) => Object.keys(row).filter((k) => !['id', 'version', 'created_at', 'updated_at', 'kind', 'country_code', 'source'].includes(k));

/**
 * Undoes a merge, in the caller's transaction: the duplicate comes back under its id with its identifiers, the rows
 * moved go back to it (those still on the record kept: a relationship deleted since stays deleted), what the merge
 * added to the record kept (memberships; themes, unless its themes were chosen again since) is taken off, the rows it deleted are put back (unless their key is
 * taken again or what they refer to is gone), and the record kept's fields the merge filled or renamed take their
 * former values again, unless someone changed them since. What was created on the record kept after the merge stays there.
 * The pair is then recorded as two places (duplicate_dismissal): no longer a suspect, and not merged again by an import.
 */
export async function undoMerge(em: EntityManager, mergeId: string, userId: string | null): Promise<UndoCounts & { duplicateId: string; intoId: string }> {
  const [m] = await em.query(`SELECT id, duplicate_id, into_id, undone_at, record FROM authority_merge WHERE id = $1 FOR UPDATE`, [mergeId]);
  if (!m) throw new MergeNotReversible('NOT_FOUND', 'No merge has this id.');
  if (m.undone_at) throw new MergeNotReversible('ALREADY_UNDONE', 'This merge was already undone.');
  const record: MergeRecord = typeof m.record === 'string' ? JSON.parse(m.record) : m.record;
  const dupId: string = m.duplicate_id;
  const intoId: string = m.into_id;
  const [kept] = await em.query(`SELECT to_jsonb(a) AS r FROM local_authority a WHERE a.id = $1 FOR UPDATE`, [intoId]);
  if (!kept) throw new MergeNotReversible('KEPT_RECORD_GONE', 'The record kept no longer exists (merged into another since?): undo that merge first.');

  // The record kept: each field the merge changed, and nobody since, takes its former value again.
  const now: Record<string, unknown> = kept.r;
  const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  const back = RESTORABLE(record.intoBefore).filter((k) => !same(record.intoBefore[k], record.intoAfter[k]) && same(now[k], record.intoAfter[k]));
  if (back.length) {
    await em.query(
      `UPDATE local_authority k SET ${back.map((c) => `${c} = r.${c}`).join(', ')}, version = k.version + 1, updated_at = now()
       FROM jsonb_populate_record(NULL::local_authority, $2::jsonb) r WHERE k.id = $1`,
      [intoId, JSON.stringify(record.intoBefore)],
    );
  }
  // The duplicate's identifiers must be free again (another record may have taken one since).
  const dup = record.deleted.find((t) => t.table === 'local_authority')!.rows[0];
  const [taken] = await em.query(
    `SELECT name FROM local_authority WHERE id <> $1 AND (wikidata_id = $2 OR geonames_id = $3 OR siren = $4 OR (level = $5 AND insee_code = $6)) LIMIT 1`,
    [dupId, dup.wikidata_id ?? null, dup.geonames_id ?? null, dup.siren ?? null, dup.level, dup.insee_code ?? null],
  );
  if (taken) throw new MergeNotReversible('IDENTIFIER_TAKEN', `Another record (${taken.name}) now carries one of the duplicate's identifiers.`);

  const { restored, skipped } = await restoreRows(em, record.deleted);
  let movedBack = 0;
  for (const [key, rowIds] of Object.entries(record.moved)) {
    const [table, column] = key.split('.');
    // Contacts take their former place in the list; relationships, which clients edit with their version, a new version.
    const extra = table === 'contact' ? `, position = coalesce(($4::jsonb ->> id::text)::int, position)` : table === 'relationship' ? `, version = version + 1, updated_at = now()` : '';
    const result = await em.query(
      `WITH done AS (UPDATE ${table} SET ${column} = $1${extra} WHERE ${rowKey(table)}::text = ANY($2::text[]) AND ${column} = $3 RETURNING 1) SELECT count(*)::int AS n FROM done`,
      table === 'contact' ? [dupId, rowIds, intoId, JSON.stringify(record.contactPositions)] : [dupId, rowIds, intoId],
    );
    movedBack += Number(result[0].n);
  }
  if (record.added.memberships.length) await em.query(`DELETE FROM authority_membership WHERE authority_id = $1 AND user_id = ANY($2::uuid[])`, [intoId, record.added.memberships]);
  // The themes the merge added go, unless someone has chosen the record kept's themes since (as for its fields, the
  // later choice stands: a theme the merge brought and an agent kept is theirs now).
  const themesUntouched = !record.themesAfter || JSON.stringify(await ficheThemes(em, intoId)) === JSON.stringify(record.themesAfter);
  if (record.added.themes.length && themesUntouched) await em.query(`DELETE FROM authority_theme WHERE authority_id = $1 AND theme_id = ANY($2::text[])`, [intoId, record.added.themes]);
  // Undone, the merge says the two are two places: the pair leaves the suspects list, and an import does not merge it again.
  await em.query(`INSERT INTO duplicate_dismissal (duplicate_id, into_id, dismissed_by) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`, [dupId, intoId, userId]);
  await em.query(`UPDATE authority_merge SET undone_at = now(), undone_by = $2 WHERE id = $1`, [mergeId, userId]);
  return { rowsMovedBack: movedBack, rowsRestored: restored, rowsNotRestored: skipped, duplicateId: dupId, intoId };
}
