import { AwsError } from '../../protocol/errors.js';
import { lockRow, type Tx } from '../../storage/database.js';
import { countAttachedPolicies, countInlinePolicies } from '../../storage/repositories/policies.js';
import { deleteRole as removeRole } from '../../storage/repositories/roles.js';
import { getRole } from '../entities.js';
import { iamOperation } from '../define.js';
import { roleTarget } from '../targets.js';

/**
 * IAM refuses to delete a role still in an instance profile or holding policies, and names
 * what must go first; a permissions boundary does not hold a role back.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html
 */
export const deleteRole = iamOperation<'DeleteRole'>({
  action: 'iam:DeleteRole',
  writes: true,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName, { boundary: true }),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    // Attaching, putting and adding to a profile lock the role too, so none slips in meanwhile.
    await lockRow(ctx.tx, 'roles', role.id);
    const conflict = await deleteConflict(ctx.tx, role.id);
    if (conflict) throw new AwsError('DeleteConflict', `Cannot delete entity, must ${conflict} first.`);
    await removeRole(ctx.tx, role.id);
    return {};
  },
});

async function deleteConflict(tx: Tx, roleId: string): Promise<string | undefined> {
  if (await tx.selectFrom('instance_profile_roles').select('role_id').where('role_id', '=', roleId).executeTakeFirst()) return 'remove roles from instance profile';
  if ((await countAttachedPolicies(tx, roleId)) > 0) return 'detach all policies';
  if ((await countInlinePolicies(tx, roleId)) > 0) return 'delete policies';
  return undefined;
}
