// General warning – Wildcard without like operator: StringEquals and the other string
// operators compare * and ? literally; only StringLike and StringNotLike read them as
// wildcards. (ArnEquals reads wildcards just as ArnLike does, so ARN operators are fine.)
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_String
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_ARN

import { conditionTests } from '../condition-walk.js';
import { isLikeOperator } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const WILDCARD_WITHOUT_LIKE_OPERATOR = awsCheck('WARNING', 'WILDCARD_WITHOUT_LIKE_OPERATOR');

/** * or ? outside the escapes ${*} and ${?}. */
function hasBareWildcard(text: string): boolean {
  return /[*?]/.test(text.replace(/\$\{[*?$]\}/g, ''));
}

export const wildcardWithoutLikeOperator: Rule = {
  id: 'wildcard-without-like-operator',
  checks: [WILDCARD_WITHOUT_LIKE_OPERATOR],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.family !== 'String' || isLikeOperator(operator.base)) continue;
      const like = operator.base.includes('Not') ? 'StringNotLike' : 'StringLike';
      for (const v of entry.values) {
        if (!hasBareWildcard(v.text)) continue;
        out.push(
          finding(
            WILDCARD_WITHOUT_LIKE_OPERATOR,
            `Your condition value ${JSON.stringify(v.text)} includes a * or ? character. If you meant to use a wildcard (*, ?), update the condition operator ${operator.raw} to ${like}.`,
            v.node,
          ),
        );
      }
    }
    return out;
  },
};
