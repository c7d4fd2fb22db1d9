import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command, Option } from 'commander';
import { resolveConfig, type ServeConfig } from '../config.js';
import { systemRandom } from '../crypto/random.js';
import { masterKeyFile, MASTER_KEY_ENV, readMasterKey, SecretBox } from '../crypto/secret-box.js';
import { checkMasterKey, createEmergencyAdministrator, RecoveryRefused, resetRootPassword, type AdministratorRecovery, type RootPasswordRecovery } from '../recovery.js';
import { openStore, type Store } from '../storage/database.js';

interface RecoverFlags {
  data?: string;
  database?: string;
  accountId?: string;
  json?: boolean;
}

/** Where the command writes; tests call the actions in process with their own. */
export interface RecoverIo {
  stdout: { write(text: string): unknown };
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

// IAM's UserName constraint (the CreateUser model).
const USER_NAME = /^[\w+=,.@-]{1,64}$/;

/** The `recover` command and its two subcommands; main.ts adds it to the program. */
export function recoverCommand(): Command {
  const recover = new Command('recover').description(
    'regain access to an account with the master key: reset the root password or create an emergency administrator; prints the secret once and records the recovery in the event history',
  );
  const common = (command: Command) =>
    command
      .addOption(new Option('--data <dir>', "the server's data directory: its SQLite database and master key (env GATEHOUSE_DATA)").default(undefined, './data'))
      .addOption(new Option('--database <url>', "the server's postgres://… database, when it uses PostgreSQL (env GATEHOUSE_DATABASE)"))
      .option('--account-id <id>', 'the account to recover (needed only when the store holds several)')
      .option('--json', 'print the new credentials as JSON');

  common(recover.command('root-password'))
    .description("give the root user a new generated password, end the root user's console sessions and clear its sign-in lockout")
    .action(async (flags: RecoverFlags) => {
      await exitWith(() => recoverRootPassword(flags, { stdout: process.stdout }));
    });

  common(recover.command('admin-key'))
    .description('create IAM user emergency-admin-<time> with AdministratorAccess and one access key')
    .option('--user-name <name>', 'the new user\'s name (default emergency-admin-<time>)')
    .action(async (flags: RecoverFlags & { userName?: string }) => {
      await exitWith(() => recoverAdminKey(flags, { stdout: process.stdout }));
    });
  return recover;
}

export async function recoverRootPassword(flags: RecoverFlags, io: RecoverIo): Promise<RootPasswordRecovery> {
  return withStore(flags, io, async (store, secrets, now) => {
    const result = await resetRootPassword(store, { accountId: flags.accountId, now, random: systemRandom, secrets });
    io.stdout.write(flags.json ? JSON.stringify({ accountId: result.accountId, rootEmail: result.rootEmail, rootPassword: result.rootPassword }) + '\n' : describeRootPassword(result));
    return result;
  });
}

export async function recoverAdminKey(flags: RecoverFlags & { userName?: string }, io: RecoverIo): Promise<AdministratorRecovery> {
  if (flags.userName !== undefined && !USER_NAME.test(flags.userName)) {
    throw new RecoveryRefused(`--user-name '${flags.userName}' is not an IAM user name: use 1 to 64 letters, digits and + = , . @ _ -.`);
  }
  return withStore(flags, io, async (store, secrets, now) => {
    const result = await createEmergencyAdministrator(store, { accountId: flags.accountId, userName: flags.userName, now, random: systemRandom, secrets });
    io.stdout.write(flags.json ? JSON.stringify(result) + '\n' : describeAdministrator(result));
    return result;
  });
}

/**
 * Opens the server's store with the server's master key, or refuses. The key is only read,
 * never created: a new one would not be the server's, and recovery needs the server's.
 */
async function withStore<T>(flags: RecoverFlags, io: RecoverIo, work: (store: Store, secrets: SecretBox, now: Date) => Promise<T>): Promise<T> {
  const env = io.env ?? process.env;
  const config: ServeConfig = resolveConfig(flags, env);
  const key = readMasterKey(config.dataDir, env);
  if (!key) {
    throw new RecoveryRefused(
      `recovery needs the server's master key, and there is none: ${MASTER_KEY_ENV} is not set and ${masterKeyFile(config.dataDir)} does not exist. Run this on the server's host with the --data directory the server uses, or set ${MASTER_KEY_ENV} as the server has it.`,
    );
  }
  const sqliteFile = join(config.dataDir, 'gatehouse.sqlite');
  if (!config.databaseUrl?.startsWith('postgres') && !existsSync(sqliteFile)) {
    // Opening would create an empty database here instead of recovering the server's.
    throw new RecoveryRefused(`there is no database at ${sqliteFile}. Pass the --data directory the server uses, or --database postgres://… if it uses PostgreSQL.`);
  }
  const secrets = new SecretBox(key);
  const store = await openStore(config);
  try {
    await checkMasterKey(store, secrets);
    return await work(store, secrets, io.now?.() ?? new Date());
  } finally {
    await store.close();
  }
}

async function exitWith(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (error) {
    // Refusals, IAM's errors (a user name already taken) and the store's (an unreachable
    // database) all say what to do; a stack trace would only bury that.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`gatehouse recover: ${message}\n`);
    process.exit(1);
  }
}

function describeRootPassword(r: RootPasswordRecovery): string {
  return [
    '',
    `Gatehouse reset the root password of account ${r.accountId}. It is shown this once; store it now.`,
    '',
    `  Root user email   ${r.rootEmail}`,
    `  Root password     ${r.rootPassword}`,
    '',
    'Sign in to the web console with this email and password. Console sessions of the root user were ended.',
    ...(r.rootHasMfa ? ['The root user has an MFA device: signing in still asks for its code.'] : []),
    'The event history records the reset as PasswordRecoveryCompleted (signin.amazonaws.com).',
    '',
  ].join('\n');
}

function describeAdministrator(r: AdministratorRecovery): string {
  return [
    '',
    `Gatehouse created an emergency administrator in account ${r.accountId}. Its secret is shown this once; store it now.`,
    '',
    `  IAM user          ${r.userName} (AdministratorAccess attached to the user)`,
    `  Access key id     ${r.accessKeyId}`,
    `  Secret access key ${r.secretAccessKey}`,
    '',
    'Repair access with it; then, as another administrator, delete it:',
    `  aws iam delete-access-key --user-name ${r.userName} --access-key-id ${r.accessKeyId}`,
    `  aws iam detach-user-policy --user-name ${r.userName} --policy-arn arn:aws:iam::aws:policy/AdministratorAccess`,
    `  aws iam delete-user --user-name ${r.userName}`,
    'The event history records it as CreateEmergencyAdministrator (gatehouse.amazonaws.com).',
    '',
  ].join('\n');
}
