import { describe, expect, it } from 'vitest';
import { findings, policy, RESOURCE } from '../helpers.js';

describe('unsupported-sid', () => {
  it('reports a Sid with characters other than letters and digits in an identity policy', () => {
    const found = findings(policy({ Sid: 'Allow S3-read', Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }), 'UNSUPPORTED_SID');
    expect(found[0]?.findingDetails).toMatch(/^Update the characters in the Sid element to use one of the following character types: \[a-z, A-Z, 0-9\]/);
  });

  it('accepts other characters in a bucket policy, where S3 allows them', () => {
    expect(findings(policy({ Sid: 'Allow S3-read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: '*' }), 'UNSUPPORTED_SID', RESOURCE)).toEqual([]);
  });
});
