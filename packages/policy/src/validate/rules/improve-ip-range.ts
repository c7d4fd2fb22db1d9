// Suggestion – Improve IP range: bits set beyond the prefix length are ignored
// (203.0.113.7/24 means 203.0.113.0/24); write the block as it is read.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IPAddress

import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { formatCidr, networkOf, parseCidr } from '../ip.js';
import type { Rule } from './rule.js';

const IMPROVE_IP_RANGE = awsCheck('SUGGESTION', 'IMPROVE_IP_RANGE');

export const improveIpRange: Rule = {
  id: 'improve-ip-range',
  checks: [IMPROVE_IP_RANGE],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.family !== 'IpAddress') continue;
      for (const v of entry.values) {
        const c = parseCidr(v.text);
        if (!c) continue;
        const net = networkOf(c);
        if (net.address === c.address) continue;
        out.push(
          finding(
            IMPROVE_IP_RANGE,
            `The non-zero bits in the IP address after the masked bits are ignored. Replace address ${v.text} with ${formatCidr(net)}.`,
            v.node,
          ),
        );
      }
    }
    return out;
  },
};
