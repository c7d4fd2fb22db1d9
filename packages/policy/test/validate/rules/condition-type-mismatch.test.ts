import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });

describe('condition-type-mismatch', () => {
  it('warns when the operator compares another type than the key holds', () => {
    const text = st({ NumericEquals: { 'aws:username': '5' }, StringEquals: { 'aws:SecureTransport': 'true' } });
    const found = findings(text, 'TYPE_MISMATCH');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'Use the operator type String instead of operator NumericEquals for the condition key aws:username, whose values are of type String.',
      'Use the operator type Boolean instead of operator StringEquals for the condition key aws:SecureTransport, whose values are of type Bool.',
    ]);
    expect(found[0]?.findingType).toBe('WARNING');
    expect(spanned(text, found[0]!)).toBe('"aws:username"');
  });

  it('knows service key types: s3:max-keys is numeric, ec2 tags are strings', () => {
    expect(findings(st({ StringEquals: { 's3:max-keys': '10' } }), 'TYPE_MISMATCH')[0]?.findingDetails).toContain('Use the operator type Numeric');
    expect(findings(st({ NumericEquals: { 'ec2:ResourceTag/Team': '1' } }), 'TYPE_MISMATCH')).toHaveLength(1);
  });

  it('accepts matching types, string operators on ARN keys, Null on any key, and IfExists and qualifiers', () => {
    const text = st({
      StringLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
      ArnLike: { 'aws:SourceArn': 'arn:aws:sns:*:*:t', 'kms:EncryptionContext:aws:s3:arn': 'arn:aws:s3:::b/*' },
      NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' },
      DateLessThan: { 'aws:CurrentTime': '2030-01-01' },
      NumericGreaterThan: { 'aws:EpochTime': '1700000000' },
      'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' },
      Null: { 'aws:MultiFactorAuthAge': 'false' },
      IpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
    });
    expect(findings(text, 'TYPE_MISMATCH')).toEqual([]);
  });
});
