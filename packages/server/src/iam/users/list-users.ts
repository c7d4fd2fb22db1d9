import { listUsers as loadUsers } from '../../storage/repositories/users.js';
import { noResource } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { userShape } from './user-shape.js';

export const listUsers = iamOperation<'ListUsers'>({
  action: 'iam:ListUsers',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const users = await loadUsers(ctx.tx, ctx.accountId, input.PathPrefix);
    const { items, ...more } = paginate(users, input, (u) => u.name_key);
    return { Users: items.map((u) => userShape(u)), ...more };
  },
});
