import type { Kysely } from 'kysely';

/**
 * The event history (CloudTrail-format records), hash-chained per account, and the signed
 * hourly digests over it. `record` is the CloudTrail JSON exactly as hashed; every other
 * column of `events` is derived from it for lookups, and verify-events checks that they agree.
 * No foreign key to accounts: the history must outlive what it describes.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('events')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_time', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('event_source', 'text', (c) => c.notNull())
    .addColumn('read_only', 'integer', (c) => c.notNull())
    .addColumn('username', 'text')
    .addColumn('access_key_id', 'text')
    .addColumn('resources', 'text', (c) => c.notNull())
    .addColumn('record', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('events_pk', ['account_id', 'seq'])
    .execute();
  await db.schema.createIndex('events_time').on('events').columns(['account_id', 'event_time']).execute();
  await db.schema.createIndex('events_event_id').on('events').column('event_id').execute();

  // One row per resource an event names, for LookupEvents' ResourceType and ResourceName.
  await db.schema
    .createTable('event_resources')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('resource_type', 'text', (c) => c.notNull())
    .addColumn('resource_name', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('event_resources_name').on('event_resources').columns(['account_id', 'resource_name']).execute();
  await db.schema.createIndex('event_resources_type').on('event_resources').columns(['account_id', 'resource_type']).execute();

  // The head of each account's chain; appends lock this row, so the chain has one order.
  await db.schema
    .createTable('event_chains')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('head_seq', 'integer', (c) => c.notNull())
    .addColumn('head_hash', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('event_digests')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('first_seq', 'integer', (c) => c.notNull())
    .addColumn('last_seq', 'integer', (c) => c.notNull())
    .addColumn('digest', 'text', (c) => c.notNull())
    .addColumn('digest_hash', 'text', (c) => c.notNull())
    .addColumn('signature', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('event_digests_pk', ['account_id', 'period_start'])
    .execute();
}
