import { uniqueId } from '../../crypto/random.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { countGroups, findGroup } from '../../storage/repositories/groups.js';
import { nameKey } from '../../storage/repositories/users.js';
import { groupTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { groupShape } from './group-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const GROUPS_PER_ACCOUNT = 300;

export const createGroup = iamOperation<'CreateGroup'>({
  action: 'iam:CreateGroup',
  writes: true,
  authorization: 'policy',
  target: (input, at) => groupTarget(at, input.GroupName),
  async handle(ctx, input) {
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findGroup(ctx.tx, ctx.accountId, input.GroupName)) {
      throw new AwsError('EntityAlreadyExists', `Group with name ${input.GroupName} already exists.`);
    }
    if ((await countGroups(ctx.tx, ctx.accountId)) >= GROUPS_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for GroupsPerAccount: ${GROUPS_PER_ACCOUNT}`);
    }
    const group = {
      id: uniqueId(ctx.random, 'AGPA'),
      account_id: ctx.accountId,
      name: input.GroupName,
      name_key: nameKey(input.GroupName),
      path: input.Path ?? '/',
      created_at: ctx.now.toISOString(),
    };
    await ctx.tx.insertInto('groups').values(group).execute();
    return { Group: groupShape(group) };
  },
});
