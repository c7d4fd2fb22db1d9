// Error – Unsupported Sid: in the policies IAM stores, and in SCPs, a Sid is letters and
// digits only (other services' resource policies allow spaces and more).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html

import { awsCheck, finding } from '../finding.js';
import { isIamStoredPolicy, type Rule } from './rule.js';

const UNSUPPORTED_SID = awsCheck('ERROR', 'UNSUPPORTED_SID');

export const unsupportedSid: Rule = {
  id: 'unsupported-sid',
  checks: [UNSUPPORTED_SID],
  run({ policy, options }) {
    if (!isIamStoredPolicy(options) && options.policyType !== 'SERVICE_CONTROL_POLICY' && options.policyType !== 'RESOURCE_CONTROL_POLICY') return [];
    return policy.statements.flatMap((st) => {
      if (!st.sid || /^[A-Za-z0-9]*$/.test(st.sid.value)) return [];
      return [
        finding(
          UNSUPPORTED_SID,
          `Update the characters in the Sid element to use one of the following character types: [a-z, A-Z, 0-9]. ${JSON.stringify(st.sid.value)} has other characters.`,
          st.sid.node,
        ),
      ];
    });
  },
};
