// Malformed resource ARNs, the structural checks of the policy check reference: Error –
// Invalid ARN prefix, Missing ARN field, Invalid partition, Invalid ARN service case, Invalid
// ARN account, Invalid ARN Region. An ARN is arn:partition:service:region:account:resource
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference-arns.html). Wildcards and
// policy variables may stand for any field, so a field holding one is not judged.

import { hasPolicyVariable, parseArn } from '../analysis.js';
import { resourceTypesForArnService } from '../catalog.js';
import { awsCheck, finding, type Finding } from '../finding.js';
import { hasWildcard } from '../patterns.js';
import { resourceItems, type Rule } from './rule.js';

const INVALID_ARN_PREFIX = awsCheck('ERROR', 'INVALID_ARN_PREFIX');
const MISSING_ARN_FIELD = awsCheck('ERROR', 'MISSING_ARN_FIELD');
const INVALID_PARTITION = awsCheck('ERROR', 'INVALID_PARTITION');
const INVALID_ARN_SERVICE_CASE = awsCheck('ERROR', 'INVALID_ARN_SERVICE_CASE');
const INVALID_ARN_ACCOUNT = awsCheck('ERROR', 'INVALID_ARN_ACCOUNT');
const INVALID_ARN_REGION = awsCheck('ERROR', 'INVALID_ARN_REGION');

// https://docs.aws.amazon.com/whitepapers/latest/aws-fault-isolation-boundaries/partitions.html
export const PARTITIONS = ['aws', 'aws-cn', 'aws-us-gov', 'aws-iso', 'aws-iso-b', 'aws-iso-e', 'aws-iso-f', 'aws-eusc'];

/** us-east-1, us-gov-west-1, cn-north-1, eu-isoe-west-1 ... */
export const REGION_PATTERN = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

function isLiteral(field: string): boolean {
  return !hasWildcard(field) && !hasPolicyVariable(field) && !field.includes('${');
}

export const malformedArn: Rule = {
  id: 'malformed-arn',
  checks: [INVALID_ARN_PREFIX, MISSING_ARN_FIELD, INVALID_PARTITION, INVALID_ARN_SERVICE_CASE, INVALID_ARN_ACCOUNT, INVALID_ARN_REGION],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const item of resourceItems(st)) {
        const v = item.value;
        const arn = parseArn(v);
        if (arn.kind === 'star') continue;
        if (arn.kind === 'no-prefix') {
          // A variable may hold a whole ARN (${aws:SourceArn} is not one, but be lenient).
          if (v.startsWith('${') || v.startsWith('*')) continue;
          out.push(finding(INVALID_ARN_PREFIX, `Add the required prefix (arn) to the resource ARN ${v}: arn:partition:service:region:account:resource, or * for all resources.`, item.node));
          continue;
        }
        if (arn.kind === 'missing-fields') {
          // arn:aws:s3:::* is whole, but arn:* lets the wildcard span the missing colons.
          if (hasWildcard(v)) continue;
          out.push(
            finding(
              MISSING_ARN_FIELD,
              `Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource. ${v} has ${arn.count}.`,
              item.node,
            ),
          );
          continue;
        }
        if (isLiteral(arn.partition) && !PARTITIONS.includes(arn.partition)) {
          out.push(
            finding(
              INVALID_PARTITION,
              `The resource ARN for the service ${arn.service} does not support the partition ${arn.partition}. Use the supported values: ${PARTITIONS.join(', ')}.`,
              item.node,
            ),
          );
        }
        if (isLiteral(arn.service) && arn.service !== arn.service.toLowerCase()) {
          out.push(finding(INVALID_ARN_SERVICE_CASE, `Update the service name ${arn.service} in the resource ARN to use all lowercase letters: ${arn.service.toLowerCase()}.`, item.node));
        }
        if (arn.region !== '' && isLiteral(arn.region) && !REGION_PATTERN.test(arn.region)) {
          out.push(finding(INVALID_ARN_REGION, `The Region ${arn.region} is not valid for this resource. Update the resource ARN to include a supported Region, such as us-east-1.`, item.node));
        }
        if (arn.account !== '' && isLiteral(arn.account) && !/^\d{12}$/.test(arn.account) && arn.account !== 'aws') {
          // A few resource types have a fixed word there (arn:aws:iam::aws:policy/...).
          const literal = resourceTypesForArnService(arn.service.toLowerCase()).some((r) => r.arn.split(':')[4] === arn.account);
          if (!literal) {
            out.push(finding(INVALID_ARN_ACCOUNT, `The resource ARN account ID ${arn.account} is not valid. Provide a 12-digit account ID.`, item.node));
          }
        }
      }
    }
    return out;
  },
};
