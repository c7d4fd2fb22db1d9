import { AwsError } from '../../protocol/errors.js';
import { rootArn } from '../../principal.js';
import { userTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { getOwnedKey, keyOwner } from './key-owner.js';

export const updateAccessKey = iamOperation<'UpdateAccessKey'>({
  action: 'iam:UpdateAccessKey',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const key = await getOwnedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    // The model's status enum also lists Expired, which applies to other credentials, not access keys.
    if (input.Status === 'Expired') throw new AwsError('InvalidInput', 'An access key can be set Active or Inactive, not Expired.');
    await ctx.tx.updateTable('access_keys').set({ status: input.Status }).where('id', '=', key.id).execute();
    return {};
  },
});

export const deleteAccessKey = iamOperation<'DeleteAccessKey'>({
  action: 'iam:DeleteAccessKey',
  writes: true,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const key = await getOwnedKey(ctx, await keyOwner(ctx, input.UserName), input.AccessKeyId);
    await ctx.tx.deleteFrom('access_keys').where('id', '=', key.id).execute();
    return {};
  },
});

export const listAccessKeys = iamOperation<'ListAccessKeys'>({
  action: 'iam:ListAccessKeys',
  writes: false,
  authorization: 'policy',
  target: (input, at) => userTarget(at, input.UserName),
  async handle(ctx, input) {
    const owner = await keyOwner(ctx, input.UserName);
    const keys = await ctx.tx
      .selectFrom('access_keys')
      .select(['id', 'status', 'created_at'])
      .where('account_id', '=', ctx.accountId)
      .where('user_id', owner.userId === null ? 'is' : '=', owner.userId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    const { items, ...more } = paginate(keys, input, (k) => `${k.created_at}/${k.id}`);
    return {
      AccessKeyMetadata: items.map((k) => ({
        ...(owner.userName !== undefined ? { UserName: owner.userName } : {}),
        AccessKeyId: k.id,
        Status: k.status,
        CreateDate: new Date(k.created_at),
      })),
      ...more,
    };
  },
});

/**
 * Any key of the caller's account. ServiceName and Region read N/A until the key is first used.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AccessKeyLastUsed.html
 */
export const getAccessKeyLastUsed = iamOperation<'GetAccessKeyLastUsed'>({
  action: 'iam:GetAccessKeyLastUsed',
  writes: false,
  authorization: 'policy',
  async target(input, at) {
    const owner = await at.tx
      .selectFrom('access_keys')
      .leftJoin('users', 'users.id', 'access_keys.user_id')
      .select('users.name')
      .where('access_keys.id', '=', input.AccessKeyId)
      .where('access_keys.account_id', '=', at.accountId)
      .executeTakeFirst();
    return owner?.name ? userTarget(at, owner.name) : { resource: rootArn(at.accountId) };
  },
  async handle(ctx, input) {
    const key = await ctx.tx
      .selectFrom('access_keys')
      .leftJoin('users', 'users.id', 'access_keys.user_id')
      .select(['access_keys.last_used_at', 'access_keys.last_used_service', 'access_keys.last_used_region', 'users.name'])
      .where('access_keys.id', '=', input.AccessKeyId)
      .where('access_keys.account_id', '=', ctx.accountId)
      .executeTakeFirst();
    if (!key) throw new AwsError('NoSuchEntity', `The Access Key with id ${input.AccessKeyId} cannot be found.`);
    return {
      ...(key.name ? { UserName: key.name } : {}),
      AccessKeyLastUsed: {
        ...(key.last_used_at ? { LastUsedDate: new Date(key.last_used_at) } : {}),
        ServiceName: key.last_used_service ?? 'N/A',
        Region: key.last_used_region ?? 'N/A',
      },
    };
  },
});
