import type { Selectable } from 'kysely';
import type { Tx } from '../database.js';
import type { PoliciesTable, PolicyVersionsTable, PrincipalType } from '../schema.js';

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

/** The ARNs of the managed policies attached to an identity. */
export async function attachedPolicyArns(tx: Tx, principalId: string): Promise<string[]> {
  const rows = await tx.selectFrom('policy_attachments').select('policy_arn').where('principal_id', '=', principalId).execute();
  return rows.map((r) => r.policy_arn);
}

/** Whether the attachment existed. */
export async function detachPolicy(tx: Tx, principalId: string, policyArn: string): Promise<boolean> {
  const result = await tx.deleteFrom('policy_attachments').where('principal_id', '=', principalId).where('policy_arn', '=', policyArn).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** The managed policies attached to an identity, with their names and paths. */
export function attachedPolicies(tx: Tx, principalId: string): Promise<{ name: string; arn: string; path: string }[]> {
  return tx
    .selectFrom('policy_attachments')
    .innerJoin('policies', 'policies.arn', 'policy_attachments.policy_arn')
    .select(['policies.name', 'policies.arn', 'policies.path'])
    .where('policy_attachments.principal_id', '=', principalId)
    .execute();
}

/** An identity's inline policies. */
export function inlinePolicies(tx: Tx, principalId: string): Promise<{ name: string; document: string }[]> {
  return tx.selectFrom('inline_policies').select(['name', 'document']).where('principal_id', '=', principalId).execute();
}

export async function findInlinePolicy(tx: Tx, principalId: string, name: string): Promise<string | undefined> {
  const row = await tx.selectFrom('inline_policies').select('document').where('principal_id', '=', principalId).where('name', '=', name).executeTakeFirst();
  return row?.document;
}

/** Adds an inline policy, or replaces the one of that name. */
export async function putInlinePolicy(tx: Tx, type: PrincipalType, principalId: string, name: string, document: string): Promise<void> {
  await deleteInlinePolicy(tx, principalId, name);
  await tx.insertInto('inline_policies').values({ ...policyOwner(type, principalId), name, document }).execute();
}

export async function deleteInlinePolicy(tx: Tx, principalId: string, name: string): Promise<void> {
  await tx.deleteFrom('inline_policies').where('principal_id', '=', principalId).where('name', '=', name).execute();
}

export function policyVersions(tx: Tx, policyId: string): Promise<Selectable<PolicyVersionsTable>[]> {
  return tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).execute();
}

export function findPolicyVersion(tx: Tx, policyId: string, versionId: string): Promise<Selectable<PolicyVersionsTable> | undefined> {
  return tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).where('version_id', '=', versionId).executeTakeFirst();
}

/** A new version, made the default when asked; the policy's update time moves either way. */
export async function insertPolicyVersion(tx: Tx, policyId: string, versionId: string, document: string, now: string, makeDefault: boolean): Promise<void> {
  await tx.insertInto('policy_versions').values({ policy_id: policyId, version_id: versionId, document, created_at: now }).execute();
  await tx
    .updateTable('policies')
    .set({ updated_at: now, ...(makeDefault ? { default_version_id: versionId } : {}) })
    .where('id', '=', policyId)
    .execute();
}

export async function removePolicyVersion(tx: Tx, policyId: string, versionId: string): Promise<void> {
  await tx.deleteFrom('policy_versions').where('policy_id', '=', policyId).where('version_id', '=', versionId).execute();
}

export async function setDefaultVersion(tx: Tx, policyId: string, versionId: string, now: string): Promise<void> {
  await tx.updateTable('policies').set({ default_version_id: versionId, updated_at: now }).where('id', '=', policyId).execute();
}

/**
 * A policy the caller can see: its account's own, or AWS's. With `share`, it cannot be deleted
 * before this transaction ends (an attachment or boundary naming it is being written).
 */
export async function findVisiblePolicy(tx: Tx, accountId: string, arn: string, lock?: 'share'): Promise<Selectable<PoliciesTable> | undefined> {
  return tx
    .selectFrom('policies')
    .selectAll()
    .where('arn', '=', arn)
    .where((eb) => eb.or([eb('account_id', '=', accountId), eb('account_id', 'is', null)]))
    .$if(lock === 'share', (q) => q.forShare())
    .executeTakeFirst();
}
