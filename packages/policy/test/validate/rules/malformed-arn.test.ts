import { describe, expect, it } from 'vitest';
import { policy, spanned, validate } from '../helpers.js';

const CODES = ['INVALID_ARN_PREFIX', 'MISSING_ARN_FIELD', 'INVALID_PARTITION', 'INVALID_ARN_SERVICE_CASE', 'INVALID_ARN_ACCOUNT', 'INVALID_ARN_REGION'];
const arnFindings = (...resources: string[]) =>
  validate(policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: resources })).filter((f) => CODES.includes(f.issueCode));

describe('malformed-arn', () => {
  it('reports each structural fault of an ARN with its own code', () => {
    expect(arnFindings('aws:iam::123456789012:role/x').map((f) => f.issueCode)).toEqual(['INVALID_ARN_PREFIX']);
    expect(arnFindings('arn:aws:iam::123456789012').map((f) => f.findingDetails)).toEqual([
      'Resource ARNs must include at least 6 fields in the following structure: arn:partition:service:region:account:resource. arn:aws:iam::123456789012 has 5.',
    ]);
    expect(arnFindings('arn:amazon:iam::123456789012:role/x').map((f) => f.issueCode)).toEqual(['INVALID_PARTITION']);
    expect(arnFindings('arn:aws:IAM::123456789012:role/x').map((f) => f.issueCode)).toEqual(['INVALID_ARN_SERVICE_CASE']);
    expect(arnFindings('arn:aws:iam::12345:role/x').map((f) => f.findingDetails)).toEqual(['The resource ARN account ID 12345 is not valid. Provide a 12-digit account ID.']);
    expect(arnFindings('arn:aws:s3:useast1:123456789012:accesspoint/x').map((f) => f.issueCode)).toEqual(['INVALID_ARN_REGION']);
  });

  it('points at the offending entry', () => {
    const text = policy({ Effect: 'Allow', Action: 'iam:GetRole', Resource: ['*', 'role/x'] });
    const found = validate(text).filter((f) => f.issueCode === 'INVALID_ARN_PREFIX');
    expect(found.map((f) => spanned(text, f))).toEqual(['"role/x"']);
  });

  it('accepts wildcards and policy variables in any field, and AWS-owned ARNs', () => {
    expect(
      arnFindings(
        '*',
        'arn:*',
        'arn:aws:s3:::*',
        'arn:${aws:partition}:iam::${aws:PrincipalAccount}:role/x',
        'arn:aws:iam::*:role/x',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        'arn:aws-us-gov:s3:us-gov-west-1:123456789012:accesspoint/x',
      ),
    ).toEqual([]);
  });
});
