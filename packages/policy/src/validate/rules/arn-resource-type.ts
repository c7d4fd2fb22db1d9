// A resource ARN that fits no resource type of its service, the checks Error – Invalid ARN
// resource, Missing ARN Region, ARN Region not allowed and ARN account not allowed. Each
// service's ARN formats come from the Service Authorization Reference (S3 buckets have
// neither Region nor account, arn:aws:s3:::bucket; IAM ARNs have no Region).
// https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html
// An ARN without the account its format names is not reported: AWS-owned resources have
// none (arn:aws:ssm:*::document/AWS-*, arn:aws:ec2:*::image/ami-*).

import { parseArn } from '../analysis.js';
import { fitArn } from '../arn-match.js';
import { resourceTypesForArnService } from '../catalog.js';
import { awsCheck, type CheckDefinition, finding, type Finding } from '../finding.js';
import { hasWildcard } from '../patterns.js';
import { resourceItems, type Rule } from './rule.js';

const INVALID_ARN_RESOURCE = awsCheck('ERROR', 'INVALID_ARN_RESOURCE');
const MISSING_ARN_REGION = awsCheck('ERROR', 'MISSING_ARN_REGION');
const ARN_REGION_NOT_ALLOWED = awsCheck('ERROR', 'ARN_REGION_NOT_ALLOWED');
const ARN_ACCOUNT_NOT_ALLOWED = awsCheck('ERROR', 'ARN_ACCOUNT_NOT_ALLOWED');

type Verdict = { check: CheckDefinition; details: string } | undefined;

/** What is wrong with one resource entry, if anything: a function of the string alone, so cached. */
function judge(value: string): Verdict {
  const arn = parseArn(value);
  if (arn.kind !== 'arn' || hasWildcard(arn.service) || arn.service.includes('${')) return undefined;
  const service = arn.service.toLowerCase();
  const types = resourceTypesForArnService(service);
  // A service we know nothing of: nothing to compare with.
  if (types.length === 0) return undefined;
  const fits = types.flatMap((t) => {
    const fit = fitArn({ ...arn, service }, t.arn);
    return fit && fit.resource ? [{ type: t, fit }] : [];
  });
  if (fits.length === 0) {
    const examples = [...new Set(types.map((t) => t.arn))].slice(0, 3).join(', ');
    return {
      check: INVALID_ARN_RESOURCE,
      details: `Resource ARN does not match the expected ARN format. Update the resource portion of the ARN ${value}; ${service} resource ARNs look like ${examples}.`,
    };
  }
  if (fits.some((f) => f.fit.region && f.fit.account && f.fit.partition)) return undefined;
  const regionFits = fits.filter((f) => f.fit.region);
  if (regionFits.length === 0) {
    if (arn.region === '') return { check: MISSING_ARN_REGION, details: `Add a Region to the ${service} resource ARN ${value}.` };
    if (fits.every((f) => f.type.arn.split(':')[3] === '')) {
      return {
        check: ARN_REGION_NOT_ALLOWED,
        details: `The service ${service} does not support specifying a Region in the resource ARN. Remove the Region ${arn.region} from ${value}.`,
      };
    }
    return undefined;
  }
  if (regionFits.some((f) => f.fit.account)) return undefined;
  if (arn.account === '') return undefined;
  if (regionFits.every((f) => f.type.arn.split(':')[4] === '')) {
    return {
      check: ARN_ACCOUNT_NOT_ALLOWED,
      details: `The service ${service} does not support specifying an account ID in the resource ARN. Remove the account ID ${arn.account} from ${value}.`,
    };
  }
  return undefined;
}

const verdicts = new Map<string, Verdict>();

function cachedJudge(value: string): Verdict {
  if (verdicts.has(value)) return verdicts.get(value);
  const v = judge(value);
  if (verdicts.size > 10_000) verdicts.clear();
  verdicts.set(value, v);
  return v;
}

export const arnResourceType: Rule = {
  id: 'arn-resource-type',
  checks: [INVALID_ARN_RESOURCE, MISSING_ARN_REGION, ARN_REGION_NOT_ALLOWED, ARN_ACCOUNT_NOT_ALLOWED],
  run({ policy }) {
    const out: Finding[] = [];
    for (const st of policy.statements) {
      for (const item of resourceItems(st)) {
        const v = cachedJudge(item.value);
        if (v) out.push(finding(v.check, v.details, item.node));
      }
    }
    return out;
  },
};
