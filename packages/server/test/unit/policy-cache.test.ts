import { evaluate } from '@gatehouse/policy';
import { describe, expect, it } from 'vitest';
import { PolicyCache } from '../../src/authz/policy-cache.js';

const user = { type: 'IAMUser' as const, accountId: '123456789012', arn: 'arn:aws:iam::123456789012:user/bob', userId: 'AIDAEXAMPLE', username: 'bob' };

describe('PolicyCache', () => {
  it('compiles a document once and reuses it', () => {
    const cache = new PolicyCache();
    const doc = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 'iam:GetUser', Resource: '*' }] });
    const a = cache.get(doc, 'identity', { type: 'identity', id: 'p' });
    expect(cache.get(doc, 'identity', { type: 'identity', id: 'p' })).toBe(a);
    expect(evaluate({ principal: user, action: 'iam:GetUser', resource: '*' }, { identity: [a] }).decision).toBe('allowed');
  });

  it('fails closed on a stored document that no longer parses', () => {
    const cache = new PolicyCache();
    const allow = cache.get(JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }), 'identity', { type: 'identity', id: 'admin' });
    const broken = cache.get('{"Statement": 7}', 'identity', { type: 'identity', id: 'broken' });
    expect(evaluate({ principal: user, action: 'iam:GetUser', resource: '*' }, { identity: [allow, broken] }).decision).toBe('explicitDeny');
    const brokenTrust = cache.get('not json', 'trust', { type: 'resource', id: 'trust' });
    expect(evaluate({ principal: user, action: 'sts:AssumeRole', resource: 'arn:aws:iam::123456789012:role/r' }, { identity: [allow], resource: brokenTrust }).decision).toBe('explicitDeny');
  });
});
