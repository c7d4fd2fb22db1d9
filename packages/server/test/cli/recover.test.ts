import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { CloudTrailClient, LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import { GetUserCommand, IAMClient, ListAttachedUserPoliciesCommand, ListUsersCommand } from '@aws-sdk/client-iam';
import { afterEach, describe, expect, it } from 'vitest';
import type { CloudTrailRecord } from '../../src/audit/event-record.js';
import { verifyPassword } from '../../src/auth/password.js';
import { createAccount } from '../../src/bootstrap.js';
import { systemRandom } from '../../src/crypto/random.js';
import { SecretBox } from '../../src/crypto/secret-box.js';
import { resetRootPassword } from '../../src/recovery.js';
import { ConsoleBrowser } from '../console-api/console-client.js';
import { backends, openTestStore } from '../support/backends.js';
import { cleanEnv, gatehouse, place, startGatehouse, type Cleanups } from '../support/cli.js';

const ACCOUNT_ID = '111122223333';
// Each command is a process of its own that compiles the sources on start: seconds apiece on a busy machine.
const SUBPROCESSES_MS = 120_000;

const cleanups: Cleanups = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe.each(await backends())('gatehouse recover on %s', (backend) => {
  it('resets the root password and creates an emergency administrator, each printed once and recorded', async () => {
    const { args } = await place(backend, cleanups);
    const first = await gatehouse(['bootstrap', ...args, '--json', '--account-id', ACCOUNT_ID]);
    expect(first.code).toBe(0);
    const boot = JSON.parse(first.stdout) as { rootEmail: string; rootPassword: string };
    // recovery works while the server runs on the same store
    const { url } = await startGatehouse([...args, '--port', '0'], cleanups);
    const before = new ConsoleBrowser(url);
    expect((await before.signIn({ email: boot.rootEmail, password: boot.rootPassword })).body).toEqual({ next: 'done' });

    const reset = await gatehouse(['recover', 'root-password', ...args, '--json']);
    expect(reset).toMatchObject({ code: 0, stderr: '' });
    const root = JSON.parse(reset.stdout) as { accountId: string; rootEmail: string; rootPassword: string };
    expect(root).toMatchObject({ accountId: ACCOUNT_ID, rootEmail: boot.rootEmail });
    expect(root.rootPassword).not.toBe(boot.rootPassword);
    // the session signed in with the old password is over, the old password no longer signs in, the new one does
    expect((await before.session()).body.signedIn).toBe(false);
    expect((await new ConsoleBrowser(url).signIn({ email: boot.rootEmail, password: boot.rootPassword })).status).toBe(401);
    expect((await new ConsoleBrowser(url).signIn({ email: root.rootEmail, password: root.rootPassword })).body).toEqual({ next: 'done' });

    const issued = await gatehouse(['recover', 'admin-key', ...args]);
    expect(issued).toMatchObject({ code: 0, stderr: '' });
    expect(issued.stdout).toContain(`Gatehouse created an emergency administrator in account ${ACCOUNT_ID}. Its secret is shown this once; store it now.`);
    const userName = /IAM user\s+(emergency-admin-\d{8}T\d{6}Z) /.exec(issued.stdout)?.[1];
    const accessKeyId = /Access key id\s+(AKIA\w{16})/.exec(issued.stdout)?.[1];
    const secretAccessKey = /Secret access key\s+(\S{40})/.exec(issued.stdout)?.[1];
    expect(userName).toBeDefined();
    const credentials = { accessKeyId: accessKeyId!, secretAccessKey: secretAccessKey! };
    const iam = new IAMClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    const trail = new CloudTrailClient({ endpoint: url, region: 'us-east-1', credentials, maxAttempts: 1 });
    cleanups.push(async () => {
      iam.destroy();
      trail.destroy();
    });
    expect((await iam.send(new GetUserCommand({}))).User).toMatchObject({ UserName: userName, Arn: `arn:aws:iam::${ACCOUNT_ID}:user/${userName}` });
    expect((await iam.send(new ListUsersCommand({}))).Users!.map((u) => u.UserName).sort()).toEqual(['admin', userName].sort());
    expect((await iam.send(new ListAttachedUserPoliciesCommand({ UserName: userName }))).AttachedPolicies).toEqual([
      { PolicyName: 'AdministratorAccess', PolicyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
    ]);

    const recorded = async (eventName: string) => {
      const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: eventName }] }));
      expect(Events).toHaveLength(1);
      return { event: Events![0]!, record: JSON.parse(Events![0]!.CloudTrailEvent!) as CloudTrailRecord };
    };
    const recovery = await recorded('PasswordRecoveryCompleted');
    expect(recovery.event).toMatchObject({ EventSource: 'signin.amazonaws.com', Username: 'root', ReadOnly: 'false' });
    expect(recovery.record).toMatchObject({
      userIdentity: { type: 'Root', arn: `arn:aws:iam::${ACCOUNT_ID}:root`, accountId: ACCOUNT_ID },
      eventType: 'AwsConsoleSignIn',
      responseElements: { PasswordRecoveryCompleted: 'Success' },
      additionalEventData: { RecoveredWith: 'master key' },
      recipientAccountId: ACCOUNT_ID,
    });
    const admin = await recorded('CreateEmergencyAdministrator');
    expect(admin.event).toMatchObject({ EventSource: 'gatehouse.amazonaws.com', Username: 'root' });
    expect(admin.record).toMatchObject({
      requestParameters: { userName, policyArn: 'arn:aws:iam::aws:policy/AdministratorAccess' },
      responseElements: { user: { userName }, accessKey: { accessKeyId, status: 'Active' } },
    });
    expect(admin.event.Resources).toEqual(expect.arrayContaining([{ ResourceType: 'AWS::IAM::AccessKey', ResourceName: accessKeyId }]));
    for (const { event } of [recovery, admin]) {
      expect(event.CloudTrailEvent).not.toContain(root.rootPassword);
      expect(event.CloudTrailEvent).not.toContain(secretAccessKey);
    }
  }, SUBPROCESSES_MS);

  it('refuses without the master key, with another one, or with an account it cannot tell', async () => {
    const { dataDir, args } = await place(backend, cleanups);
    expect((await gatehouse(['bootstrap', ...args, '--json', '--account-id', ACCOUNT_ID])).code).toBe(0);
    const other = randomBytes(32).toString('base64');

    const wrongKey = await gatehouse(['recover', 'admin-key', ...args], cleanEnv({ GATEHOUSE_MASTER_KEY: other }));
    expect(wrongKey).toMatchObject({ code: 1, stdout: '' });
    expect(wrongKey.stderr).toBe(
      'gatehouse recover: the master key given does not open the secrets in this database, so it is not the key the server uses. Set GATEHOUSE_MASTER_KEY as the server has it, or pass the --data directory whose master.key the server reads.\n',
    );
    const noAccount = await gatehouse(['recover', 'root-password', ...args, '--account-id', '999999999999']);
    expect(noAccount).toMatchObject({ code: 1, stdout: '' });
    expect(noAccount.stderr).toContain('gatehouse recover: no account 999999999999 in this database.');
    const badName = await gatehouse(['recover', 'admin-key', ...args, '--user-name', 'no spaces']);
    expect(badName.stderr).toContain("gatehouse recover: --user-name 'no spaces' is not an IAM user name");

    rmSync(join(dataDir, 'master.key'));
    const noKey = await gatehouse(['recover', 'root-password', ...args]);
    expect(noKey).toMatchObject({ code: 1, stdout: '' });
    expect(noKey.stderr).toBe(
      `gatehouse recover: recovery needs the server's master key, and there is none: GATEHOUSE_MASTER_KEY is not set and ${join(dataDir, 'master.key')} does not exist. Run this on the server's host with the --data directory the server uses, or set GATEHOUSE_MASTER_KEY as the server has it.\n`,
    );
  }, SUBPROCESSES_MS);

  it('asks which account when the store holds several, and sets an argon2id hash of the new password', async () => {
    const testStore = await openTestStore(backend);
    cleanups.push(() => testStore.dispose());
    const options = { now: new Date(), random: systemRandom, secrets: new SecretBox(Buffer.alloc(32, 3)) };
    await createAccount(testStore.store, { ...options, accountId: '111111111111' });
    await createAccount(testStore.store, { ...options, accountId: '222222222222' });
    await expect(resetRootPassword(testStore.store, options)).rejects.toThrow('this database holds several accounts (111111111111, 222222222222); pass --account-id with the one to recover.');

    const reset = await resetRootPassword(testStore.store, { ...options, accountId: '222222222222' });
    const row = await testStore.store.db.selectFrom('accounts').select('root_password_hash').where('id', '=', '222222222222').executeTakeFirstOrThrow();
    expect(row.root_password_hash).toMatch(/^\$argon2id\$/);
    expect(await verifyPassword(row.root_password_hash, reset.rootPassword)).toBe(true);
  });
});
