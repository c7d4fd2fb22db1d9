import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { patternMeetsFormat, patternRegExp, patternsMayOverlap, subsumes } from '../../src/validate/patterns.js';

const P = { ignoreCase: false, variables: false } as const;
const pattern = fc.array(fc.constantFrom('a', 'b', '/', '*', '?'), { maxLength: 6 }).map((a) => a.join(''));
const text = fc.array(fc.constantFrom('a', 'b', '/'), { maxLength: 6 }).map((a) => a.join(''));
const matches = (p: string, s: string) => patternRegExp(p, P).test(s);

describe('wildcard patterns', () => {
  it('match * across slashes and ? as one character, as IAM does', () => {
    expect(matches('arn:aws:s3:::b/*', 'arn:aws:s3:::b/x/y')).toBe(true);
    expect(matches('iam:?etUser', 'iam:GetUser')).toBe(true);
    expect(matches('iam:?etUser', 'iam:etUser')).toBe(false);
    expect(patternRegExp('s3:get*', { ignoreCase: true, variables: false }).test('s3:GetObject')).toBe(true);
  });

  it('read a policy variable as a wildcard, and ${*} as a literal star', () => {
    expect(patternRegExp('b/${aws:username}/*', { ignoreCase: false, variables: true }).test('b/alice/x')).toBe(true);
    expect(patternRegExp('a${*}', { ignoreCase: false, variables: true }).test('a*')).toBe(true);
    expect(patternRegExp('a${*}', { ignoreCase: false, variables: true }).test('ab')).toBe(false);
  });

  it('subsumes: never claims a containment that does not hold', () => {
    fc.assert(
      fc.property(pattern, pattern, text, (g, s, x) => {
        if (subsumes(g, s, P) && matches(s, x)) expect(matches(g, x)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('subsumes: sees the ordinary containments', () => {
    expect(subsumes('iam:Get*', 'iam:GetUser', { ignoreCase: true, variables: false })).toBe(true);
    expect(subsumes('iam:*', 'iam:Get*', P)).toBe(true);
    expect(subsumes('a*b*', 'a?b*', P)).toBe(true);
    expect(subsumes('iam:Get*', 'iam:*User', P)).toBe(false);
    expect(subsumes('role/${aws:username}', 'role/alice', P)).toBe(false);
  });

  it('patternsMayOverlap: never calls two patterns disjoint when a string matches both', () => {
    fc.assert(
      fc.property(pattern, pattern, text, (a, b, x) => {
        if (matches(a, x) && matches(b, x)) expect(patternsMayOverlap(a, b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it('patternMeetsFormat: a bucket name holds no slash, an object key may', () => {
    expect(patternMeetsFormat('my-bucket', '${BucketName}')).toBe(true);
    expect(patternMeetsFormat('my-bucket/*', '${BucketName}')).toBe(false);
    expect(patternMeetsFormat('my-bucket/*', '${BucketName}/${ObjectName}')).toBe(true);
    expect(patternMeetsFormat('my-bucket', '${BucketName}/${ObjectName}')).toBe(false);
    expect(patternMeetsFormat('*', '${BucketName}/${ObjectName}')).toBe(true);
    expect(patternMeetsFormat('role/a/b/c', 'role/${RoleNameWithPath}')).toBe(true);
  });
});
