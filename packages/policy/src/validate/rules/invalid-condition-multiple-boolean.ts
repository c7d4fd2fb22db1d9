// Error – Invalid condition multiple Boolean: Bool with both true and false matches any
// request that has the key, which is never what is meant.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Boolean

import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_CONDITION_MULTIPLE_BOOLEAN = awsCheck('ERROR', 'INVALID_CONDITION_MULTIPLE_BOOLEAN');

export const invalidConditionMultipleBoolean: Rule = {
  id: 'invalid-condition-multiple-boolean',
  checks: [INVALID_CONDITION_MULTIPLE_BOOLEAN],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.family !== 'Bool' && operator.family !== 'Null') continue;
      const distinct = new Set(entry.values.map((v) => v.text.toLowerCase()));
      if (distinct.size < 2) continue;
      out.push(
        finding(
          INVALID_CONDITION_MULTIPLE_BOOLEAN,
          `The condition key ${entry.key} does not support multiple Boolean values. Use a single Boolean value.`,
          entry.member.value,
        ),
      );
    }
    return out;
  },
};
