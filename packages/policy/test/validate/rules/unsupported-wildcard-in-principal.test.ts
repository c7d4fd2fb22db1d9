import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE } from '../helpers.js';

describe('unsupported-wildcard-in-principal', () => {
  it('reports a wildcard that matches part of a principal', () => {
    const found = findings(policy({ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::123456789012:user/*' }, Action: 's3:GetObject', Resource: '*' }), 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', RESOURCE);
    expect(found).toHaveLength(1);
    expect(found[0]?.findingDetails).toMatch(/^Wildcards \(\*, \?\) are not supported with the principal key AWS\./);
  });

  it('accepts "*" for everyone', () => {
    expect(findings(policy({ Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:GetObject', Resource: '*' }), 'UNSUPPORTED_WILDCARD_IN_PRINCIPAL', RESOURCE)).toEqual([]);
  });
});
