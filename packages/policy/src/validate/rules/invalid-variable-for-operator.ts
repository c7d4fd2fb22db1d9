// Error – Invalid variable for operator: policy variables are substituted only in string and
// ARN comparisons; with Numeric, Date, Bool, Binary, IP address or Null operators the
// "${...}" is compared as it is written.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#policy-vars-conditionelement

import { hasPolicyVariable } from '../analysis.js';
import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_VARIABLE_FOR_OPERATOR = awsCheck('ERROR', 'INVALID_VARIABLE_FOR_OPERATOR');

export const invalidVariableForOperator: Rule = {
  id: 'invalid-variable-for-operator',
  checks: [INVALID_VARIABLE_FOR_OPERATOR],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (!operator.family || operator.family === 'String' || operator.family === 'Arn') continue;
      for (const v of entry.values) {
        if (!hasPolicyVariable(v.text)) continue;
        out.push(
          finding(
            INVALID_VARIABLE_FOR_OPERATOR,
            `Policy variables can only be used with String and ARN operators. ${operator.raw} compares ${JSON.stringify(v.text)} as written.`,
            v.node,
          ),
        );
      }
    }
    return out;
  },
};
