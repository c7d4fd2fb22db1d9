import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { getUser } from '../entities.js';
import { requestTags, userTarget, withContext } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';

export const tagUser = iamOperation<'TagUser'>({
  action: 'iam:TagUser',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await userTarget(at, input.UserName), requestTags(input.Tags)),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await putTags(ctx.tx, { kind: 'user', id: user.id }, input.Tags);
    return {};
  },
});

export const untagUser = iamOperation<'UntagUser'>({
  action: 'iam:UntagUser',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await userTarget(at, input.UserName), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await removeTags(ctx.tx, user.id, input.TagKeys);
    return {};
  },
});

export const listUserTags = iamOperation<'ListUserTags'>({
  action: 'iam:ListUserTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, user.id), input);
    return { Tags: items, ...more };
  },
});
