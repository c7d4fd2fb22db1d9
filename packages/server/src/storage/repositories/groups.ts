import type { Tx } from '../database.js';
import type { Group, User } from '../schema.js';
import { nameKey, withPathPrefix } from './users.js';

/** `lock` as for findUser. */
export function findGroup(tx: Tx, accountId: string, name: string, lock = false): Promise<Group | undefined> {
  return tx
    .selectFrom('groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', nameKey(name))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function listGroups(tx: Tx, accountId: string, pathPrefix = '/'): Promise<Group[]> {
  const rows = await tx.selectFrom('groups').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
  return withPathPrefix(rows, pathPrefix);
}

export async function countGroups(tx: Tx, accountId: string): Promise<number> {
  const row = await tx.selectFrom('groups').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

export function listGroupMembers(tx: Tx, groupId: string): Promise<User[]> {
  return tx
    .selectFrom('group_members')
    .innerJoin('users', 'users.id', 'group_members.user_id')
    .selectAll('users')
    .where('group_members.group_id', '=', groupId)
    .orderBy('users.name_key')
    .execute();
}

export function listGroupsForUser(tx: Tx, userId: string): Promise<Group[]> {
  return tx
    .selectFrom('group_members')
    .innerJoin('groups', 'groups.id', 'group_members.group_id')
    .selectAll('groups')
    .where('group_members.user_id', '=', userId)
    .orderBy('groups.name_key')
    .execute();
}

export async function isMember(tx: Tx, groupId: string, userId: string): Promise<boolean> {
  const row = await tx.selectFrom('group_members').select('user_id').where('group_id', '=', groupId).where('user_id', '=', userId).executeTakeFirst();
  return row !== undefined;
}
