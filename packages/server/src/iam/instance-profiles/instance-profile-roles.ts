import { entityArn } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import { getInstanceProfile } from '../entities.js';
import { getRole } from '../entities.js';
import { iamOperation } from '../define.js';
import { instanceProfileTarget } from '../targets.js';

/**
 * An instance profile holds one role, a quota AWS does not raise; adding a second role, or
 * the same one again, is LimitExceeded.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_AddRoleToInstanceProfile.html
 */
const ROLES_PER_INSTANCE_PROFILE = 1;

export const addRoleToInstanceProfile = iamOperation<'AddRoleToInstanceProfile'>({
  action: 'iam:AddRoleToInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName, true);
    // Putting a role in a profile hands it to whatever uses the profile, so it needs iam:PassRole.
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_use_passrole.html
    await ctx.authorize('iam:PassRole', { resource: entityArn(ctx.accountId, 'role', role.path, role.name), context: { 'iam:PassedToService': 'ec2.amazonaws.com' } });
    const members = await ctx.tx.selectFrom('instance_profile_roles').select('role_id').where('instance_profile_id', '=', profile.id).execute();
    if (members.length >= ROLES_PER_INSTANCE_PROFILE) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for InstanceSessionsPerInstanceProfile: ${ROLES_PER_INSTANCE_PROFILE}`);
    }
    await ctx.tx.insertInto('instance_profile_roles').values({ instance_profile_id: profile.id, role_id: role.id, added_at: ctx.now.toISOString() }).execute();
    return {};
  },
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_RemoveRoleFromInstanceProfile.html */
export const removeRoleFromInstanceProfile = iamOperation<'RemoveRoleFromInstanceProfile'>({
  action: 'iam:RemoveRoleFromInstanceProfile',
  writes: true,
  authorization: 'policy',
  target: (input, at) => instanceProfileTarget(at, input.InstanceProfileName),
  async handle(ctx, input) {
    const profile = await getInstanceProfile(ctx.tx, ctx.accountId, input.InstanceProfileName);
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    const result = await ctx.tx.deleteFrom('instance_profile_roles').where('instance_profile_id', '=', profile.id).where('role_id', '=', role.id).executeTakeFirst();
    if (Number(result.numDeletedRows) === 0) {
      throw new AwsError('NoSuchEntity', `The role with name ${role.name} cannot be found in instance profile ${profile.name}.`);
    }
    return {};
  },
});
