import type { Kysely } from 'kysely';
import type { Principal } from '../principal.js';
import { upsertLastAccess } from '../storage/repositories/last-accessed.js';
import type { Database } from '../storage/schema.js';

/**
 * Access Advisor's raw data: for each IAM user and role, when it last attempted each action
 * and from which region. GenerateServiceLastAccessedDetails reads it (iam/access-advisor/).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */

/** The IAM entity whose last accessed information a request adds to, if any. */
export interface TrackedEntity {
  readonly id: string;
  readonly type: 'user' | 'role';
}

/**
 * Last accessed information is kept for IAM users and roles: a role's sessions count for the
 * role, and a user's GetSessionToken credentials for the user. The root user and federated
 * users (GetFederationToken) are not IAM users or roles, and none of the four operations can
 * name them, so their attempts are not kept.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed-view-data.html
 */
export function trackedEntity(principal: Principal): TrackedEntity | undefined {
  if (principal.type === 'IAMUser') return { id: principal.user.id, type: 'user' };
  if (principal.type === 'AssumedRole') return { id: principal.role.id, type: 'role' };
  return undefined;
}

/**
 * Records one authenticated attempt at `action` (service:Action) by `principal`, at `at`, in
 * `region` (the region the request was signed for). One upsert; `db` may be the request's
 * transaction, so the record commits or rolls back with it.
 */
export async function recordAccess(db: Kysely<Database>, principal: Principal, action: string, at: Date, region: string): Promise<void> {
  const entity = trackedEntity(principal);
  const colon = action.indexOf(':');
  if (!entity || colon <= 0 || colon === action.length - 1) return;
  const name = action.slice(colon + 1);
  await upsertLastAccess(db, {
    entity_id: entity.id,
    user_id: entity.type === 'user' ? entity.id : null,
    role_id: entity.type === 'role' ? entity.id : null,
    service: action.slice(0, colon).toLowerCase(),
    action: name.toLowerCase(),
    account_id: principal.accountId,
    entity_type: entity.type,
    action_name: name,
    last_accessed_at: at.toISOString(),
    region,
  });
}

/**
 * PasswordLastUsed: when the user last signed in with their password. Kept to the second, as
 * IAM reports it (GetUser, the credential report). For console sign-in to call.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_User.html
 */
export async function recordPasswordUse(db: Kysely<Database>, userId: string, at: Date): Promise<void> {
  await db.updateTable('users').set({ password_last_used: toSecond(at).toISOString() }).where('id', '=', userId).execute();
}

/** The instant truncated to the whole second, as IAM reports credential use. */
export function toSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}
