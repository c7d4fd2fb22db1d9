// aws:SourceIp holds the public address a request came from; requests through a VPC
// endpoint carry aws:VpcSourceIp instead. So private addresses (RFC 1918, RFC 4193) in an
// aws:SourceIp test never match: Error – Private IP address and Private NotIpAddress when
// all of the values are private, Suggestion – Private IP address subset and Private
// NotIpAddress subset when some are.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html#condition-keys-sourceip

import { conditionTests } from '../condition-walk.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { isPrivate, parseCidr } from '../ip.js';
import type { Rule } from './rule.js';

const PRIVATE_IP_ADDRESS = awsCheck('ERROR', 'PRIVATE_IP_ADDRESS');
const PRIVATE_NOT_IP_ADDRESS = awsCheck('ERROR', 'PRIVATE_NOT_IP_ADDRESS');
const PRIVATE_IP_ADDRESS_SUBSET = awsCheck('SUGGESTION', 'PRIVATE_IP_ADDRESS_SUBSET');
const PRIVATE_NOT_IP_ADDRESS_SUBSET = awsCheck('SUGGESTION', 'PRIVATE_NOT_IP_ADDRESS_SUBSET');

export const privateIp: Rule = {
  id: 'private-ip',
  checks: [PRIVATE_IP_ADDRESS, PRIVATE_NOT_IP_ADDRESS, PRIVATE_IP_ADDRESS_SUBSET, PRIVATE_NOT_IP_ADDRESS_SUBSET],
  run({ policy }) {
    const out: Finding[] = [];
    for (const { operator, entry } of conditionTests(policy)) {
      if (operator.family !== 'IpAddress' || entry.key.toLowerCase() !== 'aws:sourceip') continue;
      const cidrs = entry.values.map((v) => parseCidr(v.text));
      if (cidrs.length === 0 || cidrs.some((c) => c === undefined)) continue;
      const priv = cidrs.filter((c) => c && isPrivate(c)).length;
      if (priv === 0) continue;
      const not = operator.base === 'NotIpAddress';
      const target = entry.member.value;
      if (priv === cidrs.length) {
        out.push(
          not
            ? finding(PRIVATE_NOT_IP_ADDRESS, 'The values for condition key aws:SourceIp include only private IP addresses and has no effect. aws:SourceIp works only for public IP address ranges. Update the value to include only public IP addresses.', target)
            : finding(PRIVATE_IP_ADDRESS, 'aws:SourceIp works only for public IP address ranges. The values for condition key aws:SourceIp include only private IP addresses and will not have the desired effect. Update the value to include only public IP addresses.', target),
        );
      } else {
        out.push(
          not
            ? finding(PRIVATE_NOT_IP_ADDRESS_SUBSET, 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses have no effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.', target)
            : finding(PRIVATE_IP_ADDRESS_SUBSET, 'The values for condition key aws:SourceIp include a mix of private and public IP addresses. The private addresses will not have the desired effect. aws:SourceIp works only for public IP address ranges. To define permissions for private IP ranges, use aws:VpcSourceIp.', target),
        );
      }
    }
    return out;
  },
};
