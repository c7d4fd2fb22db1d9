// Error – Missing principal: a resource policy says whom it grants or denies access to, and a
// resource control policy names "*" and narrows with conditions.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_syntax.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_PRINCIPAL = awsCheck('ERROR', 'MISSING_PRINCIPAL');

export const missingPrincipal: Rule = {
  id: 'missing-principal',
  checks: [MISSING_PRINCIPAL],
  run({ policy, options }) {
    if (options.policyType !== 'RESOURCE_POLICY' && options.policyType !== 'RESOURCE_CONTROL_POLICY') return [];
    const details =
      options.policyType === 'RESOURCE_CONTROL_POLICY'
        ? 'Add a Principal element to the policy statement: resource control policies use "Principal": "*" and limit the principals with conditions such as aws:PrincipalOrgID.'
        : 'Add a Principal element to the policy statement, for example "Principal": { "AWS": "123456789012" } for everyone in that account.';
    return policy.statements.filter((st) => !st.members.has('Principal') && !st.members.has('NotPrincipal')).map((st) => finding(MISSING_PRINCIPAL, details, st.node));
  },
};
