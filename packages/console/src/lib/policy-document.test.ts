import { describe, expect, it } from 'vitest';
import { combineDocuments, decodePolicyDocument } from './policy-document';

describe('policy documents', () => {
  it("decodes IAM's URL-encoded documents and leaves malformed escapes alone", () => {
    expect(decodePolicyDocument('%7B%22Version%22%3A%222012-10-17%22%7D')).toBe('{"Version":"2012-10-17"}');
    expect(decodePolicyDocument('100%')).toBe('100%');
  });

  it('combines the statements of several documents, single statements included, skipping unreadable ones', () => {
    const a = JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:GetObject', Resource: '*' }] });
    const b = JSON.stringify({ Version: '2012-10-17', Statement: { Effect: 'Deny', Action: 'iam:*', Resource: '*' } });
    expect(JSON.parse(combineDocuments([a, '{', b])).Statement).toEqual([
      { Effect: 'Allow', Action: 's3:GetObject', Resource: '*' },
      { Effect: 'Deny', Action: 'iam:*', Resource: '*' },
    ]);
  });
});
