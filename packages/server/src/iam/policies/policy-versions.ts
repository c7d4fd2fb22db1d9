import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { policyTarget } from '../targets.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { checkPolicyDocument, encodeDocument } from './document.js';
import { assertManagedPolicySize } from './managed-policies.js';
import { getOwnPolicy, getVisiblePolicy, type PolicyRow } from './policy-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
const VERSIONS_PER_POLICY = 5;

const versionNumber = (id: string) => Number(id.slice(1));

function versionsOf(tx: Tx, policyId: string) {
  return tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policyId).execute();
}

async function getVersion(tx: Tx, policy: PolicyRow, versionId: string) {
  const version = await tx.selectFrom('policy_versions').selectAll().where('policy_id', '=', policy.id).where('version_id', '=', versionId).executeTakeFirst();
  if (!version) throw new AwsError('NoSuchEntity', `Policy ${policy.arn} version ${versionId} does not exist or is not attachable.`);
  return version;
}

export const createPolicyVersion = iamOperation<'CreatePolicyVersion'>({
  action: 'iam:CreatePolicyVersion',
  writes: true,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    const document = checkPolicyDocument(input.PolicyDocument, 'identity');
    assertManagedPolicySize(document);
    const versions = await versionsOf(ctx.tx, policy.id);
    if (versions.length >= VERSIONS_PER_POLICY) {
      throw new AwsError('LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const versionId = `v${Math.max(0, ...versions.map((v) => versionNumber(v.version_id))) + 1}`;
    const now = ctx.now.toISOString();
    await ctx.tx.insertInto('policy_versions').values({ policy_id: policy.id, version_id: versionId, document, created_at: now }).execute();
    const isDefault = input.SetAsDefault === true;
    await ctx.tx
      .updateTable('policies')
      .set({ updated_at: now, ...(isDefault ? { default_version_id: versionId } : {}) })
      .where('id', '=', policy.id)
      .execute();
    return { PolicyVersion: { VersionId: versionId, IsDefaultVersion: isDefault, CreateDate: ctx.now } };
  },
});

export const getPolicyVersion = iamOperation<'GetPolicyVersion'>({
  action: 'iam:GetPolicyVersion',
  writes: false,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const version = await getVersion(ctx.tx, policy, input.VersionId);
    return {
      PolicyVersion: {
        Document: encodeDocument(version.document),
        VersionId: version.version_id,
        IsDefaultVersion: version.version_id === policy.default_version_id,
        CreateDate: new Date(version.created_at),
      },
    };
  },
});

export const deletePolicyVersion = iamOperation<'DeletePolicyVersion'>({
  action: 'iam:DeletePolicyVersion',
  writes: true,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await getVersion(ctx.tx, policy, input.VersionId);
    if (input.VersionId === policy.default_version_id) throw new AwsError('DeleteConflict', 'Cannot delete the default version of a policy.');
    await ctx.tx.deleteFrom('policy_versions').where('policy_id', '=', policy.id).where('version_id', '=', input.VersionId).execute();
    return {};
  },
});

export const listPolicyVersions = iamOperation<'ListPolicyVersions'>({
  action: 'iam:ListPolicyVersions',
  writes: false,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getVisiblePolicy(ctx, input.PolicyArn);
    const versions = await versionsOf(ctx.tx, policy.id);
    // Newest first, as IAM lists them.
    const { items, ...more } = paginate(versions, input, (v) => String(1e9 - versionNumber(v.version_id)).padStart(10, '0'));
    return {
      Versions: items.map((v) => ({ VersionId: v.version_id, IsDefaultVersion: v.version_id === policy.default_version_id, CreateDate: new Date(v.created_at) })),
      ...more,
    };
  },
});

export const setDefaultPolicyVersion = iamOperation<'SetDefaultPolicyVersion'>({
  action: 'iam:SetDefaultPolicyVersion',
  writes: true,
  authorization: 'policy',
  target: (input, at) => policyTarget(at, input.PolicyArn),
  async handle(ctx, input) {
    const policy = await getOwnPolicy(ctx, input.PolicyArn);
    await getVersion(ctx.tx, policy, input.VersionId);
    await ctx.tx.updateTable('policies').set({ default_version_id: input.VersionId, updated_at: ctx.now.toISOString() }).where('id', '=', policy.id).execute();
    return {};
  },
});
