import {
  CreateUserCommand,
  CreateVirtualMFADeviceCommand,
  DeactivateMFADeviceCommand,
  DeleteUserCommand,
  DeleteVirtualMFADeviceCommand,
  EnableMFADeviceCommand,
  GetAccountSummaryCommand,
  GetMFADeviceCommand,
  ListMFADevicesCommand,
  ListMFADeviceTagsCommand,
  ListVirtualMFADevicesCommand,
  ResyncMFADeviceCommand,
  TagMFADeviceCommand,
  UntagMFADeviceCommand,
  type IAMClient,
  type VirtualMFADevice,
} from '@aws-sdk/client-iam';
import jsQRModule from 'jsqr';
import { PNG } from 'pngjs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totpCode } from '../../src/auth/totp.js';
import { MFA_INVALID_CODE, MFA_NOT_ASSOCIATED, verifyMfaCode, type MfaCodeCheck } from '../../src/iam/mfa/verify-code.js';
import { rootArn } from '../../src/principal.js';
import { AwsError } from '../../src/protocol/errors.js';
import { backends } from '../support/backends.js';
import { rootCredentials } from '../support/root-credentials.js';
import { startTestServer, TEST_ACCOUNT_ID, type TestServer } from '../support/server.js';

// jsqr is CommonJS typed as an ES module; under NodeNext its function is the default's default.
const jsQR = jsQRModule.default;
const STEP_MS = 30_000;
const serialOf = (name: string, path = '/') => `arn:aws:iam::${TEST_ACCOUNT_ID}:mfa${path}${name}`;

describe.each(await backends())('virtual MFA devices on %s', (backend) => {
  let t: TestServer;
  let iam: IAMClient;
  let root: IAMClient;
  const clients: { destroy(): void }[] = [];
  // Steps near the real present: the SDK signs with the real clock, and the server allows 15 minutes of skew.
  const now = Math.floor(Date.now() / STEP_MS);

  beforeAll(async () => {
    t = await startTestServer(backend);
    iam = t.iam();
    root = t.iam(await rootCredentials(t));
    clients.push(iam, root);
  });
  afterEach(() => t.setClock(() => new Date()));
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await t?.close();
  });

  /** Puts the server's clock ten seconds into a time step. */
  const atStep = (step: number) => t.setClock(() => new Date(step * STEP_MS + 10_000));

  async function createDevice(name: string, client = iam, path?: string) {
    const { VirtualMFADevice } = await client.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name, ...(path ? { Path: path } : {}) }));
    return device(VirtualMFADevice!);
  }

  /** The codes a phone holding this device's seed shows, by time step. */
  function device(created: VirtualMFADevice) {
    const seedText = Buffer.from(created.Base32StringSeed!).toString('ascii');
    const seed = base32Decode(seedText);
    const code = (step: number) => totpCode(seed, step);
    /** a code that is none of those of the given steps */
    const wrongCode = (...steps: number[]) => ['111111', '222222', '333333', '444444'].find((c) => steps.every((s) => code(s) !== c))!;
    return { serial: created.SerialNumber!, seedText, created, code, wrongCode };
  }

  async function enable(userName: string, d: ReturnType<typeof device>, step = now) {
    atStep(step);
    await iam.send(new EnableMFADeviceCommand({ UserName: userName, SerialNumber: d.serial, AuthenticationCode1: d.code(step - 1), AuthenticationCode2: d.code(step) }));
  }

  it('creates a device whose seed and QR code are shown once, with an ARN serial number', async () => {
    const d = await createDevice('alice-phone', iam, '/staff/');
    expect(d.serial).toBe(serialOf('alice-phone', '/staff/'));
    // AWS's seeds: 40 random bytes as 64 base32 characters.
    expect(d.seedText).toMatch(/^[A-Z2-7]{64}$/);
    const png = PNG.sync.read(Buffer.from(d.created.QRCodePNG!));
    const qr = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
    expect(qr?.data).toBe(`otpauth://totp/Gatehouse:alice-phone@${TEST_ACCOUNT_ID}?secret=${d.seedText}&issuer=Gatehouse`);

    const listed = await iam.send(new ListVirtualMFADevicesCommand({}));
    const entry = listed.VirtualMFADevices?.find((v) => v.SerialNumber === d.serial);
    expect(entry).toEqual({ SerialNumber: d.serial });
  });

  it('refuses a second device at the same path and name, whatever the case', async () => {
    await createDevice('dup');
    await expect(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'DUP' }))).rejects.toMatchObject({
      name: 'EntityAlreadyExistsException',
      message: 'MFADevice entity at the same path and name already exists.',
      $metadata: { httpStatusCode: 409 },
    });
  });

  it('refuses a path and name too long for the serial number that every later call must give', async () => {
    await expect(iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'x'.repeat(120), Path: `/${'p'.repeat(120)}/` }))).rejects.toMatchObject({
      name: 'InvalidInputException',
      message: expect.stringContaining('serial numbers are at most 256'),
    });
  });

  it('enables a device with two consecutive codes and lists it as assigned', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'bob' }));
    const d = await createDevice('bob-phone');
    await enable('bob', d);

    const { MFADevices } = await iam.send(new ListMFADevicesCommand({ UserName: 'bob' }));
    expect(MFADevices).toEqual([{ UserName: 'bob', SerialNumber: d.serial, EnableDate: new Date(now * STEP_MS + 10_000) }]);
    expect(await iam.send(new GetMFADeviceCommand({ UserName: 'bob', SerialNumber: d.serial }))).toMatchObject({ UserName: 'bob', SerialNumber: d.serial });

    const assigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    const entry = assigned.VirtualMFADevices?.find((v) => v.SerialNumber === d.serial);
    expect(entry?.User).toMatchObject({ UserName: 'bob', Arn: `arn:aws:iam::${TEST_ACCOUNT_ID}:user/bob` });
    expect(entry?.EnableDate).toEqual(new Date(now * STEP_MS + 10_000));
    const unassigned = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Unassigned' }));
    expect(unassigned.VirtualMFADevices?.map((v) => v.SerialNumber)).not.toContain(d.serial);
    expect(unassigned.VirtualMFADevices?.every((v) => v.User === undefined && v.EnableDate === undefined)).toBe(true);
    const any = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Any' }));
    expect(any.VirtualMFADevices?.map((v) => v.SerialNumber)).toEqual(expect.arrayContaining([d.serial, ...unassigned.VirtualMFADevices!.map((v) => v.SerialNumber)]));
  });

  it('refuses codes that are invalid, not consecutive or out of order', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'carol' }));
    const d = await createDevice('carol-phone');
    atStep(now);
    const attempts = [
      [d.code(now), d.code(now)],
      [d.code(now - 2), d.code(now)],
      [d.code(now), d.code(now - 1)],
      [d.code(now - 1), d.code(now + 40)],
    ];
    for (const [first, second] of attempts) {
      await expect(
        iam.send(new EnableMFADeviceCommand({ UserName: 'carol', SerialNumber: d.serial, AuthenticationCode1: first, AuthenticationCode2: second })),
      ).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException', message: 'Authentication code for device is not valid.', $metadata: { httpStatusCode: 403 } });
    }
    await expect(
      iam.send(new EnableMFADeviceCommand({ UserName: 'carol', SerialNumber: d.serial, AuthenticationCode1: '12345', AuthenticationCode2: d.code(now) })),
    ).rejects.toMatchObject({ name: 'ValidationError' });
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'carol' }))).MFADevices).toEqual([]);
  });

  it('never accepts the same codes twice, even after the device is deactivated', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'dave' }));
    const d = await createDevice('dave-phone');
    await enable('dave', d);
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'dave', SerialNumber: d.serial }));
    await expect(enable('dave', d)).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException' });
    await expect(enable('dave', d, now + 1)).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException' });
    await enable('dave', d, now + 2);
    await expect(
      iam.send(new ResyncMFADeviceCommand({ UserName: 'dave', SerialNumber: d.serial, AuthenticationCode1: d.code(now), AuthenticationCode2: d.code(now + 1) })),
    ).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException' });
  });

  it('refuses to enable a device already in use, for anyone', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'erin' }));
    await iam.send(new CreateUserCommand({ UserName: 'frank' }));
    const d = await createDevice('erin-phone');
    await enable('erin', d);
    for (const user of ['erin', 'frank']) {
      await expect(enable(user, d, now + 1)).rejects.toMatchObject({ name: 'EntityAlreadyExistsException', message: 'MFA Device is already in use.' });
    }
    await expect(enable('nobody', d, now + 2)).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'The user with name nobody cannot be found.' });
    await expect(
      iam.send(new EnableMFADeviceCommand({ UserName: 'frank', SerialNumber: serialOf('missing'), AuthenticationCode1: '123456', AuthenticationCode2: '654321' })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', message: `VirtualMFADevice with serial number ${serialOf('missing')} does not exist.` });
  });

  it('resynchronizes a device whose clock runs ahead', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'gina' }));
    const d = await createDevice('gina-phone');
    await enable('gina', d, now - 10);
    // The phone's clock is now five minutes ahead of ours.
    atStep(now);
    const drifted = [d.code(now + 9), d.code(now + 10)] as const;
    await iam.send(new ResyncMFADeviceCommand({ UserName: 'gina', SerialNumber: d.serial, AuthenticationCode1: drifted[0], AuthenticationCode2: drifted[1] }));
    await expect(
      iam.send(new ResyncMFADeviceCommand({ UserName: 'gina', SerialNumber: d.serial, AuthenticationCode1: drifted[0], AuthenticationCode2: drifted[1] })),
    ).rejects.toMatchObject({ name: 'InvalidAuthenticationCodeException' });
    await iam.send(new CreateUserCommand({ UserName: 'hank' }));
    await expect(
      iam.send(new ResyncMFADeviceCommand({ UserName: 'hank', SerialNumber: d.serial, AuthenticationCode1: d.code(now + 11), AuthenticationCode2: d.code(now + 12) })),
    ).rejects.toMatchObject({ name: 'NoSuchEntityException', message: 'MFA Device invalid for user.' });
  });

  it('deactivates and deletes a device, refusing to delete it while assigned', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'ivan' }));
    const d = await createDevice('ivan-phone');
    await enable('ivan', d);
    await expect(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'MFA VirtualDevice in use. Must deactivate first.',
    });
    await expect(iam.send(new DeactivateMFADeviceCommand({ UserName: 'bob', SerialNumber: d.serial }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: 'MFA Device invalid for user.',
    });
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'ivan', SerialNumber: d.serial }));
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'ivan' }))).MFADevices).toEqual([]);
    await expect(iam.send(new GetMFADeviceCommand({ UserName: 'ivan', SerialNumber: d.serial }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    await iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }));
    await expect(iam.send(new DeleteVirtualMFADeviceCommand({ SerialNumber: d.serial }))).rejects.toMatchObject({
      name: 'NoSuchEntityException',
      message: `VirtualMFADevice with serial number ${d.serial} does not exist.`,
    });
    const all = await iam.send(new ListVirtualMFADevicesCommand({}));
    expect(all.VirtualMFADevices?.map((v) => v.SerialNumber)).not.toContain(d.serial);
  });

  it('tags devices', async () => {
    const { VirtualMFADevice } = await iam.send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: 'tagged', Tags: [{ Key: 'team', Value: 'ops' }] }));
    expect(VirtualMFADevice?.Tags).toEqual([{ Key: 'team', Value: 'ops' }]);
    const serial = VirtualMFADevice!.SerialNumber!;
    await iam.send(new TagMFADeviceCommand({ SerialNumber: serial, Tags: [{ Key: 'owner', Value: 'jo' }, { Key: 'TEAM', Value: 'sre' }] }));
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([
      { Key: 'TEAM', Value: 'sre' },
      { Key: 'owner', Value: 'jo' },
    ]);
    await iam.send(new UntagMFADeviceCommand({ SerialNumber: serial, TagKeys: ['team'] }));
    expect((await iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serial }))).Tags).toEqual([{ Key: 'owner', Value: 'jo' }]);
    await expect(iam.send(new ListMFADeviceTagsCommand({ SerialNumber: serialOf('nope') }))).rejects.toMatchObject({ name: 'NoSuchEntityException' });
  });

  it('allows at most eight devices per user', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'kim' }));
    for (let i = 1; i <= 8; i++) await enable('kim', await createDevice(`kim-${i}`));
    const ninth = await createDevice('kim-9');
    await expect(enable('kim', ninth)).rejects.toMatchObject({ name: 'LimitExceededException', message: 'Cannot exceed quota for MFADevicesPerUser: 8' });
    expect((await iam.send(new ListMFADevicesCommand({ UserName: 'kim' }))).MFADevices).toHaveLength(8);
    const page = await iam.send(new ListMFADevicesCommand({ UserName: 'kim', MaxItems: 5 }));
    expect(page.MFADevices).toHaveLength(5);
    const rest = await iam.send(new ListMFADevicesCommand({ UserName: 'kim', Marker: page.Marker }));
    expect(rest.MFADevices).toHaveLength(3);
  });

  it('refuses to delete a user while an MFA device is assigned', async () => {
    await iam.send(new CreateUserCommand({ UserName: 'lena' }));
    const d = await createDevice('lena-phone');
    await enable('lena', d);
    await expect(iam.send(new DeleteUserCommand({ UserName: 'lena' }))).rejects.toMatchObject({
      name: 'DeleteConflictException',
      message: 'Cannot delete entity, must delete MFA device first.',
    });
    await iam.send(new DeactivateMFADeviceCommand({ UserName: 'lena', SerialNumber: d.serial }));
    await iam.send(new DeleteUserCommand({ UserName: 'lena' }));
  });

  it('gives the root user MFA, which GetAccountSummary reports', async () => {
    const summary = async () => (await iam.send(new GetAccountSummaryCommand({}))).SummaryMap!;
    const before = await summary();
    expect(before.AccountMFAEnabled).toBe(0);

    const d = await createDevice('root-account-mfa-device', root);
    // Only root itself can name the account as the user; to anyone else it is just an unknown user name.
    await expect(enable(TEST_ACCOUNT_ID, d)).rejects.toMatchObject({ name: 'NoSuchEntityException' });
    atStep(now);
    await root.send(new EnableMFADeviceCommand({ UserName: TEST_ACCOUNT_ID, SerialNumber: d.serial, AuthenticationCode1: d.code(now - 1), AuthenticationCode2: d.code(now) }));

    const after = await summary();
    expect(after.AccountMFAEnabled).toBe(1);
    expect(after.MFADevices).toBe(before.MFADevices! + 1);
    expect(after.MFADevicesInUse).toBe(before.MFADevicesInUse! + 1);

    expect((await root.send(new ListMFADevicesCommand({}))).MFADevices).toEqual([
      { UserName: TEST_ACCOUNT_ID, SerialNumber: d.serial, EnableDate: new Date(now * STEP_MS + 10_000) },
    ]);
    const listed = await iam.send(new ListVirtualMFADevicesCommand({ AssignmentStatus: 'Assigned' }));
    expect(listed.VirtualMFADevices?.find((v) => v.SerialNumber === d.serial)?.User).toMatchObject({ UserId: TEST_ACCOUNT_ID, Arn: rootArn(TEST_ACCOUNT_ID) });

    await root.send(new DeactivateMFADeviceCommand({ SerialNumber: d.serial }));
    expect((await summary()).AccountMFAEnabled).toBe(0);
  });

  describe('codes checked for STS (verifyMfaCode)', () => {
    async function check(overrides: Partial<MfaCodeCheck> & Pick<MfaCodeCheck, 'serialNumber' | 'code' | 'userId' | 'now'>) {
      return t.testStore.store.db.transaction().execute((tx) => verifyMfaCode(tx, { accountId: TEST_ACCOUNT_ID, secrets: t.secrets, ...overrides }));
    }
    const instant = (step: number) => new Date(step * STEP_MS + 10_000);

    it('accepts a valid code once, within a step of drift, and only for the device’s owner', async () => {
      const created = await iam.send(new CreateUserCommand({ UserName: 'mia' }));
      const userId = created.User!.UserId!;
      const d = await createDevice('mia-phone');
      await enable('mia', d, now - 5);
      expect(await check({ serialNumber: d.serial, code: d.code(now - 1), userId, now: instant(now) })).toBe(true);
      const reused = await check({ serialNumber: d.serial, code: d.code(now - 1), userId, now: instant(now) });
      expect(reused).toMatchObject({ code: 'AccessDenied', message: MFA_INVALID_CODE });
      // An earlier step than one already accepted is refused too.
      expect(await check({ serialNumber: d.serial, code: d.code(now - 2), userId, now: instant(now - 1) })).toMatchObject({ message: MFA_INVALID_CODE });
      expect(await check({ serialNumber: d.serial, code: d.code(now + 1), userId, now: instant(now) })).toBe(true);
      expect(await check({ serialNumber: d.serial, code: d.code(now + 3), userId, now: instant(now + 1) })).toMatchObject({ message: MFA_INVALID_CODE });
      expect(await check({ serialNumber: d.serial, code: d.code(now + 2), userId: 'root', now: instant(now + 2) })).toMatchObject({
        code: 'AccessDenied',
        message: MFA_NOT_ASSOCIATED,
      });
      expect(await check({ serialNumber: serialOf('no-such'), code: d.code(now + 2), userId, now: instant(now + 2) })).toMatchObject({ message: MFA_NOT_ASSOCIATED });
      // The refusal of a wrong code keeps its write: the failure counts even though the request fails.
      const refusal = await check({ serialNumber: d.serial, code: d.wrongCode(now + 1, now + 2, now + 3), userId, now: instant(now + 2) });
      expect(refusal instanceof AwsError && refusal.keepWrites).toBe(true);
    });

    it('locks a device after five wrong codes, and a resync lifts the lock', async () => {
      const created = await iam.send(new CreateUserCommand({ UserName: 'ned' }));
      const userId = created.User!.UserId!;
      const d = await createDevice('ned-phone');
      await enable('ned', d, now - 10);
      for (let i = 0; i < 5; i++) {
        expect(await check({ serialNumber: d.serial, code: d.wrongCode(now - 1, now, now + 1), userId, now: instant(now) })).toMatchObject({ message: MFA_INVALID_CODE });
      }
      const locked = await check({ serialNumber: d.serial, code: d.code(now), userId, now: instant(now) });
      expect(locked).toMatchObject({ code: 'AccessDenied', message: expect.stringContaining('too many invalid codes') });
      expect((locked as AwsError).message).toContain(new Date(instant(now).getTime() + 15 * 60_000).toISOString());

      atStep(now + 1);
      await iam.send(new ResyncMFADeviceCommand({ UserName: 'ned', SerialNumber: d.serial, AuthenticationCode1: d.code(now), AuthenticationCode2: d.code(now + 1) }));
      expect(await check({ serialNumber: d.serial, code: d.code(now + 2), userId, now: instant(now + 2) })).toBe(true);
    });
  });
});
