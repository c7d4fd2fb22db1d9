import type { Tx } from '../database.js';
import type { InstanceProfile, Role } from '../schema.js';
import { nameKey, withPathPrefix } from './users.js';

/** `lock` as for findUser. */
export function findInstanceProfile(tx: Tx, accountId: string, name: string, lock = false): Promise<InstanceProfile | undefined> {
  return tx
    .selectFrom('instance_profiles')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', nameKey(name))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function listInstanceProfiles(tx: Tx, accountId: string, pathPrefix = '/'): Promise<InstanceProfile[]> {
  const rows = await tx.selectFrom('instance_profiles').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
  return withPathPrefix(rows, pathPrefix);
}

export async function countInstanceProfiles(tx: Tx, accountId: string): Promise<number> {
  const row = await tx
    .selectFrom('instance_profiles')
    .select((eb) => eb.fn.countAll<string | number>().as('n'))
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The roles in each of the given instance profiles (at most one each, by IAM's quota). */
export async function rolesOfInstanceProfiles(tx: Tx, profileIds: readonly string[]): Promise<Map<string, Role[]>> {
  const byProfile = new Map<string, Role[]>(profileIds.map((id) => [id, []]));
  if (profileIds.length === 0) return byProfile;
  const rows = await tx
    .selectFrom('instance_profile_roles')
    .innerJoin('roles', 'roles.id', 'instance_profile_roles.role_id')
    .selectAll('roles')
    .select('instance_profile_roles.instance_profile_id')
    .where('instance_profile_roles.instance_profile_id', 'in', profileIds)
    .orderBy('roles.name_key')
    .execute();
  for (const { instance_profile_id, ...role } of rows) byProfile.get(instance_profile_id)?.push(role);
  return byProfile;
}

export function instanceProfilesForRole(tx: Tx, roleId: string): Promise<InstanceProfile[]> {
  return tx
    .selectFrom('instance_profile_roles')
    .innerJoin('instance_profiles', 'instance_profiles.id', 'instance_profile_roles.instance_profile_id')
    .selectAll('instance_profiles')
    .where('instance_profile_roles.role_id', '=', roleId)
    .orderBy('instance_profiles.name_key')
    .execute();
}

export async function deleteInstanceProfile(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('instance_profiles').where('id', '=', id).execute();
}
