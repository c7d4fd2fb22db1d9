import { rolesOfInstanceProfiles } from '../../storage/repositories/instance-profiles.js';
import { getInstanceProfile as loadInstanceProfile } from '../entities.js';
import { listTags } from '../../storage/repositories/tags.js';
import { iamOperation } from '../define.js';
import { instanceProfileTarget } from '../targets.js';
import { instanceProfileShape } from './instance-profile-shape.js';

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetInstanceProfile.html */
export const getInstanceProfile = iamOperation<'GetInstanceProfile'>({
  action: 'iam:GetInstanceProfile',
  writes: false,
  authorization: 'policy',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await loadInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    const roles = (await rolesOfInstanceProfiles(ctx.tx, [profile.id])).get(profile.id) ?? [];
    return { InstanceProfile: instanceProfileShape(profile, roles, await listTags(ctx.tx, profile.id)) };
  },
});
