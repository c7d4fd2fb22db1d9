import { describe, expect, it } from 'vitest';
import { policy, validate } from '../helpers.js';

const CODES = ['INVALID_ARN_RESOURCE', 'MISSING_ARN_REGION', 'ARN_REGION_NOT_ALLOWED', 'ARN_ACCOUNT_NOT_ALLOWED'];
const arnFindings = (...resources: string[]) =>
  validate(policy({ Effect: 'Allow', Action: '*', Resource: resources })).filter((f) => CODES.includes(f.issueCode));

describe('arn-resource-type', () => {
  it('reports an ARN that fits no resource type of its service', () => {
    const found = arnFindings('arn:aws:iam::123456789012:rol/x');
    expect(found.map((f) => f.issueCode)).toEqual(['INVALID_ARN_RESOURCE']);
    expect(found[0]?.findingDetails).toMatch(/^Resource ARN does not match the expected ARN format\. Update the resource portion of the ARN arn:aws:iam::123456789012:rol\/x; iam resource ARNs look like arn:\$\{Partition\}:iam::/);
  });

  it('reports a Region or account where the format has none, and a missing Region where it needs one', () => {
    expect(arnFindings('arn:aws:iam:us-east-1:123456789012:role/x').map((f) => f.issueCode)).toEqual(['ARN_REGION_NOT_ALLOWED']);
    expect(arnFindings('arn:aws:s3::123456789012:my-bucket').map((f) => f.findingDetails)).toEqual([
      'The service s3 does not support specifying an account ID in the resource ARN. Remove the account ID 123456789012 from arn:aws:s3::123456789012:my-bucket.',
    ]);
    expect(arnFindings('arn:aws:dynamodb::123456789012:table/t').map((f) => f.findingDetails)).toEqual(['Add a Region to the dynamodb resource ARN arn:aws:dynamodb::123456789012:table/t.']);
  });

  it('accepts ARNs of real resource types, with wildcards, and ARNs of services it does not know', () => {
    expect(
      arnFindings(
        'arn:aws:s3:::my-bucket',
        'arn:aws:s3:::my-bucket/key/with/slashes',
        'arn:aws:iam::123456789012:role/path/to/role',
        'arn:aws:dynamodb:*:*:table/*',
        'arn:aws:ec2:us-east-1:123456789012:instance/i-0123',
        'arn:aws:lambda:us-east-1:123456789012:function:fn:1',
        'arn:aws:iam::aws:policy/ReadOnlyAccess',
        // AWS-owned resources have no account.
        'arn:aws:ssm:*::document/AWS-RunShellScript',
        'arn:aws:ec2:us-east-1::image/ami-0123',
        'arn:aws:backup:*:*:recovery-point:*',
        'arn:aws:no-such-service:us-east-1:123456789012:thing/x',
      ),
    ).toEqual([]);
  });
});
