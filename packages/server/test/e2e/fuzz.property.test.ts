import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { iamOperations } from '../../src/operations.js';
import { loadServiceModel, type Shape } from '../../src/protocol/model.js';
import { backends } from '../support/backends.js';
import { startTestServer, type TestServer } from '../support/server.js';

const model = loadServiceModel('iam');
const implemented = Object.keys(iamOperations);

/** Plausible and hostile values for a shape, flattened into Query parameters under `prefix`. */
function valueFor(shape: Shape, depth = 0): fc.Arbitrary<[string, string][]> {
  const scalar = (a: fc.Arbitrary<string>) => a.map((v): [string, string][] => [['', v]]);
  switch (shape.type) {
    case 'string':
      return scalar(
        fc.oneof(
          fc.constantFrom('admin', 'fuzz', 'Administrators', '/', '/a/', 'Active', 'Inactive', 'AKIAAAAAAAAAAAAAAAAA', ''),
          ...(shape.enum ? [fc.constantFrom(...shape.enum)] : []),
          fc.string({ maxLength: 80 }),
          fc.string({ unit: 'binary', maxLength: 20 }),
        ),
      );
    case 'integer':
    case 'long':
    case 'float':
    case 'double':
      return scalar(fc.oneof(fc.integer({ min: -5, max: 200 }).map(String), fc.constantFrom('1e999', 'abc', '-0', '')));
    case 'boolean':
      return scalar(fc.constantFrom('true', 'false', 'TRUE', 'yes', ''));
    case 'timestamp':
      return scalar(fc.constantFrom('2020-01-01T00:00:00Z', 'not-a-date', '0'));
    case 'blob':
      return scalar(fc.constantFrom('', 'aGVsbG8=', '!!!'));
    case 'list':
      if (depth > 2) return fc.constant([]);
      return fc.array(valueFor(shape.member.shape, depth + 1), { maxLength: 3 }).map((items) =>
        items.flatMap((pairs, i) => pairs.map(([k, v]): [string, string] => [`.member.${i + 1}${k}`, v])),
      );
    case 'map':
      return fc.constant([]);
    case 'structure':
      if (depth > 2) return fc.constant([]);
      return fc
        .tuple(...shape.members.map((m) => fc.option(valueFor(m.shape, depth + 1), { nil: undefined }).map((v) => ({ name: m.locationName ?? m.name, v }))))
        .map((members) => members.flatMap(({ name, v }) => (v ?? []).map(([k, val]): [string, string] => [`.${name}${k}`, val])));
  }
}

const request = fc.constantFrom(...implemented).chain((action) => {
  const input = model.operations.get(action)?.input;
  const params = input ? valueFor(input) : fc.constant([] as [string, string][]);
  return params.map((pairs) => ({ action, params: pairs.map(([k, v]): [string, string] => [k.slice(1), v]) }));
});

describe.each(await backends())('random requests on %s', (backend) => {
  let t: TestServer;
  beforeAll(async () => {
    t = await startTestServer(backend);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('signed requests with random parameters never get a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(request, async ({ action, params }) => {
        const body = new URLSearchParams([['Action', action], ['Version', '2010-05-08'], ...params]).toString();
        const res = await fetch(t.server.url, { method: 'POST', body, headers: await t.signForm(body) });
        const text = await res.text();
        if (res.status !== 200) expect(text).toMatch(/<Code>[A-Za-z]+<\/Code>/);
        expect(res.status, `${action} ${body}\n${text}`).toBeLessThan(500);
      }),
      { numRuns: 150 },
    );
  });

  it('signed CloudTrail requests with random JSON bodies never get a 5xx', async () => {
    const signer = new SignatureV4({ service: 'cloudtrail', region: 'us-east-1', sha256: Hash.bind(null, 'sha256'), credentials: { accessKeyId: t.admin.accessKeyId, secretAccessKey: t.admin.secretAccessKey } });
    const lookup = fc.record(
      {
        LookupAttributes: fc.array(fc.record({ AttributeKey: fc.constantFrom('EventId', 'EventName', 'ReadOnly', 'Username', 'ResourceType', 'ResourceName', 'EventSource', 'AccessKeyId', 'Bogus'), AttributeValue: fc.string({ maxLength: 30 }) }), { maxLength: 2 }),
        StartTime: fc.oneof(fc.integer({ min: -10, max: 2_000_000_000 }), fc.constant('soon')),
        EndTime: fc.integer({ min: 0, max: 2_000_000_000 }),
        MaxResults: fc.integer({ min: -2, max: 60 }),
        NextToken: fc.string({ maxLength: 30 }),
        EventCategory: fc.constantFrom('insight', 'other'),
      },
      { requiredKeys: [] },
    );
    const body = fc.oneof(lookup.map((v) => JSON.stringify(v)), fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), fc.string({ maxLength: 40 }));
    const url = new URL(t.server.url);
    await fc.assert(
      fc.asyncProperty(body, fc.constantFrom('LookupEvents', 'CreateTrail', 'Nope'), async (text, operation) => {
        const headers = { host: url.host, 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': `CloudTrail_20131101.${operation}` };
        const signed = await signer.sign({ method: 'POST', protocol: 'http:', hostname: url.hostname, port: Number(url.port), path: '/', headers, body: text });
        const res = await fetch(t.server.url, { method: 'POST', body: text, headers: signed.headers as Record<string, string> });
        const answer = (await res.json()) as { __type?: string };
        expect(res.status, `${operation} ${text}\n${JSON.stringify(answer)}`).toBeLessThan(operation === 'CreateTrail' ? 502 : 500);
        if (res.status !== 200) expect(answer.__type).toMatch(/^[A-Za-z]+$/);
      }),
      { numRuns: 150 },
    );
  });

  it('garbage authorization and bodies get AWS-shaped 4xx answers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.string({ maxLength: 200 }), fc.string({ maxLength: 300 }), async (authorization, body) => {
        const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' };
        // fetch refuses header values with control characters; those never reach a server anyway.
        if (![...authorization].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f)) headers.authorization = authorization.replace(/[^\x20-\x7e]/g, '?');
        const res = await fetch(t.server.url, { method: 'POST', body, headers });
        const text = await res.text();
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        expect(text).toMatch(/^<ErrorResponse xmlns="https:\/\/(iam|sts)\.amazonaws\.com\/doc\/[0-9-]+\/"><Error><Type>Sender<\/Type><Code>[A-Za-z]+<\/Code><Message>/);
      }),
      { numRuns: 150 },
    );
  });
});
