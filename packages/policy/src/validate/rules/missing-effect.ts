// Error – Missing effect: every statement says Allow or Deny.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_EFFECT = awsCheck('ERROR', 'MISSING_EFFECT');

export const missingEffect: Rule = {
  id: 'missing-effect',
  checks: [MISSING_EFFECT],
  run({ policy }) {
    return policy.statements
      .filter((st) => !st.members.has('Effect'))
      .map((st) => finding(MISSING_EFFECT, 'Add an Effect element to the policy statement with a value of Allow or Deny.', st.node));
  },
};
