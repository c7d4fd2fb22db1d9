import { noResource } from '../iam/targets.js';
import { stsOperation } from '../iam/define.js';

/**
 * Who the caller is. No permission is needed to call it, even under an explicit deny.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export const getCallerIdentity = stsOperation<'GetCallerIdentity'>({
  action: 'sts:GetCallerIdentity',
  authorization: 'any',
  target: noResource,
  async handle(ctx) {
    const p = ctx.principal;
    return { UserId: p.type === 'Root' ? p.accountId : p.user.id, Account: p.accountId, Arn: p.arn };
  },
});
