import { randomUUID } from 'node:crypto';
import { hostname, userInfo } from 'node:os';
import { appendEvent } from './audit/event-log.js';
import { EVENT_VERSION, eventTimeOf, userIdentityOf, type CloudTrailRecord } from './audit/event-record.js';
import { hashPassword } from './auth/password.js';
import { PolicyCache } from './authz/policy-cache.js';
import { attemptKeys } from './console-api/brute-force.js';
import { generatePassword, type Random } from './crypto/random.js';
import type { SecretBox } from './crypto/secret-box.js';
import { createAccessKey } from './iam/access-keys/create-access-key.js';
import { createUser } from './iam/users/create-user.js';
import type { HandlerContext } from './operation.js';
import { rootArn, type Principal } from './principal.js';
import type { Store, Tx } from './storage/database.js';
import { ADMINISTRATOR_ACCESS_ARN, attachPolicy } from './storage/repositories/policies.js';
import { clearFailures } from './storage/repositories/sign-in-failures.js';

/**
 * Regaining access to an account whose credentials are lost, as whoever holds the master key
 * (`gatehouse recover`). The master key already opens every secret access key in the store,
 * so holding it is the proof of authority; each recovery is recorded in the account's event
 * history in the transaction that makes it, so it can never happen unseen.
 */

export interface RecoveryOptions {
  /** the account to recover; may be left out when the store holds one account */
  accountId?: string | undefined;
  now: Date;
  random: Random;
  secrets: SecretBox;
}

/** A recovery that must not go ahead; the message says why and what to do. */
export class RecoveryRefused extends Error {}

export interface RootPasswordRecovery {
  accountId: string;
  rootEmail: string;
  rootPassword: string;
  /** the root user has an MFA device, so signing in still asks for its code */
  rootHasMfa: boolean;
}

export interface AdministratorRecovery {
  accountId: string;
  userName: string;
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * Refuses a master key that does not open what the store already sealed. Without this check a
 * wrong GATEHOUSE_MASTER_KEY would mint an administrator key the server can never verify, and
 * a reset would be made by someone who does not hold the server's key at all.
 */
export async function checkMasterKey(store: Store, secrets: SecretBox): Promise<void> {
  const key = await store.db.selectFrom('access_keys').select(['id', 'secret_ciphertext']).limit(1).executeTakeFirst();
  const device = key ? undefined : await store.db.selectFrom('mfa_devices').select(['serial_key', 'seed_ciphertext']).limit(1).executeTakeFirst();
  try {
    if (key) secrets.open(key.secret_ciphertext, key.id);
    else if (device) secrets.open(device.seed_ciphertext, device.serial_key);
  } catch {
    throw new RecoveryRefused(
      'the master key given does not open the secrets in this database, so it is not the key the server uses. Set GATEHOUSE_MASTER_KEY as the server has it, or pass the --data directory whose master.key the server reads.',
    );
  }
}

/**
 * Gives the root user a new generated password (argon2id), ends the root user's console
 * sessions and clears its sign-in lockout, so the new password works at once and nothing
 * signed in with the old one stays in.
 */
export async function resetRootPassword(store: Store, options: RecoveryOptions): Promise<RootPasswordRecovery> {
  const rootPassword = generatePassword(options.random);
  const hash = await hashPassword(rootPassword);
  return store.transaction(
    async (tx) => {
      const account = await accountToRecover(tx, options.accountId);
      await tx.updateTable('accounts').set({ root_password_hash: hash }).where('id', '=', account.id).execute();
      await tx.deleteFrom('console_sessions').where('account_id', '=', account.id).where('user_id', 'is', null).execute();
      await clearFailures(tx, attemptKeys({ kind: 'root', email: account.root_email }, '').user);
      const devices = await tx.selectFrom('mfa_devices').select('serial_key').where('account_id', '=', account.id).where('assigned_to_root', '=', 1).where('enabled_at', 'is not', null).execute();
      const keys = await tx.selectFrom('security_keys').select('credential_id').where('account_id', '=', account.id).where('assigned_to_root', '=', 1).execute();
      await appendEvent(tx, passwordRecoveryRecord(account.id, options.now));
      return { accountId: account.id, rootEmail: account.root_email, rootPassword, rootHasMfa: devices.length + keys.length > 0 };
    },
    { write: true },
  );
}

/**
 * A new IAM user with AdministratorAccess attached to it and one access key. Its own user
 * rather than a key for an existing one: whatever was changed on the existing administrators
 * (their groups, policies, boundaries, two-key limit) cannot stand in the way, and the
 * Security Status flags it (CIS 1.15, permissions of its own) until it is deleted.
 */
export async function createEmergencyAdministrator(store: Store, options: RecoveryOptions & { userName?: string | undefined }): Promise<AdministratorRecovery> {
  const userName = options.userName ?? `emergency-admin-${eventTimeOf(options.now).replace(/[-:]/g, '')}`;
  return store.transaction(
    async (tx) => {
      const account = await accountToRecover(tx, options.accountId);
      const ctx = rootContext(tx, store, account.id, options);
      const { User } = await createUser.handle(ctx, {
        UserName: userName,
        Tags: [{ Key: 'gatehouse:recovery', Value: `emergency administrator made by gatehouse recover admin-key at ${eventTimeOf(options.now)}` }],
      });
      if (!User) throw new Error('CreateUser answered no user');
      await attachPolicy(tx, account.id, ADMINISTRATOR_ACCESS_ARN, 'user', User.UserId, options.now);
      const { AccessKey } = await createAccessKey.handle(ctx, { UserName: userName });
      await appendEvent(
        tx,
        recoveryRecord(account.id, options.now, {
          eventSource: 'gatehouse.amazonaws.com',
          eventName: 'CreateEmergencyAdministrator',
          eventType: 'AwsApiCall',
          userAgent: 'gatehouse recover admin-key',
          requestParameters: { userName, policyArn: ADMINISTRATOR_ACCESS_ARN },
          responseElements: {
            user: { path: User.Path, userName, userId: User.UserId, arn: User.Arn, createDate: eventTimeOf(User.CreateDate) },
            accessKey: { userName, accessKeyId: AccessKey.AccessKeyId, status: AccessKey.Status, createDate: eventTimeOf(AccessKey.CreateDate ?? options.now) },
          },
        }),
      );
      return { accountId: account.id, userName, accessKeyId: AccessKey.AccessKeyId, secretAccessKey: AccessKey.SecretAccessKey };
    },
    { write: true },
  );
}

async function accountToRecover(tx: Tx, accountId: string | undefined): Promise<{ id: string; root_email: string }> {
  if (accountId !== undefined) {
    const account = await tx.selectFrom('accounts').select(['id', 'root_email']).where('id', '=', accountId).executeTakeFirst();
    if (!account) throw new RecoveryRefused(`no account ${accountId} in this database. Check --account-id, and that --data or --database names the server's store.`);
    return account;
  }
  const accounts = await tx.selectFrom('accounts').select(['id', 'root_email']).orderBy('id').limit(11).execute();
  if (accounts.length === 0) throw new RecoveryRefused("this database holds no account yet: there is nothing to recover. Start the server (gatehouse start) to create the first one, or check that --data or --database names the server's store.");
  if (accounts.length > 1) {
    const listed = accounts.slice(0, 10).map((a) => a.id).join(', ');
    throw new RecoveryRefused(`this database holds several accounts (${listed}${accounts.length > 10 ? ', …' : ''}); pass --account-id with the one to recover.`);
  }
  return accounts[0]!;
}

/** The handlers' context as the account's root, as bootstrap uses it. */
function rootContext(tx: Tx, store: Store, accountId: string, options: RecoveryOptions): HandlerContext {
  const principal: Principal = { type: 'Root', accountId, arn: rootArn(accountId) };
  return {
    tx,
    principal,
    accountId,
    now: options.now,
    random: options.random,
    secrets: options.secrets,
    policies: new PolicyCache(),
    requestId: randomUUID(),
    // The master key's holder stands above every policy of the account, as its root does.
    authorize: async () => undefined,
    afterCommit: () => {
      throw new Error('no background work here');
    },
  };
}

/**
 * What AWS records when the root user's password is reset through "Forgot password": a sign-in
 * event, so alarms written for AWS's root password recovery fire here too.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-aws-console-sign-in-events.html
 */
function passwordRecoveryRecord(accountId: string, at: Date): CloudTrailRecord {
  return recoveryRecord(accountId, at, {
    eventSource: 'signin.amazonaws.com',
    eventName: 'PasswordRecoveryCompleted',
    eventType: 'AwsConsoleSignIn',
    userAgent: 'gatehouse recover root-password',
    requestParameters: null,
    responseElements: { PasswordRecoveryCompleted: 'Success' },
  });
}

/**
 * A recovery's record. It acts with the root user's authority, so userIdentity is the root
 * user; the source is the host and operating system user that ran the command, as far as the
 * command can tell, since no network address was involved. No secret is ever part of it.
 */
function recoveryRecord(
  accountId: string,
  at: Date,
  what: Pick<CloudTrailRecord, 'eventSource' | 'eventName' | 'eventType' | 'userAgent' | 'requestParameters' | 'responseElements'>,
): CloudTrailRecord {
  const host = hostname();
  return {
    eventVersion: EVENT_VERSION,
    userIdentity: userIdentityOf({ type: 'Root', accountId, arn: rootArn(accountId) }),
    eventTime: eventTimeOf(at),
    eventSource: what.eventSource,
    eventName: what.eventName,
    awsRegion: 'us-east-1',
    sourceIPAddress: host,
    userAgent: what.userAgent,
    requestParameters: what.requestParameters,
    responseElements: what.responseElements,
    additionalEventData: { RecoveredWith: 'master key', Host: host, OperatingSystemUser: osUser() },
    requestID: randomUUID(),
    eventID: randomUUID(),
    readOnly: false,
    eventType: what.eventType,
    managementEvent: true,
    recipientAccountId: accountId,
    eventCategory: 'Management',
  };
}

function osUser(): string {
  try {
    return userInfo().username;
  } catch {
    // A container user with no passwd entry has no name.
    return String(process.getuid?.() ?? 'unknown');
  }
}
