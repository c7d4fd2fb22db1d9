// Error – Null with if exists: Null already asks whether the key exists; NullIfExists is
// not an operator. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null

import { parseOperator } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const NULL_WITH_IF_EXISTS = awsCheck('ERROR', 'NULL_WITH_IF_EXISTS');

export const nullWithIfExists: Rule = {
  id: 'null-with-if-exists',
  checks: [NULL_WITH_IF_EXISTS],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const block of st.condition?.blocks ?? []) {
        const op = parseOperator(block.operator);
        if (op.base === 'Null' && op.ifExists) {
          out.push(finding(NULL_WITH_IF_EXISTS, 'The Null condition operator cannot be used with the IfExists suffix. Update the operator or the suffix.', { member: block.member }));
        }
      }
    }
    return out;
  },
};
