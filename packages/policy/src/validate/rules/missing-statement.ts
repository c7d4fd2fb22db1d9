// Error – Missing statement: a policy needs at least one statement.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_statement.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_STATEMENT = awsCheck('ERROR', 'MISSING_STATEMENT');

export const missingStatement: Rule = {
  id: 'missing-statement',
  checks: [MISSING_STATEMENT],
  run({ policy }) {
    if (policy.root.kind !== 'object') return [];
    const st = policy.statementMember;
    if (!st) return [finding(MISSING_STATEMENT, 'Add a statement to the policy.', policy.root)];
    if (st.value.kind === 'array' && st.value.items.length === 0) {
      return [finding(MISSING_STATEMENT, 'The Statement array is empty. Add a statement to the policy.', st.value)];
    }
    return [];
  },
};
