// Error – Missing qualifier: a multivalued key (aws:TagKeys, aws:CalledVia ...) carries a
// set of values, and an operator without ForAllValues: or ForAnyValue: does not compare sets.
// Null is the exception: it tests presence.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import { conditionKey, conditionTests } from '../condition-walk.js';
import { isMultivalued } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const MISSING_QUALIFIER = awsCheck('ERROR', 'MISSING_QUALIFIER');

export const missingQualifier: Rule = {
  id: 'missing-qualifier',
  checks: [MISSING_QUALIFIER],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (!operator.family || operator.family === 'Null' || operator.qualifier) continue;
      const found = conditionKey(entry.key);
      if (found.kind !== 'found' || !isMultivalued(found.info.type)) continue;
      out.push(
        finding(
          MISSING_QUALIFIER,
          `The request context key ${entry.key} has multiple values. Use the ForAllValues or ForAnyValue condition key qualifiers in your policy, as in ForAnyValue:${operator.raw}.`,
          { member: entry.member },
        ),
      );
    }
    return out;
  },
};
