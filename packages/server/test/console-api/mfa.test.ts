import {
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteLoginProfileCommand,
  DeleteUserCommand,
  EnableMFADeviceCommand,
  GenerateCredentialReportCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListUsersCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { Secret, TOTP } from 'otpauth';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';
import { ConsoleBrowser } from './console-client.js';
import { consoleLogins, consoleUser, latestEvent, PASSWORD, RELAXED_GUARD } from './setup.js';
import { SoftwareAuthenticator } from './software-authenticator.js';

const STEP_MS = 30_000;

// AWS's example of a policy that requires MFA for everything: deny while MFA is absent or false.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_examples_aws_my-sec-creds-self-manage-mfa-only.html
const REQUIRE_MFA = JSON.stringify({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Deny', Action: 'iam:*', Resource: '*', Condition: { BoolIfExists: { 'aws:MultiFactorAuthPresent': 'false' } } }],
});

describe.each(await backends())('console MFA on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  const now = Math.floor(Date.now() / STEP_MS);

  beforeAll(async () => {
    t = await startTestServer(backend, { console: RELAXED_GUARD });
    iam = t.iam();
  });
  afterEach(() => t.setClock(() => new Date()));
  afterAll(async () => {
    iam?.destroy();
    await t?.close();
  });

  const browser = () => new ConsoleBrowser(t.server.url);
  /** The server's clock ten seconds into a time step. */
  const atStep = (step: number) => t.setClock(() => new Date(step * STEP_MS + 10_000));

  /** A virtual device enabled for the user with the codes of steps now−1 and now, as a phone would show them. */
  async function virtualDevice(userName: string) {
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: `${userName}-phone` }));
    const totp = new TOTP({ secret: Secret.fromBase32(Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('ascii')), digits: 6, period: 30, algorithm: 'SHA1' });
    const code = (step: number) => totp.generate({ timestamp: step * STEP_MS });
    atStep(now);
    await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: VirtualMFADevice!.SerialNumber!, AuthenticationCode1: code(now - 1), AuthenticationCode2: code(now) }));
    return { serial: VirtualMFADevice!.SerialNumber!, code };
  }

  it('asks a user with a virtual device for a code, refuses a wrong one, and records MFAUsed', async () => {
    await consoleUser(t, 'erin', { admin: true });
    const device = await virtualDevice('erin');
    const b = browser();
    const first = await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'erin', password: PASSWORD });
    expect(first.body).toEqual({ next: 'mfa', methods: ['totp'] });
    expect((await b.session()).body).toMatchObject({ state: 'pending' });
    // Nothing but the MFA step until it is done.
    const early = await b.iam().send(new ListUsersCommand({})).catch((e: unknown) => e);
    expect(early).toMatchObject({ name: 'SignInIncomplete', $metadata: { httpStatusCode: 403 } });

    const wrong = await b.request('POST', '/console-api/sign-in/mfa', { code: device.code(now + 1) === '123456' ? '654321' : '123456' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ code: 'InvalidMfa' });
    expect((await b.request('POST', '/console-api/sign-in/mfa', { code: 'abc' })).body).toMatchObject({ code: 'InvalidMfa' });
    expect((await b.request('POST', '/console-api/sign-in/mfa', {})).status).toBe(400);

    atStep(now + 1);
    const done = await b.request('POST', '/console-api/sign-in/mfa', { code: device.code(now + 1) });
    expect(done.body).toEqual({ next: 'done' });
    expect((await b.session()).body).toMatchObject({ state: 'active' });
    // The same code is never accepted twice.
    const again = browser();
    await again.signIn({ account: TEST_ACCOUNT_ID, userName: 'erin', password: PASSWORD });
    expect((await again.request('POST', '/console-api/sign-in/mfa', { code: device.code(now + 1) })).body).toMatchObject({ code: 'InvalidMfa' });
    t.setClock(() => new Date());

    const [reused, success, malformed, failure] = await consoleLogins(t);
    expect(success).toMatchObject({ userIdentity: { userName: 'erin' }, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'Yes' } });
    for (const refused of [reused, malformed, failure]) {
      expect(refused).toMatchObject({ userIdentity: { userName: 'erin' }, responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'Yes' }, errorMessage: 'Failed authentication' });
    }
  });

  it('gives calls of a session signed in with MFA aws:MultiFactorAuthPresent true, and of one without, false', async () => {
    await consoleUser(t, 'frank', { admin: true });
    await consoleUser(t, 'gina', { admin: true });
    for (const userName of ['frank', 'gina']) await iam.send(new PutUserPolicyCommand({ UserName: userName, PolicyName: 'RequireMfa', PolicyDocument: REQUIRE_MFA }));
    const device = await virtualDevice('frank');

    const withMfa = browser();
    await withMfa.signIn({ account: TEST_ACCOUNT_ID, userName: 'frank', password: PASSWORD });
    atStep(now + 1);
    expect((await withMfa.request('POST', '/console-api/sign-in/mfa', { code: device.code(now + 1) })).body).toEqual({ next: 'done' });
    t.setClock(() => new Date());
    const listed = await withMfa.iam().send(new ListUsersCommand({}));
    expect(listed.Users?.map((u) => u.UserName)).toContain('frank');
    const record = await latestEvent(t, 'ListUsers');
    expect(record?.userIdentity).toMatchObject({ type: 'IAMUser', userName: 'frank', sessionContext: { attributes: { mfaAuthenticated: 'true' } } });
    expect(record?.userIdentity).not.toHaveProperty('accessKeyId');

    const withoutMfa = browser();
    expect((await withoutMfa.signIn({ account: TEST_ACCOUNT_ID, userName: 'gina', password: PASSWORD })).body).toEqual({ next: 'done' });
    await expect(withoutMfa.iam().send(new ListUsersCommand({}))).rejects.toMatchObject({ name: 'AccessDenied', message: expect.stringContaining('with an explicit deny') });
  });

  it('asks for MFA first and then for a new password when both are owed', async () => {
    await consoleUser(t, 'hank', { resetRequired: true });
    const device = await virtualDevice('hank');
    const b = browser();
    expect((await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'hank', password: PASSWORD })).body).toEqual({ next: 'mfa', methods: ['totp'] });
    expect((await b.request('POST', '/console-api/sign-in/change-password', { newPassword: 'Hanks-new-Passw0rd' })).body).toMatchObject({ code: 'NoPasswordChangePending' });
    atStep(now + 1);
    expect((await b.request('POST', '/console-api/sign-in/mfa', { code: device.code(now + 1) })).body).toEqual({ next: 'change-password', reason: 'reset-required' });
    expect((await b.request('POST', '/console-api/sign-in/change-password', { newPassword: 'Hanks-new-Passw0rd' })).body).toEqual({ next: 'done' });
  });

  it('registers a security key for the signed-in user, lists it as an MFA device, and signs in with it', async () => {
    await consoleUser(t, 'ivy', { admin: true });
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'ivy', password: PASSWORD });
    const key = new SoftwareAuthenticator(t.server.url);

    const options = await b.request('POST', '/console-api/mfa/security-key/options', {});
    expect(options.status).toBe(200);
    expect(options.body).toMatchObject({ rp: { id: '127.0.0.1', name: 'Gatehouse' }, user: { name: `ivy@${TEST_ACCOUNT_ID}`, displayName: 'ivy' }, attestation: 'none', excludeCredentials: [] });
    const registered = await b.request('POST', '/console-api/mfa/security-key', { name: 'yubikey', response: key.register(options.body as never) });
    expect(registered.status).toBe(200);
    const serialNumber = registered.body.serialNumber as string;
    expect(serialNumber).toMatch(new RegExp(`^arn:aws:iam::${TEST_ACCOUNT_ID}:u2f/user/ivy/yubikey-[A-Z2-7]{8}$`));

    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'ivy' }));
    expect(MFADevices).toEqual([{ UserName: 'ivy', SerialNumber: serialNumber, EnableDate: expect.any(Date) }]);
    expect(await iam.send(new GetMFADeviceCommand({ UserName: 'ivy', SerialNumber: serialNumber }))).toMatchObject({ UserName: 'ivy', SerialNumber: serialNumber });
    expect(await latestEvent(t, 'EnableMFADevice')).toMatchObject({ userIdentity: { userName: 'ivy' }, requestParameters: { userName: 'ivy', serialNumber } });
    // The same key cannot be registered twice: the browser is told to exclude it.
    const second = await b.request('POST', '/console-api/mfa/security-key/options', {});
    expect(second.body.excludeCredentials).toEqual([{ id: key.id, type: 'public-key', transports: ['usb'] }]);

    await b.request('POST', '/console-api/sign-out');
    const again = browser();
    const first = await again.signIn({ account: TEST_ACCOUNT_ID, userName: 'ivy', password: PASSWORD });
    expect(first.body).toMatchObject({ next: 'mfa', methods: ['webauthn'], webauthn: { rpId: '127.0.0.1', allowCredentials: [{ id: key.id, type: 'public-key' }] } });
    const challenge = (first.body.webauthn as { challenge: string }).challenge;
    // An assertion for another origin or with a counter gone back does not verify.
    expect((await again.request('POST', '/console-api/sign-in/mfa', { webauthn: key.authenticate({ challenge }, { origin: 'http://evil.example' }) })).body).toMatchObject({ code: 'InvalidMfa' });
    expect((await again.request('POST', '/console-api/sign-in/mfa', { webauthn: { id: key.id } })).body).toMatchObject({ code: 'InvalidMfa' });
    const assertion = key.authenticate({ challenge });
    expect((await again.request('POST', '/console-api/sign-in/mfa', { webauthn: assertion })).body).toEqual({ next: 'done' });
    expect((await consoleLogins(t))[0]).toMatchObject({ userIdentity: { userName: 'ivy' }, responseElements: { ConsoleLogin: 'Success' }, additionalEventData: { MFAUsed: 'Yes' } });

    // A captured assertion is worth nothing at the next sign-in: the challenge has changed.
    const replay = browser();
    await replay.signIn({ account: TEST_ACCOUNT_ID, userName: 'ivy', password: PASSWORD });
    expect((await replay.request('POST', '/console-api/sign-in/mfa', { webauthn: assertion })).body).toMatchObject({ code: 'InvalidMfa' });
    const next = (await replay.signIn({ account: TEST_ACCOUNT_ID, userName: 'ivy', password: PASSWORD })).body.webauthn as { challenge: string };
    expect((await replay.request('POST', '/console-api/sign-in/mfa', { webauthn: key.authenticate(next, { counter: 1 }) })).body).toMatchObject({ code: 'InvalidMfa' });

    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'ivy', SerialNumber: serialNumber }));
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'ivy' }))).MFADevices).toEqual([]);
    expect((await browser().signIn({ account: TEST_ACCOUNT_ID, userName: 'ivy', password: PASSWORD })).body).toEqual({ next: 'done' });
  });

  it('refuses to register a key for a user without iam:EnableMFADevice, and records the refusal', async () => {
    await consoleUser(t, 'jack');
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'jack', password: PASSWORD });
    const refused = await b.request('POST', '/console-api/mfa/security-key/options', {});
    expect(refused.status).toBe(403);
    expect(refused.body).toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('iam:EnableMFADevice') });
    expect(await latestEvent(t, 'EnableMFADevice')).toMatchObject({ userIdentity: { userName: 'jack' }, errorCode: 'AccessDenied' });
    const forOther = await b.request('POST', '/console-api/mfa/security-key/options', { userName: 'ivy' });
    expect(forOther.body).toMatchObject({ code: 'AccessDenied' });
    const unknown = await browser().request('POST', '/console-api/mfa/security-key/options', {});
    expect(unknown.body).toMatchObject({ code: 'NotSignedIn' });
  });

  it("lets an administrator register a key for another user, and checks the response it is given", async () => {
    await consoleUser(t, 'kim', { admin: true });
    await consoleUser(t, 'lee');
    const admin = browser();
    await admin.signIn({ account: TEST_ACCOUNT_ID, userName: 'kim', password: PASSWORD });
    const key = new SoftwareAuthenticator(t.server.url);
    const options = await admin.request('POST', '/console-api/mfa/security-key/options', { userName: 'lee' });
    expect(options.body).toMatchObject({ user: { name: `lee@${TEST_ACCOUNT_ID}` } });
    const forged = key.register(options.body as never, { origin: 'https://phish.example' });
    expect((await admin.request('POST', '/console-api/mfa/security-key', { userName: 'lee', name: 'key', response: forged })).body).toMatchObject({ code: 'InvalidSecurityKeyResponse' });
    expect((await admin.request('POST', '/console-api/mfa/security-key', { userName: 'lee', name: 'bad name!', response: {} })).body).toMatchObject({ code: 'InvalidRequest' });
    expect((await admin.request('POST', '/console-api/mfa/security-key', { userName: 'kim', name: 'key', response: key.register(options.body as never) })).body).toMatchObject({
      code: 'ValidationError',
    });
    const again = await admin.request('POST', '/console-api/mfa/security-key/options', { userName: 'lee' });
    const done = await admin.request('POST', '/console-api/mfa/security-key', { userName: 'lee', name: 'desk-key', response: key.register(again.body as never) });
    expect(done.body.serialNumber).toMatch(new RegExp(`u2f/user/lee/desk-key-`));
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'lee' }))).MFADevices?.map((d) => d.SerialNumber)).toEqual([done.body.serialNumber]);
    // A user's security key, like a virtual device, must go before the user can.
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'lee' }));
    await expect(iam.send(new DeleteUserCommand({ UserName: 'lee' }))).rejects.toMatchObject({ name: 'DeleteConflictException', message: 'Cannot delete entity, must delete MFA device first.' });
  });

  it("registers a key for the root user, which GetAccountSummary and the credential report count as root's MFA", async () => {
    const before = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect(before.AccountMFAEnabled).toBe(0);
    const root = browser();
    await root.signIn({ email: t.admin.rootEmail, password: t.admin.rootPassword });
    const key = new SoftwareAuthenticator(t.server.url);
    const options = await root.request('POST', '/console-api/mfa/security-key/options', {});
    expect(options.body).toMatchObject({ user: { name: `root@${TEST_ACCOUNT_ID}` } });
    const registered = await root.request('POST', '/console-api/mfa/security-key', { name: 'root-key', response: key.register(options.body as never) });
    expect(registered.body.serialNumber).toMatch(new RegExp(`^arn:aws:iam::${TEST_ACCOUNT_ID}:u2f/root/root-key-[A-Z2-7]{8}$`));

    const after = (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    expect(after.AccountMFAEnabled).toBe(1);
    expect(after.MFADevicesInUse).toBe(before.MFADevicesInUse! + 1);
    await iam.send(new GenerateCredentialReportCommand({}));
    let report = '';
    for (let i = 0; i < 50 && !report; i++) {
      report = await iam
        .send(new GetCredentialReportCommand({}))
        .then((r) => Buffer.from(r.Content!).toString())
        .catch(() => new Promise<string>((resolve) => setTimeout(() => resolve(''), 50)));
    }
    const header = report.split('\n')[0]!.split(',');
    const rootRow = report.split('\n')[1]!.split(',');
    expect(rootRow[header.indexOf('mfa_active')]).toBe('true');

    const next = await browser().signIn({ email: t.admin.rootEmail, password: t.admin.rootPassword });
    expect(next.body).toMatchObject({ next: 'mfa', methods: ['webauthn'] });
  });
});
