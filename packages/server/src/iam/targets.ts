import type { AuthorizationTarget, TargetLookup } from '../operation.js';
import { entityArn } from '../principal.js';
import { findGroup } from '../storage/repositories/groups.js';
import { findInstanceProfile } from '../storage/repositories/instance-profiles.js';
import { findRole } from '../storage/repositories/roles.js';
import { listTags, type Tag } from '../storage/repositories/tags.js';
import { findUser } from '../storage/repositories/users.js';

/**
 * What each operation is authorized against: the resource ARN (with the entity's real path,
 * so `user/engineering/*` matches), its tags as aws:ResourceTag/*, and the operation's own
 * condition keys. Resource types and keys follow the Service Authorization Reference for IAM:
 * https://docs.aws.amazon.com/service-authorization/latest/reference/list_awsidentityandaccessmanagementiam.html
 * A named entity that does not exist is authorized by its name at path /, as IAM does.
 * For an operation that writes, the entity's row is locked here, before anything reads it:
 * every write to an entity and its children is serialized on the entity, so two racing
 * calls answer as if one came after the other.
 */

/** Operations with no resource type in the reference are authorized on "*". */
export const noResource = (): AuthorizationTarget => ({ resource: '*' });

export async function userTarget(at: TargetLookup, name: string | undefined): Promise<AuthorizationTarget> {
  if (name === undefined) {
    const p = at.principal;
    if (p.type === 'IAMUser') return userTarget(at, p.user.name);
    return { resource: p.arn };
  }
  const user = await findUser(at.tx, at.accountId, name, at.lock === true);
  if (!user) return { resource: entityArn(at.accountId, 'user', '/', name) };
  return { resource: entityArn(at.accountId, 'user', user.path, user.name), resourceTags: await listTags(at.tx, user.id) };
}

export async function groupTarget(at: TargetLookup, name: string): Promise<AuthorizationTarget> {
  const group = await findGroup(at.tx, at.accountId, name, at.lock === true);
  return { resource: entityArn(at.accountId, 'group', group?.path ?? '/', group?.name ?? name) };
}

export async function policyTarget(at: TargetLookup, arn: string): Promise<AuthorizationTarget> {
  const policy = await at.tx.selectFrom('policies').select('id').where('arn', '=', arn).$if(at.lock === true, (q) => q.forUpdate()).executeTakeFirst();
  return policy ? { resource: arn, resourceTags: await listTags(at.tx, policy.id) } : { resource: arn };
}

/**
 * A role with its real path and tags. With `boundary`, the role's current permissions boundary
 * as iam:PermissionsBoundary, for the actions the reference lists that key on (GetRole,
 * UpdateRole, DeleteRole, Attach/Detach/Put/DeleteRolePolicy, UpdateAssumeRolePolicy, ...),
 * which lets a policy confine who may change roles to those held by a given boundary.
 */
export async function roleTarget(at: TargetLookup, name: string, options: { boundary?: boolean } = {}): Promise<AuthorizationTarget> {
  const role = await findRole(at.tx, at.accountId, name, at.lock === true);
  if (!role) return { resource: entityArn(at.accountId, 'role', '/', name) };
  return {
    resource: entityArn(at.accountId, 'role', role.path, role.name),
    resourceTags: await listTags(at.tx, role.id),
    ...(options.boundary && role.permissions_boundary_arn ? { context: { 'iam:PermissionsBoundary': role.permissions_boundary_arn } } : {}),
  };
}

export async function instanceProfileTarget(at: TargetLookup, name: string): Promise<AuthorizationTarget> {
  const profile = await findInstanceProfile(at.tx, at.accountId, name, at.lock === true);
  if (!profile) return { resource: entityArn(at.accountId, 'instance-profile', '/', name) };
  return { resource: entityArn(at.accountId, 'instance-profile', profile.path, profile.name), resourceTags: await listTags(at.tx, profile.id) };
}

/** aws:RequestTag/* and aws:TagKeys for an operation that sets tags. */
export function requestTags(tags: readonly Tag[] | undefined): Record<string, string | string[]> {
  if (!tags || tags.length === 0) return {};
  const context: Record<string, string | string[]> = { 'aws:TagKeys': tags.map((t) => t.Key) };
  for (const tag of tags) context[`aws:RequestTag/${tag.Key}`] = tag.Value;
  return context;
}

/** Adds condition keys to a target. */
export function withContext(target: AuthorizationTarget, context: Record<string, string | string[]>): AuthorizationTarget {
  return Object.keys(context).length === 0 ? target : { ...target, context: { ...target.context, ...context } };
}
