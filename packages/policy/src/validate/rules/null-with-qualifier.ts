// Suggestion – Null with qualifier: ForAllValues:Null is always true and ForAnyValue:Null
// always false; use Null alone.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import { parseOperator } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const NULL_WITH_QUALIFIER = awsCheck('SUGGESTION', 'NULL_WITH_QUALIFIER');

export const nullWithQualifier: Rule = {
  id: 'null-with-qualifier',
  checks: [NULL_WITH_QUALIFIER],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const block of st.condition?.blocks ?? []) {
        const op = parseOperator(block.operator);
        if (op.base === 'Null' && op.qualifier) {
          out.push(
            finding(
              NULL_WITH_QUALIFIER,
              `Avoid using the Null condition operator with the ForAllValues or ForAnyValue qualifiers because they always return a true or false respectively. Use Null without ${op.qualifier}:.`,
              { member: block.member },
            ),
          );
        }
      }
    }
    return out;
  },
};
