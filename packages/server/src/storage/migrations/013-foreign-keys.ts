import { sql, type Kysely } from 'kysely';

/**
 * Every child row names its parent with a foreign key, so the database itself refuses an
 * orphan that two racing calls could otherwise leave (a policy attached to a user deleted at
 * the same moment, a tag on a deleted role). The tables whose parent may be one of several
 * kinds get one nullable column per kind, a CHECK that exactly one is set and equals the
 * generic id the queries use, and a foreign key on each.
 *
 * Tags, sessions, console sessions and last-accessed rows go with their owner (ON DELETE
 * CASCADE: AWS deletes them with it). Policies and attachments do not: IAM refuses to delete
 * an identity that still has them (DeleteConflict), and the foreign key stands behind that check.
 *
 * Rows that already lost their parent are not carried over. Among them: attachments made
 * before the policy they name was created, which were made to an earlier policy of that name
 * and would otherwise grant the new one.
 *
 * The event history keeps no foreign keys (migration 009): it must outlive what it describes,
 * and its own verification, not the schema, proves what was removed from it.
 *
 * Tables are rebuilt (SQLite cannot add a foreign key to a table), each in the same way on
 * both databases. Portable DDL only.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await rebuild(db, 'tags', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('resource_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('cascade'))
      .addColumn('policy_id', 'text', (c) => c.references('policies.id').onDelete('cascade'))
      .addColumn('instance_profile_id', 'text', (c) => c.references('instance_profiles.id').onDelete('cascade'))
      .addColumn('oidc_provider_id', 'text', (c) => c.references('oidc_providers.id').onDelete('cascade'))
      .addColumn('mfa_device_key', 'text', (c) => c.references('mfa_devices.serial_key').onDelete('cascade'))
      .addColumn('key', 'text', (c) => c.notNull())
      .addColumn('key_lower', 'text', (c) => c.notNull())
      .addColumn('value', 'text', (c) => c.notNull())
      .addColumn('position', 'integer', (c) => c.notNull())
      .addPrimaryKeyConstraint('tags_owner_key', ['resource_id', 'key_lower'])
      .addCheckConstraint('tags_one_owner', exactlyOne('resource_id', ['user_id', 'role_id', 'policy_id', 'instance_profile_id', 'oidc_provider_id', 'mfa_device_key']))
      .execute();
    await sql`
      insert into ${sql.table(name)} (resource_id, user_id, role_id, policy_id, instance_profile_id, oidc_provider_id, mfa_device_key, key, key_lower, value, position)
      select t.resource_id,
        (select id from users where id = t.resource_id),
        (select id from roles where id = t.resource_id),
        (select id from policies where id = t.resource_id),
        (select id from instance_profiles where id = t.resource_id),
        (select id from oidc_providers where id = t.resource_id),
        (select serial_key from mfa_devices where serial_key = t.resource_id),
        t.key, t.key_lower, t.value, t.position
      from tags t
      where exists (select 1 from users where id = t.resource_id) or exists (select 1 from roles where id = t.resource_id)
        or exists (select 1 from policies where id = t.resource_id) or exists (select 1 from instance_profiles where id = t.resource_id)
        or exists (select 1 from oidc_providers where id = t.resource_id) or exists (select 1 from mfa_devices where serial_key = t.resource_id)
    `.execute(db);
  });
  for (const column of ['user_id', 'role_id', 'policy_id', 'instance_profile_id', 'oidc_provider_id', 'mfa_device_key']) {
    await db.schema.createIndex(`tags_${column}`).on('tags').column(column).execute();
  }

  await rebuild(db, 'inline_policies', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('group_id', 'text', (c) => c.references('groups.id'))
      .addColumn('role_id', 'text', (c) => c.references('roles.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('document', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('inline_policies_owner_name', ['principal_id', 'name'])
      .addCheckConstraint('inline_policies_one_owner', typedOwner())
      .execute();
    await sql`
      insert into ${sql.table(name)} (principal_type, principal_id, user_id, group_id, role_id, name, document)
      select principal_type, principal_id, ${ownerColumns()}, name, document from inline_policies p
      where ${ownerExists()}
    `.execute(db);
  });
  for (const column of ['user_id', 'group_id', 'role_id']) await db.schema.createIndex(`inline_policies_${column}`).on('inline_policies').column(column).execute();

  await rebuild(db, 'policy_attachments', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('policy_arn', 'text', (c) => c.notNull().references('policies.arn'))
      .addColumn('principal_type', 'text', (c) => c.notNull())
      .addColumn('principal_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id'))
      .addColumn('group_id', 'text', (c) => c.references('groups.id'))
      .addColumn('role_id', 'text', (c) => c.references('roles.id'))
      .addColumn('attached_at', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('policy_attachments_owner_policy', ['principal_id', 'policy_arn'])
      .addCheckConstraint('policy_attachments_one_owner', typedOwner())
      .execute();
    await sql`
      insert into ${sql.table(name)} (account_id, policy_arn, principal_type, principal_id, user_id, group_id, role_id, attached_at)
      select account_id, policy_arn, principal_type, principal_id, ${ownerColumns()}, attached_at from policy_attachments p
      where ${ownerExists()}
        and exists (select 1 from policies where policies.arn = p.policy_arn and policies.created_at <= p.attached_at)
    `.execute(db);
  });
  await db.schema.createIndex('policy_attachments_by_policy').on('policy_attachments').column('policy_arn').execute();
  for (const column of ['user_id', 'group_id', 'role_id']) await db.schema.createIndex(`policy_attachments_${column}`).on('policy_attachments').column(column).execute();

  await rebuild(db, 'sessions', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('access_key_id', 'text', (c) => c.primaryKey())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('secret_ciphertext', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('cascade'))
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
    await sql`
      insert into ${sql.table(name)}
      select access_key_id, account_id, secret_ciphertext, token_hash, kind, user_id, role_id, session_name, source_identity, mfa_authenticated_at,
        session_policies, session_tags, transitive_tag_keys, chained, issued_at, expires_at
      from sessions s
      where (s.user_id is null or exists (select 1 from users where id = s.user_id))
        and (s.role_id is null or exists (select 1 from roles where id = s.role_id))
    `.execute(db);
  });
  await db.schema.createIndex('sessions_by_expiry').on('sessions').column('expires_at').execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();
  await db.schema.createIndex('sessions_role').on('sessions').column('role_id').execute();

  await rebuild(db, 'console_sessions', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('csrf_hash', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('state', 'text', (c) => c.notNull())
      .addColumn('next_step', 'text')
      .addColumn('change_reason', 'text')
      .addColumn('mfa_authenticated_at', 'text')
      .addColumn('webauthn_challenge', 'text')
      .addColumn('source_ip', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull())
      .addColumn('last_seen_at', 'text', (c) => c.notNull())
      .addColumn('expires_at', 'text', (c) => c.notNull())
      .execute();
    await sql`
      insert into ${sql.table(name)}
      select token_hash, csrf_hash, account_id, user_id, state, next_step, change_reason, mfa_authenticated_at, webauthn_challenge, source_ip, created_at, last_seen_at, expires_at
      from console_sessions s where s.user_id is null or exists (select 1 from users where id = s.user_id)
    `.execute(db);
  });
  await db.schema.createIndex('console_sessions_by_expiry').on('console_sessions').column('expires_at').execute();
  await db.schema.createIndex('console_sessions_user').on('console_sessions').column('user_id').execute();

  await rebuild(db, 'last_accessed', async (name) => {
    await db.schema
      .createTable(name)
      .addColumn('entity_id', 'text', (c) => c.notNull())
      .addColumn('user_id', 'text', (c) => c.references('users.id').onDelete('cascade'))
      .addColumn('role_id', 'text', (c) => c.references('roles.id').onDelete('cascade'))
      .addColumn('service', 'text', (c) => c.notNull())
      .addColumn('action', 'text', (c) => c.notNull())
      .addColumn('account_id', 'text', (c) => c.notNull())
      .addColumn('entity_type', 'text', (c) => c.notNull())
      .addColumn('action_name', 'text', (c) => c.notNull())
      .addColumn('last_accessed_at', 'text', (c) => c.notNull())
      .addColumn('region', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('last_accessed_entity_action', ['entity_id', 'service', 'action'])
      .addCheckConstraint(
        'last_accessed_one_entity',
        sql`(entity_type = 'user' and user_id = entity_id and role_id is null) or (entity_type = 'role' and role_id = entity_id and user_id is null)`,
      )
      .execute();
    await sql`
      insert into ${sql.table(name)} (entity_id, user_id, role_id, service, action, account_id, entity_type, action_name, last_accessed_at, region)
      select entity_id,
        case when entity_type = 'user' then entity_id end,
        case when entity_type = 'role' then entity_id end,
        service, action, account_id, entity_type, action_name, last_accessed_at, region
      from last_accessed a
      where (a.entity_type = 'user' and exists (select 1 from users where id = a.entity_id))
        or (a.entity_type = 'role' and exists (select 1 from roles where id = a.entity_id))
    `.execute(db);
  });
  await db.schema.createIndex('last_accessed_by_account').on('last_accessed').columns(['account_id', 'service']).execute();
  await db.schema.createIndex('last_accessed_user').on('last_accessed').column('user_id').execute();
  await db.schema.createIndex('last_accessed_role').on('last_accessed').column('role_id').execute();
}

/** Builds the table anew under a temporary name, copies what it keeps, and takes the old name. */
async function rebuild(db: Kysely<unknown>, table: string, create: (name: string) => Promise<void>): Promise<void> {
  const name = `${table}_rebuilt`;
  await create(name);
  await db.schema.dropTable(table).execute();
  await db.schema.alterTable(name).renameTo(table).execute();
}

/** The one owner column that is set is the one the kind names, and it equals the generic id. */
function typedOwner() {
  return sql`(principal_type = 'user' and user_id = principal_id and group_id is null and role_id is null)
    or (principal_type = 'group' and group_id = principal_id and user_id is null and role_id is null)
    or (principal_type = 'role' and role_id = principal_id and user_id is null and group_id is null)`;
}

function ownerColumns() {
  return sql`case when principal_type = 'user' then principal_id end, case when principal_type = 'group' then principal_id end, case when principal_type = 'role' then principal_id end`;
}

function ownerExists() {
  return sql`((p.principal_type = 'user' and exists (select 1 from users where id = p.principal_id))
    or (p.principal_type = 'group' and exists (select 1 from groups where id = p.principal_id))
    or (p.principal_type = 'role' and exists (select 1 from roles where id = p.principal_id)))`;
}

function exactlyOne(generic: string, columns: readonly string[]) {
  const set = columns.map((c) => `case when ${c} is not null then 1 else 0 end`).join(' + ');
  return sql.raw(`(${set}) = 1 and ${generic} = coalesce(${columns.join(', ')})`);
}
