import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import {
  AddUserToGroupCommand,
  AttachGroupPolicyCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateGroupCommand,
  CreateLoginProfileCommand,
  CreatePolicyCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeleteAccessKeyCommand,
  DeleteUserCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  PutUserPolicyCommand,
  RemoveUserFromGroupCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { gatherSnapshot, type AccountSnapshot, type GatherProgress } from '../../src/audit/account-snapshot.js';
import type { CheckResult } from '../../src/audit/security-checks.js';
import { SECURITY_CHECKS } from '../../src/audit/security-checks.js';
import { base32Decode, totpCode } from '../../src/auth/totp.js';
import { createAccount } from '../../src/bootstrap.js';
import { runAudit, type AuditOptions } from '../../src/cli/audit.js';
import { systemRandom } from '../../src/crypto/random.js';
import { backends } from '../support/backends.js';
import { rootCredentials } from '../support/root-credentials.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const bin = new URL('../../bin/gatehouse.js', import.meta.url).pathname;
const DAY_MS = 24 * 60 * 60 * 1000;
const STEP_MS = 30_000;
const ALL_IDS = SECURITY_CHECKS.map((c) => c.id);

interface Captured {
  code: number;
  stdout: string;
  stderr: string;
}

/** The command's core, in-process, with its output captured. */
async function audit(options: AuditOptions, stderrIsTTY = false): Promise<Captured> {
  let stdout = '';
  let stderr = '';
  const err = Object.assign(new PassThrough(), { isTTY: stderrIsTTY });
  err.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const code = await runAudit(options, { stdout: { write: (text: string) => (stdout += text) }, stderr: err, env: {} });
  return { code, stdout, stderr };
}

const statuses = (checks: readonly CheckResult[]) => Object.fromEntries(checks.map((c) => [c.id, c.status]));

/**
 * `gatehouse audit` as a user runs it: a child process with only the environment given (and the
 * SDK's notice about Node.js 20 silenced, so stderr holds only what the command says).
 */
function runBinary(args: string[], env: Record<string, string>): Promise<Captured> {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('AWS_'))) as Record<string, string>;
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, 'audit', ...args], { env: { ...clean, AWS_EC2_METADATA_DISABLED: 'true', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true', ...env } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

describe.each(await backends())('gatehouse audit on %s', (backend) => {
  // Every check must be seen passing and failing across the configurations below.
  const seen = new Map<string, Set<string>>(ALL_IDS.map((id) => [id, new Set<string>()]));
  const record = (checks: readonly CheckResult[]) => checks.forEach((c) => seen.get(c.id)!.add(c.status));

  describe('a well-configured account', () => {
    let t: TestServer;
    let iam: IAMClient;

    beforeAll(async () => {
      t = await startTestServer(backend);
      iam = t.iam();
      // Root gets MFA with a key of its own, which is then deleted: no root keys remain.
      const rootKey = await rootCredentials(t, { accountId: TEST_ACCOUNT_ID });
      const root = t.iam(rootKey);
      await enableVirtualMfa(t, root, 'root-account-mfa-device', TEST_ACCOUNT_ID);
      await root.send(new DeleteAccessKeyCommand({ AccessKeyId: rootKey.accessKeyId }));
      root.destroy();

      await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 16, PasswordReusePrevention: 24, RequireNumbers: true }));
      await iam.send(new CreateGroupCommand({ GroupName: 'Developers' }));
      const { Policy } = await iam.send(
        new CreatePolicyCommand({ PolicyName: 'DeveloperAccess', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }),
      );
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Developers', PolicyArn: Policy!.Arn }));
      await iam.send(new CreateUserCommand({ UserName: 'alice' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'Developers', UserName: 'alice' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'alice', Password: 'correct-horse-battery-42' }));
      await enableVirtualMfa(t, iam, 'alice', 'alice');
    });
    afterAll(async () => {
      iam?.destroy();
      await t?.close();
    });

    it('passes every check and exits 0', async () => {
      const { code, stdout, stderr } = await audit({ endpoint: t.server.url, credentials: adminOf(t), json: true });
      expect(stderr).toBe('');
      const report = JSON.parse(stdout);
      record(report.checks);
      expect(report).toMatchObject({ tool: 'gatehouse audit', endpoint: t.server.url, accountId: TEST_ACCOUNT_ID, summary: { checks: ALL_IDS.length, passed: ALL_IDS.length, failed: 0 } });
      expect(statuses(report.checks)).toEqual(Object.fromEntries(ALL_IDS.map((id) => [id, 'pass'])));
      const finding = (id: string) => report.checks.find((c: CheckResult) => c.id === id).finding;
      expect(finding('cis-1.8-password-length')).toBe('The password policy requires at least 16 characters.');
      expect(finding('cis-1.10-mfa-console-users')).toBe('The one IAM user with a console password has MFA.');
      expect(finding('individual-iam-users')).toBe('The account has 2 IAM users, so no one needs to work as the root user.');
      expect(finding('cis-1.16-full-admin-policies')).toBe('No customer managed policy (of 1) allows full "*:*" administrative privileges.');
      expect(code).toBe(0);
    });

    it('prints a table, and a progress bar on a terminal', async () => {
      const { code, stdout, stderr } = await audit({ endpoint: t.server.url, credentials: adminOf(t) }, true);
      expect(code).toBe(0);
      expect(stderr).toContain('Auditing IAM');
      expect(stdout).toContain('The root user has MFA');
      expect(stdout).toContain('CIS 1.12');
      expect(stdout).not.toContain('FAIL');
      expect(stdout).not.toContain('To fix:');
      expect(stdout).toContain(`15 checks of account ${TEST_ACCOUNT_ID} at ${t.server.url}: 15 passed, 0 failed.`);
    });
  });

  describe('a badly configured account', () => {
    let t: TestServer;
    let iam: IAMClient;
    let rootKey: Credentials;
    const keyIds: Record<string, string[]> = {};

    beforeAll(async () => {
      t = await startTestServer(backend);
      iam = t.iam();
      // Root has an access key and uses it; it has no MFA. There is no password policy.
      rootKey = await rootCredentials(t, { accountId: TEST_ACCOUNT_ID });
      const root = t.iam(rootKey);
      await root.send(new GetAccountSummaryCommand({}));
      root.destroy();

      await iam.send(new CreateGroupCommand({ GroupName: 'Staff' }));
      const { Policy } = await iam.send(
        new CreatePolicyCommand({ PolicyName: 'Everything', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) }),
      );
      await iam.send(new AttachGroupPolicyCommand({ GroupName: 'Staff', PolicyArn: Policy!.Arn }));
      const newUser = async (name: string, client = iam) => {
        await client.send(new CreateUserCommand({ UserName: name }));
        if (name !== 'direct') await client.send(new AddUserToGroupCommand({ GroupName: 'Staff', UserName: name }));
      };
      const newKey = async (name: string, client = iam) => {
        const { AccessKey } = await client.send(new CreateAccessKeyCommand({ UserName: name }));
        (keyIds[name] ??= []).push(AccessKey!.AccessKeyId!);
      };
      // permissions of its own, and in no group
      await newUser('direct');
      await iam.send(new AttachUserPolicyCommand({ UserName: 'direct', PolicyArn: 'arn:aws:iam::aws:policy/ReadOnlyAccess' }));
      await iam.send(new PutUserPolicyCommand({ UserName: 'direct', PolicyName: 'own', PolicyDocument: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'sqs:*', Resource: '*' }] }) }));
      // two active keys
      await newUser('twokeys');
      await newKey('twokeys');
      await newKey('twokeys');
      // a console password without MFA, and a key handed out with it that was never used
      await newUser('console');
      await iam.send(new CreateLoginProfileCommand({ UserName: 'console', Password: 'correct-horse-battery-42' }));
      await newKey('console');
      // a key made 100 days ago and never used: the server's clock and the client's signing move back together
      const past = 100 * DAY_MS;
      t.setClock(() => new Date(Date.now() - past));
      const then = t.iam();
      then.config.systemClockOffset = -past;
      await newUser('stale', then);
      await newKey('stale', then);
      then.destroy();
      t.setClock(() => new Date());
    });
    afterAll(async () => {
      iam?.destroy();
      await t?.close();
    });

    it('fails every check but individual-iam-users, naming the offenders, and exits 1', async () => {
      const { code, stdout } = await audit({ endpoint: t.server.url, credentials: adminOf(t), json: true });
      const report = JSON.parse(stdout);
      record(report.checks);
      expect(statuses(report.checks)).toEqual(Object.fromEntries(ALL_IDS.map((id) => [id, id === 'individual-iam-users' ? 'pass' : 'fail'])));
      expect(report.summary).toEqual({ checks: 15, passed: 1, failed: 14 });
      const byId = Object.fromEntries(report.checks.map((c: CheckResult) => [c.id, c]));
      const rootArnText = `arn:aws:iam::${TEST_ACCOUNT_ID}:root`;
      const user = (name: string) => `arn:aws:iam::${TEST_ACCOUNT_ID}:user/${name}`;
      expect(byId['root-access-keys']).toMatchObject({ finding: 'The root user has 1 active access key.', resources: [rootArnText], severity: 'critical' });
      expect(byId['root-mfa'].finding).toBe('The root user has no MFA device: its password alone signs in.');
      expect(byId['groups-for-permissions']).toMatchObject({ finding: '1 IAM user belongs to no group: direct.', resources: [user('direct')] });
      expect(byId['password-policy'].finding).toMatch(/^The account has no password policy/);
      expect(byId['cis-1.7-root-usage'].finding).toMatch(/^The root user used access key 1 today \(\d{4}-\d{2}-\d{2}\), within the last 30 days\.$/);
      expect(byId['cis-1.8-password-length'].status).toBe('fail');
      expect(byId['cis-1.9-password-reuse'].status).toBe('fail');
      expect(byId['cis-1.10-mfa-console-users']).toMatchObject({ finding: '1 IAM user with a console password has no MFA: console.', resources: [user('console')] });
      expect(byId['cis-1.11-keys-at-setup']).toMatchObject({ finding: `1 active access key of console users has never been used: console's ${keyIds.console![0]}.`, resources: keyIds.console });
      expect(byId['cis-1.12-unused-credentials'].finding).toMatch(new RegExp(`^1 credential unused for 45 days or more: stale's access key ${keyIds.stale![0]} \\(never used, created 100 days ago, on \\d{4}-\\d{2}-\\d{2}\\)\\.$`));
      expect(byId['cis-1.12-unused-credentials'].resources).toEqual(keyIds.stale);
      // in ListAccessKeys's order
      const [k1, k2] = keyIds.twokeys!;
      expect([`twokeys (${k1}, ${k2})`, `twokeys (${k2}, ${k1})`].map((k) => `1 IAM user has more than one active access key: ${k}.`)).toContain(byId['cis-1.13-one-active-key'].finding);
      expect(byId['cis-1.13-one-active-key'].resources).toEqual([user('twokeys')]);
      expect(byId['cis-1.14-key-rotation'].resources).toEqual(keyIds.stale);
      expect(byId['cis-1.15-permissions-through-groups']).toMatchObject({ finding: '1 IAM user has policies of its own: direct (attached: ReadOnlyAccess; inline: own).', resources: [user('direct')] });
      expect(byId['cis-1.16-full-admin-policies']).toMatchObject({
        finding: '1 customer managed policy allows full "*:*" administrative privileges: Everything (attached to 1 entity).',
        resources: [`arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Everything`],
      });
      expect(code).toBe(1);
    });

    it('writes SARIF 2.1.0: a rule per check, a result per failure', async () => {
      const { code, stdout } = await audit({ endpoint: t.server.url, credentials: adminOf(t), sarif: true });
      expect(code).toBe(1);
      const sarif = JSON.parse(stdout);
      expect(sarif.version).toBe('2.1.0');
      expect(sarif.$schema).toBe('https://json.schemastore.org/sarif-2.1.0.json');
      expect(sarif.runs).toHaveLength(1);
      const [run] = sarif.runs;
      expect(run.tool.driver.name).toBe('gatehouse audit');
      expect(run.tool.driver.version).toMatch(/^\d+\.\d+\.\d+/);
      const rules = run.tool.driver.rules as { id: string; shortDescription: { text: string }; help: { text: string }; defaultConfiguration: { level: string } }[];
      expect(rules.map((r) => r.id)).toEqual(ALL_IDS);
      for (const rule of rules) {
        expect(rule.shortDescription.text.length).toBeGreaterThan(0);
        expect(rule.help.text.length).toBeGreaterThan(0);
        expect(['error', 'warning']).toContain(rule.defaultConfiguration.level);
      }
      const results = run.results as { ruleId: string; ruleIndex: number; level: string; message: { text: string }; locations?: { logicalLocations: { fullyQualifiedName: string }[] }[] }[];
      expect(results.map((r) => r.ruleId)).toEqual(ALL_IDS.filter((id) => id !== 'individual-iam-users'));
      for (const r of results) {
        expect(rules[r.ruleIndex]!.id).toBe(r.ruleId);
        expect(r.level).toBe(rules[r.ruleIndex]!.defaultConfiguration.level);
        expect(r.message.text.length).toBeGreaterThan(0);
      }
      const byRule = Object.fromEntries(results.map((r) => [r.ruleId, r]));
      expect(byRule['root-access-keys']!.level).toBe('error');
      expect(byRule['cis-1.16-full-admin-policies']!.level).toBe('error');
      expect(byRule['cis-1.13-one-active-key']!.level).toBe('warning');
      expect(byRule['cis-1.14-key-rotation']!.locations).toEqual([{ logicalLocations: [{ fullyQualifiedName: keyIds.stale![0], kind: 'resource' }] }]);
      expect(run.invocations).toEqual([{ executionSuccessful: true, endTimeUtc: expect.stringMatching(/Z$/) }]);
    });

    it('prints a readable table with what to fix', async () => {
      const { code, stdout } = await audit({ endpoint: t.server.url, credentials: adminOf(t) });
      expect(code).toBe(1);
      expect(stdout).toContain('FAIL');
      expect(stdout).toContain('PASS');
      expect(stdout).toContain('To fix:');
      expect(stdout).toContain('  - The root user has no access keys: Sign in as the root user and delete its access keys');
      expect(stdout).toContain(`15 checks of account ${TEST_ACCOUNT_ID} at ${t.server.url}: 1 passed, 14 failed.`);
      // no colour codes when the output is not a terminal
      expect(stdout).not.toContain('\u001b[');
    });

    it('writes the report to a file with --output', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-'));
      try {
        const file = join(dir, 'audit.json');
        const { code, stdout, stderr } = await audit({ endpoint: t.server.url, credentials: adminOf(t), json: true, output: file });
        expect(code).toBe(1);
        expect(stdout).toBe('');
        expect(stderr).toBe(`gatehouse audit: 15 checks, 14 failed; results written to ${file}.\n`);
        expect(JSON.parse(readFileSync(file, 'utf8')).summary.failed).toBe(14);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('runs as the real `gatehouse audit` binary, with credentials from the environment or a profile', async () => {
      const fromEnv = await runBinary(['--endpoint', t.server.url, '--json'], { AWS_ACCESS_KEY_ID: t.admin.accessKeyId, AWS_SECRET_ACCESS_KEY: t.admin.secretAccessKey });
      expect(fromEnv.stderr).toBe('');
      expect(fromEnv.code).toBe(1);
      const report = JSON.parse(fromEnv.stdout);
      expect(report.summary).toEqual({ checks: 15, passed: 1, failed: 14 });
      expect(report.accountId).toBe(TEST_ACCOUNT_ID);

      const dir = mkdtempSync(join(tmpdir(), 'gatehouse-audit-'));
      try {
        writeFileSync(join(dir, 'credentials'), `[auditor]\naws_access_key_id = ${t.admin.accessKeyId}\naws_secret_access_key = ${t.admin.secretAccessKey}\n`);
        writeFileSync(join(dir, 'config'), '[profile auditor]\nregion = eu-west-1\n');
        const fromProfile = await runBinary(['--endpoint', t.server.url, '--profile', 'auditor', '--sarif'], {
          AWS_SHARED_CREDENTIALS_FILE: join(dir, 'credentials'),
          AWS_CONFIG_FILE: join(dir, 'config'),
        });
        expect(fromProfile.code).toBe(1);
        expect(JSON.parse(fromProfile.stdout).runs[0].results).toHaveLength(14);

        const usage = await runBinary(['--json', '--sarif'], {});
        expect(usage.code).toBe(2);
        expect(usage.stderr).toMatch(/option '--json' cannot be used with option '--sarif'/);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('fails individual-iam-users in an account with no IAM users', async () => {
      // A second account in the same server, whose only user is deleted by its root.
      const otherId = '210987654321';
      const other = await createAccount(t.testStore.store, { accountId: otherId, now: new Date(), random: systemRandom, secrets: t.secrets });
      const otherRootKey = await rootCredentials(t, { accountId: otherId });
      const otherRoot = t.iam(otherRootKey);
      await otherRoot.send(new RemoveUserFromGroupCommand({ GroupName: 'Administrators', UserName: 'admin' }));
      await otherRoot.send(new DeleteAccessKeyCommand({ UserName: 'admin', AccessKeyId: other.accessKeyId }));
      await otherRoot.send(new DeleteUserCommand({ UserName: 'admin' }));
      otherRoot.destroy();

      const { code, stdout } = await audit({ endpoint: t.server.url, credentials: otherRootKey, json: true });
      expect(code).toBe(1);
      const report = JSON.parse(stdout);
      record(report.checks);
      expect(report.accountId).toBe(otherId);
      const byId = Object.fromEntries(report.checks.map((c: CheckResult) => [c.id, c]));
      expect(byId['individual-iam-users']).toMatchObject({
        status: 'fail',
        finding: 'The account has no IAM users: whoever works in it signs in as the root user.',
        resources: [`arn:aws:iam::${otherId}:root`],
      });
      expect(byId['groups-for-permissions']).toMatchObject({ status: 'pass', finding: 'There are no IAM users to put in groups.' });
    });

    it('gathers the same snapshot one item per page, reporting progress up to its total', async () => {
      const client = t.iam();
      const progress: GatherProgress[] = [];
      const paged = await gatherSnapshot(client, { pageSize: 1, concurrency: 1, onProgress: (p) => progress.push(p) });
      const whole = await gatherSnapshot(client);
      client.destroy();
      // last-used times move as the admin's key signs these very calls
      const shape = (s: AccountSnapshot) => ({
        ...s,
        credentialReport: undefined,
        users: s.users.map((u) => ({ ...u, accessKeys: u.accessKeys.map((k) => k.accessKeyId).sort() })),
      });
      expect(shape(paged)).toEqual(shape(whole));
      expect(paged.users.map((u) => u.userName)).toEqual(['admin', 'console', 'direct', 'stale', 'twokeys']);
      expect(paged.users.find((u) => u.userName === 'twokeys')!.accessKeys).toHaveLength(2);
      expect(paged.users.find((u) => u.userName === 'direct')).toMatchObject({ groups: [], attachedPolicies: ['ReadOnlyAccess'], inlinePolicies: ['own'] });
      expect(paged.customerManagedPolicies).toEqual([
        { policyName: 'Everything', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:policy/Everything`, attachmentCount: 1, document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }) },
      ]);
      // one event per IAM call after the first; the last says all the work found was done
      expect(progress.map((p) => p.completed)).toEqual(progress.map((_, i) => i));
      expect(progress.at(-1)!.completed).toBe(progress.at(-1)!.total);
      // summary, password policy, report, user list, policy list, 6 reads per user, a key read per key, a policy read per policy
      expect(progress.at(-1)!.total).toBe(5 + 5 * 6 + 5 + 1);
    });

    it('exits 2 with a clear message when the audit cannot run', async () => {
      const refused = await audit({ endpoint: t.server.url, credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: 'x'.repeat(40) } });
      expect(refused).toMatchObject({ code: 2, stdout: '' });
      expect(refused.stderr).toMatch(new RegExp(`^gatehouse audit: ${escape(t.server.url)} did not accept the credentials \\(SignatureDoesNotMatch\\): `));

      const unreachable = await audit({ endpoint: 'http://127.0.0.1:1', credentials: adminOf(t) });
      expect(unreachable).toMatchObject({ code: 2, stdout: '' });
      expect(unreachable.stderr).toMatch(/^gatehouse audit: could not reach IAM at http:\/\/127\.0\.0\.1:1: .*ECONNREFUSED/);

      expect(await audit({ endpoint: 'ftp://example.com', credentials: adminOf(t) })).toEqual({
        code: 2,
        stdout: '',
        stderr: "gatehouse audit: --endpoint must be an http(s) URL such as http://127.0.0.1:7400, not 'ftp://example.com'.\n",
      });
      expect((await audit({ endpoint: t.server.url, json: true, sarif: true })).code).toBe(2);

      // A user with no permissions is told what the audit needs.
      await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
      const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
      const denied = await audit({ endpoint: t.server.url, credentials: { accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! } });
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain(`gatehouse audit: ${t.server.url} refused a call the audit needs: User: arn:aws:iam::${TEST_ACCOUNT_ID}:user/nobody is not authorized to perform: iam:GetAccountSummary`);
      expect(denied.stderr).toContain('Attach the AWS managed policy IAMReadOnlyAccess to the caller, or allow: iam:GetAccountSummary, iam:GetAccountPasswordPolicy, iam:GenerateCredentialReport');
    });
  });

  describe('changes made after the credential report', () => {
    let t: TestServer;
    let iam: IAMClient;

    beforeAll(async () => {
      t = await startTestServer(backend);
      iam = t.iam();
      await iam.send(new CreateUserCommand({ UserName: 'carol' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'carol' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'carol', Password: 'correct-horse-battery-42' }));
    });
    afterAll(async () => {
      iam?.destroy();
      await t?.close();
    });

    it('are judged at once, although IAM hands out the same report for four hours', async () => {
      const first = JSON.parse((await audit({ endpoint: t.server.url, credentials: adminOf(t), json: true })).stdout);
      const mfa = (report: { checks: CheckResult[] }) => report.checks.find((c) => c.id === 'cis-1.10-mfa-console-users')!;
      expect(mfa(first)).toMatchObject({ status: 'fail', resources: [`arn:aws:iam::${TEST_ACCOUNT_ID}:user/carol`] });

      // carol gets MFA; dave arrives with a console password and none
      await enableVirtualMfa(t, iam, 'carol', 'carol');
      await iam.send(new CreateUserCommand({ UserName: 'dave' }));
      await iam.send(new AddUserToGroupCommand({ GroupName: 'Administrators', UserName: 'dave' }));
      await iam.send(new CreateLoginProfileCommand({ UserName: 'dave', Password: 'correct-horse-battery-43' }));

      const { code, stdout } = await audit({ endpoint: t.server.url, credentials: adminOf(t), json: true });
      const second = JSON.parse(stdout);
      expect(second.credentialReportGeneratedAt).toBe(first.credentialReportGeneratedAt);
      expect(mfa(second)).toMatchObject({ status: 'fail', finding: '1 IAM user with a console password has no MFA: dave.', resources: [`arn:aws:iam::${TEST_ACCOUNT_ID}:user/dave`] });
      expect(code).toBe(1);

      // and the dashboard, which builds its report as it asks, says the same
      const dashboard = await securityStatusOf(t);
      expect(dashboard.checks.find((c) => c.id === 'cis-1.10-mfa-console-users')).toEqual(mfa(second));
    });
  });

  afterAll(() => {
    // Every check was seen both passing and failing.
    expect(Object.fromEntries([...seen].map(([id, s]) => [id, [...s].sort()]))).toEqual(Object.fromEntries(ALL_IDS.map((id) => [id, ['fail', 'pass']])));
  });
});

function adminOf(t: TestServer): Credentials {
  return { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey };
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Creates and enables a virtual MFA device for `userName` (the account id for root), with
 * codes of the server's current time step; the server's clock is held inside that step.
 */
async function enableVirtualMfa(t: TestServer, client: IAMClient, deviceName: string, userName: string): Promise<void> {
  const { VirtualMFADevice } = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: deviceName }));
  const seed = base32Decode(Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii'));
  const step = Math.floor(Date.now() / STEP_MS);
  t.setClock(() => new Date(step * STEP_MS + 10_000));
  try {
    await client.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: VirtualMFADevice!.SerialNumber, AuthenticationCode1: totpCode(seed, step - 1), AuthenticationCode2: totpCode(seed, step) }));
  } finally {
    t.setClock(() => new Date());
  }
}

/** GET /gatehouse/security-status signed as the admin: what the console's dashboard shows. */
async function securityStatusOf(t: TestServer): Promise<{ checks: CheckResult[] }> {
  const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: adminOf(t) });
  const url = new URL(`${t.server.url}/gatehouse/security-status`);
  const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host } });
  const response = await fetch(url, { headers: signed.headers as Record<string, string> });
  return (await response.json()) as { checks: CheckResult[] };
}
