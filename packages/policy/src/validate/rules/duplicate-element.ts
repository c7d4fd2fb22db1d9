// Duplicate element (a Gatehouse check; Access Analyzer has none): JSON allows a member name
// twice in one object, and the policy is then read with only the last one, so a second
// "Action" or "Condition" silently replaces the first. The grammar has each element once:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html
// (Condition keys that differ only in case are DUPLICATE_KEYS_WITH_DIFFERENT_CASE.)

import { finding, type Finding, gatehouseCheck } from '../finding.js';
import type { JsonNode } from '../json-with-positions.js';
import type { Rule } from './rule.js';

const DUPLICATE_ELEMENT = gatehouseCheck('WARNING', 'DUPLICATE_ELEMENT', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html');

function walk(node: JsonNode, out: Finding[]): void {
  if (node.kind === 'array') {
    for (const item of node.items) walk(item, out);
    return;
  }
  if (node.kind !== 'object') return;
  const seen = new Set<string>();
  // Report every occurrence but the last, the one that counts.
  for (let i = node.members.length - 1; i >= 0; i--) {
    const m = node.members[i];
    if (!m) continue;
    if (seen.has(m.key)) {
      out.push(
        finding(
          DUPLICATE_ELEMENT,
          `The element ${m.key} appears more than once here, and only its last occurrence is read, so this one has no effect. Merge the occurrences into one.`,
          { member: m },
        ),
      );
    }
    seen.add(m.key);
    walk(m.value, out);
  }
}

export const duplicateElement: Rule = {
  id: 'duplicate-element',
  checks: [DUPLICATE_ELEMENT],
  run({ policy }) {
    const out: Finding[] = [];
    walk(policy.root, out);
    return out;
  },
};
