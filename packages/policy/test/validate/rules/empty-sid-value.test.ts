import { describe, expect, it } from 'vitest';
import { findings, policy } from '../helpers.js';

describe('empty-sid-value', () => {
  it('suggests filling in an empty Sid', () => {
    const found = findings(policy({ Sid: '', Effect: 'Allow', Action: '*', Resource: '*' }), 'EMPTY_SID_VALUE');
    expect(found[0]).toMatchObject({ findingType: 'SUGGESTION', findingDetails: 'Add a value to the empty string in the Sid element.' });
  });

  it('is silent for a Sid with a value', () => {
    expect(findings(policy({ Sid: 'x', Effect: 'Allow', Action: '*', Resource: '*' }), 'EMPTY_SID_VALUE')).toEqual([]);
  });
});
