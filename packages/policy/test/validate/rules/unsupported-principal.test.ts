import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('unsupported-principal', () => {
  it('reports Principal and NotPrincipal in an identity policy as errors, pointing at the element name', () => {
    const text = policy({ Effect: 'Allow', Principal: { AWS: '123456789012' }, Action: 's3:GetObject', Resource: '*' }, { Effect: 'Deny', NotPrincipal: '*', Action: 's3:*', Resource: '*' });
    const found = findings(text, 'UNSUPPORTED_PRINCIPAL');
    expect(found.map((f) => [f.findingType, spanned(text, f)])).toEqual([
      ['ERROR', '"Principal"'],
      ['ERROR', '"NotPrincipal"'],
    ]);
    expect(found[0]?.findingDetails).toMatch(/^The policy type IDENTITY_POLICY does not support the Principal element\. Remove the Principal element/);
  });

  it('leaves Principal to resource policies', () => {
    expect(findings(policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'UNSUPPORTED_PRINCIPAL', { policyType: 'RESOURCE_POLICY' })).toEqual([]);
  });
});
