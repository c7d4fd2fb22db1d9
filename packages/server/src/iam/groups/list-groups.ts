import { listGroups as loadGroups, listGroupsForUser as loadGroupsForUser } from '../../storage/repositories/groups.js';
import { getUser } from '../entities.js';
import { noResource, userTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';

import { groupShape } from './group-shape.js';

export const listGroups = iamOperation<'ListGroups'>({
  action: 'iam:ListGroups',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const groups = await loadGroups(ctx.tx, ctx.accountId, input.PathPrefix);
    const { items, ...more } = paginate(groups, input, (g) => g.name_key);
    return { Groups: items.map(groupShape), ...more };
  },
});

export const listGroupsForUser = iamOperation<'ListGroupsForUser'>({
  action: 'iam:ListGroupsForUser',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const groups = await loadGroupsForUser(ctx.tx, user.id);
    const { items, ...more } = paginate(groups, input, (g) => g.name_key);
    return { Groups: items.map(groupShape), ...more };
  },
});
