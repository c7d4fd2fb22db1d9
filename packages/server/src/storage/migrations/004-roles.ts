import type { Kysely } from 'kysely';

/**
 * IAM roles and EC2-style instance profiles. Portable DDL only: every statement here must run
 * unchanged on SQLite and PostgreSQL. Roles' policies live in policy_attachments and
 * inline_policies (principal_type 'role'); their tags in the generic tags table.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles.html
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('roles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('assume_role_policy', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('max_session_duration', 'integer', (c) => c.notNull())
    .addColumn('permissions_boundary_arn', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('last_used_at', 'text')
    .addColumn('last_used_region', 'text')
    .addUniqueConstraint('roles_account_name', ['account_id', 'name_key'])
    .execute();

  await db.schema
    .createTable('instance_profiles')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('name_key', 'text', (c) => c.notNull())
    .addColumn('path', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('instance_profiles_account_name', ['account_id', 'name_key'])
    .execute();

  // An instance profile holds at most one role (a quota AWS does not raise); the link is a
  // table of its own so the model's list of Roles and ListInstanceProfilesForRole read alike.
  await db.schema
    .createTable('instance_profile_roles')
    .addColumn('instance_profile_id', 'text', (c) => c.notNull().references('instance_profiles.id'))
    .addColumn('role_id', 'text', (c) => c.notNull().references('roles.id'))
    .addColumn('added_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('instance_profile_roles_pk', ['instance_profile_id', 'role_id'])
    .execute();
  await db.schema.createIndex('instance_profile_roles_role').on('instance_profile_roles').column('role_id').execute();
}
