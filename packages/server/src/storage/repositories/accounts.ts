import type { Kysely } from 'kysely';
import type { Tx } from '../database.js';
import type { Account, Database, PasswordPolicy } from '../schema.js';

export function getAccount(tx: Tx, accountId: string): Promise<Account> {
  return tx.selectFrom('accounts').selectAll().where('id', '=', accountId).executeTakeFirstOrThrow();
}

export function findPasswordPolicy(tx: Kysely<Database>, accountId: string): Promise<PasswordPolicy | undefined> {
  return tx.selectFrom('password_policies').selectAll().where('account_id', '=', accountId).executeTakeFirst();
}
