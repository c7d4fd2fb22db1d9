import { accessKeyId, secretAccessKey } from '../../crypto/random.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { keyOwner } from './key-owner.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const ACCESS_KEYS_PER_USER = 2;

/** The secret is returned here and never again; only its ciphertext is stored. */
export const createAccessKey = iamOperation<'CreateAccessKey'>({
  action: 'iam:CreateAccessKey',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const owner = await keyOwner(ctx, input.UserName);
    await lockRow(ctx.tx, owner.userId === null ? 'accounts' : 'users', owner.userId ?? ctx.accountId);
    const existing = await ctx.tx
      .selectFrom('access_keys')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where('user_id', owner.userId === null ? 'is' : '=', owner.userId)
      .execute();
    if (existing.length >= ACCESS_KEYS_PER_USER) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for AccessKeysPerUser: ${ACCESS_KEYS_PER_USER}`);
    }
    const id = accessKeyId(ctx.random);
    const secret = secretAccessKey(ctx.random);
    await ctx.tx
      .insertInto('access_keys')
      .values({
        id,
        account_id: ctx.accountId,
        user_id: owner.userId,
        secret_ciphertext: ctx.secrets.seal(secret, id),
        status: 'Active',
        created_at: ctx.now.toISOString(),
        last_used_at: null,
        last_used_service: null,
        last_used_region: null,
      })
      .execute();
    return {
      AccessKey: { UserName: owner.userName ?? ctx.accountId, AccessKeyId: id, Status: 'Active', SecretAccessKey: secret, CreateDate: ctx.now },
    };
  },
});
