import {
  CreateAccountAliasCommand,
  DeleteAccountPasswordPolicyCommand,
  DeleteLoginProfileCommand,
  GenerateCredentialReportCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetUserCommand,
  UpdateAccountPasswordPolicyCommand,
  UpdateLoginProfileCommand,
} from '@aws-sdk/client-iam';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { backends } from '../support/backends.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';
import { ConsoleBrowser } from './console-client.js';
import { consoleLogins, consoleUser, latestEvent, PASSWORD, RELAXED_GUARD } from './setup.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const INVALID = { code: 'InvalidCredentials', message: 'Your authentication information is incorrect. Please try again.' };

describe.each(await backends())('console sign-in on %s', (backend) => {
  let t: TestServer;

  beforeAll(async () => {
    t = await startTestServer(backend, { console: { ...RELAXED_GUARD, sessions: { idleMinutes: 60, sessionHours: 12 } } });
    await consoleUser(t, 'alice', { admin: true });
    const iam = t.iam();
    await iam.send(new CreateAccountAliasCommand({ AccountAlias: 'example-corp' }));
    iam.destroy();
  });
  afterEach(() => t.setClock(() => new Date()));
  afterAll(async () => {
    await t?.close();
  });

  const browser = () => new ConsoleBrowser(t.server.url);

  it('signs an IAM user in by account id, with an HttpOnly, SameSite=Strict session cookie and a CSRF token', async () => {
    const b = browser();
    const answer = await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ next: 'done' });
    const cookie = b.setCookies[0]!;
    expect(cookie).toMatch(/^gatehouse_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict$/);
    // Plain HTTP: no Secure attribute, or the browser would never send it back.
    expect(cookie).not.toContain('Secure');

    const session = await b.session();
    expect(session.body).toMatchObject({
      signedIn: true,
      state: 'active',
      principal: { type: 'IAMUser', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/alice`, accountId: TEST_ACCOUNT_ID, accountAlias: 'example-corp', userName: 'alice' },
    });
    expect(session.body.csrfToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const expiresAt = Date.parse(session.body.expiresAt as string);
    const idleExpiresAt = Date.parse(session.body.idleExpiresAt as string);
    expect(expiresAt - Date.now()).toBeGreaterThan(11.9 * 3_600_000);
    expect(idleExpiresAt - Date.now()).toBeGreaterThan(59 * 60_000);
    expect(idleExpiresAt).toBeLessThan(expiresAt);
  });

  it('signs an IAM user in by account alias, in any case', async () => {
    const b = browser();
    expect((await b.signIn({ account: 'Example-Corp', userName: 'ALICE', password: PASSWORD })).body).toEqual({ next: 'done' });
    expect((await b.session()).body).toMatchObject({ principal: { userName: 'alice' } });
  });

  it('signs the root user in by email and records the time as root password last used', async () => {
    const b = browser();
    const answer = await b.signIn({ email: t.admin.rootEmail.toUpperCase(), password: t.admin.rootPassword });
    expect(answer.body).toEqual({ next: 'done' });
    expect((await b.session()).body).toMatchObject({ state: 'active', principal: { type: 'Root', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:root`, accountId: TEST_ACCOUNT_ID } });
    expect((await b.session()).body.principal).not.toHaveProperty('userName');

    const iam = t.iam();
    await iam.send(new GenerateCredentialReportCommand({}));
    let report: string | undefined;
    for (let i = 0; i < 50 && !report; i++) {
      try {
        report = Buffer.from((await iam.send(new GetCredentialReportCommand({}))).Content!).toString();
      } catch {
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    iam.destroy();
    const rootRow = report!.split('\n')[1]!.split(',');
    expect(rootRow[0]).toBe('<root_account>');
    expect(rootRow[4]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/);
  });

  it('answers a wrong password, an unknown user, an unknown account and a user without a password alike', async () => {
    await consoleUser(t, 'no-password-yet', {});
    const iam = t.iam();
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'no-password-yet' }));
    iam.destroy();
    const attempts = [
      { account: TEST_ACCOUNT_ID, userName: 'alice', password: 'wrong-password-1A!' },
      { account: TEST_ACCOUNT_ID, userName: 'nobody', password: PASSWORD },
      { account: '999999999999', userName: 'alice', password: PASSWORD },
      { account: 'no-such-alias', userName: 'alice', password: PASSWORD },
      { account: TEST_ACCOUNT_ID, userName: 'no-password-yet', password: PASSWORD },
      { email: 'nobody@example.com', password: PASSWORD },
      { email: t.admin.rootEmail, password: 'wrong-password-1A!' },
    ];
    for (const attempt of attempts) {
      const b = browser();
      const answer = await b.signIn(attempt);
      expect(answer.status).toBe(401);
      expect(answer.body).toEqual(INVALID);
      expect(answer.headers.get('set-cookie')).toBeNull();
    }
  });

  it('records each attempt as ConsoleLogin, hiding the name of a user who does not exist, and sets PasswordLastUsed', async () => {
    await consoleUser(t, 'bob');
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'bob', password: 'not-bobs-password-1A' });
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'typed-my-password-here', password: 'x' });
    const before = new Date(Date.now() - 1000);
    await b.signIn({ account: 'example-corp', userName: 'bob', password: PASSWORD });

    const [success, unknown, failure] = await consoleLogins(t);
    expect(success).toMatchObject({
      eventSource: 'signin.amazonaws.com',
      eventName: 'ConsoleLogin',
      eventType: 'AwsConsoleSignIn',
      userIdentity: { type: 'IAMUser', arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob`, accountId: TEST_ACCOUNT_ID, userName: 'bob' },
      responseElements: { ConsoleLogin: 'Success' },
      additionalEventData: { LoginTo: `${t.server.url}/`, MobileVersion: 'No', MFAUsed: 'No' },
      sourceIPAddress: '127.0.0.1',
      recipientAccountId: TEST_ACCOUNT_ID,
    });
    expect(success).not.toHaveProperty('errorMessage');
    expect(unknown).toMatchObject({
      userIdentity: { type: 'IAMUser', accountId: TEST_ACCOUNT_ID, accessKeyId: '', userName: 'HIDDEN_DUE_TO_SECURITY_REASONS' },
      responseElements: { ConsoleLogin: 'Failure' },
      errorMessage: 'Failed authentication',
    });
    expect(unknown!.userIdentity).not.toHaveProperty('principalId');
    expect(failure).toMatchObject({ userIdentity: { userName: 'bob' }, responseElements: { ConsoleLogin: 'Failure' }, additionalEventData: { MFAUsed: 'No' }, errorMessage: 'Failed authentication' });
    expect(JSON.stringify([success, unknown, failure])).not.toContain('typed-my-password-here');

    const iam = t.iam();
    const { User } = await iam.send(new GetUserCommand({ UserName: 'bob' }));
    iam.destroy();
    expect(User!.PasswordLastUsed!.getTime()).toBeGreaterThanOrEqual(before.getTime() - 1000);
  });

  it('refuses a body that is not JSON, and missing or oversized members, with a clear 4xx', async () => {
    const b = browser();
    const form = await b.request('POST', '/console-api/sign-in', 'account=1&userName=a&password=b', { headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
    expect(form.body.code).toBe('UnsupportedMediaType');
    expect((await b.request('POST', '/console-api/sign-in', '{not json')).body).toMatchObject({ code: 'InvalidRequest' });
    expect((await b.request('POST', '/console-api/sign-in', { account: TEST_ACCOUNT_ID, userName: 'alice' })).body).toMatchObject({ code: 'InvalidRequest', message: 'password is required and must be a string.' });
    expect((await b.request('POST', '/console-api/sign-in', { account: TEST_ACCOUNT_ID, userName: 'a'.repeat(65), password: 'x' })).status).toBe(400);
    expect((await b.request('GET', '/console-api/sign-in')).status).toBe(405);
    expect((await b.request('GET', '/console-api/nothing-here')).body).toMatchObject({ code: 'NotFound' });
  });

  it('requires a new password when the user must reset it, then signs in with it', async () => {
    const password = await consoleUser(t, 'carol', { resetRequired: true });
    const b = browser();
    const answer = await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'carol', password });
    expect(answer.body).toEqual({ next: 'change-password', reason: 'reset-required' });
    expect((await b.session()).body).toMatchObject({ state: 'pending' });
    // A pending session can do nothing else yet.
    expect((await b.request('GET', '/console-api/security-status')).body).toMatchObject({ code: 'SignInIncomplete' });

    expect((await b.request('POST', '/console-api/sign-in/change-password', { newPassword: 'short' })).body).toMatchObject({ code: 'PasswordPolicyViolation', message: expect.stringContaining('minimum length of 8') });
    expect((await b.request('POST', '/console-api/sign-in/change-password', { newPassword: password })).body).toMatchObject({ code: 'PasswordPolicyViolation' });
    const changed = await b.request('POST', '/console-api/sign-in/change-password', { newPassword: 'A-brand-new-Passw0rd' });
    expect(changed.body).toEqual({ next: 'done' });
    expect((await b.session()).body).toMatchObject({ state: 'active' });

    const iam = t.iam();
    expect((await iam.send(new GetLoginProfileCommand({ UserName: 'carol' }))).LoginProfile!.PasswordResetRequired).toBe(false);
    iam.destroy();
    expect(await latestEvent(t, 'ChangePassword')).toMatchObject({ userIdentity: { userName: 'carol' }, eventSource: 'iam.amazonaws.com' });
    expect((await browser().signIn({ account: TEST_ACCOUNT_ID, userName: 'carol', password: 'A-brand-new-Passw0rd' })).body).toEqual({ next: 'done' });
  });

  it('requires a new password once MaxPasswordAge has passed since it was last changed, and refuses under HardExpiry', async () => {
    const password = await consoleUser(t, 'dave');
    const iam = t.iam();
    await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90, MinimumPasswordLength: 8, AllowUsersToChangePassword: true }));
    try {
      const fresh = browser();
      expect((await fresh.signIn({ account: TEST_ACCOUNT_ID, userName: 'dave', password })).body).toEqual({ next: 'done' });

      t.setClock(() => new Date(Date.now() + 91 * DAY_MS));
      const later = browser();
      expect((await later.signIn({ account: TEST_ACCOUNT_ID, userName: 'dave', password })).body).toEqual({ next: 'change-password', reason: 'expired' });

      t.setClock(() => new Date());
      await iam.send(new UpdateAccountPasswordPolicyCommand({ MaxPasswordAge: 90, MinimumPasswordLength: 8, HardExpiry: true }));
      t.setClock(() => new Date(Date.now() + 91 * DAY_MS));
      const hard = await browser().signIn({ account: TEST_ACCOUNT_ID, userName: 'dave', password });
      expect(hard.status).toBe(403);
      expect(hard.body).toMatchObject({ code: 'PasswordExpired', message: expect.stringContaining('Ask an administrator') });
      expect(hard.headers.get('set-cookie')).toBeNull();

      // The pending session from before the hard expiry can still set the new password.
      t.setClock(() => new Date(Date.now() + 91 * DAY_MS));
      await later.session();
      expect((await later.request('POST', '/console-api/sign-in/change-password', { newPassword: 'Daves-new-Passw0rd' })).body).toEqual({ next: 'done' });
      expect((await browser().signIn({ account: TEST_ACCOUNT_ID, userName: 'dave', password: 'Daves-new-Passw0rd' })).body).toEqual({ next: 'done' });
    } finally {
      t.setClock(() => new Date());
      await iam.send(new DeleteAccountPasswordPolicyCommand({}));
      iam.destroy();
    }
  });

  it('refuses a request without the CSRF header, and one with another session\'s token', async () => {
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    const other = browser();
    await other.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });

    const without = await b.request('POST', '/console-api/sign-out', undefined, { csrf: false });
    expect(without.status).toBe(403);
    expect(without.body).toMatchObject({ code: 'InvalidCsrfToken' });
    const crossed = await b.request('POST', '/console-api/policy/validate', { document: '{}' }, { csrf: false, headers: { 'x-csrf-token': other.csrfToken! } });
    expect(crossed.body).toMatchObject({ code: 'InvalidCsrfToken' });
    expect((await b.session()).body).toMatchObject({ signedIn: true });
    expect((await b.request('POST', '/console-api/policy/validate', { document: '{}' })).status).toBe(200);
  });

  it('ends a session after the idle timeout, counting requests as activity', async () => {
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    const start = Date.now();
    t.setClock(() => new Date(start + 50 * 60_000));
    expect((await b.request('POST', '/console-api/policy/validate', { document: '{}' })).status).toBe(200);
    t.setClock(() => new Date(start + 100 * 60_000));
    expect((await b.session()).body).toMatchObject({ signedIn: true });
    t.setClock(() => new Date(start + 161 * 60_000));
    const expired = await b.request('POST', '/console-api/policy/validate', { document: '{}' });
    expect(expired.status).toBe(401);
    expect(expired.body).toMatchObject({ code: 'NotSignedIn' });
    expect(expired.headers.get('set-cookie')).toContain('Max-Age=0');
    expect((await b.session()).body).toEqual({ signedIn: false });
  });

  it('ends a session after the absolute timeout, however active', async () => {
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    const start = Date.now();
    // A request every 50 minutes keeps the idle timeout (an hour) from ever ending it.
    for (let minutes = 50; minutes < 12 * 60; minutes += 50) {
      t.setClock(() => new Date(start + minutes * 60_000));
      expect((await b.request('POST', '/console-api/policy/validate', { document: '{}' })).status).toBe(200);
    }
    t.setClock(() => new Date(start + 12 * 3_600_000 + 1000));
    expect((await b.request('POST', '/console-api/policy/validate', { document: '{}' })).body).toMatchObject({ code: 'NotSignedIn' });
  });

  it('signs out: the session is deleted and the cookie cleared', async () => {
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'alice', password: PASSWORD });
    const token = b.cookies.get('gatehouse_session')!;
    const out = await b.request('POST', '/console-api/sign-out');
    expect(out.status).toBe(204);
    expect(out.headers.get('set-cookie')).toMatch(/^gatehouse_session=; Path=\/; HttpOnly; SameSite=Strict; Max-Age=0$/);
    expect(b.cookies.has('gatehouse_session')).toBe(false);
    // The old token is worthless even if someone kept it.
    const replay = new ConsoleBrowser(t.server.url);
    replay.cookies.set('gatehouse_session', token);
    expect((await replay.session()).body).toEqual({ signedIn: false });
  });

  it('signs a user out everywhere when an administrator sets a new console password or removes it', async () => {
    await consoleUser(t, 'frank');
    const b = browser();
    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'frank', password: PASSWORD });
    expect((await b.session()).body).toMatchObject({ signedIn: true, state: 'active' });
    const iam = t.iam();
    await iam.send(new UpdateLoginProfileCommand({ UserName: 'frank', Password: 'Another-Horse-7-battery' }));
    expect((await b.session()).body).toEqual({ signedIn: false });

    await b.signIn({ account: TEST_ACCOUNT_ID, userName: 'frank', password: 'Another-Horse-7-battery' });
    expect((await b.session()).body).toMatchObject({ signedIn: true });
    await iam.send(new DeleteLoginProfileCommand({ UserName: 'frank' }));
    iam.destroy();
    expect((await b.session()).body).toEqual({ signedIn: false });
  });

  it('tells whether an account exists for its sign-in link, and nothing more', async () => {
    const b = browser();
    expect((await b.request('GET', '/console-api/sign-in-link?account=example-corp')).body).toEqual({ accountId: TEST_ACCOUNT_ID, alias: 'example-corp' });
    expect((await b.request('GET', `/console-api/sign-in-link?account=${TEST_ACCOUNT_ID}`)).body).toEqual({ accountId: TEST_ACCOUNT_ID });
    const missing = await b.request('GET', '/console-api/sign-in-link?account=nope-corp');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe('NoSuchAccount');
  });
});
