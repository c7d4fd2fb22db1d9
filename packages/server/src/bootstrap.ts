import { hashPassword } from './auth/password.js';
import { PolicyCache } from './authz/policy-cache.js';
import { accountId as randomAccountId, generatePassword, type Random } from './crypto/random.js';
import type { SecretBox } from './crypto/secret-box.js';
import { createAccessKey } from './iam/access-keys/create-access-key.js';
import { createGroup } from './iam/groups/create-group.js';
import { addUserToGroup } from './iam/groups/membership.js';
import { createUser } from './iam/users/create-user.js';
import type { HandlerContext } from './operation.js';
import { rootArn } from './principal.js';
import type { Store } from './storage/database.js';
import { ADMINISTRATOR_ACCESS_ARN, attachPolicy } from './storage/repositories/policies.js';

export interface BootstrapOptions {
  accountId?: string | undefined;
  rootEmail?: string | undefined;
  now: Date;
  random: Random;
  secrets: SecretBox;
}

export interface BootstrapResult {
  accountId: string;
  rootEmail: string;
  rootPassword: string;
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

export class AlreadyBootstrapped extends Error {}

/**
 * Creates the first account: its root user, and IAM user `admin` in group `Administrators`
 * with AdministratorAccess and one access key, following AWS's advice to work as an IAM user
 * rather than root. Runs once: a store that already has an account is left untouched.
 */
export async function bootstrap(store: Store, options: BootstrapOptions): Promise<BootstrapResult> {
  return createAccount(store, options, true);
}

/**
 * An account with its root user and IAM user admin. Bootstrap makes the first; tests of
 * cross-account access make more (Organizations will, later).
 */
export async function createAccount(store: Store, options: BootstrapOptions, onlyFirst = false): Promise<BootstrapResult> {
  const accountId = options.accountId ?? randomAccountId(options.random);
  if (!/^\d{12}$/.test(accountId)) throw new Error(`Account id ${accountId} is not 12 digits. Pass --account-id with exactly 12 digits, e.g. 123456789012.`);
  const rootEmail = options.rootEmail ?? `root@${accountId}.gatehouse.local`;
  const rootPassword = generatePassword(options.random);
  const rootPasswordHash = await hashPassword(rootPassword);

  return store.transaction(async (tx) => {
    const existing = await tx.selectFrom('accounts').select('id').limit(1).executeTakeFirst();
    if (onlyFirst && existing) throw new AlreadyBootstrapped(`Gatehouse is already bootstrapped: account ${existing.id} exists. Bootstrap creates the first account only once.`);
    await tx.insertInto('accounts').values({ id: accountId, alias: null, root_email: rootEmail, root_password_hash: rootPasswordHash, created_at: options.now.toISOString() }).execute();

    const ctx: HandlerContext = {
      tx,
      principal: { type: 'Root', accountId, arn: rootArn(accountId) },
      accountId,
      now: options.now,
      random: options.random,
      secrets: options.secrets,
      policies: new PolicyCache(),
      requestId: 'bootstrap',
      // Bootstrap acts as the new account's root, which every identity-policy check allows.
      authorize: async () => undefined,
      afterCommit: () => {
        throw new Error('no background work here');
      },
    };
    const { Group } = await createGroup.handle(ctx, { GroupName: 'Administrators' });
    await attachPolicy(tx, accountId, ADMINISTRATOR_ACCESS_ARN, 'group', Group.GroupId, options.now);
    await createUser.handle(ctx, { UserName: 'admin' });
    await addUserToGroup.handle(ctx, { GroupName: 'Administrators', UserName: 'admin' });
    const { AccessKey } = await createAccessKey.handle(ctx, { UserName: 'admin' });
    return { accountId, rootEmail, rootPassword, userName: 'admin', accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
  }, { write: true });
}

export async function isBootstrapped(store: Store): Promise<boolean> {
  return (await store.db.selectFrom('accounts').select('id').limit(1).executeTakeFirst()) !== undefined;
}
