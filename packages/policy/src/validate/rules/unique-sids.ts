// Error – Unique Sids required / General warning – Unique Sids recommended. IAM requires a
// statement's Sid to be unique within the policy ("In IAM, the Sid value must be unique
// within a JSON policy"), and so do Organizations for SCPs and RCPs; other services' resource
// policies accept duplicates, but a Sid that names two statements names neither.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html

import { awsCheck, finding, type Finding } from '../finding.js';
import { isIamStoredPolicy, type Rule } from './rule.js';

const UNIQUE_SIDS_REQUIRED = awsCheck('ERROR', 'UNIQUE_SIDS_REQUIRED');
const UNIQUE_SIDS_RECOMMENDED = awsCheck('WARNING', 'UNIQUE_SIDS_RECOMMENDED');

export const uniqueSids: Rule = {
  id: 'unique-sids',
  checks: [UNIQUE_SIDS_REQUIRED, UNIQUE_SIDS_RECOMMENDED],
  run({ policy, options }) {
    const required = isIamStoredPolicy(options) || options.policyType === 'SERVICE_CONTROL_POLICY' || options.policyType === 'RESOURCE_CONTROL_POLICY';
    const seen = new Map<string, number>();
    const out: Finding[] = [];
    policy.statements.forEach((st, i) => {
      if (!st.sid || st.sid.value === '') return;
      const first = seen.get(st.sid.value);
      if (first === undefined) {
        seen.set(st.sid.value, i);
        return;
      }
      const firstSid = policy.statements[first]?.sid;
      const targets = firstSid ? [st.sid.node, firstSid.node] : [st.sid.node];
      out.push(
        required
          ? finding(UNIQUE_SIDS_REQUIRED, `Duplicate statement IDs are not supported for this policy type. Update the Sid value ${st.sid.value}.`, ...targets)
          : finding(UNIQUE_SIDS_RECOMMENDED, `We recommend that you use statement IDs that are unique to your policy. Update the Sid value ${st.sid.value}.`, ...targets),
      );
    });
    return out;
  },
};
