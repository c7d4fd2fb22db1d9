// Error – Invalid policy element: a member the policy grammar does not define, at the top
// level (Version, Id, Statement) or in a statement (Sid, Effect, Principal, NotPrincipal,
// Action, NotAction, Resource, NotResource, Condition). Element names are case-sensitive.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { JsonMember } from '../json-with-positions.js';
import type { Rule } from './rule.js';

const INVALID_POLICY_ELEMENT = awsCheck('ERROR', 'INVALID_POLICY_ELEMENT');

const TOP_LEVEL = ['Version', 'Id', 'Statement'];
const STATEMENT = ['Sid', 'Effect', 'Principal', 'NotPrincipal', 'Action', 'NotAction', 'Resource', 'NotResource', 'Condition'];

function check(members: readonly JsonMember[], allowed: readonly string[], where: string): Finding[] {
  const out: Finding[] = [];
  for (const m of members) {
    if (allowed.includes(m.key)) continue;
    const sameName = allowed.find((a) => a.toLowerCase() === m.key.toLowerCase());
    const hint = sameName ? ` Element names are case-sensitive: use ${sameName}.` : ` Use only ${allowed.join(', ')} ${where}.`;
    out.push(finding(INVALID_POLICY_ELEMENT, `The policy element ${m.key} is not valid.${hint}`, { member: m }));
  }
  return out;
}

export const invalidPolicyElement: Rule = {
  id: 'invalid-policy-element',
  checks: [INVALID_POLICY_ELEMENT],
  run({ policy }) {
    const out: Finding[] = [];
    if (policy.root.kind === 'object') out.push(...check(policy.root.members, TOP_LEVEL, 'at the top level of a policy'));
    for (const st of policy.statements) out.push(...check(st.node.members, STATEMENT, 'in a statement'));
    return out;
  },
};
