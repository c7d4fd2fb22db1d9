import type { Kysely } from 'kysely';
import type { Tx } from '../database.js';
import type { Database, NewRole, Role } from '../schema.js';
import { nameKey, withPathPrefix } from './users.js';

/** `lock` as for findUser. */
export function findRole(tx: Tx, accountId: string, name: string, lock = false): Promise<Role | undefined> {
  return tx
    .selectFrom('roles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', nameKey(name))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export function findRoleById(tx: Tx, id: string): Promise<Role | undefined> {
  return tx.selectFrom('roles').selectAll().where('id', '=', id).executeTakeFirst();
}

const ROLE_ARN = /^arn:aws:iam::(\d{12}):role(\/(?:[\u0021-\u007E]*\/)?)([\w+=,.@-]+)$/;

/**
 * The role an ARN names, path included: arn:aws:iam::123456789012:role/path/Name. IAM matches
 * the name without regard to case but the path exactly, so an ARN with the wrong path names no
 * role (AssumeRole with it is refused). https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-arns
 */
export async function findRoleByArn(tx: Tx, arn: string): Promise<Role | undefined> {
  const match = ROLE_ARN.exec(arn);
  if (!match) return undefined;
  const [, accountId, path, name] = match as unknown as [string, string, string, string];
  const role = await findRole(tx, accountId, name);
  return role && role.path === path ? role : undefined;
}

export async function insertRole(tx: Tx, role: NewRole): Promise<void> {
  await tx.insertInto('roles').values(role).execute();
}

export async function listRoles(tx: Tx, accountId: string, pathPrefix = '/'): Promise<Role[]> {
  const rows = await tx.selectFrom('roles').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
  return withPathPrefix(rows, pathPrefix);
}

export async function countRoles(tx: Tx, accountId: string): Promise<number> {
  const row = await tx.selectFrom('roles').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes the role and its tags; the caller has made sure no policy or instance profile refers to it. */
export async function deleteRole(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('roles').where('id', '=', id).execute();
}

/**
 * RoleLastUsed: when a session of the role last made a request, and in which region. STS
 * calls this for each request signed with a role session's credentials, outside the request's
 * own transaction (like an access key's last use), so a refused call still counts as use.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_manage_delete.html#roles-managingrole_deleting-viewing
 */
export async function recordRoleUse(db: Kysely<Database>, roleId: string, at: Date, region: string): Promise<void> {
  await db.updateTable('roles').set({ last_used_at: at.toISOString(), last_used_region: region }).where('id', '=', roleId).execute();
}
