import { entityArn } from '../../principal.js';
import type { Role as RoleOutput, Tag } from '../../protocol/generated/iam.js';
import type { Role } from '../../storage/schema.js';
import { encodeDocument } from '../policies/document.js';

export function roleArn(accountId: string, role: Pick<Role, 'path' | 'name'>): string {
  return entityArn(accountId, 'role', role.path, role.name);
}

/**
 * The model's Role structure. The trust policy is URL-encoded as IAM returns it. List
 * operations leave out the boundary, tags and RoleLastUsed, as IAM does:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html
 * GetRole answers RoleLastUsed always, empty for a role never used:
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_RoleLastUsed.html
 */
export function roleShape(role: Role, extra: { boundary?: boolean; lastUsed?: boolean; tags?: readonly Tag[] } = {}): RoleOutput {
  return {
    Path: role.path,
    RoleName: role.name,
    RoleId: role.id,
    Arn: roleArn(role.account_id, role),
    CreateDate: new Date(role.created_at),
    AssumeRolePolicyDocument: encodeDocument(role.assume_role_policy),
    ...(role.description !== null ? { Description: role.description } : {}),
    MaxSessionDuration: role.max_session_duration,
    ...(extra.boundary && role.permissions_boundary_arn
      ? { PermissionsBoundary: { PermissionsBoundaryType: 'PermissionsBoundaryPolicy' as const, PermissionsBoundaryArn: role.permissions_boundary_arn } }
      : {}),
    ...(extra.tags && extra.tags.length > 0 ? { Tags: [...extra.tags] } : {}),
    ...(extra.lastUsed
      ? { RoleLastUsed: role.last_used_at ? { LastUsedDate: new Date(role.last_used_at), ...(role.last_used_region ? { Region: role.last_used_region } : {}) } : {} }
      : {}),
  };
}
