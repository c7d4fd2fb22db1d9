import { describe, expect, it } from 'vitest';
import { loadServiceModel, type ServiceName } from '../../src/protocol/model.js';
import { compilePattern, translateJavaRegex } from '../../src/protocol/patterns.js';

function modelPatterns(service: ServiceName): string[] {
  const patterns = new Set<string>();
  for (const shape of loadServiceModel(service).shapes.values()) {
    if (shape.type === 'string' && shape.pattern !== undefined) patterns.add(shape.pattern);
  }
  return [...patterns];
}

describe('Java model patterns compiled for JavaScript', () => {
  it.each(['iam', 'sts', 'cloudtrail'] as const)('compiles every pattern in the %s model', (service) => {
    const patterns = modelPatterns(service);
    expect(patterns.length).toBeGreaterThan(5);
    for (const p of patterns) expect(() => compilePattern(p), p).not.toThrow();
  });

  it('matches names the way IAM does: ASCII \\w, the whole value', () => {
    const name = compilePattern('[\\w+=,.@-]+');
    expect(name.test('a_b+c=d,e.f@g-h9')).toBe(true);
    expect(name.test('x y')).toBe(false);
    expect(name.test('')).toBe(false);
    expect(name.test('é')).toBe(false);
    expect(name.test('ok\n')).toBe(false);
  });

  it('supports Unicode categories in tag patterns, with an escaped hyphen', () => {
    const tag = compilePattern('[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]+');
    expect(tag.test('Ünïcödé 名前 ١٢٣ _.:/=+-@')).toBe(true);
    expect(tag.test('a!')).toBe(false);
    expect(tag.test('(x)')).toBe(false);
  });

  it('reads \\uXXXX ranges as Java does, four hex digits each', () => {
    const policy = compilePattern('[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');
    expect(policy.test('{"Version":"2012-10-17"}\té\r\n')).toBe(true);
    expect(policy.test('€')).toBe(false);
    expect(policy.test('\u0001')).toBe(false);
    // Java reads `\u10000-\u10FFFF` as `\u1000`, `0-\u10FF`, `F`, `F`: characters beyond the
    // BMP do not match, in AWS and here alike.
    const arn = compilePattern('[\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+');
    expect(arn.test('arn:aws:iam::123456789012:role/€')).toBe(true);
    expect(arn.test('arn:aws:iam::123456789012:role/😀')).toBe(false);
  });

  it('joins an escaped surrogate pair into one code point, as Java does', () => {
    const text = compilePattern('[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*');
    expect(text.test('plain\ttext 😀 €')).toBe(true);
    expect(text.test('\u0001')).toBe(false);
  });

  it('anchors alternations as a whole', () => {
    const path = compilePattern('(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');
    expect(path.test('/')).toBe(true);
    expect(path.test('/division/team/')).toBe(true);
    expect(path.test('/x')).toBe(false);
    expect(path.test('x/')).toBe(false);
  });

  it('keeps lookaheads and explicit anchors', () => {
    const alias = compilePattern('^[a-z0-9]([a-z0-9]|-(?!-)){1,61}[a-z0-9]$');
    expect(alias.test('my-alias')).toBe(true);
    expect(alias.test('my--alias')).toBe(false);
    expect(alias.test('-alias')).toBe(false);
  });

  it('accepts identity escapes Java allows and JavaScript u-mode does not', () => {
    const federated = compilePattern('[\\w+=,.@\\:-]*');
    expect(federated.test('bob:dev@example.com')).toBe(true);
    expect(federated.test('bob/dev')).toBe(false);
  });

  it('turns leading inline flags into RegExp flags', () => {
    expect(compilePattern('(?s).*').test('two\nlines')).toBe(true);
    expect(compilePattern('.*').test('two\nlines')).toBe(false);
  });

  it('refuses constructs it cannot translate faithfully', () => {
    expect(() => translateJavaRegex('[a-z&&[^x]]')).toThrow(/not supported/);
    expect(() => translateJavaRegex('\\Qa.b\\E')).toThrow(/not supported/);
    expect(() => translateJavaRegex('\\p{InGreek}')).toThrow(/not supported/);
  });
});
