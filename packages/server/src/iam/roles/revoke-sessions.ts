import { policyOwner } from '../../storage/repositories/policies.js';
import type { Store } from '../../storage/database.js';
import { getRole } from '../entities.js';

export const REVOKE_POLICY_NAME = 'AWSRevokeOlderSessions';

/**
 * Revokes every session of a role issued before now, as the IAM console's "Revoke active
 * sessions" does: an inline policy that denies everything to credentials whose
 * aws:TokenIssueTime is earlier. Sessions issued afterwards are untouched; running it again
 * moves the cut-off forward.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_revoke-sessions.html
 */
export async function revokeOlderSessions(store: Store, accountId: string, roleName: string, now: Date): Promise<string> {
  // Issue times have whole seconds: round up so a session issued earlier in this second is
  // revoked too (one issued later in it is revoked as well, which errs on the safe side).
  const cutoff = new Date(Math.ceil(now.getTime() / 1000) * 1000 + (now.getTime() % 1000 === 0 ? 1000 : 0)).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const document = JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Deny', Action: ['*'], Resource: ['*'], Condition: { DateLessThan: { 'aws:TokenIssueTime': cutoff } } }],
  });
  await store.transaction(async (tx) => {
    const role = await getRole(tx, accountId, roleName);
    await tx.deleteFrom('inline_policies').where('principal_id', '=', role.id).where('name', '=', REVOKE_POLICY_NAME).execute();
    await tx.insertInto('inline_policies').values({ ...policyOwner('role', role.id), name: REVOKE_POLICY_NAME, document }).execute();
  }, { write: true });
  return cutoff;
}
