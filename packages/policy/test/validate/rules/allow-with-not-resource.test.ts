import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('allow-with-not-resource', () => {
  it('is a security warning on Allow with NotResource', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::secret/*' }), 'ALLOW_WITH_NOT_RESOURCE');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('SECURITY_WARNING');
  });

  it('accepts Deny with NotResource', () => {
    expect(findings(policy({ Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::mine/*' }), 'ALLOW_WITH_NOT_RESOURCE')).toEqual([]);
  });
});
