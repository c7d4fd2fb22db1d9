// General warning – Type mismatch: the operator compares a different type than the key
// holds (NumericEquals on a String key, StringEquals on aws:SecureTransport, a Bool). Key
// types come from the Service Authorization Reference and the global key reference.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html

import { conditionKey, conditionTests } from '../condition-walk.js';
import { familiesForKeyType, familyLabel } from '../conditions.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const TYPE_MISMATCH = awsCheck('WARNING', 'TYPE_MISMATCH');

export const conditionTypeMismatch: Rule = {
  id: 'condition-type-mismatch',
  checks: [TYPE_MISMATCH],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      const family = operator.family;
      // Null tests presence and works on a key of any type.
      if (!family || family === 'Null') continue;
      const found = conditionKey(entry.key);
      if (found.kind !== 'found') continue;
      const families = familiesForKeyType(found.info.type);
      if (families.includes(family)) continue;
      const wanted = familyLabel(families[0] ?? 'String');
      out.push(
        finding(
          TYPE_MISMATCH,
          `Use the operator type ${wanted} instead of operator ${operator.raw} for the condition key ${entry.key}, whose values are of type ${found.info.type}.`,
          { member: entry.member },
        ),
      );
    }
    return out;
  },
};
