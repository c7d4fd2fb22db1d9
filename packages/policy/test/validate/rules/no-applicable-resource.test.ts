import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('no-applicable-resource', () => {
  it('warns about an action whose resource type no ARN of the statement has', () => {
    const text = policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: 'arn:aws:s3:::my-bucket' });
    const found = findings(text, 'NO_APPLICABLE_RESOURCE');
    expect(found.map((f) => spanned(text, f))).toEqual(['"s3:GetObject"']);
    expect(found[0]?.findingType).toBe('WARNING');
    expect(found[0]?.findingDetails).toContain('object (arn:${Partition}:s3:::${BucketName}/${ObjectName})');
  });

  it('catches s3:ListBucket on the objects of a bucket instead of the bucket', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::my-bucket/*' }), 'NO_APPLICABLE_RESOURCE')).toHaveLength(1);
  });

  it('warns about an action without resource-level permissions given specific ARNs', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:ListAllMyBuckets', Resource: 'arn:aws:s3:::my-bucket' }), 'NO_APPLICABLE_RESOURCE');
    expect(found[0]?.findingDetails).toMatch(/^The action s3:ListAllMyBuckets does not support resource-level permissions, so it applies only with "Resource": "\*"/);
  });

  it('warns about a wildcard only when none of its actions applies', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::my-bucket' }), 'NO_APPLICABLE_RESOURCE')).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: 'iam:Get*', Resource: 'arn:aws:s3:::my-bucket' }), 'NO_APPLICABLE_RESOURCE')[0]?.findingDetails).toMatch(
      /^None of the \d+ actions that iam:Get\* names applies to a resource of this statement/,
    );
  });

  it('is silent with Resource "*" and with ARNs of the right type', () => {
    expect(findings(policy({ Effect: 'Allow', Action: ['s3:ListAllMyBuckets', 's3:GetObject'], Resource: '*' }), 'NO_APPLICABLE_RESOURCE')).toEqual([]);
    expect(
      findings(policy({ Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket', 'iam:PassRole'], Resource: ['arn:aws:s3:::b', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/app'] }), 'NO_APPLICABLE_RESOURCE'),
    ).toEqual([]);
  });
});
