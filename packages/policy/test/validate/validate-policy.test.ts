import { readdirSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Finding, type PathElement, RULES, validatePolicy } from '../../src/validate/index.js';
import { type JsonNode, parseJsonWithPositions } from '../../src/validate/json-with-positions.js';
import { validatePolicyStrict } from '../../src/validate/validate-policy.js';
import { IDENTITY, policy, RESOURCE, spanned } from './helpers.js';

/** Follows a finding's path through the document: the node (or member name) it names. */
function resolve(root: JsonNode, path: readonly PathElement[]): { span: { start: { offset: number }; end: { offset: number } } } | undefined {
  let node: JsonNode | undefined = root;
  for (let i = 0; i < path.length; i++) {
    const step = path[i] as PathElement;
    if (!node) return undefined;
    if ('index' in step) node = node.kind === 'array' ? node.items[step.index] : undefined;
    else if ('value' in step) node = node.kind === 'object' ? node.members.findLast((m) => m.key === step.value)?.value : undefined;
    else {
      const m = node.kind === 'object' ? node.members.findLast((x) => x.key === step.key) : undefined;
      return i === path.length - 1 && m ? { span: m.keySpan } : undefined;
    }
  }
  return node;
}

function checkLocations(text: string, found: Finding[]): void {
  const parsed = parseJsonWithPositions(text);
  for (const f of found) {
    expect(f.learnMoreLink).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    expect(f.findingDetails.length).toBeGreaterThan(10);
    expect(f.locations.length).toBeGreaterThan(0);
    for (const loc of f.locations) {
      const { start, end } = loc.span;
      expect(start.offset).toBeLessThanOrEqual(end.offset);
      expect(end.offset).toBeLessThanOrEqual(text.length);
      // line and column agree with the offset
      const before = text.slice(0, start.offset).split('\n');
      expect(start.line).toBe(before.length);
      expect(start.column).toBe(before.at(-1)?.length);
      if (parsed.ok && f.issueCode !== 'JSON_SYNTAX_ERROR') {
        const target = resolve(parsed.value, loc.path);
        expect(target, `${f.issueCode} path ${JSON.stringify(loc.path)}`).toBeDefined();
        expect(target?.span.start.offset).toBe(start.offset);
        expect(target?.span.end.offset).toBe(end.offset);
      }
    }
  }
}

describe('validatePolicy', () => {
  it('reports Access Analyzer findings with paths and spans, in document order', () => {
    // The example of awslabs/terraform-iam-policy-validator: a bucket policy with a mistyped
    // action and "*" as its resource.
    const text = policy({ Sid: 'ListBucket', Effect: 'Allow', Principal: { AWS: '*' }, Action: 's3:ListBuckets', Resource: '*' });
    const found = validatePolicy(text, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' });
    expect(found.map((f) => [f.findingType, f.issueCode, spanned(text, f)])).toEqual([
      ['ERROR', 'INVALID_ACTION', '"s3:ListBuckets"'],
      ['ERROR', 'UNSUPPORTED_RESOURCE_ARN_IN_POLICY', '"*"'],
    ]);
    expect(found[0]).toEqual({
      findingType: 'ERROR',
      issueCode: 'INVALID_ACTION',
      findingDetails: 'The action s3:ListBuckets does not exist. Did you mean s3:ListBucket?',
      learnMoreLink: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/access-analyzer-reference-policy-checks.html#access-analyzer-reference-policy-checks-error-invalid-action',
      locations: [
        {
          path: [{ value: 'Statement' }, { index: 0 }, { value: 'Action' }],
          span: { start: { line: 10, column: 16, offset: 169 }, end: { line: 10, column: 32, offset: 185 } },
        },
      ],
    });
    checkLocations(text, found);
  });

  it('answers a syntax error with one JSON_SYNTAX_ERROR finding at the error', () => {
    const text = '{\n  "Version": "2012-10-17",\n  "Statement": [ { "Effect": "Allow" } \n';
    const found = validatePolicy(text, IDENTITY);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ findingType: 'ERROR', issueCode: 'JSON_SYNTAX_ERROR' });
    expect(found[0]?.findingDetails).toBe(
      "Fix the JSON syntax error at index 69 line 4 column 0: expected ',' or ']' after an array element but found the end of the document.",
    );
    expect(found[0]?.locations[0]?.span.start).toEqual({ line: 4, column: 0, offset: 69 });
  });

  it('finds nothing wrong with a well-written policy', () => {
    const text = policy(
      { Sid: 'ReadOwnPrefix', Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::team-bucket/home/${aws:username}/*' },
      { Sid: 'ListOwnPrefix', Effect: 'Allow', Action: 's3:ListBucket', Resource: 'arn:aws:s3:::team-bucket', Condition: { StringLike: { 's3:prefix': 'home/${aws:username}/*' } } },
      { Sid: 'PassAppRole', Effect: 'Allow', Action: 'iam:PassRole', Resource: 'arn:aws:iam::123456789012:role/app-*', Condition: { StringEquals: { 'iam:PassedToService': 'ec2.amazonaws.com' } } },
      { Sid: 'OnlyTls', Effect: 'Deny', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } },
    );
    expect(validatePolicy(text, IDENTITY)).toEqual([]);
  });

  it('reports on AdministratorAccess what Access Analyzer does: iam:PassRole and service-linked roles on everything', () => {
    const found = validatePolicy(policy({ Effect: 'Allow', Action: '*', Resource: '*' }), IDENTITY);
    expect(found.map((f) => f.issueCode).sort()).toEqual(['CREATE_SLR_WITH_STAR_IN_ACTION_AND_RESOURCE', 'PASS_ROLE_WITH_STAR_IN_ACTION_AND_RESOURCE']);
  });

  it('validates a role trust policy', () => {
    const text = policy({ Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' });
    expect(validatePolicy(text, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::IAM::AssumeRolePolicyDocument' })).toEqual([]);
  });

  it('gives every finding a path that leads to the text its span covers', () => {
    const text = policy(
      { Sid: 'a b', Effect: 'allow', Action: ['s3:GetObjekt', 's4:Get*', 'iam:PassRole', 'iam:PassRole'], Resource: ['*', 'arn:aws:iam:us-east-1:12:role/x'], Principal: 'x' },
      { Sid: 'a b', Effect: 'Allow', NotAction: [], Resource: [], Condition: { stringEquals: { 'aws:Foo': 'x' }, NumericEquals: { 'aws:username': ['a', 1] }, NullIfExists: {} } },
      { Effect: 'Deny', Action: 'ec2:*', NotResource: 'arn:aws:ec2:*:*:instance/${aws:username', Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.1/8' } } },
    );
    const found = validatePolicyStrict(text, IDENTITY);
    expect(found.length).toBeGreaterThan(15);
    checkLocations(text, found);
  });

  it('never throws and always answers well-formed findings, whatever the text', () => {
    const scalar = fc.oneof(
      fc.constantFrom('*', 'Allow', 'Deny', 's3:GetObject', 's3:*', 'iam:PassRole', 'arn:aws:s3:::b/*', 'arn:aws:iam::123456789012:role/*', 'arn:*', '${aws:username}', 'arn:aws:s3:::${', 'aws:SourceIp', '10.0.0.0/8', 'true', '2012-10-17', ''),
      fc.string({ maxLength: 12 }),
      fc.integer(),
      fc.boolean(),
    );
    const value = fc.oneof(scalar, fc.array(scalar, { maxLength: 4 }), fc.dictionary(fc.constantFrom('AWS', 'Service', 'aws:SourceIp', 'StringLike', 's3:prefix', 'x'), scalar, { maxKeys: 3 }));
    const condition = fc.dictionary(
      fc.constantFrom('StringEquals', 'StringLike', 'ForAllValues:StringEquals', 'NumericLessThan', 'Bool', 'IpAddress', 'Null', 'NullIfExists', 'DateLessThan', 'ArnLike', 'Bogus'),
      fc.dictionary(fc.constantFrom('aws:SourceIp', 'aws:TagKeys', 'aws:username', 's3:prefix', 'aws:CurrentTime', 'x', 'foo:bar'), fc.oneof(scalar, fc.array(scalar, { maxLength: 3 })), { maxKeys: 3 }),
      { maxKeys: 3 },
    );
    const statement = fc.record(
      { Sid: scalar, Effect: fc.oneof(fc.constantFrom('Allow', 'Deny'), scalar), Action: value, NotAction: value, Resource: value, NotResource: value, Principal: value, NotPrincipal: value, Condition: fc.oneof(condition, value), Extra: value },
      { requiredKeys: [] },
    );
    const doc = fc.oneof(
      fc.record({ Version: fc.oneof(fc.constantFrom('2012-10-17', '2008-10-17'), scalar), Statement: fc.oneof(fc.array(statement, { maxLength: 4 }), statement, value) }, { requiredKeys: [] }),
      fc.jsonValue({ maxDepth: 3 }),
    );
    const type = fc.constantFrom<Parameters<typeof validatePolicy>[1]>(IDENTITY, RESOURCE, { policyType: 'SERVICE_CONTROL_POLICY' }, { policyType: 'RESOURCE_POLICY', resourceType: 'AWS::S3::Bucket' });
    fc.assert(
      fc.property(doc, type, fc.boolean(), fc.nat(40), (d, options, truncate, cut) => {
        let text = JSON.stringify(d, null, 2) ?? 'null';
        if (truncate) text = text.slice(0, Math.max(0, text.length - cut));
        checkLocations(text, validatePolicyStrict(text, options));
      }),
      { numRuns: 400 },
    );
    fc.assert(
      fc.property(fc.string(), (s) => {
        expect(Array.isArray(validatePolicy(s, IDENTITY))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('validates a 20-statement policy in a few milliseconds once its services are loaded (measured, not asserted)', () => {
    const doc = (n: number) =>
      policy(
        ...Array.from({ length: 20 }, (_, i) => ({
          Sid: `S${i}x${n}`,
          Effect: i % 4 ? 'Allow' : 'Deny',
          Action: ['s3:GetObject', 's3:PutObject', 'ec2:Describe*', 'iam:PassRole', 'dynamodb:Query'],
          Resource: [`arn:aws:s3:::bucket${i}/*`, `arn:aws:dynamodb:us-east-1:123456789012:table/t${i}`, `arn:aws:iam::123456789012:role/r${i}`],
          Condition: { StringEquals: { 'aws:PrincipalTag/team': 'x', 'aws:RequestedRegion': 'us-east-1' }, Bool: { 'aws:SecureTransport': 'true' } },
        })),
      );
    const first = performance.now();
    validatePolicy(doc(0), IDENTITY);
    const firstMs = performance.now() - first;
    // A few keystrokes' worth of calls let the JIT compile the validator, as it will have in
    // a console session; then each call sees a slightly different text, as when the user types.
    for (let i = 1; i <= 20; i++) validatePolicy(doc(-i), IDENTITY);
    const times: number[] = [];
    for (let i = 1; i <= 50; i++) {
      const text = doc(i);
      const t = performance.now();
      validatePolicy(text, IDENTITY);
      times.push(performance.now() - t);
    }
    times.sort((a, b) => a - b);
    console.log(
      `validatePolicy, 20 statements: first call ${firstMs.toFixed(1)} ms (loads S3, EC2, IAM, DynamoDB data), then, after 20 warm-up calls, median ${times[25]?.toFixed(2)} ms, best ${times[0]?.toFixed(2)} ms, p90 ${times[45]?.toFixed(2)} ms over 50 edits (wall clock, shared CPU)`,
    );
    expect(times).toHaveLength(50);
  });
});

describe('the rules', () => {
  it('each live in their own file with their own test', () => {
    const dir = new URL('../../src/validate/rules/', import.meta.url);
    const tests = new Set(readdirSync(new URL('./rules/', import.meta.url)));
    const files = readdirSync(dir).filter((f) => !['index.ts', 'rule.ts', 'json-syntax-error.ts'].includes(f));
    expect(RULES.map((r) => `${r.id}.ts`).sort()).toEqual(files.sort());
    for (const r of RULES) expect(tests.has(`${r.id}.test.ts`), `test for ${r.id}`).toBe(true);
    expect(tests.has('json-syntax-error.test.ts')).toBe(true);
  });

  it('report each issue code from one rule, except INVALID_ACTION, shared by the unknown-action and wildcard rules', () => {
    const owner = new Map<string, string[]>();
    for (const r of RULES) for (const c of r.checks) owner.set(c.issueCode, [...(owner.get(c.issueCode) ?? []), r.id]);
    const shared = [...owner].filter(([, ids]) => ids.length > 1);
    expect(shared).toEqual([['INVALID_ACTION', ['action-wildcard-matches-nothing', 'invalid-action']]]);
  });
});
