import { listRoles as loadRoles } from '../../storage/repositories/roles.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { noResource } from '../targets.js';
import { roleShape } from './role-shape.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListRoles.html */
export const listRoles = iamOperation<'ListRoles'>({
  action: 'iam:ListRoles',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const roles = await loadRoles(ctx.tx, ctx.accountId, input.PathPrefix);
    const { items, ...more } = paginate(roles, input, (r) => r.name_key);
    return { Roles: items.map((r) => roleShape(r)), ...more };
  },
});
