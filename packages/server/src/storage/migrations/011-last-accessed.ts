import type { Kysely } from 'kysely';

/**
 * Access Advisor (last accessed information). `last_accessed` keeps, per IAM user or role and
 * per action (service namespace and action, lower case), when it was last attempted and from
 * which region: one row each, rewritten by every request (audit/access-advisor.ts).
 * `last_accessed_jobs` holds the reports GenerateServiceLastAccessedDetails made, as a JSON
 * snapshot read back by GetServiceLastAccessedDetails(WithEntities).
 * No foreign keys: a deleted entity's rows are simply never read again (ids are never reused).
 * Portable DDL only.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('last_accessed')
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('service', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // 'user' | 'role'
    .addColumn('entity_type', 'text', (c) => c.notNull())
    // the action as the request last spelled it, e.g. GetObject
    .addColumn('action_name', 'text', (c) => c.notNull())
    .addColumn('last_accessed_at', 'text', (c) => c.notNull())
    .addColumn('region', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('last_accessed_pk', ['entity_id', 'service', 'action'])
    .execute();

  await db.schema
    .createTable('last_accessed_jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    // who generated it (GetCallerIdentity's UserId): only they may read it
    .addColumn('requester', 'text', (c) => c.notNull())
    .addColumn('arn', 'text', (c) => c.notNull())
    // SERVICE_LEVEL | ACTION_LEVEL
    .addColumn('granularity', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('last_accessed_jobs_created').on('last_accessed_jobs').columns(['account_id', 'created_at']).execute();
}
