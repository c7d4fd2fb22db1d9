import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

const st = (Condition: object) => policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition });

describe('invalid-condition-operator', () => {
  it('reports an unknown operator, pointing at its name, with the operator meant', () => {
    const text = st({ StringEqual: { 'aws:PrincipalTag/team': 'a' } });
    const found = findings(text, 'INVALID_CONDITION_OPERATOR');
    expect(found).toHaveLength(1);
    expect(spanned(text, found[0]!)).toBe('"StringEqual"');
    expect(found[0]?.findingDetails).toBe('The condition operator StringEqual is not valid. Did you mean StringEquals? Operator names are case-sensitive.');
  });

  it('treats operator names as case-sensitive, as IAM does, and keeps the qualifier in the suggestion', () => {
    expect(findings(st({ stringEquals: { 'aws:username': 'a' } }), 'INVALID_CONDITION_OPERATOR')[0]?.findingDetails).toContain('Did you mean StringEquals?');
    expect(findings(st({ 'forallvalues:StringEquals': { 'aws:TagKeys': 'a' } }), 'INVALID_CONDITION_OPERATOR')[0]?.findingDetails).toContain(
      'Did you mean ForAllValues:StringEquals?',
    );
  });

  it('accepts every operator with its qualifiers and IfExists', () => {
    const text = st({
      StringLikeIfExists: { 'aws:username': 'a*' },
      'ForAnyValue:StringEquals': { 'aws:TagKeys': 'a' },
      NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' },
      DateGreaterThan: { 'aws:CurrentTime': '2024-01-01T00:00:00Z' },
      Bool: { 'aws:SecureTransport': 'true' },
      NotIpAddress: { 'aws:SourceIp': '203.0.113.0/24' },
      ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' },
      BinaryEquals: { 'aws:username': 'QmluYXJ5' },
      Null: { 'aws:TokenIssueTime': 'true' },
    });
    expect(findings(text, 'INVALID_CONDITION_OPERATOR')).toEqual([]);
  });
});
