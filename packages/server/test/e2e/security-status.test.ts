import { LookupEventsCommand } from '@aws-sdk/client-cloudtrail';
import {
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  UpdateAccountPasswordPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SecurityStatus } from '../../src/audit/security-status.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

describe.each(await backends())('the Security Status API on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;

  const get = async (credentials: Credentials) => {
    const signer = new SignatureV4({ service: 'iam', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials });
    const url = new URL(`${t.server.url}/gatehouse/security-status`);
    const signed = await signer.sign({ method: 'GET', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: url.pathname, headers: { host: url.host } });
    const response = await fetch(url, { headers: signed.headers as Record<string, string> });
    return { status: response.status, body: (await response.json()) as SecurityStatus & { code?: string; message?: string } };
  };

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
  });
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  it("answers the caller's account checklist, gathered through IAM calls recorded as the caller's", async () => {
    const admin = { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey };
    const before = await get(admin);
    expect(before.status).toBe(200);
    const status = (id: string) => before.body.checks.find((c) => c.id === id)?.status;
    expect(before.body.checks.length).toBeGreaterThanOrEqual(15);
    // bootstrap's admin is a member of Administrators and there is no password policy yet
    expect(status('groups-for-permissions')).toBe('pass');
    expect(status('password-policy')).toBe('fail');

    await iam.send(new UpdateAccountPasswordPolicyCommand({ MinimumPasswordLength: 14, PasswordReusePrevention: 24 }));
    const after = await get(admin);
    expect(after.body.checks.find((c) => c.id === 'password-policy')?.status).toBe('pass');
    expect(after.body.checks.find((c) => c.id === 'cis-1.8-password-length')?.status).toBe('pass');

    const trail = t.cloudtrail();
    const { Events } = await trail.send(new LookupEventsCommand({ LookupAttributes: [{ AttributeKey: 'EventName', AttributeValue: 'GetCredentialReport' }] }));
    trail.destroy();
    expect(Events!.length).toBeGreaterThanOrEqual(1);
    expect(Events![0]!.Username).toBe('admin');
  });

  it('sees a change made after the stored credential report at once', async () => {
    const admin = { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey };
    // a report IAM would hand out for four hours
    expect((await iam.send(new GenerateCredentialReportCommand({}))).State).toMatch(/^(STARTED|COMPLETE)$/);
    await waitForReport(iam);
    const mfa = async () => (await get(admin)).body.checks.find((c) => c.id === 'cis-1.10-mfa-console-users')!;
    expect((await mfa()).status).toBe('pass');

    await iam.send(new CreateUserCommand({ UserName: 'newcomer' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'newcomer', Password: 'correct-horse-battery-42' }));
    expect(await mfa()).toMatchObject({ status: 'fail', finding: '1 IAM user with a console password has no MFA: newcomer.', resources: [`arn:aws:iam::${TEST_ACCOUNT_ID}:user/newcomer`] });
    // while IAM's own copy is still the older one
    const stored = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString('utf8');
    expect(stored).not.toContain('newcomer');
  });

  it('refuses a caller who may not read what the checks need, with the AccessDenied of the call', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'nobody' }));
    const { AccessKey } = await iam.send(new CreateAccessKeyCommand({ UserName: 'nobody' }));
    const { status, body } = await get({ accessKeyId: AccessKey!.AccessKeyId!, secretAccessKey: AccessKey!.SecretAccessKey! });
    expect(status).toBe(403);
    expect(body.code).toBe('AccessDenied');
    expect(body.message).toContain('is not authorized to perform: iam:GetAccountSummary');
  });

  it('refuses an unsigned request', async () => {
    const response = await fetch(`${t.server.url}/gatehouse/security-status`);
    expect(response.status).toBe(403);
    expect(((await response.json()) as { code: string }).code).toBe('MissingAuthenticationToken');
  });
});

/** Waits out ReportInProgress, as IAM's clients do. */
async function waitForReport(iam: IAMClient): Promise<void> {
  for (let i = 0; i < 200; i++) {
    try {
      await iam.send(new GetCredentialReportCommand({}));
      return;
    } catch (error) {
      if ((error as Error).name !== 'CredentialReportNotReadyException') throw error;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }
  throw new Error('the credential report never became ready');
}
