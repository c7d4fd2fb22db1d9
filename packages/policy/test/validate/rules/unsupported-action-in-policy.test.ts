import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('unsupported-action-in-policy', () => {
  it('reports actions of another service in a bucket policy', () => {
    const found = findings(policy({ Effect: 'Allow', Principal: '*', Action: ['s3:GetObject', 'ec2:RunInstances'], Resource: 'arn:aws:s3:::b/*' }), 'UNSUPPORTED_ACTION_IN_POLICY', {
      policyType: 'RESOURCE_POLICY',
      resourceType: 'AWS::S3::Bucket',
    });
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The action ec2:RunInstances is not supported for the resource-based policy attached to the resource type S3 Bucket. Use actions of s3.',
    ]);
  });

  it('allows only the sts:AssumeRole family in a role trust policy', () => {
    const text = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: ['sts:AssumeRole', 'sts:TagSession', 'sts:GetCallerIdentity', 's3:GetObject'] });
    const found = findings(text, 'UNSUPPORTED_ACTION_IN_POLICY', { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' });
    expect(found.map((f) => f.findingDetails.split(' is ')[0])).toEqual(['The action sts:GetCallerIdentity', 'The action s3:GetObject']);
  });

  it('is silent without a resource type', () => {
    expect(findings(policy({ Effect: 'Allow', Principal: '*', Action: 'ec2:RunInstances', Resource: '*' }), 'UNSUPPORTED_ACTION_IN_POLICY', { policyType: 'RESOURCE_POLICY' })).toEqual([]);
  });
});
