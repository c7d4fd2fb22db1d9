import type { Kysely } from 'kysely';

/**
 * Virtual MFA devices. The TOTP seed is sealed like a secret access key (bound to the
 * device's serial); what the verifier keeps between codes reveals no code: the device's clock
 * drift, the time step of the last accepted code, and the count of consecutive failures.
 * Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('mfa_devices')
    // the serial number (arn:aws:iam::ACCOUNT:mfa/path/name) in lower case: serials are unique without regard to case
    .addColumn('serial_key', 'text', (c) => c.primaryKey())
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('seed_ciphertext', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_to_root', 'integer', (c) => c.notNull())
    .addColumn('enabled_at', 'text')
    .addColumn('drift_steps', 'integer', (c) => c.notNull())
    .addColumn('last_used_step', 'integer')
    .addColumn('failed_attempts', 'integer', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('mfa_devices_account').on('mfa_devices').column('account_id').execute();
  await db.schema.createIndex('mfa_devices_user').on('mfa_devices').column('user_id').execute();
}
