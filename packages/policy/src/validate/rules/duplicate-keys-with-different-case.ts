// Error – Duplicate keys with different case: condition key names are case-insensitive, so
// aws:SourceIp and aws:sourceip in one operator block are the same key twice.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const DUPLICATE_KEYS_WITH_DIFFERENT_CASE = awsCheck('ERROR', 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');

export const duplicateKeysWithDifferentCase: Rule = {
  id: 'duplicate-keys-with-different-case',
  checks: [DUPLICATE_KEYS_WITH_DIFFERENT_CASE],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const block of st.condition?.blocks ?? []) {
        const seen = new Map<string, string>();
        for (const e of block.entries) {
          const lower = e.key.toLowerCase();
          const first = seen.get(lower);
          if (first === undefined) {
            seen.set(lower, e.key);
            continue;
          }
          out.push(
            finding(
              DUPLICATE_KEYS_WITH_DIFFERENT_CASE,
              `The condition key ${e.key} appears more than once with different capitalization (${first}) in the same condition block. Remove the duplicate condition keys.`,
              { member: e.member },
            ),
          );
        }
      }
    }
    return out;
  },
};
