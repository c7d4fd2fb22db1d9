import { deleteInlinePolicy, findInlinePolicy, inlinePolicies, putInlinePolicy } from '../../storage/repositories/policies.js';
import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { getGroup } from '../entities.js';
import { getRole } from '../entities.js';
import { getUser } from '../entities.js';
import type { PrincipalType } from '../../storage/schema.js';
import { groupTarget, roleTarget, userTarget } from '../targets.js';
import { iamOperation } from '../define.js';

import { paginate } from '../paginate.js';

import { checkPolicyDocument, encodeDocument, policySize } from './document.js';

/**
 * Inline policies share a size quota per identity, counted without white space: 2,048
 * characters for a user's, 5,120 for a group's, 10,240 for a role's.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
 */
interface Owner {
  type: PrincipalType;
  id: string;
  name: string;
  label: 'user' | 'group' | 'role';
  quota: number;
}

const userOwner = async (ctx: HandlerContext, name: string): Promise<Owner> => {
  const user = await getUser(ctx.tx, ctx.accountId, name);
  return { type: 'user', id: user.id, name: user.name, label: 'user', quota: 2048 };
};

const groupOwner = async (ctx: HandlerContext, name: string): Promise<Owner> => {
  const group = await getGroup(ctx.tx, ctx.accountId, name);
  return { type: 'group', id: group.id, name: group.name, label: 'group', quota: 5120 };
};

const roleOwner = async (ctx: HandlerContext, name: string): Promise<Owner> => {
  const role = await getRole(ctx.tx, ctx.accountId, name);
  return { type: 'role', id: role.id, name: role.name, label: 'role', quota: 10240 };
};

const LOCKED_TABLE = { user: 'users', group: 'groups', role: 'roles' } as const;

async function put(ctx: HandlerContext, owner: Owner, policyName: string, text: string): Promise<void> {
  const document = checkPolicyDocument(text, 'identity');
  await lockRow(ctx.tx, LOCKED_TABLE[owner.type], owner.id);
  const others = await inlinePolicies(ctx.tx, owner.id);
  const total = others.filter((p) => p.name !== policyName).reduce((n, p) => n + policySize(p.document), policySize(document));
  if (total > owner.quota) throw new AwsError('LimitExceeded', `Maximum policy size of ${owner.quota} bytes exceeded for ${owner.label} ${owner.name}`);
  await putInlinePolicy(ctx.tx, owner.type, owner.id, policyName, document);
}

async function getDocument(ctx: HandlerContext, owner: Owner, policyName: string): Promise<string> {
  const document = await findInlinePolicy(ctx.tx, owner.id, policyName);
  if (document === undefined) throw new AwsError('NoSuchEntity', `The ${owner.label} policy with name ${policyName} cannot be found.`);
  return document;
}

async function remove(ctx: HandlerContext, owner: Owner, policyName: string): Promise<void> {
  await getDocument(ctx, owner, policyName);
  await deleteInlinePolicy(ctx.tx, owner.id, policyName);
}

async function names(ctx: HandlerContext, owner: Owner, input: { Marker?: string | undefined; MaxItems?: number | undefined }) {
  const rows = await inlinePolicies(ctx.tx, owner.id);
  const { items, ...more } = paginate(rows, input, (r) => r.name);
  return { PolicyNames: items.map((r) => r.name), ...more };
}

export const putUserPolicy = iamOperation<'PutUserPolicy'>({
  action: 'iam:PutUserPolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    await put(ctx, await userOwner(ctx, input.UserName), input.PolicyName, input.PolicyDocument);
    return {};
  },
});

export const getUserPolicy = iamOperation<'GetUserPolicy'>({
  action: 'iam:GetUserPolicy',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const owner = await userOwner(ctx, input.UserName);
    return { UserName: owner.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(await getDocument(ctx, owner, input.PolicyName)) };
  },
});

export const deleteUserPolicy = iamOperation<'DeleteUserPolicy'>({
  action: 'iam:DeleteUserPolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    await remove(ctx, await userOwner(ctx, input.UserName), input.PolicyName);
    return {};
  },
});

export const listUserPolicies = iamOperation<'ListUserPolicies'>({
  action: 'iam:ListUserPolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    return names(ctx, await userOwner(ctx, input.UserName), input);
  },
});

export const putGroupPolicy = iamOperation<'PutGroupPolicy'>({
  action: 'iam:PutGroupPolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    await put(ctx, await groupOwner(ctx, input.GroupName), input.PolicyName, input.PolicyDocument);
    return {};
  },
});

export const getGroupPolicy = iamOperation<'GetGroupPolicy'>({
  action: 'iam:GetGroupPolicy',
  writes: false,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const owner = await groupOwner(ctx, input.GroupName);
    return { GroupName: owner.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(await getDocument(ctx, owner, input.PolicyName)) };
  },
});

export const deleteGroupPolicy = iamOperation<'DeleteGroupPolicy'>({
  action: 'iam:DeleteGroupPolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    await remove(ctx, await groupOwner(ctx, input.GroupName), input.PolicyName);
    return {};
  },
});

export const listGroupPolicies = iamOperation<'ListGroupPolicies'>({
  action: 'iam:ListGroupPolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    return names(ctx, await groupOwner(ctx, input.GroupName), input);
  },
});

export const putRolePolicy = iamOperation<'PutRolePolicy'>({
  action: 'iam:PutRolePolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    await put(ctx, await roleOwner(ctx, input.RoleName), input.PolicyName, input.PolicyDocument);
    return {};
  },
});

export const getRolePolicy = iamOperation<'GetRolePolicy'>({
  action: 'iam:GetRolePolicy',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName),
  async handle(ctx, input) {
    const owner = await roleOwner(ctx, input.RoleName);
    return { RoleName: owner.name, PolicyName: input.PolicyName, PolicyDocument: encodeDocument(await getDocument(ctx, owner, input.PolicyName)) };
  },
});

export const deleteRolePolicy = iamOperation<'DeleteRolePolicy'>({
  action: 'iam:DeleteRolePolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    await remove(ctx, await roleOwner(ctx, input.RoleName), input.PolicyName);
    return {};
  },
});

export const listRolePolicies = iamOperation<'ListRolePolicies'>({
  action: 'iam:ListRolePolicies',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName),
  async handle(ctx, input) {
    return names(ctx, await roleOwner(ctx, input.RoleName), input);
  },
});
