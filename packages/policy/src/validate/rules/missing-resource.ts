// Error – Missing resource: identity policies, SCPs, RCPs and the resource policies of
// S3 and DynamoDB need Resource or NotResource. Role trust policies have none: the role is
// the resource. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

import { awsCheck, finding } from '../finding.js';
import { isRoleTrustPolicy, type Rule } from './rule.js';

const MISSING_RESOURCE = awsCheck('ERROR', 'MISSING_RESOURCE');

export const missingResource: Rule = {
  id: 'missing-resource',
  checks: [MISSING_RESOURCE],
  run({ policy, options }) {
    // A generic resource policy may be a role trust policy; only a named resource type says.
    if (options.policyType === 'RESOURCE_POLICY' && (options.resourceType === undefined || isRoleTrustPolicy(options))) return [];
    return policy.statements
      .filter((st) => !st.members.has('Resource') && !st.members.has('NotResource'))
      .map((st) => finding(MISSING_RESOURCE, 'Add a Resource or NotResource element to the policy statement.', st.node));
  },
};
