import { uniqueId } from '../../crypto/random.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { putTags } from '../tags.js';
import { countUsers, findUser, insertUser, nameKey } from '../../storage/repositories/users.js';
import { entityArn } from '../../principal.js';
import { requestTags } from '../targets.js';
import { iamOperation } from '../define.js';
import { assertPolicyAttachable } from '../policies/lookup.js';
import { userShape } from './user-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const USERS_PER_ACCOUNT = 5000;

export const createUser = iamOperation<'CreateUser'>({
  action: 'iam:CreateUser',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({
    resource: entityArn(at.accountId, 'user', input.Path ?? '/', input.UserName),
    context: { ...requestTags(input.Tags), ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
  }),
  async handle(ctx, input) {
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findUser(ctx.tx, ctx.accountId, input.UserName)) {
      throw new AwsError('EntityAlreadyExists', `User with name ${input.UserName} already exists.`);
    }
    if ((await countUsers(ctx.tx, ctx.accountId)) >= USERS_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for UsersPerAccount: ${USERS_PER_ACCOUNT}`);
    }
    if (input.PermissionsBoundary !== undefined) await assertPolicyAttachable(ctx, input.PermissionsBoundary);
    const user = {
      id: uniqueId(ctx.random, 'AIDA'),
      account_id: ctx.accountId,
      name: input.UserName,
      name_key: nameKey(input.UserName),
      path: input.Path ?? '/',
      permissions_boundary_arn: input.PermissionsBoundary ?? null,
      created_at: ctx.now.toISOString(),
      password_last_used: null,
    };
    await insertUser(ctx.tx, user);
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'user', id: user.id }, tags);
    return { User: { ...userShape(user, { withBoundary: true }), ...(tags.length > 0 ? { Tags: tags } : {}) } };
  },
});
