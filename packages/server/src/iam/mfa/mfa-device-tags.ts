import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { requestTags, withContext } from '../targets.js';
import { getMfaDevice, mfaDeviceTarget } from './mfa-device.js';

/** Tags of virtual MFA devices: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_tags_virtual-mfa.html */
export const tagMFADevice = iamOperation<'TagMFADevice'>({
  action: 'iam:TagMFADevice',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await mfaDeviceTarget(at, input.SerialNumber), requestTags(input.Tags)),
  async handle(ctx, input) {
    const device = await getMfaDevice(ctx, input.SerialNumber);
    await putTags(ctx.tx, { kind: 'mfa-device', id: device.serial_key }, input.Tags);
    return {};
  },
});

export const untagMFADevice = iamOperation<'UntagMFADevice'>({
  action: 'iam:UntagMFADevice',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await mfaDeviceTarget(at, input.SerialNumber), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const device = await getMfaDevice(ctx, input.SerialNumber);
    await removeTags(ctx.tx, device.serial_key, input.TagKeys);
    return {};
  },
});

export const listMFADeviceTags = iamOperation<'ListMFADeviceTags'>({
  action: 'iam:ListMFADeviceTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => mfaDeviceTarget(at, input.SerialNumber),
  async handle(ctx, input) {
    const device = await getMfaDevice(ctx, input.SerialNumber);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, device.serial_key), input);
    return { Tags: items, ...more };
  },
});
