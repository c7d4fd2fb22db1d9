// Error – Invalid effect: Effect is exactly "Allow" or "Deny", case-sensitive.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_effect.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_EFFECT = awsCheck('ERROR', 'INVALID_EFFECT');

export const invalidEffect: Rule = {
  id: 'invalid-effect',
  checks: [INVALID_EFFECT],
  run({ policy }) {
    return policy.statements.flatMap((st) => {
      const e = st.effect;
      if (!e || e.value === 'Allow' || e.value === 'Deny') return [];
      return [finding(INVALID_EFFECT, `The effect ${e.value} is not valid. Use Allow or Deny.`, e.node)];
    });
  },
};
