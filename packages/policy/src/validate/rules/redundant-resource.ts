// Suggestion – Redundant resource: an entry another entry of the same element already
// matches (role/jane-admin beside role/jane*).
// https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-suggestion-redundant-resource

import type { StringListElement } from '../document.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { subsumes } from '../patterns.js';
import type { Rule } from './rule.js';

const REDUNDANT_RESOURCE = awsCheck('SUGGESTION', 'REDUNDANT_RESOURCE');

// ARNs are case-sensitive; a policy variable covers only the same variable.
const OPTS = { ignoreCase: false, variables: false } as const;

function check(list: StringListElement | undefined): Finding[] {
  if (!list) return [];
  const out: Finding[] = [];
  const redundant = new Set<number>();
  list.items.forEach((item, i) => {
    const by = list.items.find(
      (o, j) => j !== i && !redundant.has(j) && !(j > i && o.value === item.value) && subsumes(o.value, item.value, OPTS),
    );
    if (!by) return;
    redundant.add(i);
    out.push(
      finding(
        REDUNDANT_RESOURCE,
        `The ${item.value} resource ARN(s) are redundant because they reference the same resource as ${by.value}. Review the use of wildcards (*) and remove the redundant resource.`,
        item.node,
      ),
    );
  });
  return out;
}

export const redundantResource: Rule = {
  id: 'redundant-resource',
  checks: [REDUNDANT_RESOURCE],
  run({ policy }) {
    return policy.statements.flatMap((st) => [...check(st.resource), ...check(st.notResource)]);
  },
};
