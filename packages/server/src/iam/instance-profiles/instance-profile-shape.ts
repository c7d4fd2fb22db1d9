import { entityArn } from '../../principal.js';
import type { InstanceProfile as InstanceProfileOutput, Tag } from '../../protocol/generated/iam.js';
import type { InstanceProfile, Role } from '../../storage/schema.js';
import { roleShape } from '../roles/role-shape.js';

export function instanceProfileArn(accountId: string, profile: Pick<InstanceProfile, 'path' | 'name'>): string {
  return entityArn(accountId, 'instance-profile', profile.path, profile.name);
}

/**
 * The model's InstanceProfile structure with its roles (at most one) in their list shape.
 * Tags only where IAM answers them (Create and GetInstanceProfile), not in lists.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_InstanceProfile.html
 */
export function instanceProfileShape(profile: InstanceProfile, roles: readonly Role[], tags?: readonly Tag[]): InstanceProfileOutput {
  return {
    Path: profile.path,
    InstanceProfileName: profile.name,
    InstanceProfileId: profile.id,
    Arn: instanceProfileArn(profile.account_id, profile),
    CreateDate: new Date(profile.created_at),
    Roles: roles.map((r) => roleShape(r)),
    ...(tags && tags.length > 0 ? { Tags: [...tags] } : {}),
  };
}
