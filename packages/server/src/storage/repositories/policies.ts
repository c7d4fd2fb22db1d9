import type { Tx } from '../database.js';
import type { PrincipalType } from '../schema.js';

export const ADMINISTRATOR_ACCESS_ARN = 'arn:aws:iam::aws:policy/AdministratorAccess';

export async function countAttachedPolicies(tx: Tx, principalId: string): Promise<number> {
  const row = await tx.selectFrom('policy_attachments').select((eb) => eb.fn.countAll<string | number>().as('n')).where('principal_id', '=', principalId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function countInlinePolicies(tx: Tx, principalId: string): Promise<number> {
  const row = await tx.selectFrom('inline_policies').select((eb) => eb.fn.countAll<string | number>().as('n')).where('principal_id', '=', principalId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The owner columns of a policy row: the generic id and the typed one its foreign key checks. */
export function policyOwner(type: PrincipalType, id: string) {
  return { principal_type: type, principal_id: id, user_id: type === 'user' ? id : null, group_id: type === 'group' ? id : null, role_id: type === 'role' ? id : null };
}

export async function attachPolicy(tx: Tx, accountId: string, policyArn: string, principalType: PrincipalType, principalId: string, now: Date): Promise<void> {
  await tx
    .insertInto('policy_attachments')
    .values({ account_id: accountId, policy_arn: policyArn, ...policyOwner(principalType, principalId), attached_at: now.toISOString() })
    .execute();
}
