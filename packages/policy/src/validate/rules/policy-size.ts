// General warning – Policy size exceeds identity policy quota (6,144 characters for a managed
// policy) and Error – Policy size exceeds SCP quota (5,120 characters). IAM does not count
// white space between the JSON tokens. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html#reference_iam-quotas-entity-length
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA = awsCheck('WARNING', 'POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA');
const POLICY_SIZE_EXCEEDS_SCP_QUOTA = awsCheck('ERROR', 'POLICY_SIZE_EXCEEDS_SCP_QUOTA');

export const IDENTITY_POLICY_QUOTA = 6144;
export const SCP_QUOTA = 5120;

export const policySize: Rule = {
  id: 'policy-size',
  checks: [POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA, POLICY_SIZE_EXCEEDS_SCP_QUOTA],
  run({ policy, options }) {
    const size = policy.compactLength;
    if (options.policyType === 'IDENTITY_POLICY' && size > IDENTITY_POLICY_QUOTA) {
      return [
        finding(
          POLICY_SIZE_EXCEEDS_IDENTITY_POLICY_QUOTA,
          `The ${size} characters in the identity policy, excluding whitespace, exceed the ${IDENTITY_POLICY_QUOTA} character maximum for inline and managed policies. We recommend that you use multiple granular policies.`,
          policy.root,
        ),
      ];
    }
    if (options.policyType === 'SERVICE_CONTROL_POLICY' && size > SCP_QUOTA) {
      return [
        finding(
          POLICY_SIZE_EXCEEDS_SCP_QUOTA,
          `The ${size} characters in the service control policy (SCP) exceed the ${SCP_QUOTA} character maximum for SCPs. We recommend that you use multiple granular policies.`,
          policy.root,
        ),
      ];
    }
    return [];
  },
};
