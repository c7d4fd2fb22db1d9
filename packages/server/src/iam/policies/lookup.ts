import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { findVisiblePolicy } from '../../storage/repositories/policies.js';

/** A policy the caller's account may attach: its own customer managed policies or AWS managed ones. */
export async function assertPolicyAttachable(ctx: HandlerContext, arn: string): Promise<void> {
  // Shared: a DeletePolicy racing this waits, or comes first and this answers NoSuchEntity.
  const policy = await findVisiblePolicy(ctx.tx, ctx.accountId, arn, 'share');
  if (!policy) throw new AwsError('NoSuchEntity', `Policy ${arn} does not exist or is not attachable.`);
}
