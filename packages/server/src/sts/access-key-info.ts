import { AwsError } from '../protocol/errors.js';
import { stsOperation } from '../iam/define.js';
import { noResource } from '../iam/targets.js';

/**
 * The account a key id belongs to, long-term (AKIA) or temporary (ASIA).
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetAccessKeyInfo.html
 */
export const getAccessKeyInfo = stsOperation<'GetAccessKeyInfo'>({
  action: 'sts:GetAccessKeyInfo',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const id = input.AccessKeyId;
    const row = id.startsWith('ASIA')
      ? await ctx.tx.selectFrom('sessions').select('account_id').where('access_key_id', '=', id).executeTakeFirst()
      : await ctx.tx.selectFrom('access_keys').select('account_id').where('id', '=', id).executeTakeFirst();
    if (!row) throw new AwsError('InvalidParameterValue', `The access key ${id} was not found. Pass an access key id that Gatehouse issued.`);
    return { Account: row.account_id };
  },
});
