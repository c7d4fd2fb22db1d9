import type { Kysely } from 'kysely';
import type { Tx } from '../database.js';
import type { Database, MfaDevice, MfaDevicesTable } from '../schema.js';

/** Whom a device is assigned to: an IAM user by id, or the account's root user. */
export type MfaOwnerId = string | 'root';

/** Serial numbers are unique without regard to case, as IAM's names are. */
export const serialKey = (serialNumber: string): string => serialNumber.toLowerCase();

/** `lock` as for findUser. */
export function findMfaDevice(tx: Tx, accountId: string, serialNumber: string, lock = false): Promise<MfaDevice | undefined> {
  return tx
    .selectFrom('mfa_devices')
    .selectAll()
    .where('serial_key', '=', serialKey(serialNumber))
    .where('account_id', '=', accountId)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertMfaDevice(tx: Tx, device: MfaDevicesTable): Promise<void> {
  await tx.insertInto('mfa_devices').values(device).execute();
}

export async function deleteMfaDevice(tx: Tx, device: Pick<MfaDevice, 'serial_key'>): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', device.serial_key).execute();
  await tx.deleteFrom('mfa_devices').where('serial_key', '=', device.serial_key).execute();
}

export function listMfaDevices(tx: Tx, accountId: string): Promise<MfaDevice[]> {
  return tx.selectFrom('mfa_devices').selectAll().where('account_id', '=', accountId).execute();
}

/** The devices assigned to one owner (in a transaction or not: console sign-in reads them outside one). */
export function listAssignedMfaDevices(tx: Kysely<Database>, accountId: string, owner: MfaOwnerId): Promise<MfaDevice[]> {
  let query = tx.selectFrom('mfa_devices').selectAll().where('account_id', '=', accountId).where('enabled_at', 'is not', null);
  query = owner === 'root' ? query.where('assigned_to_root', '=', 1) : query.where('user_id', '=', owner);
  return query.execute();
}

export async function countMfaDevices(tx: Tx, accountId: string, which: 'all' | 'assigned' | 'root'): Promise<number> {
  let query = tx
    .selectFrom('mfa_devices')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId);
  if (which === 'assigned') query = query.where('enabled_at', 'is not', null);
  if (which === 'root') query = query.where('assigned_to_root', '=', 1);
  const row = await query.executeTakeFirstOrThrow();
  return Number(row.n);
}

export function isAssignedTo(device: MfaDevice, owner: MfaOwnerId): boolean {
  if (device.enabled_at === null) return false;
  return owner === 'root' ? device.assigned_to_root === 1 : device.user_id === owner;
}

/**
 * Assigns an unassigned device. Answers false when another request assigned it first (the
 * condition is re-checked under PostgreSQL's row lock, so two concurrent enables cannot both win).
 */
export async function assignMfaDevice(
  tx: Tx,
  device: Pick<MfaDevice, 'serial_key'>,
  owner: MfaOwnerId,
  at: { enabledAt: Date; driftSteps: number; lastUsedStep: number },
): Promise<boolean> {
  const result = await tx
    .updateTable('mfa_devices')
    .set({
      user_id: owner === 'root' ? null : owner,
      assigned_to_root: owner === 'root' ? 1 : 0,
      enabled_at: at.enabledAt.toISOString(),
      drift_steps: at.driftSteps,
      last_used_step: at.lastUsedStep,
      failed_attempts: 0,
      locked_until: null,
    })
    .where('serial_key', '=', device.serial_key)
    .where('enabled_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** ResyncMFADevice: a new drift, the pair's step as the last used, and any lock lifted. */
export async function resyncMfaDevice(tx: Tx, device: Pick<MfaDevice, 'serial_key'>, driftSteps: number, lastUsedStep: number): Promise<void> {
  await tx
    .updateTable('mfa_devices')
    .set({ drift_steps: driftSteps, last_used_step: lastUsedStep, failed_attempts: 0, locked_until: null })
    .where('serial_key', '=', device.serial_key)
    .execute();
}

/** Unassigns a device. The last used step is kept, so no code accepted before is accepted again. */
export async function unassignMfaDevice(tx: Tx, device: Pick<MfaDevice, 'serial_key'>): Promise<void> {
  await tx
    .updateTable('mfa_devices')
    .set({ user_id: null, assigned_to_root: 0, enabled_at: null, drift_steps: 0, failed_attempts: 0, locked_until: null })
    .where('serial_key', '=', device.serial_key)
    .execute();
}

/**
 * Records an accepted code. Answers false when a concurrent request already accepted a code at
 * this step or later, in which case this one is a replay.
 */
export async function recordAcceptedStep(tx: Tx, device: Pick<MfaDevice, 'serial_key'>, step: number): Promise<boolean> {
  const result = await tx
    .updateTable('mfa_devices')
    .set({ last_used_step: step, failed_attempts: 0, locked_until: null })
    .where('serial_key', '=', device.serial_key)
    .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Counts one more consecutive failure atomically and answers the new count. */
export async function countFailure(tx: Tx, device: Pick<MfaDevice, 'serial_key'>): Promise<number> {
  const row = await tx
    .updateTable('mfa_devices')
    .set((eb) => ({ failed_attempts: eb('failed_attempts', '+', 1) }))
    .where('serial_key', '=', device.serial_key)
    .returning('failed_attempts')
    .executeTakeFirstOrThrow();
  return row.failed_attempts;
}

export async function lockMfaDevice(tx: Tx, device: Pick<MfaDevice, 'serial_key'>, until: Date | null): Promise<void> {
  await tx
    .updateTable('mfa_devices')
    .set({ locked_until: until?.toISOString() ?? null })
    .where('serial_key', '=', device.serial_key)
    .execute();
}
