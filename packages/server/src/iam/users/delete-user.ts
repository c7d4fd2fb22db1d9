import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { countAttachedPolicies, countInlinePolicies } from '../../storage/repositories/policies.js';
import { deleteUser as removeUser } from '../../storage/repositories/users.js';
import { getUser } from '../entities.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';

/**
 * IAM refuses to delete a user that still has credentials, memberships or policies, and names
 * what must go first. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_users_remove.html
 */
export const deleteUser = iamOperation<'DeleteUser'>({
  action: 'iam:DeleteUser',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    const conflict = await deleteConflict(ctx.tx, user.id);
    if (conflict) throw new AwsError('DeleteConflict', `Cannot delete entity, must ${conflict} first.`);
    await removeUser(ctx.tx, user.id);
    return {};
  },
});

async function deleteConflict(tx: Tx, userId: string): Promise<string | undefined> {
  if (await tx.selectFrom('login_profiles').select('user_id').where('user_id', '=', userId).executeTakeFirst()) return 'delete login profile';
  if (await tx.selectFrom('access_keys').select('id').where('user_id', '=', userId).executeTakeFirst()) return 'delete access keys';
  if (await tx.selectFrom('mfa_devices').select('serial_key').where('user_id', '=', userId).executeTakeFirst()) return 'delete MFA device';
  if (await tx.selectFrom('security_keys').select('serial_key').where('user_id', '=', userId).executeTakeFirst()) return 'delete MFA device';
  if (await tx.selectFrom('group_members').select('group_id').where('user_id', '=', userId).executeTakeFirst()) return 'remove user from all groups';
  if ((await countAttachedPolicies(tx, userId)) > 0) return 'detach all policies';
  if ((await countInlinePolicies(tx, userId)) > 0) return 'delete policies';
  return undefined;
}
