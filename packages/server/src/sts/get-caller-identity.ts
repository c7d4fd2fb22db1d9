import { noResource } from '../iam/targets.js';
import { stsOperation } from '../iam/define.js';
import { principalUserId } from '../principal.js';

/**
 * Who the caller is. No permission is needed to call it, even under an explicit deny.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetCallerIdentity.html
 */
export const getCallerIdentity = stsOperation<'GetCallerIdentity'>({
  action: 'sts:GetCallerIdentity',
  writes: false,
  authorization: 'any-caller',
  target: noResource,
  async handle(ctx) {
    const p = ctx.principal;
    return { UserId: principalUserId(p), Account: p.accountId, Arn: p.arn };
  },
});
