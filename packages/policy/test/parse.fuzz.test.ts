/**
 * Parser fuzzing: no input — random text, random JSON, or random documents shaped like policies —
 * makes parsePolicy throw; everything it accepts compiles and evaluates without throwing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compilePolicy, evaluate, parsePolicy, type PolicyKind } from '../src/index.js';
import { PRINCIPALS } from './arbitraries.js';

const KINDS: PolicyKind[] = ['identity', 'resource', 'trust', 'boundary', 'session', 'scp'];
const kindArb = fc.constantFrom(...KINDS);

/** Values a policy element might plausibly (or implausibly) hold. */
const leaf = fc.oneof(
  fc.constantFrom('*', 'Allow', 'Deny', 'allow', 's3:GetObject', 'iam:*', 'arn:aws:s3:::b/*', 'arn:aws:iam::111111111111:user/${aws:username}', '2012-10-17', '2008-10-17', '${', '${aws:username', '111111111111', 'arn:aws:iam::111111111111:root'),
  fc.string(),
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
);
const value = fc.letrec((tie) => ({
  node: fc.oneof({ depthSize: 'small' }, leaf, fc.array(tie('node'), { maxLength: 3 }), fc.dictionary(fc.constantFrom('AWS', 'Service', 'Federated', 'CanonicalUser', 'aws:SourceIp', 'x'), tie('node'), { maxKeys: 3 })),
})).node;

const operatorName = fc
  .tuple(fc.constantFrom('', 'ForAnyValue:', 'ForAllValues:', 'forallvalues:', 'Bogus:'), fc.constantFrom('StringEquals', 'StringLike', 'NumericLessThan', 'DateGreaterThan', 'Bool', 'IpAddress', 'ArnLike', 'Null', 'BinaryEquals', 'Nope'), fc.constantFrom('', 'IfExists'))
  .map(([a, b, c]) => a + b + c);

const statementLike = fc.record(
  {
    Sid: fc.oneof(fc.string(), fc.integer()),
    Effect: fc.oneof(fc.constantFrom('Allow', 'Deny', 'allow', 'Maybe'), value),
    Principal: value,
    NotPrincipal: value,
    Action: fc.oneof(value, fc.array(fc.constantFrom('s3:*', 'iam:Get*', '*', 'bad', 'a:b:c', 'ba d:x'))),
    NotAction: value,
    Resource: fc.oneof(value, fc.array(fc.constantFrom('*', 'arn:aws:s3:::b/*', 'nope', 'arn:aws:iam::*:user/${aws:username}', 'arn:aws:s3:*'))),
    NotResource: value,
    Condition: fc.oneof(value, fc.dictionary(operatorName, fc.dictionary(fc.constantFrom('aws:SourceIp', 'aws:CurrentTime', 'aws:TagKeys', 'nokey', 's3:prefix'), value, { maxKeys: 2 }), { maxKeys: 3 })),
    Extra: value,
  },
  { requiredKeys: [] },
);

const documentLike = fc.record(
  {
    Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17', '2020-01-01'), value),
    Id: value,
    Statement: fc.oneof(statementLike, fc.array(statementLike, { maxLength: 4 }), value),
    Other: value,
  },
  { requiredKeys: [] },
);

function neverThrows(text: string, kind: PolicyKind): void {
  const result = parsePolicy(text, { kind });
  if (!result.ok) {
    expect(result.errors.length).toBeGreaterThan(0);
    for (const error of result.errors) {
      expect(typeof error.message).toBe('string');
      expect(error.path.startsWith('$')).toBe(true);
    }
    return;
  }
  // Whatever parses must compile and evaluate.
  const compiled = compilePolicy(result.policy, { type: kind === 'trust' ? 'resource' : kind === 'scp' ? 'scp' : kind === 'resource' ? 'resource' : 'identity', id: 'fuzz' });
  for (const principal of PRINCIPALS.slice(0, 3)) {
    const request = { principal, action: 's3:GetObject', resource: 'arn:aws:s3:::b/k', context: { 'aws:SourceIp': '10.0.0.1', 'aws:TagKeys': ['a'], 'aws:CurrentTime': '2024-01-01T00:00:00Z' } };
    evaluate(request, kind === 'resource' || kind === 'trust' ? { identity: [], resource: compiled } : { identity: [compiled] }, { explain: true });
  }
}

describe('parsePolicy fuzzing', () => {
  it('never throws on random strings', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), kindArb, (text, kind) => neverThrows(text, kind)), { numRuns: 3000 });
  });

  it('never throws on random JSON values', () => {
    fc.assert(fc.property(fc.jsonValue({ maxDepth: 5 }), kindArb, (json, kind) => neverThrows(JSON.stringify(json), kind)), { numRuns: 3000 });
  });

  it('never throws on documents shaped like policies, and what it accepts evaluates', () => {
    fc.assert(fc.property(documentLike, kindArb, (document, kind) => neverThrows(JSON.stringify(document), kind)), { numRuns: 5000 });
  });

  it('never throws on mutated valid policies', () => {
    const base = '{"Version":"2012-10-17","Statement":[{"Sid":"A1","Effect":"Allow","Action":["s3:Get*"],"Resource":"arn:aws:s3:::b/${aws:username}/*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}';
    fc.assert(
      fc.property(fc.nat({ max: base.length }), fc.nat({ max: 10 }), fc.string({ maxLength: 5 }), kindArb, (at, cut, insert, kind) => neverThrows(base.slice(0, at) + insert + base.slice(at + cut), kind)),
      { numRuns: 3000 },
    );
  });

  it('rejects non-string input and prototype-looking keys without throwing', () => {
    expect(parsePolicy(undefined as unknown as string).ok).toBe(false);
    expect(parsePolicy(42 as unknown as string).ok).toBe(false);
    const result = parsePolicy('{"__proto__":{"Statement":1},"Statement":[{"Effect":"Allow","Action":"*","Resource":"*","constructor":1}]}');
    expect(result.ok).toBe(false);
    expect(parsePolicy('['.repeat(100000)).ok).toBe(false);
  });
});
