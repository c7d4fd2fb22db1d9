import { instanceProfilesForRole, listInstanceProfiles as loadInstanceProfiles, rolesOfInstanceProfiles } from '../../storage/repositories/instance-profiles.js';
import { getRole } from '../entities.js';
import type { InstanceProfile } from '../../storage/schema.js';
import type { HandlerContext } from '../../operation.js';
import { iamOperation } from '../define.js';
import { paginate, type PageInput } from '../paginate.js';
import { noResource, roleTarget } from '../targets.js';
import { instanceProfileShape } from './instance-profile-shape.js';

async function page(ctx: HandlerContext, profiles: readonly InstanceProfile[], input: PageInput) {
  const { items, ...more } = paginate(profiles, input, (p) => p.name_key);
  const roles = await rolesOfInstanceProfiles(ctx.tx, items.map((p) => p.id));
  return { InstanceProfiles: items.map((p) => instanceProfileShape(p, roles.get(p.id) ?? [])), ...more };
}

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfiles.html */
export const listInstanceProfiles = iamOperation<'ListInstanceProfiles'>({
  action: 'iam:ListInstanceProfiles',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    return page(ctx, await loadInstanceProfiles(ctx.tx, ctx.accountId, input.PathPrefix), input);
  },
});

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListInstanceProfilesForRole.html */
export const listInstanceProfilesForRole = iamOperation<'ListInstanceProfilesForRole'>({
  action: 'iam:ListInstanceProfilesForRole',
  writes: false,
  authorization: 'policy',
  target: (input, at) => roleTarget(at, input.RoleName),
  async handle(ctx, input) {
    const role = await getRole(ctx.tx, ctx.accountId, input.RoleName);
    return page(ctx, await instanceProfilesForRole(ctx.tx, role.id), input);
  },
});
