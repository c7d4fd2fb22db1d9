import { describe, expect, it } from 'vitest';
import { policy, validate } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });
const typeFindings = (Condition: object) => validate(st(Condition)).filter((f) => f.issueCode.startsWith('TYPE_MISMATCH_'));

describe('condition-value-type', () => {
  it('warns about values the operator cannot read', () => {
    expect(typeFindings({ Bool: { 'aws:SecureTransport': 'yes' } }).map((f) => f.findingDetails)).toEqual([
      'Add a valid Boolean value (true or false) for the condition operator Bool; "yes" is not one.',
    ]);
    expect(typeFindings({ NumericLessThan: { 'aws:MultiFactorAuthAge': 'ten' } }).map((f) => f.issueCode)).toEqual(['TYPE_MISMATCH_NUMBER']);
    expect(typeFindings({ DateGreaterThan: { 'aws:CurrentTime': '2024-13-01' } }).map((f) => f.issueCode)).toEqual(['TYPE_MISMATCH_DATE']);
    expect(typeFindings({ IpAddress: { 'aws:SourceIp': ['10.0.0.0/33', 'example.com'] } }).map((f) => f.issueCode)).toEqual(['TYPE_MISMATCH_IP_RANGE', 'TYPE_MISMATCH_IP_RANGE']);
    expect(typeFindings({ BinaryEquals: { 'aws:username': 'not base64!' } }).map((f) => f.issueCode)).toEqual(['TYPE_MISMATCH_STRING']);
    expect(typeFindings({ Null: { 'aws:username': 'maybe' } }).map((f) => f.issueCode)).toEqual(['TYPE_MISMATCH_BOOLEAN']);
  });

  it('accepts well-formed values, JSON numbers and booleans among them', () => {
    const found = typeFindings({
      Bool: { 'aws:SecureTransport': true },
      NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 },
      DateGreaterThan: { 'aws:CurrentTime': ['2024-01-01', '2024-01-01T12:00:00Z', '2024-01-01T12:00:00.5+01:00', '1700000000'] },
      IpAddress: { 'aws:SourceIp': ['203.0.113.0/24', '2001:DB8:1234:5678::/64', '198.51.100.7', '::ffff:192.0.2.1/128'] },
      BinaryEquals: { 'aws:username': 'QmluYXJ5VmFsdWU=' },
    });
    expect(found).toEqual([]);
  });
});
