import { entityArn } from '../../principal.js';
import type { User } from '../../storage/schema.js';

export function userArn(accountId: string, user: Pick<User, 'path' | 'name'>): string {
  return entityArn(accountId, 'user', user.path, user.name);
}

/** The model's User structure. ListUsers leaves out tags and the boundary, as IAM does. */
export function userShape(user: User, extra: { withBoundary?: boolean } = {}) {
  return {
    Path: user.path,
    UserName: user.name,
    UserId: user.id,
    Arn: userArn(user.account_id, user),
    CreateDate: new Date(user.created_at),
    ...(user.password_last_used ? { PasswordLastUsed: new Date(user.password_last_used) } : {}),
    ...(extra.withBoundary && user.permissions_boundary_arn
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: user.permissions_boundary_arn } }
      : {}),
  };
}

