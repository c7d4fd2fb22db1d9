import { describe, expect, it } from 'vitest';
import { findings, policy, spanned, validate } from '../helpers.js';

const codes = (st: object) => validate(policy(st)).filter((f) => f.issueCode.startsWith('PASS_ROLE')).map((f) => f.issueCode);

describe('pass-role', () => {
  it('is a security warning on iam:PassRole with Resource "*", pointing at the resource', () => {
    const text = policy({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*' });
    const found = findings(text, 'PASS_ROLE_WITH_STAR_IN_RESOURCE');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('SECURITY_WARNING');
    expect(spanned(text, found[0]!)).toBe('"*"');
    expect(found[0]?.findingDetails).toBe(
      'Using the iam:PassRole action with wildcards (*) in the resource can be overly permissive because it allows iam:PassRole permissions on multiple resources. We recommend that you specify resource ARNs or add the iam:PassedToService condition key to your statement.',
    );
  });

  it('tells apart the ways an Allow can grant iam:PassRole on every role', () => {
    expect(codes({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/*' })).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE']);
    expect(codes({ Effect: 'Allow', Action: 'iam:*', Resource: '*' })).toEqual(['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    expect(codes({ Effect: 'Allow', Action: '*', Resource: '*' })).toEqual(['PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
    expect(codes({ Effect: 'Allow', Action: 'iam:PassRole', NotResource: 'arn:aws:iam::123456789012:role/admin' })).toEqual(['PASS_ROLE_WITH_NOT_RESOURCE']);
    expect(codes({ Effect: 'Allow', Action: 'iam:Pass*', NotResource: 'arn:aws:iam::123456789012:role/admin' })).toEqual(['PASS_ROLE_WITH_STAR_IN_ACTION_AND_NOT_RESOURCE']);
    expect(codes({ Effect: 'Allow', NotAction: 's3:*', NotResource: 'arn:aws:iam::123456789012:role/admin' })).toEqual(['PASS_ROLE_WITH_NOT_ACTION_AND_NOT_RESOURCE']);
    expect(codes({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' })).toEqual(['PASS_ROLE_WITH_STAR_IN_RESOURCE_AND_NOT_ACTION']);
  });

  it('is silent for named roles, for iam:PassedToService, for Deny, and for NotAction that excludes PassRole', () => {
    expect(codes({ Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-*' })).toEqual([]);
    expect(codes({ Effect: 'Allow', Action: 'iam:PassRole', Resource: '*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } })).toEqual([]);
    expect(codes({ Effect: 'Deny', Action: 'iam:PassRole', Resource: '*' })).toEqual([]);
    expect(codes({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })).toEqual([]);
  });
});
