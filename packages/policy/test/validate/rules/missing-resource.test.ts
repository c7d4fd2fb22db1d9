import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('missing-resource', () => {
  const noResource = policy({ Effect: 'Allow', Action: 's3:GetObject', Principal: { AWS: '123456789012' } });

  it('reports a statement without Resource in an identity policy, an SCP and a bucket policy', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject' }), 'MISSING_RESOURCE')).toHaveLength(1);
    expect(findings(policy({ Effect: 'Deny', Action: 's3:GetObject' }), 'MISSING_RESOURCE', { policyType: 'SERVICE_CONTROL_POLICY' })).toHaveLength(1);
    expect(findings(noResource, 'MISSING_RESOURCE', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' })).toHaveLength(1);
  });

  it('accepts a role trust policy, or a resource policy of unknown kind, without Resource', () => {
    expect(findings(noResource, 'MISSING_RESOURCE', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' })).toEqual([]);
    expect(findings(noResource, 'MISSING_RESOURCE', { policyType: 'RESOURCE_POLICY' })).toEqual([]);
  });

  it('accepts NotResource instead of Resource', () => {
    expect(findings(policy({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::b' }), 'MISSING_RESOURCE')).toEqual([]);
  });
});
