// Error – Unsupported element combination: Action/NotAction, Resource/NotResource and
// Principal/NotPrincipal exclude each other within a statement.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const UNSUPPORTED_ELEMENT_COMBINATION = awsCheck('ERROR', 'UNSUPPORTED_ELEMENT_COMBINATION');

const PAIRS = [
  ['Action', 'NotAction'],
  ['Resource', 'NotResource'],
  ['Principal', 'NotPrincipal'],
] as const;

export const unsupportedElementCombination: Rule = {
  id: 'unsupported-element-combination',
  checks: [UNSUPPORTED_ELEMENT_COMBINATION],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const [a, b] of PAIRS) {
        const ma = st.members.get(a);
        const mb = st.members.get(b);
        if (!ma || !mb) continue;
        const second = ma.keySpan.start.offset > mb.keySpan.start.offset ? ma : mb;
        out.push(
          finding(
            UNSUPPORTED_ELEMENT_COMBINATION,
            `The policy elements ${a} and ${b} can not be used in the same statement. Remove one of these elements.`,
            { member: second },
          ),
        );
      }
    }
    return out;
  },
};
