import { CreateAccessKeyCommand, CreateRoleCommand, CreateUserCommand, CreateVirtualMFADeviceCommand, EnableMFADeviceCommand, ListUsersCommand, PutUserPolicyCommand, type IAMClient } from '@aws-sdk/client-iam';
import { AssumeRoleCommand, GetSessionTokenCommand } from '@aws-sdk/client-sts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, timeStep, totpCode } from '../../src/auth/totp.js';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type Credentials, type TestServer } from '../support/server.js';

const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: statement });

/**
 * MFA through STS: GetSessionToken and AssumeRole with SerialNumber and TokenCode, as the
 * aws CLI's `--serial-number --token-code` sends them. The server's clock is pinned so the
 * test computes the codes it expects.
 */
describe.each(await backends())('MFA with STS on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let alice: Credentials;
  let serial: string;
  let seed: Uint8Array;
  let now = new Date('2026-06-01T12:00:00Z').getTime();
  const clients: { destroy(): void }[] = [];
  const at = (ms: number) => {
    now = ms;
    t.setClock(() => new Date(now));
  };
  const code = (offsetSteps = 0) => totpCode(seed, timeStep(new Date(now)) + offsetSteps);
  const clientOffset = () => now - Date.now();

  beforeAll(async () => {
    t = await startTestServer(backend);
    at(now);
    iam = t.iam();
    clients.push(iam);
    // The clients sign with the server's pinned clock.
    iam.config.systemClockOffset = clientOffset();
    await iam.send(new CreateUserCommand({ UserName: 'alice' }));
    await iam.send(new PutUserPolicyCommand({ UserName: 'alice', PolicyName: 'p', PolicyDocument: doc([{ Effect: 'Allow', Action: ['iam:ListUsers', 'sts:AssumeRole'], Resource: '*' }]) }));
    const key = await iam.send(new CreateAccessKeyCommand({ UserName: 'alice' }));
    alice = { accessKeyId: key.AccessKey!.AccessKeyId!, secretAccessKey: key.AccessKey!.SecretAccessKey! };
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'alice-phone' }));
    serial = VirtualMFADevice!.SerialNumber!;
    seed = base32Decode(Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('utf8'));
    await iam.send(new EnableMFADeviceCommand({ UserName: 'alice', SerialNumber: serial, AuthenticationCode1: code(-1), AuthenticationCode2: code(0) }));
    at(now + 60_000);
    await iam.send(
      new CreateRoleCommand({
        RoleName: 'needs-mfa',
        AssumeRolePolicyDocument: doc([{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${TEST_ACCOUNT_ID}:root` }, Action: 'sts:AssumeRole', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }]),
      }),
    );
  });
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await t?.close();
  });

  function sts(credentials: Credentials) {
    const client = t.sts(credentials);
    client.config.systemClockOffset = clientOffset();
    clients.push(client);
    return client;
  }

  it('issues MFA session credentials that may call IAM, and accepts each code once', async () => {
    const first = code();
    const { Credentials: c } = await sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: first }));
    const sessionIam = t.iam({ accessKeyId: c!.AccessKeyId!, secretAccessKey: c!.SecretAccessKey!, sessionToken: c!.SessionToken! });
    sessionIam.config.systemClockOffset = clientOffset();
    clients.push(sessionIam);
    expect((await sessionIam.send(new ListUsersCommand({}))).Users?.length).toBeGreaterThan(0);
    await expect(sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: first }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: 'MultiFactorAuthentication failed with invalid MFA one time pass code. ',
    });
  });

  it('lets a trust policy require MFA', async () => {
    at(now + 60_000);
    const roleArn = `arn:aws:iam::${TEST_ACCOUNT_ID}:role/needs-mfa`;
    await expect(sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'without' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    const out = await sts(alice).send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: 'with', SerialNumber: serial, TokenCode: code() }));
    expect(out.AssumedRoleUser?.Arn).toBe(`arn:aws:sts::${TEST_ACCOUNT_ID}:assumed-role/needs-mfa/with`);
  });

  it('locks the device after repeated wrong codes, so even a right one is refused', async () => {
    at(now + 60_000);
    for (let i = 0; i < 5; i++) {
      await expect(sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: '000000' === code() ? '111111' : '000000' }))).rejects.toMatchObject({ name: 'AccessDenied' });
    }
    await expect(sts(alice).send(new GetSessionTokenCommand({ SerialNumber: serial, TokenCode: code() }))).rejects.toMatchObject({
      name: 'AccessDenied',
      message: expect.stringContaining('too many invalid codes'),
    });
  });
});
