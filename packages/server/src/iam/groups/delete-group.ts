import { AwsError } from '../../protocol/errors.js';
import { getGroup } from '../entities.js';
import { countAttachedPolicies, countInlinePolicies } from '../../storage/repositories/policies.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups_manage_delete.html */
export const deleteGroup = iamOperation<'DeleteGroup'>({
  action: 'iam:DeleteGroup',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await getGroup(ctx.tx, ctx.accountId, input.GroupName);
    const member = await ctx.tx.selectFrom('group_members').select('user_id').where('group_id', '=', group.id).executeTakeFirst();
    if (member) throw new AwsError('DeleteConflict', 'Cannot delete entity, must remove users from group first.');
    if ((await countAttachedPolicies(ctx.tx, group.id)) > 0) throw new AwsError('DeleteConflict', 'Cannot delete entity, must detach all policies first.');
    if ((await countInlinePolicies(ctx.tx, group.id)) > 0) throw new AwsError('DeleteConflict', 'Cannot delete entity, must delete policies first.');
    await ctx.tx.deleteFrom('groups').where('id', '=', group.id).execute();
    return {};
  },
});
