import type { Tx } from '../database.js';
import type { NewUser, User } from '../schema.js';

export const nameKey = (name: string): string => name.toLowerCase();

/**
 * With `lock`, the row is locked for the rest of the transaction: every write to a user and
 * its children locks the user first, so a check made after it (no keys left, fewer than two
 * keys) holds until commit, and a concurrent delete is seen as the user's absence.
 */
export function findUser(tx: Tx, accountId: string, name: string, lock = false): Promise<User | undefined> {
  return tx
    .selectFrom('users')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('name_key', '=', nameKey(name))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

export async function insertUser(tx: Tx, user: NewUser): Promise<void> {
  await tx.insertInto('users').values(user).execute();
}

export async function setUserBoundary(tx: Tx, id: string, policyArn: string | null): Promise<void> {
  await tx.updateTable('users').set({ permissions_boundary_arn: policyArn }).where('id', '=', id).execute();
}

export async function renameUser(tx: Tx, id: string, name: string, path: string): Promise<void> {
  await tx.updateTable('users').set({ name, name_key: nameKey(name), path }).where('id', '=', id).execute();
}

export async function deleteUser(tx: Tx, id: string): Promise<void> {
  await tx.deleteFrom('tags').where('resource_id', '=', id).execute();
  await tx.deleteFrom('password_history').where('user_id', '=', id).execute();
  await tx.deleteFrom('users').where('id', '=', id).execute();
}

export async function listUsers(tx: Tx, accountId: string, pathPrefix = '/'): Promise<User[]> {
  const rows = await tx.selectFrom('users').selectAll().where('account_id', '=', accountId).orderBy('name_key').execute();
  return withPathPrefix(rows, pathPrefix);
}

export async function countUsers(tx: Tx, accountId: string): Promise<number> {
  const row = await tx.selectFrom('users').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', accountId).executeTakeFirstOrThrow();
  return Number(row.n);
}

/**
 * Path prefixes compare case-sensitively, which SQLite's LIKE does not; an account holds at
 * most a few thousand entities, so the filter runs here rather than in SQL.
 */
export function withPathPrefix<T extends { path: string }>(rows: T[], pathPrefix: string): T[] {
  return pathPrefix === '/' ? rows : rows.filter((r) => r.path.startsWith(pathPrefix));
}
