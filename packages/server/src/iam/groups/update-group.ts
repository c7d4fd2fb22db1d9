import { AwsError } from '../../protocol/errors.js';
import { findGroup } from '../../storage/repositories/groups.js';
import { getGroup } from '../entities.js';
import { nameKey } from '../../storage/repositories/users.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';

export const updateGroup = iamOperation<'UpdateGroup'>({
  action: 'iam:UpdateGroup',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await getGroup(ctx.tx, ctx.accountId, input.GroupName);
    const name = input.NewGroupName ?? group.name;
    if (nameKey(name) !== group.name_key && (await findGroup(ctx.tx, ctx.accountId, name))) {
      throw new AwsError('EntityAlreadyExists', `Group with name ${name} already exists.`);
    }
    await ctx.tx
      .updateTable('groups')
      .set({ name, name_key: nameKey(name), path: input.NewPath ?? group.path })
      .where('id', '=', group.id)
      .execute();
    return {};
  },
});
