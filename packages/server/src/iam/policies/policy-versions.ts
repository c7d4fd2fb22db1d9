import { AwsError } from '../../protocol/errors.js';
import type { Tx } from '../../storage/database.js';
import { policyTarget } from '../targets.js';
import { findPolicyVersion, insertPolicyVersion, policyVersions, removePolicyVersion, setDefaultVersion } from '../../storage/repositories/policies.js';
import { iamOperation } from '../define.js';
import { paginate } from '../paginate.js';
import { checkPolicyDocument, encodeDocument } from './document.js';
import { assertManagedPolicySize } from './managed-policies.js';
import { getOwnPolicy, getVisiblePolicy, type PolicyRow } from './policy-shape.js';

// https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_managed-versioning.html
const VERSIONS_PER_POLICY = 5;

const versionNumber = (id: string) => Number(id.slice(1));

async function getVersion(tx: Tx, policy: PolicyRow, versionId: string) {
  const version = await findPolicyVersion(tx, policy.id, versionId);
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
    const versions = await policyVersions(ctx.tx, policy.id);
    if (versions.length >= VERSIONS_PER_POLICY) {
      throw new AwsError('LimitExceeded', 'A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.');
    }
    const versionId = `v${Math.max(0, ...versions.map((v) => versionNumber(v.version_id))) + 1}`;
    const isDefault = input.SetAsDefault === true;
    await insertPolicyVersion(ctx.tx, policy.id, versionId, document, ctx.now.toISOString(), isDefault);
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
    await removePolicyVersion(ctx.tx, policy.id, input.VersionId);
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
    const versions = await policyVersions(ctx.tx, policy.id);
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
    await setDefaultVersion(ctx.tx, policy.id, input.VersionId, ctx.now.toISOString());
    return {};
  },
});
