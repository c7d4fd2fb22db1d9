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

export async function attachPolicy(tx: Tx, accountId: string, policyArn: string, principalType: PrincipalType, principalId: string, now: Date): Promise<void> {
  await tx
    .insertInto('policy_attachments')
    .values({ account_id: accountId, policy_arn: policyArn, principal_type: principalType, principal_id: principalId, attached_at: now.toISOString() })
    .execute();
}
