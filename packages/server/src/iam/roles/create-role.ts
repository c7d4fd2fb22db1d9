import { uniqueId } from '../../crypto/random.js';
import { entityArn } from '../../principal.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { countRoles, findRole, insertRole } from '../../storage/repositories/roles.js';
import { putTags } from '../tags.js';
import { nameKey } from '../../storage/repositories/users.js';
import { iamOperation } from '../define.js';
import { assertPolicyAttachable } from '../policies/lookup.js';
import { requestTags } from '../targets.js';
import { roleShape } from './role-shape.js';
import { checkTrustPolicy } from './trust-policy.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const ROLES_PER_ACCOUNT = 1000;
/** MaxSessionDuration defaults to one hour; the model bounds it to 3,600–43,200 seconds. */
export const DEFAULT_MAX_SESSION_DURATION = 3600;

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html */
export const createRole = iamOperation<'CreateRole'>({
  action: 'iam:CreateRole',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({
    resource: entityArn(at.accountId, 'role', input.Path ?? '/', input.RoleName),
    context: { ...requestTags(input.Tags), ...(input.PermissionsBoundary ? { 'iam:PermissionsBoundary': input.PermissionsBoundary } : {}) },
  }),
  async handle(ctx, input) {
    const trust = checkTrustPolicy(input.AssumeRolePolicyDocument);
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    if (await findRole(ctx.tx, ctx.accountId, input.RoleName)) {
      throw new AwsError('EntityAlreadyExists', `Role with name ${input.RoleName} already exists.`);
    }
    if ((await countRoles(ctx.tx, ctx.accountId)) >= ROLES_PER_ACCOUNT) {
      throw new AwsError('LimitExceeded', `Cannot exceed quota for RolesPerAccount: ${ROLES_PER_ACCOUNT}`);
    }
    if (input.PermissionsBoundary !== undefined) await assertPolicyAttachable(ctx, input.PermissionsBoundary);
    const role = {
      id: uniqueId(ctx.random, 'AROA'),
      account_id: ctx.accountId,
      name: input.RoleName,
      name_key: nameKey(input.RoleName),
      path: input.Path ?? '/',
      assume_role_policy: trust,
      description: input.Description ?? null,
      max_session_duration: input.MaxSessionDuration ?? DEFAULT_MAX_SESSION_DURATION,
      permissions_boundary_arn: input.PermissionsBoundary ?? null,
      created_at: ctx.now.toISOString(),
      last_used_at: null,
      last_used_region: null,
    };
    await insertRole(ctx.tx, role);
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'role', id: role.id }, tags);
    return { Role: roleShape(role, { boundary: true, tags }) };
  },
});
