import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE } from '../helpers.js';

describe('redundant-statement', () => {
  it('reports the later of two identical statements, naming the one that covers it', () => {
    const st = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const found = findings(policy(st, { Sid: 'Again', ...st }), 'REDUNDANT_STATEMENT');
    expect(found).toHaveLength(1);
    expect(found[0]?.locations.map((l) => l.path)).toEqual([
      [{ value: 'Statement' }, { index: 1 }],
      [{ value: 'Statement' }, { index: 0 }],
    ]);
    expect(found[0]?.findingDetails).toBe(
      'The statements are redundant because they provide identical permissions: statement "Again" repeats statement 1. Update the policy to remove the redundant statement.',
    );
  });

  it('reports a statement another covers with more actions, resources and fewer conditions, wherever it stands', () => {
    const narrow = { Effect: 'Allow', Action: ['s3:GetObject'], Resource: 'arn:aws:s3:::b/private/*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } };
    const broad = { Effect: 'Allow', Action: ['s3:Get*', 's3:List*'], Resource: 'arn:aws:s3:::b/*' };
    const found = findings(policy(narrow, broad), 'REDUNDANT_STATEMENT');
    expect(found.map((f) => f.locations[0]?.path[1])).toEqual([{ index: 0 }]);
    expect(found[0]?.findingDetails).toBe(
      'The statements are redundant because statement 2 already allows everything statement 1 does. Update the policy to remove the redundant statement.',
    );
  });

  it('keeps statements that differ in effect, resources, principals or added conditions', () => {
    const base = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    expect(findings(policy(base, { ...base, Effect: 'Deny' }), 'REDUNDANT_STATEMENT')).toEqual([]);
    expect(findings(policy(base, { ...base, Resource: 'arn:aws:s3:::c/*' }), 'REDUNDANT_STATEMENT')).toEqual([]);
    // The broader statement carries a condition the narrower one lacks: not covered.
    expect(findings(policy({ ...base, Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, { ...base, Action: 's3:GetObject' }), 'REDUNDANT_STATEMENT')).toHaveLength(1);
    expect(
      findings(policy({ ...base, Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'true' } } }, base), 'REDUNDANT_STATEMENT'),
    ).toEqual([]);
    const withPrincipal = (p: object | string) => ({ ...base, Principal: p });
    expect(findings(policy(withPrincipal({ AWS: '111111111111' }), withPrincipal({ AWS: '222222222222' })), 'REDUNDANT_STATEMENT', RESOURCE)).toEqual([]);
    expect(findings(policy(withPrincipal('*'), withPrincipal({ AWS: '222222222222' })), 'REDUNDANT_STATEMENT', RESOURCE)).toHaveLength(1);
  });

  it('reasons about NotAction: a statement allowing all but IAM covers one allowing S3', () => {
    const found = findings(policy({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'REDUNDANT_STATEMENT');
    expect(found).toHaveLength(1);
    expect(findings(policy({ Effect: 'Allow', NotAction: 's3:*', Resource: '*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'REDUNDANT_STATEMENT')).toEqual([]);
  });
});
