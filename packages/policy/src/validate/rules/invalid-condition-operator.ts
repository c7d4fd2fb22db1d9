// Error – Invalid condition operator: not one of IAM's operators, with an optional
// ForAllValues:/ForAnyValue: prefix and IfExists suffix. Names are case-sensitive.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

import { OPERATOR_NAMES, parseOperator } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { closestMatch } from '../suggest.js';
import type { Rule } from './rule.js';

const INVALID_CONDITION_OPERATOR = awsCheck('ERROR', 'INVALID_CONDITION_OPERATOR');

function suggestion(raw: string): string | undefined {
  // Suggest the whole operator with the parts the user wrote: forallvalues:stringequals → ForAllValues:StringEquals.
  const m = /^(?:(forallvalues|foranyvalue):)?(.*?)(ifexists)?$/i.exec(raw);
  if (!m) return undefined;
  const base = closestMatch(m[2] ?? '', OPERATOR_NAMES);
  if (!base) return undefined;
  const q = m[1] ? (m[1].toLowerCase() === 'forallvalues' ? 'ForAllValues:' : 'ForAnyValue:') : '';
  const candidate = `${q}${base}${m[3] && base !== 'Null' ? 'IfExists' : ''}`;
  return candidate === raw ? undefined : candidate;
}

export const invalidConditionOperator: Rule = {
  id: 'invalid-condition-operator',
  checks: [INVALID_CONDITION_OPERATOR],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const block of st.condition?.blocks ?? []) {
        if (parseOperator(block.operator).family) continue;
        const guess = suggestion(block.operator);
        const hint = guess ? ` Did you mean ${guess}? Operator names are case-sensitive.` : ' Use a valid condition operator, such as StringEquals.';
        out.push(finding(INVALID_CONDITION_OPERATOR, `The condition operator ${block.operator} is not valid.${hint}`, { member: block.member }));
      }
    }
    return out;
  },
};
