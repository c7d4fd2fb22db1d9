// Error – Missing action: a statement needs Action or NotAction.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_ACTION = awsCheck('ERROR', 'MISSING_ACTION');

export const missingAction: Rule = {
  id: 'missing-action',
  checks: [MISSING_ACTION],
  run({ policy }) {
    return policy.statements
      .filter((st) => !st.members.has('Action') && !st.members.has('NotAction'))
      .map((st) => finding(MISSING_ACTION, 'Add an Action or NotAction element to the policy statement.', st.node));
  },
};
