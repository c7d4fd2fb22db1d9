// Error – Unsupported global condition key: aws:ARN is not a request context key; compare
// the caller with aws:PrincipalArn or the calling resource with aws:SourceArn.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-unsupported-global-condition-key

import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding } from '../finding.js';
import { RETIRED_GLOBAL_KEYS } from './invalid-condition-key.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_GLOBAL_CONDITION_KEY = awsCheck('ERROR', 'UNSUPPORTED_GLOBAL_CONDITION_KEY');

export const unsupportedGlobalConditionKey: Rule = {
  id: 'unsupported-global-condition-key',
  checks: [UNSUPPORTED_GLOBAL_CONDITION_KEY],
  run({ policy }) {
    return conditionTests(policy)
      .filter((t) => RETIRED_GLOBAL_KEYS.includes(t.entry.key.toLowerCase()))
      .map((t) =>
        finding(UNSUPPORTED_GLOBAL_CONDITION_KEY, `The condition key ${t.entry.key} is not supported. Use aws:PrincipalArn or aws:SourceArn instead.`, {
          member: t.entry.member,
        }),
      );
  },
};
