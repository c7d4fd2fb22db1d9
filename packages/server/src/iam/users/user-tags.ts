import { listTags, putTags, removeTags } from '../../storage/repositories/tags.js';
import { getUser } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { userResource } from './user-shape.js';

export const tagUser = iamOperation<'TagUser'>({
  action: 'iam:TagUser',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await putTags(ctx.tx, user.id, input.Tags, 'TagsPerUser');
    return {};
  },
});

export const untagUser = iamOperation<'UntagUser'>({
  action: 'iam:UntagUser',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await removeTags(ctx.tx, user.id, input.TagKeys);
    return {};
  },
});

export const listUserTags = iamOperation<'ListUserTags'>({
  action: 'iam:ListUserTags',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const tags = (await listTags(ctx.tx, user.id)).map((tag, i) => ({ tag, key: String(i).padStart(4, '0') }));
    const { items, ...more } = paginate(tags, input, (t) => t.key);
    return { Tags: items.map((t) => t.tag), ...more };
  },
});
