// Unreachable statement (a Gatehouse check; Access Analyzer has none): an Allow statement
// that a Deny statement of the same policy covers entirely. An explicit deny always wins
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html),
// so the Allow never grants anything: either it is dead weight, or the Deny is broader than meant.

import { isAnalyzable, statementCovers } from '../coverage.js';
import { effectOf, statementLabel } from '../document.js';
import { finding, type Finding, gatehouseCheck } from '../finding.js';
import type { Rule } from './rule.js';

const UNREACHABLE_STATEMENT = gatehouseCheck(
  'WARNING',
  'UNREACHABLE_STATEMENT',
  'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html',
);

export const unreachableStatement: Rule = {
  id: 'unreachable-statement',
  checks: [UNREACHABLE_STATEMENT],
  run({ policy }) {
    const out: Finding[] = [];
    const denies = policy.statements.filter((s) => effectOf(s) === 'Deny' && isAnalyzable(s));
    if (denies.length === 0) return out;
    for (const allow of policy.statements) {
      if (effectOf(allow) !== 'Allow' || !isAnalyzable(allow)) continue;
      const deny = denies.find((d) => statementCovers(d, allow));
      if (!deny) continue;
      out.push(
        finding(
          UNREACHABLE_STATEMENT,
          `${statementLabel(allow)[0]?.toUpperCase()}${statementLabel(allow).slice(1)} never allows anything because ${statementLabel(deny)} denies every request it would allow, and an explicit deny always wins. Remove the Allow statement, or narrow the Deny statement.`,
          allow.node,
          deny.node,
        ),
      );
    }
    return out;
  },
};
