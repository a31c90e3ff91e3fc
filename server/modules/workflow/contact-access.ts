import type { Context } from '../../context';

const contactPartnersCache = new WeakMap<Context, Promise<Set<string>>>();

/** Authorities whose contacts the viewer's authorities may see: accepted interest or approved suggestion, either way (once per request). */
export function contactPartnersOf(ctx: Context): Promise<Set<string>> {
  let p = contactPartnersCache.get(ctx);
  if (!p) contactPartnersCache.set(ctx, (p = loadContactPartners(ctx)));
  return p;
}

async function loadContactPartners(ctx: Context): Promise<Set<string>> {
  const ids = ctx.viewer.authorityIds ?? [];
  if (!ids.length) return new Set();
  const rows: { other: string }[] = await ctx.ds.query(
    `SELECT e.authority_id AS other FROM expression_of_interest e JOIN listing l ON l.id = e.listing_id WHERE e.status = 'ACCEPTED' AND l.authority_id = ANY($1::uuid[])
     UNION SELECT l.authority_id FROM expression_of_interest e JOIN listing l ON l.id = e.listing_id WHERE e.status = 'ACCEPTED' AND e.authority_id = ANY($1::uuid[])
     UNION SELECT candidate_id FROM match_suggestion WHERE status = 'APPROVED' AND seeker_id = ANY($1::uuid[])
     UNION SELECT seeker_id FROM match_suggestion WHERE status = 'APPROVED' AND candidate_id = ANY($1::uuid[])`,
    [ids],
  );
  return new Set(rows.map((r) => r.other));
}
