// Error – Invalid version: IAM knows two versions of the policy language, 2012-10-17 (the
// current one) and 2008-10-17. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_version.html

import { awsCheck, finding } from '../finding.js';
import type { Rule } from './rule.js';

const INVALID_VERSION = awsCheck('ERROR', 'INVALID_VERSION');

export const VALID_VERSIONS = ['2012-10-17', '2008-10-17'];

export const invalidVersion: Rule = {
  id: 'invalid-version',
  checks: [INVALID_VERSION],
  run({ policy }) {
    const v = policy.version;
    if (!v || VALID_VERSIONS.includes(v.value)) return [];
    return [
      finding(
        INVALID_VERSION,
        `The version ${v.value} is not valid. Use one of the following versions: ${VALID_VERSIONS.join(', ')} (2012-10-17 is current; the Version is a date, not the policy's own version).`,
        v.node,
      ),
    ];
  },
};
