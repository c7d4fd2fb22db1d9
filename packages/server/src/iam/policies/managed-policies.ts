import { uniqueId } from '../../crypto/random.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import { listTags } from '../../storage/repositories/tags.js';
import { putTags } from '../tags.js';
import { withPathPrefix } from '../../storage/repositories/users.js';
import { entityArn } from '../../principal.js';
import { noResource, policyTarget, requestTags } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { checkPolicyDocument, policySize } from './document.js';
import { getOwnPolicy, getVisiblePolicy, policyShape, policyUsage } from './policy-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
const MANAGED_POLICY_SIZE = 6144;
const POLICIES_PER_ACCOUNT = 1500;

export function assertManagedPolicySize(document: string): void {
  if (policySize(document) > MANAGED_POLICY_SIZE) throw new AwsError('LimitExceeded', `Cannot exceed quota for PolicySize: ${MANAGED_POLICY_SIZE}`);
}

export const createPolicy = iamOperation<'CreatePolicy'>({
  action: 'iam:CreatePolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => ({ resource: entityArn(at.accountId, 'policy', input.Path ?? '/', input.PolicyName), context: requestTags(input.Tags) }),
  async handle(ctx, input) {
    const document = checkPolicyDocument(input.PolicyDocument, 'identity');
    assertManagedPolicySize(document);
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    const path = input.Path ?? '/';
    const sameName = await ctx.tx
      .selectFrom('policies')
      .select('id')
      .where('account_id', '=', ctx.accountId)
      .where((eb) => eb(eb.fn('lower', ['name']), '=', input.PolicyName.toLowerCase()))
      .executeTakeFirst();
    if (sameName) throw new AwsError('EntityAlreadyExists', `A policy called ${input.PolicyName} already exists. Duplicate names are not allowed.`);
    const count = await ctx.tx.selectFrom('policies').select((eb) => eb.fn.countAll<string | number>().as('n')).where('account_id', '=', ctx.accountId).executeTakeFirstOrThrow();
    if (Number(count.n) >= POLICIES_PER_ACCOUNT) throw new AwsError('LimitExceeded', `Cannot exceed quota for PoliciesPerAccount: ${POLICIES_PER_ACCOUNT}`);
    const now = ctx.now.toISOString();
    const policy = {
      id: uniqueId(ctx.random, 'ANPA'),
      arn: entityArn(ctx.accountId, 'policy', path, input.PolicyName),
      account_id: ctx.accountId,
      name: input.PolicyName,
      path,
      description: input.Description ?? null,
      default_version_id: 'v1',
      created_at: now,
      updated_at: now,
    };
    await ctx.tx.insertInto('policies').values(policy).execute();
    await ctx.tx.insertInto('policy_versions').values({ policy_id: policy.id, version_id: 'v1', document, created_at: now }).execute();
    const tags = input.Tags ?? [];
    await putTags(ctx.tx, { kind: 'policy', id: policy.id }, tags);
    return { Policy: { ...policyShape(policy, undefined, { withDescription: true }), ...(tags.length > 0 ? { Tags: tags } : {}) } };
  },
});

export const getPolicy = iamOperation<'GetPolicy'>({
  action: 'iam:GetPolicy',
  writes: false,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const usage = (await policyUsage(ctx.tx, ctx.accountId, [policy.arn])).get(policy.arn);
    const tags = await listTags(ctx.tx, policy.id);
    return { Policy: { ...policyShape(policy, usage, { withDescription: true }), ...(tags.length > 0 ? { Tags: tags } : {}) } };
  },
});

/** https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_manage-delete.html */
export const deletePolicy = iamOperation<'DeletePolicy'>({
  action: 'iam:DeletePolicy',
  writes: true,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    const usage = (await policyUsage(ctx.tx, ctx.accountId, [policy.arn])).get(policy.arn);
    if (usage && (usage.attachments > 0 || usage.boundaries > 0)) throw new AwsError('DeleteConflict', 'Cannot delete a policy attached to entities.');
    const versions = await ctx.tx.selectFrom('policy_versions').select('version_id').where('policy_id', '=', policy.id).execute();
    if (versions.length > 1) {
      throw new AwsError(
        'DeleteConflict',
        "This policy has more than one version. Before you delete a policy, you must delete the policy's versions. The default version is deleted with the policy.",
      );
    }
    await ctx.tx.deleteFrom('policy_versions').where('policy_id', '=', policy.id).execute();
    await ctx.tx.deleteFrom('tags').where('resource_id', '=', policy.id).execute();
    await ctx.tx.deleteFrom('policies').where('id', '=', policy.id).execute();
    return {};
  },
});

/**
 * Scope All/AWS/Local, OnlyAttached, PathPrefix and PolicyUsageFilter, as IAM applies them.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_ListPolicies.html
 */
export const listPolicies = iamOperation<'ListPolicies'>({
  action: 'iam:ListPolicies',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx, input) {
    const scope = input.Scope ?? 'All';
    let query = ctx.tx.selectFrom('policies').selectAll();
    if (scope === 'AWS') query = query.where('account_id', 'is', null);
    else if (scope === 'Local') query = query.where('account_id', '=', ctx.accountId);
    else query = query.where((eb) => eb.or([eb('account_id', '=', ctx.accountId), eb('account_id', 'is', null)]));
    const rows = withPathPrefix(await query.orderBy('name').orderBy('arn').execute(), input.PathPrefix ?? '/');
    const usage = await policyUsage(ctx.tx, ctx.accountId);
    const filtered = rows.filter((p) => {
      const u = usage.get(p.arn);
      if (input.OnlyAttached && !(u && (u.attachments > 0 || u.boundaries > 0))) return false;
      if (input.PolicyUsageFilter === 'PermissionsPolicy' && !(u && u.attachments > 0)) return false;
      if (input.PolicyUsageFilter === 'PermissionsBoundary' && !(u && u.boundaries > 0)) return false;
      return true;
    });
    const { items, ...more } = paginate(filtered, input, (p) => `${p.name}\u0000${p.arn}`);
    return { Policies: items.map((p) => policyShape(p, usage.get(p.arn))), ...more };
  },
});
