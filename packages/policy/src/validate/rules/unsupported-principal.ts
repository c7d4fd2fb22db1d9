// Error – Unsupported principal: an identity policy's principal is whoever it is attached
// to, so it cannot name one. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_PRINCIPAL = awsCheck('ERROR', 'UNSUPPORTED_PRINCIPAL');

export const unsupportedPrincipal: Rule = {
  id: 'unsupported-principal',
  checks: [UNSUPPORTED_PRINCIPAL],
  run({ policy, options }) {
    if (options.policyType !== 'IDENTITY_POLICY') return [];
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const name of ['Principal', 'NotPrincipal']) {
        const m = st.members.get(name);
        if (m) {
          out.push(
            finding(
              UNSUPPORTED_PRINCIPAL,
              `The policy type IDENTITY_POLICY does not support the ${name} element. Remove the ${name} element: an identity policy applies to the user, group or role it is attached to.`,
              { member: m },
            ),
          );
        }
      }
    }
    return out;
  },
};
