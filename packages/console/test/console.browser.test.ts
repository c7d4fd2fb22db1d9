import { readFileSync } from 'node:fs';
import {
  CreateLoginProfileCommand,
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  ListMFADevicesCommand,
  PutUserPolicyCommand,
  type IAMClient,
} from '@aws-sdk/client-iam';
import { Secret, TOTP } from 'otpauth';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../../server/test/support/server.js';
import { buildConsole, launchBrowser, screenshot } from './support/browser.js';

const STEP = 30_000;
const totp = (secret: string) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30 });
const codeAt = (secret: string, ms: number) => totp(secret).generate({ timestamp: ms });

/**
 * The web console in Debian's Chromium (playwright-core), against a real Gatehouse serving a
 * freshly built console. SQLite only: the server behind each step is tested on both databases
 * in packages/server/test/console-api.
 */
describe('the web console in a browser', () => {
  let t: TestServer;
  let iam: IAMClient;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    const consoleDir = await buildConsole();
    t = await startTestServer('sqlite', { consoleDir });
    iam = t.iam();
    // WebAuthn refuses IP addresses: the console is opened as localhost.
    base = `http://localhost:${t.server.port}`;
    browser = await launchBrowser();
    await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'Admin-pass-2026!' }));
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    iam?.destroy();
    await t?.close();
  });

  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ acceptDownloads: true, viewport: { width: 1280, height: 900 } });
    // A step that waits longer than this has failed; the test's own timeout would hide where.
    context.setDefaultTimeout(10_000);
    return context.newPage();
  }

  async function signIn(page: Page, userName: string, password: string): Promise<void> {
    await page.goto(`${base}/${TEST_ACCOUNT_ID}`);
    await page.getByLabel('IAM user name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }

  /** A user with a console password and a virtual MFA device enabled five minutes ago. */
  async function userWithTotp(userName: string, password: string): Promise<string> {
    await iam.send(new CreateUserCommand({ UserName: userName }));
    await iam.send(new CreateLoginProfileCommand({ UserName: userName, Password: password }));
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: userName }));
    const secret = Buffer.from(VirtualMFADevice!.Base32StringSeed!).toString('utf8');
    // Enabled with codes from the past, so the code the browser types now has not been used.
    const then = Date.now() - 10 * STEP;
    t.setClock(() => new Date(then));
    iam.config.systemClockOffset = then - Date.now();
    try {
      await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: VirtualMFADevice!.SerialNumber, AuthenticationCode1: codeAt(secret, then - STEP), AuthenticationCode2: codeAt(secret, then) }));
    } finally {
      t.setClock(() => new Date());
      iam.config.systemClockOffset = 0;
    }
    return secret;
  }

  it('signs an IAM user in with a password and a TOTP code', async () => {
    const secret = await userWithTotp('tess', 'Tess-pass-2026!x');
    const page = await newPage();
    await signIn(page, 'tess', 'Tess-pass-2026!x');
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    await screenshot(page, 'sign-in-mfa-step');
    await page.getByLabel('MFA code').fill(codeAt(secret, Date.now()));
    await page.getByRole('button', { name: /verify|sign in|continue/i }).first().click();
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await screenshot(page, 'signed-in-with-totp');
    await page.context().close();
  });

  it('makes a user whose password must be reset choose a new one before anything else', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'pat' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'pat', Password: 'Pat-first-2026!', PasswordResetRequired: true }));
    const page = await newPage();
    await signIn(page, 'pat', 'Pat-first-2026!');
    await page.getByRole('heading', { name: 'Set a new password' }).waitFor();
    await screenshot(page, 'forced-password-change');
    await page.getByLabel('New password', { exact: true }).fill('Pat-second-2026!');
    await page.getByLabel('Confirm new password').fill('Pat-second-2026!');
    await page.getByRole('form', { name: 'Change password' }).getByRole('button').first().click();
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.getByRole('button', { name: /sign out/i }).click();
    // The new password is the one that works now.
    await signIn(page, 'pat', 'Pat-first-2026!');
    await page.getByText('Your authentication information is incorrect').waitFor();
    await page.context().close();
  });

  it('creates a user with an access key and downloads the key as AWS’s CSV', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/users/create`);
    await page.getByLabel('User name').fill('carol');
    await page.getByLabel(/Create an access key/).check();
    await page.getByRole('button', { name: 'Create user' }).click();
    const panel = page.getByRole('region', { name: 'New access key' });
    await panel.waitFor();
    const keyId = (await panel.getByTestId('new-access-key-id').textContent())!.trim();
    expect(keyId).toMatch(/^AKIA[A-Z0-9]{16}$/);
    await screenshot(page, 'new-access-key');
    const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download .csv file' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    const [header, row] = csv.trim().split(/\r?\n/);
    expect(header).toBe('Access key ID,Secret access key');
    const [id, secretKey] = row!.split(',');
    expect(id).toBe(keyId);
    expect(secretKey).toMatch(/^[A-Za-z0-9/+]{40}$/);
    await page.context().close();
  });

  it('assigns a virtual MFA device with two consecutive codes', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/users/details/carol?tab=security`);
    await page.getByRole('button', { name: 'Assign MFA device' }).click();
    await page.getByLabel('Device name').fill('carol-phone');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('img', { name: /QR code/ }).waitFor();
    await page.getByRole('button', { name: 'Show secret key' }).click();
    const secret = (await page.getByTestId('mfa-secret-key').textContent())!.trim();
    await screenshot(page, 'assign-virtual-mfa');
    const now = Date.now();
    await page.getByLabel('MFA code 1').fill(codeAt(secret, now - STEP));
    await page.getByLabel('MFA code 2').fill(codeAt(secret, now));
    await page.getByRole('button', { name: 'Add MFA' }).click();
    await expect.poll(async () => (await iam.send(new ListMFADevicesCommand({ UserName: 'carol' }))).MFADevices?.length, { timeout: 10_000 }).toBe(1);
    await page.getByRole('cell', { name: /carol-phone/ }).first().waitFor();
    await page.context().close();
  });

  it('shows the validator’s findings as a policy is typed', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/policies/create`);
    const editor = page.getByLabel('Policy document');
    await editor.fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObjekt', Resource: '*' }] }, null, 2));
    const findings = page.getByRole('list', { name: 'Validation findings' });
    await expect.poll(async () => ((await findings.count()) > 0 ? findings.textContent() : ''), { timeout: 10_000 }).toContain('GetObjekt');
    await screenshot(page, 'policy-validator-finding');
    await editor.fill(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::photos/*' }] }, null, 2));
    await page.getByText('No findings: the policy is valid.').waitFor();
    await page.context().close();
  });

  it('registers a security key and signs in with it (virtual WebAuthn authenticator)', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'kim' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'kim', Password: 'Kim-pass-2026!x' }));
    // What AWS's guide gives users to manage their own credentials and MFA.
    const self = 'arn:aws:iam::*:user/${aws:username}';
    await iam.send(
      new PutUserPolicyCommand({
        UserName: 'kim',
        PolicyName: 'manage-own-credentials',
        PolicyDocument: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            { Effect: 'Allow', Action: ['iam:GetUser', 'iam:GetLoginProfile', 'iam:ChangePassword', 'iam:ListAccessKeys', 'iam:ListMFADevices', 'iam:EnableMFADevice', 'iam:DeactivateMFADevice'], Resource: self },
            { Effect: 'Allow', Action: ['iam:CreateVirtualMFADevice', 'iam:DeleteVirtualMFADevice'], Resource: 'arn:aws:iam::*:mfa/*' },
          ],
        }),
      }),
    );
    const page = await newPage();
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', {
      options: { protocol: 'ctap2', transport: 'usb', hasResidentKey: true, hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true },
    });
    await signIn(page, 'kim', 'Kim-pass-2026!x');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/security-credentials`);
    await page.getByRole('button', { name: 'Assign MFA device' }).click();
    await page.getByLabel('Device name').fill('kim-key');
    await page.getByLabel('Security key or passkey').check();
    await page.getByRole('button', { name: 'Register security key' }).click();
    await page.getByRole('cell', { name: /kim-key/ }).first().waitFor();
    await screenshot(page, 'security-key-registered');
    await page.getByRole('button', { name: /sign out/i }).click();

    await signIn(page, 'kim', 'Kim-pass-2026!x');
    await page.getByRole('heading', { name: 'Multi-factor authentication' }).waitFor();
    await page.getByRole('button', { name: /security key/i }).click();
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await screenshot(page, 'signed-in-with-security-key');
    await page.context().close();
  });

  it('finds the admin\'s calls in the event history and shows a record', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/event-history`);
    await page.getByLabel('Lookup attribute').selectOption({ label: 'Event name' });
    await page.getByLabel('Value').fill('CreateUser');
    await page.getByRole('button', { name: 'Search events' }).click();
    const view = page.getByRole('button', { name: /View details of CreateUser/ }).first();
    await view.click();
    const record = page.locator('pre.json').first();
    await expect.poll(() => record.textContent(), { timeout: 10_000 }).toContain('"eventSource": "iam.amazonaws.com"');
    await screenshot(page, 'event-history-record');
    await page.context().close();
  });

  it('downloads the credential report as CSV', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/credential-report`);
    await page.getByRole('button', { name: 'Generate report' }).click();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download report' }).click()]);
    const csv = readFileSync((await download.path())!, 'utf8');
    expect(csv.split('\n')[0]).toMatch(/^user,arn,user_creation_time,password_enabled,/);
    expect(csv).toContain('<root_account>');
    expect(csv).toContain('\nadmin,');
    await page.context().close();
  });

  it('works at phone width and from the keyboard', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/users`);
    await page.getByRole('heading', { level: 1 }).waitFor();
    // Nothing is wider than the screen, and the navigation folds behind a menu button.
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).toBe(true);
    const menu = page.getByRole('button', { name: 'Menu' });
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('false');
    await menu.click();
    await expect(menu.getAttribute('aria-expanded')).resolves.toBe('true');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Policies' }).click();
    await page.waitForURL(/\/iam\/policies/);
    await screenshot(page, 'phone-width-policies');
    // On a page just loaded, the first Tab reaches the skip link, which moves focus to the content.
    await page.reload();
    await page.getByRole('heading', { level: 1 }).waitFor();
    await page.keyboard.press('Tab');
    await expect(page.evaluate('document.activeElement?.textContent?.trim()')).resolves.toBe('Skip to main content');
    await page.keyboard.press('Enter');
    await expect(page.evaluate("document.activeElement?.closest('main') !== null")).resolves.toBe(true);
    await context.close();
  });
});

describe('the Security Status checklist in the browser', () => {
  let t: TestServer;
  let iam: IAMClient;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    t = await startTestServer('sqlite', { consoleDir: await buildConsole() });
    iam = t.iam();
    base = `http://localhost:${t.server.port}`;
    await iam.send(new CreateLoginProfileCommand({ UserName: 'admin', Password: 'Admin-pass-2026!' }));
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    iam?.destroy();
    await t?.close();
  });

  async function signIn(page: Page, userName: string, password: string): Promise<void> {
    await page.goto(`${base}/${TEST_ACCOUNT_ID}`);
    await page.getByLabel('IAM user name').fill(userName);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
  }
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    context.setDefaultTimeout(15_000);
    return context.newPage();
  }

  it('turns the Security Status checklist green step by step', async () => {
    const page = await newPage();
    await signIn(page, 'admin', 'Admin-pass-2026!');
    const check = (id: string) => page.locator(`[data-check-id="${id}"]`);
    await check('password-policy').waitFor({ timeout: 30_000 });
    await expect(check('password-policy').getAttribute('data-status')).resolves.toBe('fail');
    await expect(check('cis-1.8-password-length').getAttribute('data-status')).resolves.toBe('fail');
    await screenshot(page, 'security-status-before');

    // Step 1: a password policy, from the check's own fix button.
    await check('password-policy').getByRole('link').click();
    await page.getByLabel(/minimum password length/i).fill('14');
    const reuse = page.getByLabel(/prevent password reuse/i);
    if (!(await reuse.isChecked())) await reuse.check();
    await page.getByLabel('Remember this many previous passwords').fill('24');
    await page.getByRole('button', { name: 'Save password policy' }).click();
    await page.getByRole('status').filter({ hasText: 'The password policy was saved' }).waitFor();

    await page.goto(`${base}/`);
    await check('password-policy').waitFor({ timeout: 30_000 });
    await expect.poll(() => check('password-policy').getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
    await expect(check('cis-1.8-password-length').getAttribute('data-status')).resolves.toBe('pass');
    await expect(check('cis-1.9-password-reuse').getAttribute('data-status')).resolves.toBe('pass');
    await screenshot(page, 'security-status-password-policy-green');

    // Step 2: MFA for the console user admin (CIS 1.10), assigned in the console.
    await expect(check('cis-1.10-mfa-console-users').getAttribute('data-status')).resolves.toBe('fail');
    await page.goto(`${base}/iam/users/details/admin?tab=security`);
    await page.getByRole('button', { name: 'Assign MFA device' }).click();
    await page.getByLabel('Device name').fill('admin-phone');
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Show secret key' }).click();
    const secret = (await page.getByTestId('mfa-secret-key').textContent())!.trim();
    const now = Date.now();
    await page.getByLabel('MFA code 1').fill(codeAt(secret, now - STEP));
    await page.getByLabel('MFA code 2').fill(codeAt(secret, now));
    await page.getByRole('button', { name: 'Add MFA' }).click();
    await page.getByRole('cell', { name: /admin-phone/ }).first().waitFor();

    await page.goto(`${base}/`);
    await check('cis-1.10-mfa-console-users').waitFor({ timeout: 30_000 });
    await expect.poll(() => check('cis-1.10-mfa-console-users').getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
    await screenshot(page, 'security-status-mfa-green');

    // Step 3: the root user signs in by email and assigns itself an MFA device.
    await expect(check('root-mfa').getAttribute('data-status')).resolves.toBe('fail');
    await page.getByRole('button', { name: /sign out/i }).click();
    await page.goto(`${base}/`);
    await page.getByLabel('Root user', { exact: true }).check();
    await page.getByLabel('Root user email address').fill(t.admin.rootEmail);
    await page.getByLabel('Password', { exact: true }).fill(t.admin.rootPassword);
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('button', { name: /sign out/i }).waitFor();
    await page.goto(`${base}/iam/security-credentials`);
    await page.getByRole('button', { name: 'Assign MFA device' }).click();
    await page.getByRole('button', { name: 'Next' }).click();
    await page.getByRole('button', { name: 'Show secret key' }).click();
    const rootSecret = (await page.getByTestId('mfa-secret-key').textContent())!.trim();
    const at = Date.now();
    await page.getByLabel('MFA code 1').fill(codeAt(rootSecret, at - STEP));
    await page.getByLabel('MFA code 2').fill(codeAt(rootSecret, at));
    await page.getByRole('button', { name: 'Add MFA' }).click();
    await page.getByRole('cell', { name: /root-account-mfa-device/ }).first().waitFor();
    await page.goto(`${base}/`);
    await check('root-mfa').waitFor({ timeout: 30_000 });
    await expect.poll(() => check('root-mfa').getAttribute('data-status'), { timeout: 30_000 }).toBe('pass');
    await screenshot(page, 'security-status-root-mfa-green');
    await page.context().close();
  }, 120_000);
});

describe('guessing protection in the browser', () => {
  let t: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    // The quick-login window is widened from Keycloak's 1 s, so that two failures typed by a
    // browser on a busy machine still come "quickly"; the lock that follows is what is tested.
    t = await startTestServer('sqlite', { consoleDir: await buildConsole(), console: { bruteForce: { quickLoginCheckMs: 30_000 } } });
    const iam = t.iam();
    await iam.send(new CreateUserCommand({ UserName: 'lee' }));
    await iam.send(new CreateLoginProfileCommand({ UserName: 'lee', Password: 'Lee-pass-2026!x' }));
    iam.destroy();
    browser = await launchBrowser();
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('locks sign-in after repeated failures, even for the right password', async () => {
    const page = await browser.newPage();
    page.setDefaultTimeout(10_000);
    await page.goto(`http://localhost:${t.server.port}/${TEST_ACCOUNT_ID}`);
    await page.getByLabel('IAM user name').fill('lee');
    const password = page.getByLabel('Password', { exact: true });
    const submit = page.getByRole('button', { name: 'Sign in', exact: true });
    await password.fill('wrong-1');
    await submit.click();
    await page.getByText('Your authentication information is incorrect').waitFor();
    // Keycloak's quick-login check: a second failure within the window locks for a minute.
    await password.fill('wrong-2');
    await submit.click();
    await page.getByRole('button', { name: 'Sign in', exact: true }).waitFor();
    await password.fill('Lee-pass-2026!x');
    await submit.click();
    await page.getByText('Too many failed sign-in attempts').first().waitFor();
    await page.getByText(/You can try again in/).waitFor();
    await expect(submit.isDisabled()).resolves.toBe(true);
    await screenshot(page, 'sign-in-locked');
    await expect(page.getByRole('button', { name: /sign out/i }).count()).resolves.toBe(0);
    await page.close();
  });
});
