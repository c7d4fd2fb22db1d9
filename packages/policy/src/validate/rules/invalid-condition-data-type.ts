// Error – Invalid condition data type: the values of one condition key mix JSON types
// (["10", 20, true]); write them all as strings.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html

import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_CONDITION_DATA_TYPE = awsCheck('ERROR', 'INVALID_CONDITION_DATA_TYPE');

export const invalidConditionDataType: Rule = {
  id: 'invalid-condition-data-type',
  checks: [INVALID_CONDITION_DATA_TYPE],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { entry } of conditionTests(policy)) {
      const kinds = new Set(entry.values.map((v) => v.node.kind));
      if (kinds.size < 2) continue;
      out.push(
        finding(
          INVALID_CONDITION_DATA_TYPE,
          `The condition value data types do not match. Use condition values of the same JSON data type for ${entry.key}, preferably strings.`,
          entry.member.value,
        ),
      );
    }
    return out;
  },
};
