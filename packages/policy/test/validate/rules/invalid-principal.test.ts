import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE, spanned } from '../helpers.js';

describe('invalid-principal', () => {
  it('reports a principal that is a string other than "*"', () => {
    const text = policy({ Effect: 'Allow', Principal: 'arn:aws:iam::123456789012:root', Action: 's3:GetObject', Resource: '*' });
    const found = findings(text, 'INVALID_PRINCIPAL_FORMAT', RESOURCE);
    expect(found).toHaveLength(1);
    expect(spanned(text, found[0]!)).toBe('"arn:aws:iam::123456789012:root"');
    expect(found[0]?.findingDetails).toContain('{ "AWS": "arn:aws:iam::123456789012:root" }');
  });

  it('reports unknown principal keys, with the right case when that is the slip', () => {
    const text = policy({ Effect: 'Allow', Principal: { aws: '123456789012', User: 'bob' }, Action: 's3:GetObject', Resource: '*' });
    const found = findings(text, 'INVALID_PRINCIPAL_KEY', RESOURCE);
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The principal key aws is not valid. Principal keys are case-sensitive: use AWS.',
      'The principal key User is not valid. Use one of AWS, CanonicalUser, Federated, Service.',
    ]);
  });

  it('accepts the four principal keys and "*"', () => {
    const text = policy(
      { Effect: 'Allow', Principal: { AWS: ['123456789012'], Service: 'ec2.amazonaws.com', Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' }, Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' },
    );
    expect(findings(text, 'INVALID_PRINCIPAL_KEY', RESOURCE)).toEqual([]);
    expect(findings(text, 'INVALID_PRINCIPAL_FORMAT', RESOURCE)).toEqual([]);
  });
});
