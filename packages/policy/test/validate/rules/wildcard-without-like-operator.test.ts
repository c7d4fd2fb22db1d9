import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('wildcard-without-like-operator', () => {
  it('warns about * or ? under StringEquals and StringNotEquals, naming the Like operator', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringEquals: { 'aws:PrincipalTag/job': 'admin-*' }, StringNotEquals: { 'aws:PrincipalTag/x': 'a?c' } } });
    const found = findings(text, 'WILDCARD_WITHOUT_LIKE_OPERATOR');
    expect(found.map((f) => spanned(text, f))).toEqual(['"admin-*"', '"a?c"']);
    expect(found[0]?.findingDetails).toContain('update the condition operator StringEquals to StringLike');
    expect(found[1]?.findingDetails).toContain('to StringNotLike');
  });

  it('accepts the Like operators, ArnEquals (which reads wildcards too) and the escapes ${*} and ${?}', () => {
    const text = policy({
      Effect: 'Allow',
      Action: 's3:GetObject',
      Resource: '*',
      Condition: { StringLike: { 'aws:PrincipalTag/job': 'admin-*' }, StringEquals: { 'aws:PrincipalTag/x': 'literal${*}' }, ArnEquals: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/x' } },
    });
    expect(findings(text, 'WILDCARD_WITHOUT_LIKE_OPERATOR')).toEqual([]);
  });
});
