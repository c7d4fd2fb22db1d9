import { Command, Option } from 'commander';
import { pino } from 'pino';
import { AlreadyBootstrapped, bootstrap, isBootstrapped, type BootstrapResult } from '../bootstrap.js';
import { resolveConfig, type ServeConfig } from '../config.js';
import { systemRandom } from '../crypto/random.js';
import { auditCommand } from './audit.js';
import { recoverCommand } from './recover.js';
import { loadMasterKey, SecretBox } from '../crypto/secret-box.js';
import { startServer, type RunningServer } from '../http/server.js';
import { revokeOlderSessions } from '../iam/roles/revoke-sessions.js';
import { openStore } from '../storage/database.js';
import { verifyEventsCommand, type VerifyEventsFlags } from './verify-events.js';
import { createWorkloadToken, revokeWorkloadToken } from '../workload/tokens.js';

const program = new Command('gatehouse').description('Self-hosted IAM that speaks AWS IAM, STS and CloudTrail.');

const dataOption = () => new Option('--data <dir>', 'directory for the SQLite database and master key (env GATEHOUSE_DATA)').default(undefined, './data');
const databaseOption = () => new Option('--database <url>', 'postgres://… to use PostgreSQL instead of SQLite (env GATEHOUSE_DATABASE)');

program
  .command('bootstrap')
  .description('create the first account, its root user and IAM user admin; prints the credentials once')
  .addOption(dataOption())
  .addOption(databaseOption())
  .option('--account-id <id>', 'a fixed 12-digit account id (default: random)')
  .option('--root-email <email>', "the root user's email")
  .option('--json', 'print the credentials as JSON')
  .action(async (flags: { data?: string; database?: string; accountId?: string; rootEmail?: string; json?: boolean }) => {
    const config = resolveConfig(flags);
    // The key first, so that the data directory it creates is Gatehouse's own (mode 0700).
    const secrets = new SecretBox(loadMasterKey(config.dataDir));
    const store = await openStore(config);
    try {
      const result = await bootstrap(store, { accountId: flags.accountId, rootEmail: flags.rootEmail, now: new Date(), random: systemRandom, secrets });
      process.stdout.write(flags.json ? JSON.stringify(result) + '\n' : describeCredentials(result, config));
    } catch (error) {
      if (error instanceof AlreadyBootstrapped) fail(error.message);
      throw error;
    } finally {
      await store.close();
    }
  });

program
  .command('serve')
  .description('serve the IAM and STS APIs')
  .addOption(dataOption())
  .addOption(databaseOption())
  .option('--host <host>', 'address to listen on (env GATEHOUSE_HOST)', undefined)
  .option('--port <port>', 'port to listen on, 0 for any free port (env GATEHOUSE_PORT, default 7400)')
  .option('--trusted-proxies <list>', 'reverse proxies whose X-Forwarded-For/-Proto are believed: addresses or CIDR ranges, comma-separated (env GATEHOUSE_TRUSTED_PROXIES)')
  .option('--event-retention-days <days>', 'days the event history keeps records (env GATEHOUSE_EVENT_RETENTION_DAYS, default 90)')
  .option('--event-digest-minutes <minutes>', 'minutes each signed event digest covers, dividing an hour or a day (env GATEHOUSE_EVENT_DIGEST_MINUTES, default 5)')
  .action(async (flags) => {
    await serve(resolveConfig(flags), false);
  });

program
  .command('start')
  .description('what `npm start` runs: bootstrap on first start, then serve')
  .addOption(dataOption())
  .addOption(databaseOption())
  .option('--host <host>', 'address to listen on (env GATEHOUSE_HOST)')
  .option('--port <port>', 'port to listen on (env GATEHOUSE_PORT, default 7400)')
  .option('--trusted-proxies <list>', 'reverse proxies whose X-Forwarded-For/-Proto are believed: addresses or CIDR ranges, comma-separated (env GATEHOUSE_TRUSTED_PROXIES)')
  .option('--event-retention-days <days>', 'days the event history keeps records (env GATEHOUSE_EVENT_RETENTION_DAYS, default 90)')
  .option('--event-digest-minutes <minutes>', 'minutes each signed event digest covers, dividing an hour or a day (env GATEHOUSE_EVENT_DIGEST_MINUTES, default 5)')
  .action(async (flags) => {
    await serve(resolveConfig(flags), true);
  });

const workload = program.command('workload-token').description('tokens that let a workload fetch its instance profile role credentials');

workload
  .command('create')
  .description('register a workload for an instance profile; prints its token once')
  .requiredOption('--instance-profile <name>', 'the instance profile whose role the workload gets')
  .requiredOption('--account-id <id>', 'the account of the instance profile')
  .option('--name <name>', 'a name to recognise the workload by')
  .addOption(dataOption())
  .addOption(databaseOption())
  .action(async (flags: { instanceProfile: string; accountId: string; name?: string; data?: string; database?: string }) => {
    const config = resolveConfig(flags);
    const store = await openStore(config);
    try {
      const { id, token } = await createWorkloadToken(store, { accountId: flags.accountId, instanceProfileName: flags.instanceProfile, name: flags.name, now: new Date() });
      process.stdout.write(
        [
          `Workload ${id} registered. Its token is shown this once; give it to the workload and nothing else.`,
          '',
          `  AWS_CONTAINER_CREDENTIALS_FULL_URI=http://${config.host}:${config.port}/gatehouse/workload-credentials`,
          `  AWS_CONTAINER_AUTHORIZATION_TOKEN=${token}`,
          '',
        ].join('\n'),
      );
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    } finally {
      await store.close();
    }
  });

workload
  .command('revoke')
  .description('stop a workload token from fetching credentials')
  .requiredOption('--id <id>', 'the workload id printed at creation')
  .addOption(dataOption())
  .addOption(databaseOption())
  .action(async (flags: { id: string; data?: string; database?: string }) => {
    const store = await openStore(resolveConfig(flags));
    try {
      if (!(await revokeWorkloadToken(store, flags.id))) fail(`No workload token has id ${flags.id}.`);
      process.stdout.write(`Workload token ${flags.id} revoked.\n`);
    } finally {
      await store.close();
    }
  });

program
  .command('revoke-role-sessions')
  .description("deny every session of a role issued before now (the console's Revoke active sessions)")
  .requiredOption('--account-id <id>', 'the account of the role')
  .requiredOption('--role-name <name>', 'the role whose older sessions lose all permissions')
  .addOption(dataOption())
  .addOption(databaseOption())
  .action(async (flags: { accountId: string; roleName: string; data?: string; database?: string }) => {
    const store = await openStore(resolveConfig(flags));
    try {
      const cutoff = await revokeOlderSessions(store, flags.accountId, flags.roleName, new Date());
      process.stdout.write(`Sessions of role ${flags.roleName} issued before ${cutoff} are now denied everything (inline policy AWSRevokeOlderSessions).\n`);
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    } finally {
      await store.close();
    }
  });

program
  .command('verify-events')
  .description('check the event history against its hash chain and signed digests; exit 1 if anything was altered, removed or inserted')
  .addOption(dataOption())
  .addOption(databaseOption())
  .option('--account-id <id>', 'verify one account (default: all)')
  .option('--public-key <file>', 'the digest public key (PEM or the JSON of GET /gatehouse/event-digest-key); default: derived from the master key')
  .option('--retention-days <days>', 'the retention the server prunes with (env GATEHOUSE_EVENT_RETENTION_DAYS, default 90)')
  .option('--event-digest-minutes <minutes>', 'the digest period the server seals with (env GATEHOUSE_EVENT_DIGEST_MINUTES, default 5)')
  .option('--json', 'print the report as JSON')
  .action(async (flags: VerifyEventsFlags) => {
    try {
      process.exitCode = await verifyEventsCommand(flags, (text) => process.stdout.write(text));
    } catch (error) {
      fail(error instanceof Error ? error.message : String(error));
    }
  });

program.addCommand(auditCommand());
program.addCommand(recoverCommand());

async function serve(config: ServeConfig, bootstrapFirst: boolean): Promise<void> {
  const secrets = new SecretBox(loadMasterKey(config.dataDir));
  const logger = pino({ level: config.logLevel });
  const store = await openStore({ ...config, logger });
  const firstStart = bootstrapFirst && !(await isBootstrapped(store));
  // The port is taken before the account is made: bootstrapping first and then failing to
  // listen would leave an account whose only credentials were never shown, and which no later
  // start would make again.
  let server: RunningServer;
  try {
    server = await startServer({
      store,
      secrets,
      host: config.host,
      port: config.port,
      logger,
      eventRetentionDays: config.eventRetentionDays,
      eventDigestMinutes: config.eventDigestMinutes,
      trustedProxies: config.trustedProxies,
      console: { sessions: { idleMinutes: config.consoleIdleMinutes, sessionHours: config.consoleSessionHours } },
    });
  } catch (error) {
    await store.close();
    fail(listenFailure(error, config, firstStart));
  }
  let firstRun: BootstrapResult | undefined;
  if (firstStart) {
    try {
      firstRun = await bootstrap(store, { now: new Date(), random: systemRandom, secrets });
    } catch (error) {
      // Another node sharing the database bootstrapped in the meantime and showed the credentials.
      if (!(error instanceof AlreadyBootstrapped)) {
        await server.close();
        await store.close();
        throw error;
      }
    }
  }
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${server.port}`;
  if (firstRun) process.stdout.write(describeCredentials(firstRun, { ...config, port: server.port }));
  // Browsers refuse security keys on IP addresses: the console link names the loopback host.
  const consoleUrl = config.host === '127.0.0.1' || config.host === '::1' ? `http://localhost:${server.port}/` : `${url}/`;
  process.stdout.write(`Gatehouse is serving IAM, STS and CloudTrail at ${url}\nWeb console: ${consoleUrl}\n`);
  // Requests in flight get a few seconds to finish, as an orchestrator's termination grace period expects.
  const stop = () => {
    void server
      .close({ drainMs: SHUTDOWN_DRAIN_MS })
      .then(() => store.close())
      .then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

const SHUTDOWN_DRAIN_MS = 10_000;

function describeCredentials(r: BootstrapResult, config: Pick<ServeConfig, 'host' | 'port'>): string {
  const endpoint = `http://${config.host}:${config.port}`;
  return [
    '',
    'Gatehouse created your first account. These secrets are shown this once; store them now.',
    '',
    `  Account id        ${r.accountId}`,
    `  Root user email   ${r.rootEmail}`,
    `  Root password     ${r.rootPassword}`,
    '',
    `  IAM user          ${r.userName} (group Administrators, AdministratorAccess)`,
    `  Access key id     ${r.accessKeyId}`,
    `  Secret access key ${r.secretAccessKey}`,
    '',
    'Use them with the aws CLI:',
    `  aws configure set aws_access_key_id ${r.accessKeyId} --profile gatehouse`,
    '  aws configure set aws_secret_access_key <the secret above> --profile gatehouse',
    '  aws configure set region us-east-1 --profile gatehouse',
    `  aws iam list-users --profile gatehouse --endpoint-url ${endpoint}`,
    '',
  ].join('\n');
}

/** Why the server could not listen, and what to do about it. */
function listenFailure(error: unknown, config: Pick<ServeConfig, 'host' | 'port'>, firstStart: boolean): string {
  const code = (error as NodeJS.ErrnoException).code;
  const where = `${config.host} port ${config.port}`;
  const nothingMade = firstStart ? ' No account was created: the next start that can listen creates it and prints its credentials.' : '';
  switch (code) {
    case 'EADDRINUSE':
      return `cannot listen on ${where}: another program is using it.${nothingMade} Stop that program, or start Gatehouse on another port with --port N (or GATEHOUSE_PORT; 0 picks a free one).`;
    case 'EACCES':
      return `cannot listen on ${where}: this user may not open it (ports below 1024 need privileges).${nothingMade} Use --port with a port above 1023, e.g. --port 7400.`;
    case 'EADDRNOTAVAIL':
      return `cannot listen on ${where}: ${config.host} is not an address of this machine.${nothingMade} Use --host 127.0.0.1, or 0.0.0.0 for every interface.`;
    default:
      return `could not start serving on ${where}: ${error instanceof Error ? error.message : String(error)}.${nothingMade}`;
  }
}

function fail(message: string): never {
  process.stderr.write(`gatehouse: ${message}\n`);
  process.exit(1);
}

await program.parseAsync(process.argv);
