import { describe, expect, it } from 'vitest';
import { findings, policy, spanned } from '../helpers.js';

describe('data-type-mismatch', () => {
  it('reports an element holding the wrong kind of JSON value, pointing at the value', () => {
    const text = policy({ Effect: 1, Action: { a: 1 }, Resource: ['*', 2] });
    const found = findings(text, 'DATA_TYPE_MISMATCH');
    expect(found.map((f) => f.findingDetails)).toEqual([
      'The text does not match the expected JSON data type String.',
      'The text does not match the expected JSON data type Array of String.',
      'The text does not match the expected JSON data type String.',
    ]);
    expect(found.map((f) => spanned(text, f))).toEqual(['1', '{\n        "a": 1\n      }', '2']);
    expect(found[0]?.findingType).toBe('ERROR');
  });

  it('reports a Statement that is neither an object nor an array, and a document that is not an object', () => {
    expect(findings({ Version: '2012-10-17', Statement: 'x' }, 'DATA_TYPE_MISMATCH')).toHaveLength(1);
    expect(findings('[]', 'DATA_TYPE_MISMATCH')[0]?.findingDetails).toContain('Object');
    expect(findings({ Version: 2012 }, 'DATA_TYPE_MISMATCH')).toHaveLength(1);
  });

  it('accepts well-typed elements, numbers and booleans among condition values included', () => {
    const text = policy({ Effect: 'Allow', Action: 's3:GetObject', Resource: '*', Condition: { NumericLessThan: { 'aws:MultiFactorAuthAge': 3600 }, Bool: { 'aws:SecureTransport': true } } });
    expect(findings(text, 'DATA_TYPE_MISMATCH')).toEqual([]);
  });
});
