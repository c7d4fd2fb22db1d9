import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('unreachable-statement', () => {
  it('warns about an Allow that a Deny of the same policy covers entirely', () => {
    const found = findings(policy({ Sid: 'NoEc2', Effect: 'Deny', Action: 'ec2:*', Resource: '*' }, { Effect: 'Allow', Action: 'ec2:RunInstances', Resource: 'arn:aws:ec2:*:*:instance/*' }), 'UNREACHABLE_STATEMENT');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('WARNING');
    expect(found[0]?.findingDetails).toBe(
      'Statement 2 never allows anything because statement "NoEc2" denies every request it would allow, and an explicit deny always wins. Remove the Allow statement, or narrow the Deny statement.',
    );
    expect(found[0]?.locations.map((l) => l.path[1])).toEqual([{ index: 1 }, { index: 0 }]);
  });

  it('counts a Deny whose conditions the Allow also has, but not one with more conditions', () => {
    const cond = { StringNotEquals: { 'aws:RequestedRegion': 'eu-west-1' } };
    const deny = { Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: cond };
    expect(findings(policy(deny, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { ...cond, Bool: { 'aws:SecureTransport': 'true' } } }), 'UNREACHABLE_STATEMENT')).toHaveLength(1);
    expect(findings(policy(deny, { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'UNREACHABLE_STATEMENT')).toEqual([]);
  });

  it('is silent when the Deny leaves part of the Allow', () => {
    expect(findings(policy({ Effect: 'Deny', Action: 's3:Delete*', Resource: '*' }, { Effect: 'Allow', Action: 's3:*', Resource: '*' }), 'UNREACHABLE_STATEMENT')).toEqual([]);
    expect(findings(policy({ Effect: 'Deny', Action: 's3:*', Resource: 'arn:aws:s3:::a/*' }, { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' }), 'UNREACHABLE_STATEMENT')).toEqual([]);
  });
});
