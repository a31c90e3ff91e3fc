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
