import { AwsError } from '../../protocol/errors.js';
import { listTags, putTags, removeTags } from '../../storage/repositories/tags.js';
import { getUser } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { userResource } from '../users/user-shape.js';
import { getOwnPolicy, getVisiblePolicy } from './policy-shape.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html */
export const putUserPermissionsBoundary = iamOperation<'PutUserPermissionsBoundary'>({
  action: 'iam:PutUserPermissionsBoundary',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await getVisiblePolicy(ctx, input.PermissionsBoundary);
    await ctx.tx.updateTable('users').set({ permissions_boundary_arn: input.PermissionsBoundary }).where('id', '=', user.id).execute();
    return {};
  },
});

export const deleteUserPermissionsBoundary = iamOperation<'DeleteUserPermissionsBoundary'>({
  action: 'iam:DeleteUserPermissionsBoundary',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    if (user.permissions_boundary_arn === null) throw new AwsError('NoSuchEntity', `The user with name ${user.name} has no permissions boundary.`);
    await ctx.tx.updateTable('users').set({ permissions_boundary_arn: null }).where('id', '=', user.id).execute();
    return {};
  },
});

export const tagPolicy = iamOperation<'TagPolicy'>({
  action: 'iam:TagPolicy',
  authorization: 'admin',
  resource: (input) => input.PolicyArn,
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await putTags(ctx.tx, policy.id, input.Tags, 'TagsPerPolicy');
    return {};
  },
});

export const untagPolicy = iamOperation<'UntagPolicy'>({
  action: 'iam:UntagPolicy',
  authorization: 'admin',
  resource: (input) => input.PolicyArn,
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await removeTags(ctx.tx, policy.id, input.TagKeys);
    return {};
  },
});

export const listPolicyTags = iamOperation<'ListPolicyTags'>({
  action: 'iam:ListPolicyTags',
  authorization: 'admin',
  resource: (input) => input.PolicyArn,
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const tags = (await listTags(ctx.tx, policy.id)).map((tag, i) => ({ tag, key: String(i).padStart(4, '0') }));
    const { items, ...more } = paginate(tags, input, (t) => t.key);
    return { Tags: items.map((t) => t.tag), ...more };
  },
});
