import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('improve-ip-range', () => {
  it('suggests the block as IAM reads it when bits beyond the prefix are set', () => {
    const found = findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.7/24', '2001:db8::1/64'] } } }), 'IMPROVE_IP_RANGE');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The non-zero bits in the IP address after the masked bits are ignored. Replace address 203.0.113.7/24 with 203.0.113.0/24.',
      'The non-zero bits in the IP address after the masked bits are ignored. Replace address 2001:db8::1/64 with 2001:db8::/64.',
    ]);
  });

  it('is silent for clean blocks and single addresses', () => {
    expect(findings(policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '198.51.100.7'] } } }), 'IMPROVE_IP_RANGE')).toEqual([]);
  });
});
