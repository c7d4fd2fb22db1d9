import { getRole } from '../entities.js';
import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { requestTags, roleTarget, withContext } from '../targets.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_roles.html */
export const tagRole = iamOperation<'TagRole'>({
  action: 'iam:TagRole',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await roleTarget(at, input.RoleName), requestTags(input.Tags)),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await putTags(ctx.tx, { kind: 'role', id: role.id }, input.Tags);
    return {};
  },
});

export const untagRole = iamOperation<'UntagRole'>({
  action: 'iam:UntagRole',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await roleTarget(at, input.RoleName), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await removeTags(ctx.tx, role.id, input.TagKeys);
    return {};
  },
});

export const listRoleTags = iamOperation<'ListRoleTags'>({
  action: 'iam:ListRoleTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, role.id), input);
    return { Tags: items, ...more };
  },
});
