import { getRole as loadRole } from '../entities.js';
import { listTags } from '../../storage/repositories/tags.js';
import { iamOperation } from '../define.js';
import { roleTarget } from '../targets.js';
import { roleShape } from './role-shape.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetRole.html */
export const getRole = iamOperation<'GetRole'>({
  action: 'iam:GetRole',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const role = await loadRole(ctx.tx, ctx.accountId, input.RoleName);
    return { Role: roleShape(role, { boundary: true, lastUsed: true, tags: await listTags(ctx.tx, role.id) }) };
  },
});
