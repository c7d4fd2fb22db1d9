// Error – Unsupported wildcard in principal: "*" alone means everyone, but a wildcard cannot
// match part of a principal (arn:aws:iam::123456789012:user/*); name the principals, or use
// "*" with a condition on aws:PrincipalArn.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-anonymous

import type { PrincipalElement } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { hasWildcard } from '../patterns.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_WILDCARD_IN_PRINCIPAL = awsCheck('ERROR', 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL');

function check(p: PrincipalElement | undefined): Finding[] {
  if (!p) return [];
  const out: Finding[] = [];
  for (const e of p.entries) {
    for (const item of e.items) {
      if (item.value === '*' || !hasWildcard(item.value)) continue;
      out.push(
        finding(
          UNSUPPORTED_WILDCARD_IN_PRINCIPAL,
          `Wildcards (*, ?) are not supported with the principal key ${e.type}. Replace the wildcard in ${item.value} with a valid principal value, or use "*" with a condition on aws:PrincipalArn.`,
          item.node,
        ),
      );
    }
  }
  return out;
}

export const unsupportedWildcardInPrincipal: Rule = {
  id: 'unsupported-wildcard-in-principal',
  checks: [UNSUPPORTED_WILDCARD_IN_PRINCIPAL],
  run({ policy, options }) {
    if (options.policyType === 'IDENTITY_POLICY' || options.policyType === 'SERVICE_CONTROL_POLICY') return [];
    return policy.statements.flatMap((st) => [...check(st.principal), ...check(st.notPrincipal)]);
  },
};
