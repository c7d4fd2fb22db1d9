/**
 * parseAuthorizeCall sees whatever a calling service sends: random input never makes it throw
 * anything but a ValidationError, and what it accepts satisfies the contract.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseAuthorizeCall } from '../../src/authorize-api/contract.js';
import { AwsError } from '../../src/protocol/errors.js';

function parsed(body: Buffer) {
  try {
    return parseAuthorizeCall(body);
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    expect(e.code).toBe('ValidationError');
    expect(e.status).toBe(400);
    return undefined;
  }
}

/** Valid values most of the time, so that the accepting path is reached as well as the refusals. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> => fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });
const HEX = fc.constantFrom(...'0123456789abcdefABCDEF');

const header = fc.tuple(mostly(fc.constantFrom('host', 'Authorization', 'x-amz-date', 'X-Custom'), fc.oneof(fc.constantFrom('bad name', ''), fc.string())), fc.string());
const nearlyValid = fc.record(
  {
    request: mostly(
      fc.record({
        method: mostly(fc.constantFrom('GET', 'PUT'), fc.oneof(fc.constantFrom('G T', ''), fc.string())),
        path: mostly(fc.constantFrom('/', '/b/k', '/b/%zz', '/b/ሴ/../k'), fc.oneof(fc.constantFrom('x', '/a?b', '/a b'), fc.string())),
        query: mostly(fc.constantFrom('', 'a=1&b', 'X-Amz-Date=20150830T123600Z'), fc.string()),
        headers: mostly(fc.array(header, { maxLength: 4 }), fc.anything()),
        payloadHash: mostly(fc.string({ unit: HEX, minLength: 64, maxLength: 64 }), fc.oneof(fc.string({ unit: HEX, minLength: 63, maxLength: 65 }), fc.anything())),
      }),
      fc.anything(),
    ),
    action: mostly(fc.constantFrom('s3:GetObject', 'example:Do-Thing_2'), fc.oneof(fc.constantFrom('s3:*', 'GetObject', ':x'), fc.string())),
    resource: mostly(fc.constantFrom('*', 'arn:aws:s3:::b/k', 'arn:aws:s3:::b/a b:c'), fc.oneof(fc.constantFrom('arn:aws', 'bucket'), fc.string())),
    context: mostly(
      fc.dictionary(
        mostly(fc.constantFrom('aws:SourceIp', 's3:prefix', 'aws:RequestTag/Team Name', 'aws:SecureTransport'), fc.oneof(fc.constantFrom('aws:PrincipalArn', 'aws:userid', 'nocolon'), fc.string())),
        mostly(fc.oneof(fc.string(), fc.integer(), fc.boolean(), fc.array(fc.string()), fc.constantFrom('10.0.0.1', '2001:db8::1')), fc.oneof(fc.double(), fc.anything())),
        { maxKeys: 4 },
      ),
      fc.anything(),
    ),
    service: mostly(fc.constantFrom('s3', 'execute-api'), fc.oneof(fc.constantFrom('bad name'), fc.anything())),
  },
  { requiredKeys: ['request', 'action', 'resource'] },
);

describe('parseAuthorizeCall on random input', () => {
  it('never throws anything but a ValidationError, for any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => void parsed(Buffer.from(bytes))), { numRuns: 300 });
  });

  it('never throws anything but a ValidationError, for any JSON', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void parsed(Buffer.from(JSON.stringify(value)))), { numRuns: 300 });
  });

  it('accepts only calls that keep the contract', () => {
    let accepted = 0;
    fc.assert(
      fc.property(nearlyValid, (value) => {
        const call = parsed(Buffer.from(JSON.stringify(value)));
        if (call === undefined) return;
        accepted++;
        expect(call.request.path.startsWith('/')).toBe(true);
        expect(call.request.payloadHash).toMatch(/^[0-9a-f]{64}$/);
        expect(call.action).toMatch(/^[A-Za-z0-9-]+:[A-Za-z0-9_.-]+$/);
        expect(call.resource === '*' || call.resource.startsWith('arn:')).toBe(true);
        for (const key of Object.keys(call.context)) {
          expect(key.toLowerCase().startsWith('aws:principal')).toBe(false);
          expect(key.toLowerCase()).not.toBe('aws:sourceip');
        }
      }),
      { numRuns: 1000 },
    );
    // The generator is built to reach the accepting path, not only the refusals.
    expect(accepted).toBeGreaterThan(10);
  });
});
