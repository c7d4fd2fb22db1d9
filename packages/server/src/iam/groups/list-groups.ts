import { listGroups as loadGroups, listGroupsForUser as loadGroupsForUser } from '../../storage/repositories/groups.js';
import { getUser } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { userResource } from '../users/user-shape.js';
import { groupShape } from './group-shape.js';

export const listGroups = iamOperation<'ListGroups'>({
  action: 'iam:ListGroups',
  authorization: 'admin',
  resource: (_input, accountId) => `arn:aws:iam::${accountId}:group/*`,
  async handle(ctx, input) {
    const groups = await loadGroups(ctx.tx, ctx.accountId, input.PathPrefix);
    const { items, ...more } = paginate(groups, input, (g) => g.name_key);
    return { Groups: items.map(groupShape), ...more };
  },
});

export const listGroupsForUser = iamOperation<'ListGroupsForUser'>({
  action: 'iam:ListGroupsForUser',
  authorization: 'admin',
  resource: (input, accountId) => userResource(accountId, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const groups = await loadGroupsForUser(ctx.tx, user.id);
    const { items, ...more } = paginate(groups, input, (g) => g.name_key);
    return { Groups: items.map(groupShape), ...more };
  },
});
