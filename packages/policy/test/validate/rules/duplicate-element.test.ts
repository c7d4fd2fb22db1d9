import { describe, expect, it } from 'vitest';
import { findings, spanned } from '../helpers.js';

describe('duplicate-element', () => {
  it('warns about an element given twice, pointing at the occurrence that is ignored', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Action": "s3:PutObject", "Resource": "*"}}';
    const found = findings(text, 'DUPLICATE_ELEMENT');
    expect(found).toHaveLength(1);
    expect(found[0]?.findingType).toBe('WARNING');
    expect(found[0]?.locations[0]?.path).toEqual([{ value: 'Statement' }, { key: 'Action' }]);
    expect(text.slice(found[0]!.locations[0]!.span.start.offset)).toMatch(/^"Action": "s3:GetObject"/);
    expect(spanned(text, found[0]!)).toBe('"Action"');
  });

  it('looks inside conditions and principals too', () => {
    const text = '{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*", "Condition": {"StringEquals": {"aws:username": "a", "aws:username": "b"}}}}';
    expect(findings(text, 'DUPLICATE_ELEMENT')).toHaveLength(1);
  });

  it('is silent when every element appears once', () => {
    expect(findings({ Version: '2012-10-17', Statement: { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' } }, 'DUPLICATE_ELEMENT')).toEqual([]);
  });
});
