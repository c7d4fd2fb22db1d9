// Suggestion – Redundant statement: a statement that another statement with the same effect
// already covers: the same or more principals, actions and resources, and no condition
// beyond what it tests itself. Removing it changes nothing, and an edit to only one of the
// two later may grant more than intended.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-statement

import { isAnalyzable, statementCovers } from '../coverage.js';
import { effectOf, statementLabel } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const REDUNDANT_STATEMENT = awsCheck('SUGGESTION', 'REDUNDANT_STATEMENT');

export const redundantStatement: Rule = {
  id: 'redundant-statement',
  checks: [REDUNDANT_STATEMENT],
  run({ policy }) {
    const out: Finding[] = [];
    const sts = policy.statements;
    const redundant = new Set<number>();
    sts.forEach((b, i) => {
      const effect = effectOf(b);
      if (!effect || !isAnalyzable(b)) return;
      const coveringIndex = sts.findIndex((a, j) => {
        if (j === i || redundant.has(j) || effectOf(a) !== effect || !isAnalyzable(a)) return false;
        if (!statementCovers(a, b)) return false;
        // Of two identical statements the later one is the redundant one.
        return !(j > i && statementCovers(b, a));
      });
      if (coveringIndex === -1) return;
      redundant.add(i);
      const a = sts[coveringIndex];
      if (!a) return;
      const verb = effect === 'Allow' ? 'allows' : 'denies';
      const details = statementCovers(b, a)
        ? `The statements are redundant because they provide identical permissions: ${statementLabel(b)} repeats ${statementLabel(a)}. Update the policy to remove the redundant statement.`
        : `The statements are redundant because ${statementLabel(a)} already ${verb} everything ${statementLabel(b)} does. Update the policy to remove the redundant statement.`;
      out.push(finding(REDUNDANT_STATEMENT, details, b.node, a.node));
    });
    return out;
  },
};
