import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

const BUCKET = { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' } as const;
const TRUST = { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' } as const;

describe('unsupported-resource-arn-in-policy', () => {
  it('reports "*" and foreign ARNs in a bucket policy (AWS example)', () => {
    const text = policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: ['*', 'arn:aws:iam::123456789012:role/x', 'arn:aws:s3:::b/*'] });
    const found = findings(text, 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', BUCKET);
    expect(found.map((f) => spanned(text, f))).toEqual(['"*"', '"arn:aws:iam::123456789012:role/x"']);
    expect(found[0]?.findingDetails).toMatch(/^The resource ARN \* is not supported for the resource-based policy attached to resource type S3 Bucket\./);
  });

  it('reports a Resource element in a role trust policy', () => {
    const text = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole', Resource: '*' });
    expect(findings(text, 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', TRUST)).toHaveLength(1);
  });

  it('is silent without a resource type, and for ARNs of the resource', () => {
    const text = policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' });
    expect(findings(text, 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', { policyType: 'RESOURCE_POLICY' })).toEqual([]);
    const ddb = policy({ Effect: 'Allow', Principal: '*', Action: 'dynamodb:GetItem', Resource: ['arn:aws:dynamodb:us-east-1:123456789012:table/t', 'arn:aws:dynamodb:us-east-1:123456789012:table/t/index/i'] });
    expect(findings(ddb, 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::DynamoDB::Table' })).toEqual([]);
  });
});
