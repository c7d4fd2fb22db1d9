// Error – SCP syntax error principal: service control policies apply to every principal of
// the accounts they are attached to and cannot name principals; use aws:PrincipalArn in a
// condition instead. https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_syntax.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const SCP_SYNTAX_ERROR_PRINCIPAL = awsCheck('ERROR', 'SCP_SYNTAX_ERROR_PRINCIPAL');

export const scpSyntaxErrorPrincipal: Rule = {
  id: 'scp-syntax-error-principal',
  checks: [SCP_SYNTAX_ERROR_PRINCIPAL],
  run({ policy, options }) {
    if (options.policyType !== 'SERVICE_CONTROL_POLICY') return [];
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const name of ['Principal', 'NotPrincipal']) {
        const m = st.members.get(name);
        if (m) {
          out.push(
            finding(
              SCP_SYNTAX_ERROR_PRINCIPAL,
              'SCPs do not support specifying principals. Remove the Principal or NotPrincipal element; to limit the statement to some principals, use the aws:PrincipalArn condition key.',
              { member: m },
            ),
          );
        }
      }
    }
    return out;
  },
};
