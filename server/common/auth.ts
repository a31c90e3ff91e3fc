import type { AuthChecker } from 'type-graphql';
import type { Context, Role } from '../context';
import { AppError, ErrorCode } from './errors';

/**
 * `@Authorized()` means "may write"; `@Authorized('ADMIN')` names roles. Until accounts exist
 * (accounts issue) only an administrator (bearer ADMIN_TOKEN) may write or read contacts.
 */
export const authChecker: AuthChecker<Context, Role> = ({ context }, roles) => {
  const role = context.viewer.role;
  if (role === 'ANONYMOUS') throw new AppError(ErrorCode.UNAUTHENTICATED, 'You must be signed in to do this.', undefined, 'UNAUTHENTICATED');
  if (roles.length > 0 && !roles.includes(role) && role !== 'ADMIN') throw new AppError(ErrorCode.FORBIDDEN, 'You are not allowed to do this.', undefined, 'FORBIDDEN');
  return true;
};
