// Error – Invalid principal format and Error – Invalid principal key: Principal is "*" or an
// object whose keys are AWS, CanonicalUser, Federated or Service.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html

import type { PrincipalElement } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_PRINCIPAL_FORMAT = awsCheck('ERROR', 'INVALID_PRINCIPAL_FORMAT');
const INVALID_PRINCIPAL_KEY = awsCheck('ERROR', 'INVALID_PRINCIPAL_KEY');

const KEYS = ['AWS', 'CanonicalUser', 'Federated', 'Service'];

function check(p: PrincipalElement | undefined): Finding[] {
  if (!p) return [];
  const out: Finding[] = [];
  if (p.invalidString) {
    out.push(
      finding(
        INVALID_PRINCIPAL_FORMAT,
        `The ${p.member.key} element contents are not valid. Specify a key-value pair in the ${p.member.key} element, such as { "AWS": ${JSON.stringify(p.invalidString.value)} }, or "*" for everyone.`,
        p.invalidString,
      ),
    );
  }
  for (const e of p.entries) {
    if (KEYS.includes(e.type)) continue;
    const same = KEYS.find((k) => k.toLowerCase() === e.type.toLowerCase());
    const hint = same ? ` Principal keys are case-sensitive: use ${same}.` : ` Use one of ${KEYS.join(', ')}.`;
    out.push(finding(INVALID_PRINCIPAL_KEY, `The principal key ${e.type} is not valid.${hint}`, { member: e.member }));
  }
  return out;
}

export const invalidPrincipal: Rule = {
  id: 'invalid-principal',
  checks: [INVALID_PRINCIPAL_FORMAT, INVALID_PRINCIPAL_KEY],
  run({ policy, options }) {
    // Identity policies and SCPs may not have a principal at all; other rules say so.
    if (options.policyType === 'IDENTITY_POLICY' || options.policyType === 'SERVICE_CONTROL_POLICY') return [];
    return policy.statements.flatMap((st) => [...check(st.principal), ...check(st.notPrincipal)]);
  },
};
