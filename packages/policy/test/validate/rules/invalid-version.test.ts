import { describe, expect, it } from 'vitest';
import { findings, spanned } from '../helpers.js';

describe('invalid-version', () => {
  it('reports a Version other than 2012-10-17 and 2008-10-17', () => {
    const text = JSON.stringify({ Version: '2024-01-01', Statement: { Effect: 'Allow', Action: '*', Resource: '*' } });
    const found = findings(text, 'INVALID_VERSION');
    expect(found).toHaveLength(1);
    expect(spanned(text, found[0]!)).toBe('"2024-01-01"');
    expect(found[0]?.findingDetails).toMatch(/^The version 2024-01-01 is not valid\. Use one of the following versions: 2012-10-17, 2008-10-17/);
  });

  it('accepts both versions of the language', () => {
    for (const Version of ['2012-10-17', '2008-10-17']) {
      expect(findings({ Version, Statement: { Effect: 'Allow', Action: '*', Resource: '*' } }, 'INVALID_VERSION')).toEqual([]);
    }
  });
});
