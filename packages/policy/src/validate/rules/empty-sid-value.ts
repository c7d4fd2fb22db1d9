// Suggestion – Empty Sid value: "Sid": "" identifies nothing; give it a value or remove it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_sid.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const EMPTY_SID_VALUE = awsCheck('SUGGESTION', 'EMPTY_SID_VALUE');

export const emptySidValue: Rule = {
  id: 'empty-sid-value',
  checks: [EMPTY_SID_VALUE],
  run({ policy }) {
    return policy.statements.flatMap((st) =>
      st.sid && st.sid.value === '' ? [finding(EMPTY_SID_VALUE, 'Add a value to the empty string in the Sid element.', st.sid.node)] : [],
    );
  },
};
