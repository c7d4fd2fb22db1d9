import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { getGroup } from '../entities.js';
import { getRole } from '../entities.js';
import { attachedPolicies, attachedPolicyArns, attachPolicy, detachPolicy } from '../../storage/repositories/policies.js';
import { withPathPrefix } from '../../storage/repositories/users.js';
import { getUser } from '../entities.js';
import type { PrincipalType } from '../../storage/schema.js';
import { groupTarget, policyTarget, roleTarget, userTarget, withContext } from '../targets.js';
import { iamOperation } from '../define.js';
import { groupShape } from '../groups/group-shape.js';
import { paginate } from '../paginate.js';
import { userShape } from '../users/user-shape.js';
import { getVisiblePolicy } from './policy-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const ATTACHED_PER_IDENTITY = 10;

interface Identity {
  type: PrincipalType;
  id: string;
  name: string;
  quotaName: string;
}

async function userIdentity(ctx: HandlerContext, name: string): Promise<Identity> {
  const user = await getUser(ctx.tx, ctx.accountId, name);
  return { type: 'user', id: user.id, name: user.name, quotaName: 'PoliciesPerUser' };
}

async function groupIdentity(ctx: HandlerContext, name: string): Promise<Identity> {
  const group = await getGroup(ctx.tx, ctx.accountId, name);
  return { type: 'group', id: group.id, name: group.name, quotaName: 'PoliciesPerGroup' };
}

async function roleIdentity(ctx: HandlerContext, name: string): Promise<Identity> {
  const role = await getRole(ctx.tx, ctx.accountId, name);
  return { type: 'role', id: role.id, name: role.name, quotaName: 'PoliciesPerRole' };
}

const LOCKED_TABLE = { user: 'users', group: 'groups', role: 'roles' } as const;

async function attach(ctx: HandlerContext, identity: Identity, policyArn: string): Promise<void> {
  // Shared: attachments of one policy proceed side by side, and a DeletePolicy (which locks the
  // policy as its target) waits for them or they for it.
  await getVisiblePolicy(ctx, policyArn, 'share');
  await lockRow(ctx.tx, LOCKED_TABLE[identity.type], identity.id);
  const attached = await attachedPolicyArns(ctx.tx, identity.id);
  // Attaching an attached policy again changes nothing, as in IAM.
  if (attached.includes(policyArn)) return;
  if (attached.length >= ATTACHED_PER_IDENTITY) throw new AwsError('LimitExceeded', `Cannot exceed quota for ${identity.quotaName}: ${ATTACHED_PER_IDENTITY}`);
  await attachPolicy(ctx.tx, ctx.accountId, policyArn, identity.type, identity.id, ctx.now);
}

async function detach(ctx: HandlerContext, identity: Identity, policyArn: string): Promise<void> {
  if (!(await detachPolicy(ctx.tx, identity.id, policyArn))) throw new AwsError('NoSuchEntity', `Policy ${policyArn} was not found.`);
}

async function listAttached(ctx: HandlerContext, identity: Identity, input: { PathPrefix?: string | undefined; Marker?: string | undefined; MaxItems?: number | undefined }) {
  const rows = await attachedPolicies(ctx.tx, identity.id);
  const { items, ...more } = paginate(withPathPrefix(rows, input.PathPrefix ?? '/'), input, (p) => `${p.name}\u0000${p.arn}`);
  return { AttachedPolicies: items.map((p) => ({ PolicyName: p.name, PolicyArn: p.arn })), ...more };
}

export const attachUserPolicy = iamOperation<'AttachUserPolicy'>({
  action: 'iam:AttachUserPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await userTarget(at, input.UserName), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await attach(ctx, await userIdentity(ctx, input.UserName), input.PolicyArn);
    return {};
  },
});

export const detachUserPolicy = iamOperation<'DetachUserPolicy'>({
  action: 'iam:DetachUserPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await userTarget(at, input.UserName), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await detach(ctx, await userIdentity(ctx, input.UserName), input.PolicyArn);
    return {};
  },
});

export const listAttachedUserPolicies = iamOperation<'ListAttachedUserPolicies'>({
  action: 'iam:ListAttachedUserPolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    return listAttached(ctx, await userIdentity(ctx, input.UserName), input);
  },
});

export const attachGroupPolicy = iamOperation<'AttachGroupPolicy'>({
  action: 'iam:AttachGroupPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await groupTarget(at, input.GroupName), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await attach(ctx, await groupIdentity(ctx, input.GroupName), input.PolicyArn);
    return {};
  },
});

export const detachGroupPolicy = iamOperation<'DetachGroupPolicy'>({
  action: 'iam:DetachGroupPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await groupTarget(at, input.GroupName), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await detach(ctx, await groupIdentity(ctx, input.GroupName), input.PolicyArn);
    return {};
  },
});

export const listAttachedGroupPolicies = iamOperation<'ListAttachedGroupPolicies'>({
  action: 'iam:ListAttachedGroupPolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    return listAttached(ctx, await groupIdentity(ctx, input.GroupName), input);
  },
});

export const attachRolePolicy = iamOperation<'AttachRolePolicy'>({
  action: 'iam:AttachRolePolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await roleTarget(at, input.RoleName, { boundary: true }), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await attach(ctx, await roleIdentity(ctx, input.RoleName), input.PolicyArn);
    return {};
  },
});

export const detachRolePolicy = iamOperation<'DetachRolePolicy'>({
  action: 'iam:DetachRolePolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await roleTarget(at, input.RoleName, { boundary: true }), { 'iam:PolicyARN': input.PolicyArn }),
  async handle(ctx, input) {
    await detach(ctx, await roleIdentity(ctx, input.RoleName), input.PolicyArn);
    return {};
  },
});

export const listAttachedRolePolicies = iamOperation<'ListAttachedRolePolicies'>({
  action: 'iam:ListAttachedRolePolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName),
  async handle(ctx, input) {
    return listAttached(ctx, await roleIdentity(ctx, input.RoleName), input);
  },
});

/**
 * Users, groups and roles a managed policy is attached to. With PolicyUsageFilter
 * PermissionsBoundary it lists the users and roles that use it as their boundary.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListEntitiesForPolicy.html
 */
export const listEntitiesForPolicy = iamOperation<'ListEntitiesForPolicy'>({
  action: 'iam:ListEntitiesForPolicy',
  writes: false,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const filter = input.EntityFilter;
    const usage = input.PolicyUsageFilter;
    const wantUsers = !filter || filter === 'User';
    const wantGroups = (!filter || filter === 'Group') && usage !== 'PermissionsBoundary';
    const wantRoles = !filter || filter === 'Role';
    const users = wantUsers
      ? await ctx.tx
          .selectFrom('users')
          .selectAll()
          .where('account_id', '=', ctx.accountId)
          .where((eb) => {
            const attached = eb.exists(eb.selectFrom('policy_attachments').select('principal_id').whereRef('principal_id', '=', 'users.id').where('policy_arn', '=', policy.arn));
            const bounded = eb('permissions_boundary_arn', '=', policy.arn);
            return usage === 'PermissionsPolicy' ? attached : usage === 'PermissionsBoundary' ? bounded : eb.or([attached, bounded]);
          })
          .execute()
      : [];
    const groups = wantGroups
      ? await ctx.tx
          .selectFrom('groups')
          .selectAll()
          .where('account_id', '=', ctx.accountId)
          .where((eb) => eb.exists(eb.selectFrom('policy_attachments').select('principal_id').whereRef('principal_id', '=', 'groups.id').where('policy_arn', '=', policy.arn)))
          .execute()
      : [];
    const roles = wantRoles
      ? await ctx.tx
          .selectFrom('roles')
          .selectAll()
          .where('account_id', '=', ctx.accountId)
          .where((eb) => {
            const attached = eb.exists(eb.selectFrom('policy_attachments').select('principal_id').whereRef('principal_id', '=', 'roles.id').where('policy_arn', '=', policy.arn));
            const bounded = eb('permissions_boundary_arn', '=', policy.arn);
            return usage === 'PermissionsPolicy' ? attached : usage === 'PermissionsBoundary' ? bounded : eb.or([attached, bounded]);
          })
          .execute()
      : [];
    const prefix = input.PathPrefix ?? '/';
    const entities = [
      ...withPathPrefix(groups, prefix).map((g) => ({ key: `g${g.name_key}`, group: groupShape(g) })),
      ...withPathPrefix(roles, prefix).map((r) => ({ key: `r${r.name_key}`, role: { RoleName: r.name, RoleId: r.id } })),
      ...withPathPrefix(users, prefix).map((u) => ({ key: `u${u.name_key}`, user: userShape(u) })),
    ];
    const { items, ...more } = paginate(entities, input, (e) => e.key);
    return {
      PolicyGroups: items.flatMap((e) => ('group' in e ? [{ GroupName: e.group.GroupName, GroupId: e.group.GroupId }] : [])),
      PolicyUsers: items.flatMap((e) => ('user' in e ? [{ UserName: e.user.UserName, UserId: e.user.UserId }] : [])),
      PolicyRoles: items.flatMap((e) => ('role' in e ? [{ RoleName: e.role.RoleName, RoleId: e.role.RoleId }] : [])),
      ...more,
    };
  },
});
