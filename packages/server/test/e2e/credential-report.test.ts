import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccountPasswordPolicyCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetUserCommand,
  type IAMClient,
  ListAccessKeysCommand,
  UpdateAccountPasswordPolicyCommand,
  type GetCredentialReportCommandOutput,
} from '@aws-sdk/client-iam';
import { GetCallerIdentityCommand, STSClient } from '@aws-sdk/client-sts';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpCode } from '../../src/auth/totp.js';
import { backends } from '../support/backends.js';
import { rootCredentials } from '../support/root-credentials.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const HOUR = 60 * 60 * 1000;
const DAY = 24 * HOUR;
const STEP_MS = 30_000;

// https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
const COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
];

/** How the report writes a time: ISO 8601 to the second, with +00:00. */
const reportTime = (ms: number | Date) => `${new Date(ms).toISOString().slice(0, 19)}+00:00`;
const NO_CERTS = { cert_1_active: 'false', cert_1_last_rotated: 'N/A', cert_2_active: 'false', cert_2_last_rotated: 'N/A' };
const NO_KEY_2 = {
  access_key_2_active: 'false',
  access_key_2_last_rotated: 'N/A',
  access_key_2_last_used_date: 'N/A',
  access_key_2_last_used_region: 'N/A',
  access_key_2_last_used_service: 'N/A',
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(await backends())('credential report on %s', (backend) => {
  let t: TestServer;
  const clients: (IAMClient | STSClient)[] = [];
  let iam: IAMClient;
  /** every secret the test saw, none of which may appear in a report */
  const secrets: string[] = [];

  // The server's clock is frozen at chosen instants so every time in the report is known;
  // clients sign with the same offset so the 15-minute skew check holds when it moves by hours.
  const start = Date.now();
  let offset = 0;
  function setTime(ms: number) {
    t.setClock(() => new Date(ms));
    offset = ms - Date.now();
    for (const c of clients) c.config.systemClockOffset = offset;
  }
  function iamFor(credentials?: Credentials) {
    const c = t.iam(credentials);
    c.config.systemClockOffset = offset;
    clients.push(c);
    return c;
  }
  function stsFor(credentials: Credentials, region: string) {
    const c = new STSClient({ endpoint: t.server.url, region, credentials, maxAttempts: 1, systemClockOffset: offset });
    clients.push(c);
    return c;
  }

  /** Polls until the report is ready; ReportInProgress is what IAM answers meanwhile. */
  async function waitForReport(): Promise<GetCredentialReportCommandOutput> {
    for (let i = 0; i < 200; i++) {
      try {
        return await iam.send(new GetCredentialReportCommand({}));
      } catch (error) {
        if ((error as Error).name !== 'CredentialReportNotReadyException') throw error;
        await sleep(25);
      }
    }
    throw new Error('the credential report never became ready');
  }

  function readCsv(report: GetCredentialReportCommandOutput): { text: string; header: string[]; rows: Record<string, string>[] } {
    const text = Buffer.from(report.Content!).toString('utf8');
    const records = parse(text) as string[][];
    const [header, ...lines] = records;
    return { text, header: header!, rows: lines.map((line) => Object.fromEntries(header!.map((column, i) => [column, line[i]!]))) };
  }

  // What the test created, and when.
  const times = {
    alice: start - 10 * 60_000 + 123,
    alicePassword: start - 9 * 60_000 + 456,
    aliceKey1: start - 8 * 60_000 + 789,
    aliceKey2: start - 7 * 60_000 + 12,
    bob: start - 6 * 60_000 + 345,
    rootKey: start - 5 * 60_000 + 678,
    rootKeyUse: start - 4 * 60_000 + 901,
    aliceKey1Use: start - 3 * 60_000 + 234,
    // after every call made on the real clock, so the admin key's last use moves forward to it
    generated: start + 2 * 60_000 + 567,
  };
  let adminCreated: Date;
  let adminKeyCreated: Date;
  let accountCreated: Date;
  let aliceKeys: string[];
  let rootKeyId: string;

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = iamFor();
    secrets.push(t.admin.secretAccessKey, t.admin.rootPassword);
    const account = await t.testStore.store.db.selectFrom('accounts').select('created_at').executeTakeFirstOrThrow();
    accountCreated = new Date(account.created_at);
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await t?.close();
  });

  it('answers ReportNotPresent before any report was generated', async () => {
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotPresentException',
      message: 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.',
      $metadata: { httpStatusCode: 410 },
    });
    // on the wire: the error code of the IAM model, not the SDK's exception name
    const body = 'Action=GetCredentialReport&Version=2010-05-08';
    const res = await fetch(t.server.url, { method: 'POST', body, headers: await t.signForm(body) });
    expect(res.status).toBe(410);
    const text = await res.text();
    expect(text).toContain('<Code>ReportNotPresent</Code>');
    expect(text).toContain('<Type>Sender</Type>');
  });

  it('answers ReportInProgress while a generation runs, and takes one that never finished for failed', async () => {
    const db = t.testStore.store.db;
    // A generation that is running (another node's, or this node's before it finished).
    await db
      .insertInto('credential_reports')
      .values({ account_id: TEST_ACCOUNT_ID, generation_id: 'elsewhere', state: 'STARTED', started_at: new Date(Date.now() - 60_000).toISOString(), generated_at: null, content: null })
      .execute();
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportNotReadyException',
      message: 'The request was rejected because the credential report is still being generated.',
      $metadata: { httpStatusCode: 404 },
    });
    // A second request does not start another generation.
    expect(await iam.send(new GenerateCredentialReportCommand({}))).toMatchObject({ State: 'INPROGRESS' });
    expect((await db.selectFrom('credential_reports').select('generation_id').executeTakeFirstOrThrow()).generation_id).toBe('elsewhere');

    // Started six minutes ago and never finished: its node died. There is still no report.
    await db.updateTable('credential_reports').set({ started_at: new Date(Date.now() - 6 * 60_000).toISOString() }).execute();
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({ name: 'CredentialReportNotPresentException' });
    await db.deleteFrom('credential_reports').execute();
  });

  it('sets up the identities the report describes', async () => {
    const admin = await iam.send(new GetUserCommand({ UserName: 'admin' }));
    adminCreated = admin.User!.CreateDate!;
    adminKeyCreated = (await iam.send(new ListAccessKeysCommand({ UserName: 'admin' }))).AccessKeyMetadata![0]!.CreateDate!;

    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 12, MaxPasswordAge: 90 }));
    setTime(times.alice);
    await iam.send(new CreateUserCommand({ UserName: 'alice', Path: '/team/' }));
    setTime(times.alicePassword);
    const password = 'Correct-horse-battery-9';
    secrets.push(password);
    await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: password }));
    setTime(times.aliceKey1);
    const key1 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    setTime(times.aliceKey2);
    const key2 = (await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }))).AccessKey!;
    aliceKeys = [key1.AccessKeyId!, key2.AccessKeyId!];
    secrets.push(key1.SecretAccessKey!, key2.SecretAccessKey!);

    // alice's virtual MFA device, enabled with two consecutive codes
    const step = Math.floor(Date.now() / STEP_MS);
    setTime(step * STEP_MS + 10_000);
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
    const seedText = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii');
    secrets.push(seedText);
    const seed = base32Decode(seedText);
    await iam.send(
      new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: VirtualMFADevice!.SerialNumber!, AuthenticationCode1: totpCode(seed, step - 1), AuthenticationCode2: totpCode(seed, step) }),
    );

    setTime(times.bob);
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));

    // the root user's own access key, used once with STS
    const root = await rootCredentials(t, { now: new Date(times.rootKey) });
    rootKeyId = root.accessKeyId;
    secrets.push(root.secretAccessKey);
    setTime(times.rootKeyUse);
    await stsFor(root, 'us-east-1').send(new GetCallerIdentityCommand({}));

    // alice's first key used once, in another region; her second never
    setTime(times.aliceKey1Use);
    await stsFor({ accessKeyId: key1.AccessKeyId!, secretAccessKey: key1.SecretAccessKey! }, 'eu-west-1').send(new GetCallerIdentityCommand({}));
  });

  let first: GetCredentialReportCommandOutput;

  it('generates in the background and serves every column as AWS writes it', async () => {
    // Frozen until the report is read, so the admin's key shows exactly this last use.
    setTime(times.generated);
    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    expect(generated).toMatchObject({ State: 'STARTED', Description: 'No report exists. Starting a new report generation task' });

    first = await waitForReport();
    expect(first.ReportFormat).toBe('text/csv');
    expect(first.GeneratedTime).toEqual(new Date(Math.floor(times.generated / 1000) * 1000));
    const { text, header, rows } = readCsv(first);
    expect(header).toEqual(COLUMNS);
    expect(text.endsWith('\n')).toBe(false);
    expect(text.split('\n')[0]).toBe(COLUMNS.join(','));
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'admin', 'alice', 'bob']);
    const [root, admin, alice, bob] = rows;

    expect(root).toEqual({
      user: '<root_account>',
      arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`,
      user_creation_time: reportTime(accountCreated),
      password_enabled: 'not_supported',
      password_last_used: 'no_information',
      password_last_changed: 'not_supported',
      password_next_rotation: 'not_supported',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_rotated: reportTime(times.rootKey),
      access_key_1_last_used_date: reportTime(times.rootKeyUse),
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'sts',
      ...NO_KEY_2,
      ...NO_CERTS,
    });
    expect(admin).toEqual({
      user: 'admin',
      arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/admin`,
      user_creation_time: reportTime(adminCreated),
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'true',
      access_key_1_last_rotated: reportTime(adminKeyCreated),
      access_key_1_last_used_date: reportTime(times.generated),
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'iam',
      ...NO_KEY_2,
      ...NO_CERTS,
    });
    expect(alice).toEqual({
      user: 'alice',
      arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/team/alice`,
      user_creation_time: reportTime(times.alice),
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_last_changed: reportTime(times.alicePassword),
      password_next_rotation: reportTime(times.alicePassword + 90 * DAY),
      mfa_active: 'true',
      access_key_1_active: 'true',
      access_key_1_last_rotated: reportTime(times.aliceKey1),
      access_key_1_last_used_date: reportTime(times.aliceKey1Use),
      access_key_1_last_used_region: 'eu-west-1',
      access_key_1_last_used_service: 'sts',
      access_key_2_active: 'true',
      access_key_2_last_rotated: reportTime(times.aliceKey2),
      access_key_2_last_used_date: 'N/A',
      access_key_2_last_used_region: 'N/A',
      access_key_2_last_used_service: 'N/A',
      ...NO_CERTS,
    });
    expect(bob).toEqual({
      user: 'bob',
      arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob`,
      user_creation_time: reportTime(times.bob),
      password_enabled: 'false',
      password_last_used: 'N/A',
      password_last_changed: 'N/A',
      password_next_rotation: 'N/A',
      mfa_active: 'false',
      access_key_1_active: 'false',
      access_key_1_last_rotated: 'N/A',
      access_key_1_last_used_date: 'N/A',
      access_key_1_last_used_region: 'N/A',
      access_key_1_last_used_service: 'N/A',
      ...NO_KEY_2,
      ...NO_CERTS,
    });

    // Key ids are no secret, but no secret of any kind is in the report.
    expect(text).toContain('alice');
    expect(text).not.toContain(rootKeyId);
    for (const secret of secrets) expect(text).not.toContain(secret);
  });

  it('sends the CSV base64-encoded in the XML', async () => {
    setTime(Date.now());
    const body = 'Action=GetCredentialReport&Version=2010-05-08';
    const res = await fetch(t.server.url, { method: 'POST', body, headers: await t.signForm(body) });
    expect(res.status).toBe(200);
    const xml = await res.text();
    const content = /<Content>([^<]*)<\/Content>/.exec(xml)?.[1];
    expect(content).toMatch(/^[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(content!, 'base64')).toEqual(Buffer.from(first.Content!));
    expect(xml).toContain('<ReportFormat>text/csv</ReportFormat>');
    expect(xml).toContain(`<GeneratedTime>${new Date(Math.floor(times.generated / 1000) * 1000).toISOString().replace('.000Z', 'Z')}</GeneratedTime>`);
  });

  it('reuses a report younger than four hours: COMPLETE, nothing regenerated', async () => {
    setTime(times.generated + HOUR);
    await iam.send(new CreateUserCommand({ UserName: 'carol,ops' }));
    expect(await iam.send(new GenerateCredentialReportCommand({}))).toEqual(expect.objectContaining({ State: 'COMPLETE' }));
    expect((await iam.send(new GenerateCredentialReportCommand({}))).Description).toBeUndefined();
    const again = await iam.send(new GetCredentialReportCommand({}));
    expect(again.GeneratedTime).toEqual(first.GeneratedTime);
    expect(Buffer.from(again.Content!)).toEqual(Buffer.from(first.Content!));
    expect(readCsv(again).rows.map((r) => r.user)).not.toContain('carol,ops');

    // four hours to the second is still within the lifetime
    setTime(times.generated + 4 * HOUR);
    expect((await iam.send(new GetCredentialReportCommand({}))).GeneratedTime).toEqual(first.GeneratedTime);
  });

  it('refuses a caller without iam:GetCredentialReport or iam:GenerateCredentialReport', async () => {
    setTime(times.generated + 4 * HOUR);
    const key = (await iam.send(new CreateAccessKeyCommand({ UserName: 'carol,ops' }))).AccessKey!;
    secrets.push(key.SecretAccessKey!);
    const carol = iamFor({ accessKeyId: key.AccessKeyId!, secretAccessKey: key.SecretAccessKey! });
    await expect(carol.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: iam:GetCredentialReport on resource: *'),
    });
    await expect(carol.send(new GenerateCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('is not authorized to perform: iam:GenerateCredentialReport on resource: *'),
    });
  });

  it('answers ReportExpired after four hours, and a new generation then starts', async () => {
    const later = times.generated + 4 * HOUR + 2000;
    setTime(later);
    await expect(iam.send(new GetCredentialReportCommand({}))).rejects.toMatchObject({
      name: 'CredentialReportExpiredException',
      message:
        'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.',
      $metadata: { httpStatusCode: 410 },
    });

    // Changes since the first report: no rotation policy any more; alice signed in (written
    // directly: Gatehouse has no console sign-in yet); carol with a comma in her name.
    await iam.send(new DeleteAccountPasswordPolicyCommand({}));
    const signedIn = times.generated + 2 * HOUR + 999;
    await t.testStore.store.db.updateTable('users').set({ password_last_used: new Date(signedIn).toISOString() }).where('name', '=', 'alice').execute();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'carol,ops', Password: 'Another-password-42' }));

    const generated = await iam.send(new GenerateCredentialReportCommand({}));
    expect(generated.State).toBe('STARTED');
    expect(generated.Description).toBeUndefined();
    const second = await waitForReport();
    expect(second.GeneratedTime).toEqual(new Date(Math.floor(later / 1000) * 1000));
    const { text, rows } = readCsv(second);
    expect(rows.map((r) => r.user)).toEqual(['<root_account>', 'admin', 'alice', 'bob', 'carol,ops']);
    // a name with a comma is quoted, as CSV requires
    expect(text).toContain(`"carol,ops","arn:aws:iam::${TEST_ACCOUNT_ID}:user/carol,ops"`);
    const alice = rows[2]!;
    expect(alice.password_last_used).toBe(reportTime(signedIn));
    expect(alice.password_next_rotation).toBe('N/A');
    expect(alice.access_key_1_last_rotated).toBe(reportTime(times.aliceKey1));
    const carol = rows[4]!;
    expect(carol).toMatchObject({
      password_enabled: 'true',
      password_last_used: 'no_information',
      password_last_changed: reportTime(later),
      password_next_rotation: 'N/A',
      access_key_1_active: 'true',
      access_key_1_last_rotated: reportTime(times.generated + 4 * HOUR),
      access_key_1_last_used_date: reportTime(times.generated + 4 * HOUR),
      access_key_1_last_used_region: 'us-east-1',
      access_key_1_last_used_service: 'iam',
    });
    for (const secret of [...secrets, 'Another-password-42']) expect(text).not.toContain(secret);
    expect(aliceKeys.some((id) => text.includes(id))).toBe(false);
  });
});

/** An access key of the account's root user, made the way CreateAccessKey makes one for root. */
