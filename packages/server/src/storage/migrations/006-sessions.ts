import type { Kysely } from 'kysely';

/**
 * Temporary credentials issued by STS. The secret is sealed like a long-term key's; the
 * session token is kept only as its SHA-256, so the table alone cannot be used to sign.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('sessions')
    .addColumn('access_key_id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text')
    .addColumn('role_id', 'text')
    .addColumn('session_name', 'text')
    .addColumn('source_identity', 'text')
    .addColumn('mfa_authenticated_at', 'text')
    .addColumn('session_policies', 'text')
    .addColumn('session_tags', 'text')
    .addColumn('transitive_tag_keys', 'text')
    .addColumn('chained', 'integer', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sessions_expiry').on('sessions').column('expires_at').execute();
}
