import type { EntityManager } from 'typeorm';
import type { Context } from '../../context';

/** Appends to the audit trail: who (user and role), what, on which record, why, when. */
export async function recordAudit(em: EntityManager, ctx: Context, action: string, entity: string, entityId: string, reason?: string | null): Promise<void> {
  await em.query(`INSERT INTO audit_event (actor_id, actor_role, action, entity, entity_id, reason) VALUES ($1, $2, $3, $4, $5, $6)`, [
    ctx.viewer.userId ?? null,
    ctx.viewer.role,
    action,
    entity,
    entityId,
    reason ?? null,
  ]);
}

/** In-app notification for every agent acting for one of these authorities. */
export async function notifyAuthorities(em: EntityManager, authorityIds: string[], kind: string, titleFr: string, titleEn: string, entityId: string): Promise<void> {
  await em.query(
    `INSERT INTO notification (user_id, kind, title_fr, title_en, entity_id)
     SELECT DISTINCT m.user_id, $2, $3, $4, $5::uuid FROM authority_membership m WHERE m.authority_id = ANY($1::uuid[])`,
    [authorityIds, kind, titleFr, titleEn, entityId],
  );
}

/** In-app notification for the reviewers whose scope covers this country (and administrators). */
export async function notifyReviewers(em: EntityManager, countryCode: string, kind: string, titleFr: string, titleEn: string, entityId: string): Promise<void> {
  await em.query(
    `INSERT INTO notification (user_id, kind, title_fr, title_en, entity_id)
     SELECT u.id, $2, $3, $4, $5::uuid FROM app_user u
     WHERE NOT u.disabled AND (u.role = 'ADMIN' OR (u.role = 'REVIEWER' AND (u.reviewer_countries = '{}' OR $1 = ANY(u.reviewer_countries))))`,
    [countryCode, kind, titleFr, titleEn, entityId],
  );
}

/** Alerts the owners of saved searches that match a newly published listing (themes by prefix, countries, type). */
export async function alertSavedSearches(em: EntityManager, listing: { id: string; type: string; title: string; authorityId: string; targetCountryCodes: string[] }, authorityCountry: string): Promise<void> {
  await em.query(
    `INSERT INTO notification (user_id, kind, title_fr, title_en, entity_id)
     SELECT DISTINCT s.user_id, 'SAVED_SEARCH_MATCH', 'Nouvelle annonce pour « ' || s.name || ' » : ' || $4, 'New listing for “' || s.name || '”: ' || $4, $1::uuid
     FROM saved_search s
     WHERE (s.type IS NULL OR s.type = $2)
       AND (cardinality(s.countries) = 0 OR s.countries && $3::text[])
       AND (cardinality(s.themes) = 0 OR EXISTS (
         SELECT 1 FROM listing_theme lt, unnest(s.themes) st(theme)
         WHERE lt.listing_id = $1 AND (lt.theme_id = st.theme OR lt.theme_id LIKE st.theme || '.%')))
       AND s.user_id NOT IN (SELECT user_id FROM authority_membership WHERE authority_id = $5)`,
    [listing.id, listing.type, [authorityCountry, ...listing.targetCountryCodes], listing.title, listing.authorityId],
  );
}
