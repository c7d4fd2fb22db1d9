import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('duplicate-keys-with-different-case', () => {
  it('reports the same condition key twice in one block with different case', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { IpAddress: { 'aws:SourceIp': '203.0.113.0/24', 'aws:sourceip': '198.51.100.0/24' } } });
    const found = findings(text, 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE');
    expect(found).toHaveLength(1);
    expect(spanned(text, found[0]!)).toBe('"aws:sourceip"');
  });

  it('accepts the same key under two operators', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { StringLike: { 'aws:username': 'a*' }, StringNotEquals: { 'aws:Username': 'ab' } } });
    expect(findings(text, 'DUPLICATE_KEYS_WITH_DIFFERENT_CASE')).toEqual([]);
  });
});
