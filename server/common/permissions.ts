import type { Context } from '../context';
import { AppError, ErrorCode } from './errors';

/** Administrators, or agents acting for this authority. */
export function canEditAuthority(ctx: Context, authorityId: string): boolean {
  const v = ctx.viewer;
  return v.role === 'ADMIN' || (v.role === 'AGENT' && (v.authorityIds ?? []).includes(authorityId));
}

export function assertCanEditAuthority(ctx: Context, authorityId: string, field?: string): void {
  if (ctx.viewer.role === 'ANONYMOUS') throw new AppError(ErrorCode.UNAUTHENTICATED, 'You must be signed in to do this.', field, 'UNAUTHENTICATED');
  if (!canEditAuthority(ctx, authorityId)) throw new AppError(ErrorCode.FORBIDDEN, 'You do not act for this authority.', field, 'NOT_A_MEMBER');
}

/** Administrators, and reviewers whose scope (empty = every country) includes this country. */
export function canReview(ctx: Context, countryCode: string): boolean {
  const v = ctx.viewer;
  if (v.role === 'ADMIN') return true;
  return v.role === 'REVIEWER' && (!(v.reviewerCountries ?? []).length || v.reviewerCountries!.includes(countryCode));
}

/** Who may read an authority's contacts: the ministry, and the authority's own agents. */
export function canReadContacts(ctx: Context, authorityId: string): boolean {
  return ctx.viewer.role === 'ADMIN' || ctx.viewer.role === 'REVIEWER' || canEditAuthority(ctx, authorityId);
}
