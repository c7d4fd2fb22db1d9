import { AwsError } from '../../protocol/errors.js';
import { isMember } from '../../storage/repositories/groups.js';
import { getGroup } from '../entities.js';
import { getUser } from '../entities.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const GROUPS_PER_USER = 10;

/** Adding a user who is already a member succeeds and changes nothing, as in IAM. */
export const addUserToGroup = iamOperation<'AddUserToGroup'>({
  action: 'iam:AddUserToGroup',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    const group = await getGroup(ctx.tx, ctx.accountId, input.GroupName);
    // Locked: the user's count of groups must hold until this commits, and a concurrent
    // DeleteUser must either come first (NoSuchEntity) or wait.
    const user = await getUser(ctx.tx, ctx.accountId, input.UserName, true);
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
  writes: true,
  authorization: 'policy',
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
