import type { Kysely } from 'kysely';

/**
 * The web console (console-api/): its sessions, the counters of failed sign-ins that guessing
 * protection keeps, and security keys (WebAuthn credentials), which are MFA devices of their
 * user or of the root user. Secrets are kept only as hashes: a session's token and its CSRF
 * token as SHA-256, and the counters' keys too, so that a user name typed by mistake (often a
 * password) is not stored. The root user's last sign-in joins the accounts table, as
 * PasswordLastUsed is kept on users. Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('console_sessions')
    // SHA-256 (hex) of the cookie's token
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('csrf_hash', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    // null for the root user; no foreign key: a deleted user's sessions simply stop working
    .addColumn('user_id', 'text')
    // pending | active
    .addColumn('state', 'text', (c) => c.notNull())
    // while pending: mfa | change-password
    .addColumn('next_step', 'text')
    // reset-required | expired
    .addColumn('change_reason', 'text')
    .addColumn('mfa_authenticated_at', 'text')
    // JSON { purpose, challenge, issuedAt, owner? } of the WebAuthn ceremony under way
    .addColumn('webauthn_challenge', 'text')
    .addColumn('source_ip', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('console_sessions_expiry').on('console_sessions').column('expires_at').execute();

  await db.schema
    .createTable('console_sign_in_failures')
    // SHA-256 (hex) of "user\n<account>\n<name>", "root\n<email>" or "address\n<ip>"
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('last_failure_at', 'text', (c) => c.notNull())
    .addColumn('locked_until', 'text')
    .execute();
  await db.schema.createIndex('console_sign_in_failures_last').on('console_sign_in_failures').column('last_failure_at').execute();

  await db.schema
    .createTable('security_keys')
    // the credential id, base64url, as the authenticator reports it
    .addColumn('credential_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('user_id', 'text', (c) => c.references('users.id'))
    .addColumn('assigned_to_root', 'integer', (c) => c.notNull())
    // arn:aws:iam::ACCOUNT:u2f/user/NAME/KEYNAME-XXXXXXXX, and its lower case (serials are case-insensitive)
    .addColumn('serial_number', 'text', (c) => c.notNull())
    .addColumn('serial_key', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    // the COSE public key, base64url
    .addColumn('public_key', 'text', (c) => c.notNull())
    // the signature counter is an unsigned 32-bit number: beyond PostgreSQL's integer
    .addColumn('counter', 'bigint', (c) => c.notNull())
    // JSON array of transports (usb, nfc, ble, internal, hybrid)
    .addColumn('transports', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .execute();
  await db.schema.createIndex('security_keys_account').on('security_keys').column('account_id').execute();
  await db.schema.createIndex('security_keys_user').on('security_keys').column('user_id').execute();

  await db.schema.alterTable('accounts').addColumn('root_password_last_used', 'text').execute();
}
