import type { HandlerContext } from '../../operation.js';
import { AwsError } from '../../protocol/errors.js';
import { getUser } from '../entities.js';
import type { AccessKey } from '../../storage/schema.js';

/** The user whose keys an operation acts on: the named one, or else the caller (root included). */
export interface KeyOwner {
  /** null for the account's root user */
  userId: string | null;
  userName: string | undefined;
}

export async function keyOwner(ctx: HandlerContext, userName: string | undefined): Promise<KeyOwner> {
  if (userName !== undefined) {
    const user = await getUser(ctx.tx, ctx.accountId, userName);
    return { userId: user.id, userName: user.name };
  }
  const p = ctx.principal;
  if (p.type === 'IAMUser') return { userId: p.user.id, userName: p.user.name };
  // Only root's own credentials may manage root's keys; a role or federated session that
  // omits UserName must not land on them. This is IAM's answer for such callers.
  if (p.type !== 'Root' || p.session) throw new AwsError('ValidationError', 'Must specify userName when calling with non-User credentials');
  return { userId: null, userName: undefined };
}

export async function getOwnedKey(ctx: HandlerContext, owner: KeyOwner, accessKeyId: string): Promise<AccessKey> {
  const key = await ctx.tx
    .selectFrom('access_keys')
    .selectAll()
    .where('id', '=', accessKeyId)
    .where('account_id', '=', ctx.accountId)
    .where('user_id', owner.userId === null ? 'is' : '=', owner.userId)
    .executeTakeFirst();
  if (!key) throw new AwsError('NoSuchEntity', `The Access Key with id ${accessKeyId} cannot be found.`);
  return key;
}

