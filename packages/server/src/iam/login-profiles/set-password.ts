import { randomUUID } from 'node:crypto';
import { assertPasswordAllowed, hashPassword, verifyPassword } from '../../auth/password.js';
import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { findPasswordPolicy, getAccount } from '../../storage/repositories/accounts.js';

// PasswordReusePrevention allows at most 24 remembered passwords.
const HISTORY_KEPT = 24;

/**
 * Checks a new console password against the account's password policy (including reuse
 * prevention) and returns its argon2id hash, recording it in the user's history.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html
 */
export async function acceptNewPassword(ctx: Pick<HandlerContext, 'tx' | 'accountId' | 'now'>, userId: string, password: string): Promise<string> {
  const policy = await findPasswordPolicy(ctx.tx, ctx.accountId);
  const account = await getAccount(ctx.tx, ctx.accountId);
  assertPasswordAllowed(password, policy, { rootEmail: account.root_email });
  const reuse = policy?.password_reuse_prevention ?? 0;
  if (reuse > 0) {
    const previous = await ctx.tx
      .selectFrom('password_history')
      .select('password_hash')
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .limit(reuse)
      .execute();
    for (const { password_hash } of previous) {
      if (await verifyPassword(password_hash, password)) {
        throw new AwsError('PasswordPolicyViolation', `Password cannot be the same as any of your last ${reuse} passwords`);
      }
    }
  }
  const hash = await hashPassword(password);
  await ctx.tx.insertInto('password_history').values({ id: randomUUID(), user_id: userId, password_hash: hash, created_at: ctx.now.toISOString() }).execute();
  const stale = await ctx.tx
    .selectFrom('password_history')
    .select('id')
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .offset(HISTORY_KEPT)
    .limit(1000)
    .execute();
  if (stale.length > 0) {
    await ctx.tx
      .deleteFrom('password_history')
      .where(
        'id',
        'in',
        stale.map((r) => r.id),
      )
      .execute();
  }
  return hash;
}
