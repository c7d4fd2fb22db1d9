import QRCode from 'qrcode';
import { base32Encode } from '../../auth/totp.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { countMfaDevices, findMfaDevice, insertMfaDevice, serialKey } from '../../storage/repositories/mfa-devices.js';
import { putTags } from '../tags.js';
import { iamOperation } from '../define.js';
import { requestTags } from '../targets.js';
import { mfaSerialNumber, VIRTUAL_MFA_DEVICES_PER_ACCOUNT } from './mfa-device.js';

/** AWS's seeds are 40 random bytes, 64 base32 characters (RFC 4226 §4 asks for at least 128 bits). */
const SEED_BYTES = 40;

const SERIAL_NUMBER_MAX = 256;

/** Who the authenticator app names as the issuer of the codes. */
export const OTP_ISSUER = 'Gatehouse';

/**
 * A new, unassigned virtual MFA device. Its seed is returned here, as Base32StringSeed and as
 * a QR code, and never again; the store keeps it sealed.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateVirtualMFADevice.html
 */
export const createVirtualMFADevice = iamOperation<'CreateVirtualMFADevice'>({
  action: 'iam:CreateVirtualMFADevice',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({ resource: mfaSerialNumber(at.accountId, input.Path ?? '/', input.VirtualMFADeviceName), context: requestTags(input.Tags) }),
  async handle(ctx, input) {
    const serialNumber = mfaSerialNumber(ctx.accountId, input.Path ?? '/', input.VirtualMFADeviceName);
    if (serialNumber.length > SERIAL_NUMBER_MAX) {
      // Every later call names the device by a SerialNumber of at most 256 characters (serialNumberType).
      throw new AwsError(
        'InvalidInput',
        `The serial number ${serialNumber} would be ${serialNumber.length} characters long; serial numbers are at most ${SERIAL_NUMBER_MAX}. Choose a shorter path or device name.`,
      );
    }
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findMfaDevice(ctx.tx, ctx.accountId, serialNumber)) {
      throw new AwsError('EntityAlreadyExists', 'MFADevice entity at the same path and name already exists.');
    }
    if ((await countMfaDevices(ctx.tx, ctx.accountId, 'all')) >= VIRTUAL_MFA_DEVICES_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for MFADevices: ${VIRTUAL_MFA_DEVICES_PER_ACCOUNT}`);
    }
    const seed = base32Encode(ctx.random.bytes(SEED_BYTES));
    const key = serialKey(serialNumber);
    await insertMfaDevice(ctx.tx, {
      serial_key: key,
      serial_number: serialNumber,
      account_id: ctx.accountId,
      name: input.VirtualMFADeviceName,
      path: input.Path ?? '/',
      seed_ciphertext: ctx.secrets.seal(seed, key),
      user_id: null,
      assigned_to_root: 0,
      enabled_at: null,
      drift_steps: 0,
      last_used_step: null,
      failed_attempts: 0,
      locked_until: null,
      created_at: ctx.now.toISOString(),
    });
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'mfa-device', id: key }, tags);
    const account = await ctx.tx.selectFrom('accounts').select('alias').where('id', '=', ctx.accountId).executeTakeFirstOrThrow();
    const uri = otpauthUri(input.VirtualMFADeviceName, account.alias ?? ctx.accountId, seed);
    return {
      VirtualMFADevice: {
        SerialNumber: serialNumber,
        // The model's blob: the base32 text's bytes, which the wire carries base64-encoded.
        Base32StringSeed: Buffer.from(seed, 'ascii'),
        QRCodePNG: await QRCode.toBuffer(uri, { type: 'png', errorCorrectionLevel: 'M' }),
        ...(tags.length > 0 ? { Tags: tags } : {}),
      },
    };
  },
});

/**
 * The key URI in the QR code. AWS's is otpauth://totp/$virtualMFADeviceName@$AccountName?secret=$Base32String,
 * AccountName being the account alias if set, else the account id
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_VirtualMFADevice.html); its console
 * adds the issuer, so apps list "Amazon Web Services (name@account)". Gatehouse builds the same
 * label with itself as issuer, as label prefix and issuer parameter, per the Key URI Format
 * (https://github.com/google/google-authenticator/wiki/Key-Uri-Format). SHA-1, 6 digits and
 * 30 seconds are that format's defaults, so, like AWS, it leaves them out.
 */
export function otpauthUri(deviceName: string, accountName: string, base32Seed: string): string {
  const e = encodeURIComponent;
  return `otpauth://totp/${e(OTP_ISSUER)}:${e(deviceName)}@${e(accountName)}?secret=${base32Seed}&issuer=${e(OTP_ISSUER)}`;
}
