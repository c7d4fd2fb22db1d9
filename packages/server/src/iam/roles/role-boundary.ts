import { getRole } from '../entities.js';
import { iamOperation } from '../define.js';
import { getVisiblePolicy } from '../policies/policy-shape.js';
import { roleTarget, withContext } from '../targets.js';

/**
 * iam:PermissionsBoundary is the boundary being set, so a policy can allow setting only an
 * approved one. https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutRolePermissionsBoundary.html
 */
export const putRolePermissionsBoundary = iamOperation<'PutRolePermissionsBoundary'>({
  action: 'iam:PutRolePermissionsBoundary',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await roleTarget(at, input.RoleName), { 'iam:PermissionsBoundary': input.PermissionsBoundary }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    // Shared: the boundary names the policy by ARN, so it must not be deleted meanwhile.
    await getVisiblePolicy(ctx, input.PermissionsBoundary, 'share');
    await ctx.tx.updateTable('roles').set({ permissions_boundary_arn: input.PermissionsBoundary }).where('id', '=', role.id).execute();
    return {};
  },
});

/**
 * Removing a boundary from a role that has none changes nothing and succeeds: tools such as
 * Terraform's AWS provider called it on every role they deleted without error
 * (hashicorp/terraform-provider-aws#5489).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteRolePermissionsBoundary.html
 */
export const deleteRolePermissionsBoundary = iamOperation<'DeleteRolePermissionsBoundary'>({
  action: 'iam:DeleteRolePermissionsBoundary',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    await ctx.tx.updateTable('roles').set({ permissions_boundary_arn: null }).where('id', '=', role.id).execute();
    return {};
  },
});
