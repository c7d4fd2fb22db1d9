import { setUserBoundary } from '../../storage/repositories/users.js';
import { AwsError } from '../../protocol/errors.js';
import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { getUser } from '../entities.js';
import { policyTarget, requestTags, userTarget, withContext } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';

import { getOwnPolicy, getVisiblePolicy } from './policy-shape.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html */
export const putUserPermissionsBoundary = iamOperation<'PutUserPermissionsBoundary'>({
  action: 'iam:PutUserPermissionsBoundary',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await userTarget(at, input.UserName), { 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    // Shared: the boundary names the policy by ARN, so it must not be deleted meanwhile.
    await getVisiblePolicy(ctx, input.PermissionsBoundary, 'share');
    await setUserBoundary(ctx.tx, user.id, input.PermissionsBoundary);
    return {};
  },
});

export const deleteUserPermissionsBoundary = iamOperation<'DeleteUserPermissionsBoundary'>({
  action: 'iam:DeleteUserPermissionsBoundary',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    if (user.permissions_boundary_arn === null) throw new AwsError('NoSuchEntity', `The user with name ${user.name} has no permissions boundary.`);
    await setUserBoundary(ctx.tx, user.id, null);
    return {};
  },
});

export const tagPolicy = iamOperation<'TagPolicy'>({
  action: 'iam:TagPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await policyTarget(at, input.PolicyArn), requestTags(input.Tags)),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await putTags(ctx.tx, { kind: 'policy', id: policy.id }, input.Tags);
    return {};
  },
});

export const untagPolicy = iamOperation<'UntagPolicy'>({
  action: 'iam:UntagPolicy',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await policyTarget(at, input.PolicyArn), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await removeTags(ctx.tx, policy.id, input.TagKeys);
    return {};
  },
});

export const listPolicyTags = iamOperation<'ListPolicyTags'>({
  action: 'iam:ListPolicyTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, policy.id), input);
    return { Tags: items, ...more };
  },
});
