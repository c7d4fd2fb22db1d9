import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE } from '../helpers.js';

describe('missing-principal', () => {
  it('reports a resource policy statement without Principal', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'MISSING_PRINCIPAL', RESOURCE);
    expect(found).toHaveLength(1);
    expect(found[0]?.findingDetails).toMatch(/^Add a Principal element to the policy statement/);
  });

  it('asks a resource control policy for "Principal": "*"', () => {
    const found = findings(policy({ Effect: 'Deny', Action: 's3:*', Resource: '*' }), 'MISSING_PRINCIPAL', { policyType: 'RESOURCE_CONTROL_POLICY' });
    expect(found[0]?.findingDetails).toContain('"Principal": "*"');
  });

  it('accepts NotPrincipal, and does not ask identity policies for a principal', () => {
    expect(findings(policy({ Effect: 'Deny', NotPrincipal: { AWS: '123456789012' }, Action: 's3:*', Resource: '*' }), 'MISSING_PRINCIPAL', RESOURCE)).toEqual([]);
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'MISSING_PRINCIPAL')).toEqual([]);
  });
});
