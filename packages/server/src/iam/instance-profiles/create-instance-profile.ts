import { uniqueId } from '../../crypto/random.js';
import { entityArn } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { countInstanceProfiles, findInstanceProfile } from '../../storage/repositories/instance-profiles.js';
import { putTags } from '../tags.js';
import { nameKey } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { requestTags } from '../targets.js';
import { instanceProfileShape } from './instance-profile-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const INSTANCE_PROFILES_PER_ACCOUNT = 1000;

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateInstanceProfile.html */
export const createInstanceProfile = iamOperation<'CreateInstanceProfile'>({
  action: 'iam:CreateInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({ resource: entityArn(at.accountId, 'instance-profile', input.Path ?? '/', input.InstanceProfileName), context: requestTags(input.Tags) }),
  async handle(ctx, input) {
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName)) {
      throw new AwsError('EntityAlreadyExists', `Instance Profile ${input.InstanceProfileName} already exists.`);
    }
    if ((await countInstanceProfiles(ctx.tx, ctx.accountId)) >= INSTANCE_PROFILES_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for InstanceProfilesPerAccount: ${INSTANCE_PROFILES_PER_ACCOUNT}`);
    }
    const profile = {
      id: uniqueId(ctx.random, 'AIPA'),
      account_id: ctx.accountId,
      name: input.InstanceProfileName,
      name_key: nameKey(input.InstanceProfileName),
      path: input.Path ?? '/',
      created_at: ctx.now.toISOString(),
    };
    await ctx.tx.insertInto('instance_profiles').values(profile).execute();
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'instance-profile', id: profile.id }, tags);
    return { InstanceProfile: instanceProfileShape(profile, [], tags) };
  },
});
