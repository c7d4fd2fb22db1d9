import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE, spanned } from '../helpers.js';

describe('allow-with-not-principal', () => {
  it('is a security warning on Allow with NotPrincipal', () => {
    const text = policy({ Effect: 'Allow', NotPrincipal: { AWS: 'arn:aws:iam::123456789012:user/bob' }, Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' });
    const found = findings(text, 'ALLOW_WITH_NOT_PRINCIPAL', RESOURCE);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      findingType: 'SECURITY_WARNING',
      findingDetails: 'Using Allow with NotPrincipal can be overly permissive. We recommend that you use Principal instead.',
      learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-security-warning-allow-with-not-principal',
    });
    expect(spanned(text, found[0]!)).toBe('"NotPrincipal"');
  });

  it('accepts Deny with NotPrincipal', () => {
    expect(findings(policy({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' }), 'ALLOW_WITH_NOT_PRINCIPAL', RESOURCE)).toEqual([]);
  });
});
