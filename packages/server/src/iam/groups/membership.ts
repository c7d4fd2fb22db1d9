import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { getGroup, isMember } from '../../storage/repositories/groups.js';
import { getUser } from '../../storage/repositories/users.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const GROUPS_PER_USER = 10;

/** Adding a user who is already a member succeeds and changes nothing, as in IAM. */
export const addUserToGroup = iamOperation<'AddUserToGroup'>({
  action: 'iam:AddUserToGroup',
  authorization: 'admin',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await getGroup(ctx.tx, ctx.accountId, input.GroupName);
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    await lockRow(ctx.tx, 'users', user.id);
    if (await isMember(ctx.tx, group.id, user.id)) return {};
    const row = await ctx.tx
      .selectFrom('group_members')
      .select((eb) => eb.fn.countAll<string | number>().as('n'))
      .where('user_id', '=', user.id)
      .executeTakeFirstOrThrow();
    if (Number(row.n) >= GROUPS_PER_USER) throw new AwsError('LimitExceeded', `Cannot exceed quota for GroupsPerUser: ${GROUPS_PER_USER}`);
    await ctx.tx.insertInto('group_members').values({ group_id: group.id, user_id: user.id, added_at: ctx.now.toISOString() }).execute();
    return {};
  },
});

export const removeUserFromGroup = iamOperation<'RemoveUserFromGroup'>({
  action: 'iam:RemoveUserFromGroup',
  authorization: 'admin',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await getGroup(ctx.tx, ctx.accountId, input.GroupName);
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName);
    if (!(await isMember(ctx.tx, group.id, user.id))) {
      throw new AwsError('NoSuchEntity', `The user with name ${input.UserName} is not a member of group ${input.GroupName}.`);
    }
    await ctx.tx.deleteFrom('group_members').where('group_id', '=', group.id).where('user_id', '=', user.id).execute();
    return {};
  },
});
