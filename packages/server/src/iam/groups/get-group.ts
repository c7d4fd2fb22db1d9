import { listGroupMembers } from '../../storage/repositories/groups.js';
import { getGroup as loadGroup } from '../entities.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { userShape } from '../users/user-shape.js';
import { groupShape } from './group-shape.js';

export const getGroup = iamOperation<'GetGroup'>({
  action: 'iam:GetGroup',
  writes: false,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await loadGroup(ctx.tx, ctx.accountId, input.GroupName);
    const members = await listGroupMembers(ctx.tx, group.id);
    const { items, ...more } = paginate(members, input, (u) => u.name_key);
    return { Group: groupShape(group), Users: items.map((u) => userShape(u)), ...more };
  },
});
