import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { deleteInstanceProfile as removeInstanceProfile } from '../../storage/repositories/instance-profiles.js';
import { getInstanceProfile } from '../entities.js';
import { iamOperation } from '../define.js';
import { instanceProfileTarget } from '../targets.js';

/**
 * An instance profile must hold no role when it is deleted.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_DeleteInstanceProfile.html
 */
export const deleteInstanceProfile = iamOperation<'DeleteInstanceProfile'>({
  action: 'iam:DeleteInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    await lockRow(ctx.tx, 'instance_profiles', profile.id);
    const member = await ctx.tx.selectFrom('instance_profile_roles').select('role_id').where('instance_profile_id', '=', profile.id).executeTakeFirst();
    if (member) throw new AwsError('DeleteConflict', 'Cannot delete entity, must remove roles from instance profile first.');
    const token = await ctx.tx.selectFrom('workload_tokens').select('id').where('instance_profile_id', '=', profile.id).executeTakeFirst();
    if (token) throw new AwsError('DeleteConflict', `Cannot delete entity, must revoke its workload tokens first (npx gatehouse workload-token revoke --id ${token.id}).`);
    await removeInstanceProfile(ctx.tx, profile.id);
    return {};
  },
});
