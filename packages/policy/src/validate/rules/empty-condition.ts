// Suggestions – Empty object condition and the Empty array condition family: a condition
// with no tests, or a key with no values, does not do what it seems to. With an empty list,
// ForAllValues and ...IfExists match only when the key is absent and ForAnyValue never
// matches. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import { parseOperator } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const EMPTY_OBJECT_CONDITION = awsCheck('SUGGESTION', 'EMPTY_OBJECT_CONDITION');
const EMPTY_ARRAY_CONDITION = awsCheck('SUGGESTION', 'EMPTY_ARRAY_CONDITION');
const EMPTY_ARRAY_CONDITION_FORALLVALUES = awsCheck('SUGGESTION', 'EMPTY_ARRAY_CONDITION_FORALLVALUES');
const EMPTY_ARRAY_CONDITION_FORANYVALUE = awsCheck('SUGGESTION', 'EMPTY_ARRAY_CONDITION_FORANYVALUE');
const EMPTY_ARRAY_CONDITION_IFEXISTS = awsCheck('SUGGESTION', 'EMPTY_ARRAY_CONDITION_IFEXISTS');

export const emptyCondition: Rule = {
  id: 'empty-condition',
  checks: [EMPTY_OBJECT_CONDITION, EMPTY_ARRAY_CONDITION, EMPTY_ARRAY_CONDITION_FORALLVALUES, EMPTY_ARRAY_CONDITION_FORANYVALUE, EMPTY_ARRAY_CONDITION_IFEXISTS],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      const c = st.condition;
      if (!c) continue;
      if (c.node.members.length === 0) {
        out.push(finding(EMPTY_OBJECT_CONDITION, 'This condition block is empty and it does not affect the policy. Specify conditions or remove the Condition element.', c.node));
        continue;
      }
      for (const block of c.blocks) {
        if (block.node.members.length === 0) {
          out.push(finding(EMPTY_OBJECT_CONDITION, `The condition operator ${block.operator} has no condition keys and it does not affect the policy. Specify conditions.`, block.node));
          continue;
        }
        const op = parseOperator(block.operator);
        for (const e of block.entries) {
          const node = e.member.value;
          if (!(node.kind === 'array' && node.items.length === 0)) continue;
          if (op.qualifier === 'ForAllValues') {
            out.push(
              finding(
                EMPTY_ARRAY_CONDITION_FORALLVALUES,
                `The ForAllValues prefix with an empty condition key matches only if the key ${e.key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`,
                node,
              ),
            );
          } else if (op.qualifier === 'ForAnyValue') {
            out.push(
              finding(
                EMPTY_ARRAY_CONDITION_FORANYVALUE,
                `The ForAnyValue prefix with an empty condition key ${e.key} never matches the request context and it does not affect the policy. Specify conditions.`,
                node,
              ),
            );
          } else if (op.ifExists) {
            out.push(
              finding(
                EMPTY_ARRAY_CONDITION_IFEXISTS,
                `The IfExists suffix with an empty condition key matches only if the key ${e.key} is missing from the request context. To determine if the request context is empty, we recommend that you use the Null condition operator with the value of true instead.`,
                node,
              ),
            );
          } else {
            out.push(finding(EMPTY_ARRAY_CONDITION, `There are no values for the condition key ${e.key} and it does not affect the policy. Specify conditions.`, node));
          }
        }
      }
    }
    return out;
  },
};
