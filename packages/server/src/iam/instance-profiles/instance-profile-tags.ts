import { getInstanceProfile } from '../entities.js';
import { listTags, removeTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { instanceProfileTarget, requestTags, withContext } from '../targets.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html */
export const tagInstanceProfile = iamOperation<'TagInstanceProfile'>({
  action: 'iam:TagInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await instanceProfileTarget(at, input.InstanceProfileName), requestTags(input.Tags)),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    await putTags(ctx.tx, { kind: 'instance-profile', id: profile.id }, input.Tags);
    return {};
  },
});

export const untagInstanceProfile = iamOperation<'UntagInstanceProfile'>({
  action: 'iam:UntagInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: async (input, at) => withContext(await instanceProfileTarget(at, input.InstanceProfileName), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    await removeTags(ctx.tx, profile.id, input.TagKeys);
    return {};
  },
});

export const listInstanceProfileTags = iamOperation<'ListInstanceProfileTags'>({
  action: 'iam:ListInstanceProfileTags',
  writes: false,
  authorization: 'policy',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, profile.id), input);
    return { Tags: items, ...more };
  },
});
