import { getRole } from '../entities.js';
import { listTags } from '../../storage/repositories/tags.js';
import { iamOperation } from '../define.js';
import { roleTarget } from '../targets.js';
import { roleShape } from './role-shape.js';
import { checkTrustPolicy } from './trust-policy.js';

/**
 * Description and MaxSessionDuration; a parameter left out keeps its value.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateRole.html
 */
export const updateRole = iamOperation<'UpdateRole'>({
  action: 'iam:UpdateRole',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await ctx.tx
      .updateTable('roles')
      .set({
        ...(input.Description !== undefined ? { description: input.Description } : {}),
        ...(input.MaxSessionDuration !== undefined ? { max_session_duration: input.MaxSessionDuration } : {}),
      })
      .where('id', '=', role.id)
      .execute();
    return {};
  },
});

/** The older call for the description alone; it answers the updated role. */
export const updateRoleDescription = iamOperation<'UpdateRoleDescription'>({
  action: 'iam:UpdateRoleDescription',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await ctx.tx.updateTable('roles').set({ description: input.Description }).where('id', '=', role.id).execute();
    return { Role: roleShape({ ...role, description: input.Description }, { boundary: true, lastUsed: true, tags: await listTags(ctx.tx, role.id) }) };
  },
});

/**
 * Replaces the trust policy. Sessions already issued keep running until they expire, as in
 * IAM: the trust policy is checked only when a role is assumed.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_UpdateAssumeRolePolicy.html
 */
export const updateAssumeRolePolicy = iamOperation<'UpdateAssumeRolePolicy'>({
  action: 'iam:UpdateAssumeRolePolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const trust = checkTrustPolicy(input.PolicyDocument);
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await ctx.tx.updateTable('roles').set({ assume_role_policy: trust }).where('id', '=', role.id).execute();
    return {};
  },
});
