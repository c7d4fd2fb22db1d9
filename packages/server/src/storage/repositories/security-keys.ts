import type { Kysely } from 'kysely';
import type { Tx } from '../database.js';
import type { Database, SecurityKey, SecurityKeysTable } from '../schema.js';
import type { MfaOwnerId } from './mfa-devices.js';
import { serialKey } from './mfa-devices.js';

/** Security keys (WebAuthn credentials), the MFA devices that are not virtual. */

/**
 * Stores a security key; false when its credential id is already stored (a registration
 * racing another for the same key), which the caller answers as EntityAlreadyExists.
 */
export async function insertSecurityKey(tx: Tx, key: SecurityKeysTable): Promise<boolean> {
  const result = await tx.insertInto('security_keys').values(key).onConflict((oc) => oc.column('credential_id').doNothing()).executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
}

/** One owner's keys: an IAM user's by id, or the root user's. */
export function listSecurityKeys(db: Kysely<Database>, accountId: string, owner: MfaOwnerId): Promise<SecurityKey[]> {
  const query = db.selectFrom('security_keys').selectAll().where('account_id', '=', accountId);
  return (owner === 'root' ? query.where('assigned_to_root', '=', 1) : query.where('user_id', '=', owner)).orderBy('serial_key').execute();
}

export function findSecurityKeyBySerial(tx: Tx, accountId: string, serialNumber: string): Promise<SecurityKey | undefined> {
  return tx.selectFrom('security_keys').selectAll().where('account_id', '=', accountId).where('serial_key', '=', serialKey(serialNumber)).executeTakeFirst();
}

export function findSecurityKey(db: Kysely<Database>, credentialId: string): Promise<SecurityKey | undefined> {
  return db.selectFrom('security_keys').selectAll().where('credential_id', '=', credentialId).executeTakeFirst();
}

export async function deleteSecurityKey(tx: Tx, key: Pick<SecurityKey, 'credential_id'>): Promise<void> {
  await tx.deleteFrom('security_keys').where('credential_id', '=', key.credential_id).execute();
}

export async function countSecurityKeys(tx: Tx, accountId: string, which: 'all' | 'root'): Promise<number> {
  let query = tx
    .selectFrom('security_keys')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId);
  if (which === 'root') query = query.where('assigned_to_root', '=', 1);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The owners (user ids, or null for root) that have at least one key, for the credential report. */
export async function securityKeyOwners(db: Kysely<Database>, accountId: string): Promise<{ user_id: string | null; assigned_to_root: number }[]> {
  return db.selectFrom('security_keys').select(['user_id', 'assigned_to_root']).where('account_id', '=', accountId).execute();
}

/**
 * Records a use: the authenticator's new signature counter. Answers false when a concurrent
 * sign-in already moved the counter to this value or beyond (a cloned or replayed assertion).
 * A key whose counter stays 0 (many passkeys never count) is always accepted.
 */
export async function recordSecurityKeyUse(tx: Tx, key: Pick<SecurityKey, 'credential_id'>, counter: number, at: Date): Promise<boolean> {
  let query = tx.updateTable('security_keys').set({ counter, last_used_at: at.toISOString() }).where('credential_id', '=', key.credential_id);
  if (counter > 0) query = query.where('counter', '<', counter);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export function keyCounter(key: Pick<SecurityKey, 'counter'>): number {
  return Number(key.counter);
}
