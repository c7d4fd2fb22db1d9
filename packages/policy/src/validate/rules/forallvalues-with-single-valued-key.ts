// Security warning – ForAllValues with single valued key: ForAllValues is also true when the
// key is absent, so on a single-valued key it lets through every request without it.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

import { conditionKey, conditionTests } from '../condition-walk.js';
import { isMultivalued } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const FORALLVALUES_WITH_SINGLE_VALUED_KEY = awsCheck('SECURITY_WARNING', 'FORALLVALUES_WITH_SINGLE_VALUED_KEY');

export const forAllValuesWithSingleValuedKey: Rule = {
  id: 'forallvalues-with-single-valued-key',
  checks: [FORALLVALUES_WITH_SINGLE_VALUED_KEY],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.qualifier !== 'ForAllValues' || !operator.family) continue;
      const found = conditionKey(entry.key);
      if (found.kind !== 'found' || isMultivalued(found.info.type)) continue;
      out.push(
        finding(
          FORALLVALUES_WITH_SINGLE_VALUED_KEY,
          `Using ForAllValues qualifier with the single-valued condition key ${entry.key} can be overly permissive. We recommend that you remove ForAllValues: and use ${operator.base}${operator.ifExists ? 'IfExists' : ''}.`,
          { member: entry.member },
        ),
      );
    }
    return out;
  },
};
