// Suggestions – Empty array action, Empty array resource, Empty array principal and Empty
// object principal: an element with nothing in it makes the statement match nothing, so the
// statement has no effect. https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html

import { awsCheck, finding, type Finding } from '../finding.js';
import type { Rule } from './rule.js';

const EMPTY_ARRAY_ACTION = awsCheck('SUGGESTION', 'EMPTY_ARRAY_ACTION');
const EMPTY_ARRAY_RESOURCE = awsCheck('SUGGESTION', 'EMPTY_ARRAY_RESOURCE');
const EMPTY_ARRAY_PRINCIPAL = awsCheck('SUGGESTION', 'EMPTY_ARRAY_PRINCIPAL');
const EMPTY_OBJECT_PRINCIPAL = awsCheck('SUGGESTION', 'EMPTY_OBJECT_PRINCIPAL');

export const emptyArray: Rule = {
  id: 'empty-array',
  checks: [EMPTY_ARRAY_ACTION, EMPTY_ARRAY_RESOURCE, EMPTY_ARRAY_PRINCIPAL, EMPTY_OBJECT_PRINCIPAL],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const list of [st.action, st.notAction]) {
        if (list?.node.kind === 'array' && list.node.items.length === 0) {
          out.push(finding(EMPTY_ARRAY_ACTION, 'This statement includes no actions and does not affect the policy. Specify actions.', list.node));
        }
      }
      for (const list of [st.resource, st.notResource]) {
        if (list?.node.kind === 'array' && list.node.items.length === 0) {
          out.push(finding(EMPTY_ARRAY_RESOURCE, 'This statement includes no resources and does not affect the policy. Specify resources.', list.node));
        }
      }
      for (const p of [st.principal, st.notPrincipal]) {
        if (!p) continue;
        if (p.node.kind === 'object' && p.node.members.length === 0) {
          out.push(finding(EMPTY_OBJECT_PRINCIPAL, 'This statement includes no principals and does not affect the policy. Specify principals.', p.node));
        }
        for (const e of p.entries) {
          if (e.member.value.kind === 'array' && e.member.value.items.length === 0) {
            out.push(finding(EMPTY_ARRAY_PRINCIPAL, 'This statement includes no principals and does not affect the policy. Specify principals.', e.member.value));
          }
        }
      }
    }
    return out;
  },
};
