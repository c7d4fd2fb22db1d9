import { getInstanceProfile } from '../../storage/repositories/instance-profiles.js';
import { listTags, putTags, removeTags } from '../../storage/repositories/tags.js';
import { iamOperation } from '../define.js';
import { paginateInOrder } from '../paginate.js';
import { instanceProfileTarget, requestTags, withContext } from '../targets.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_TagInstanceProfile.html */
export const tagInstanceProfile = iamOperation<'TagInstanceProfile'>({
  action: 'iam:TagInstanceProfile',
  authorization: 'admin',
  target: async (input, at) => withContext(await instanceProfileTarget(at, input.InstanceProfileName), requestTags(input.Tags)),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    await putTags(ctx.tx, { kind: 'instance-profile', id: profile.id }, input.Tags);
    return {};
  },
});

export const untagInstanceProfile = iamOperation<'UntagInstanceProfile'>({
  action: 'iam:UntagInstanceProfile',
  authorization: 'admin',
  target: async (input, at) => withContext(await instanceProfileTarget(at, input.InstanceProfileName), { 'aws:TagKeys': input.TagKeys }),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    await removeTags(ctx.tx, profile.id, input.TagKeys);
    return {};
  },
});

export const listInstanceProfileTags = iamOperation<'ListInstanceProfileTags'>({
  action: 'iam:ListInstanceProfileTags',
  authorization: 'admin',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    const { items, ...more } = paginateInOrder(await listTags(ctx.tx, profile.id), input);
    return { Tags: items, ...more };
  },
});
