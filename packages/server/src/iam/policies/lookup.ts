import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';

/** A policy the caller's account may attach: its own customer managed policies or AWS managed ones. */
export async function assertPolicyAttachable(ctx: HandlerContext, arn: string): Promise<void> {
  const policy = await ctx.tx
    .selectFrom('policies')
    .select('id')
    .where('arn', '=', arn)
    .where((eb) => eb.or([eb('account_id', '=', ctx.accountId), eb('account_id', 'is', null)]))
    .executeTakeFirst();
  if (!policy) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}
