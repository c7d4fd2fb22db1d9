import type { Kysely, Updateable } from 'kysely';
import type { ConsoleSession, ConsoleSessionsTable, Database } from '../schema.js';

/** Web console sessions, found by the SHA-256 of their token (console-api/sessions.ts). */

export async function insertConsoleSession(db: Kysely<Database>, session: ConsoleSessionsTable): Promise<void> {
  await db.insertInto('console_sessions').values(session).execute();
}

export function findConsoleSession(db: Kysely<Database>, tokenHash: string): Promise<ConsoleSession | undefined> {
  return db.selectFrom('console_sessions').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function updateConsoleSession(db: Kysely<Database>, tokenHash: string, changes: Updateable<ConsoleSessionsTable>): Promise<void> {
  await db.updateTable('console_sessions').set(changes).where('token_hash', '=', tokenHash).execute();
}

export async function deleteConsoleSession(db: Kysely<Database>, tokenHash: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('token_hash', '=', tokenHash).execute();
}

/** Removes sessions past their absolute timeout or idle since before `idleSince`. */
export async function pruneConsoleSessions(db: Kysely<Database>, now: Date, idleSince: Date): Promise<void> {
  await db
    .deleteFrom('console_sessions')
    .where((eb) => eb.or([eb('expires_at', '<=', now.toISOString()), eb('last_seen_at', '<', idleSince.toISOString())]))
    .execute();
}

/**
 * Ends every console session of an IAM user: when an administrator sets a new console
 * password or removes it, whoever signed in with the old one is signed out.
 */
export async function endUserConsoleSessions(db: Kysely<Database>, userId: string): Promise<void> {
  await db.deleteFrom('console_sessions').where('user_id', '=', userId).execute();
}
