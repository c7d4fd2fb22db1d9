import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { deriveSigningKey, readSignatureClaim, SigningKeyCache, verifySignature, type HttpRequestParts } from '../../src/auth/sigv4.js';
import { AwsError } from '../../src/protocol/errors.js';

type SmithyRequest = Parameters<SignatureV4['sign']>[0] & { query: Record<string, string | string[]>; headers: Record<string, string> };

const NOW = new Date('2015-08-30T12:36:00Z');
const KEY = deriveSigningKey('wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', '20150830', 'us-east-1', 'iam');

/** Runs the verifier the way the server does; any failure must be a client (4xx) AwsError. */
function outcome(req: HttpRequestParts, key: Buffer = KEY, now: Date = NOW): 'verified' | AwsError {
  try {
    verifySignature(req, readSignatureClaim(req), key, now);
    return 'verified';
  } catch (e) {
    if (!(e instanceof AwsError)) throw e;
    expect(e.status).toBeGreaterThanOrEqual(400);
    expect(e.status).toBeLessThan(500);
    return e;
  }
}

// The SDK's own escaping (smithy's escapeUri): encodeURIComponent plus !'()*.
const escapeUri = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());

// ---- arbitrary, mostly malformed, requests --------------------------------------------------

const fragment = fc.oneof(
  fc.constantFrom(
    'AWS4-HMAC-SHA256',
    'AWS4-',
    'AWS4-HMAC-SHA512',
    'Credential=',
    'SignedHeaders=',
    'Signature=',
    'AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request',
    'AKID//us-east-1/iam/aws4_request/',
    'host;x-amz-date',
    'HOST',
    '20150830T123600Z',
    '20151330T253600Z',
    'Sun, 30 Aug 2015 12:36:00 GMT',
    '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31',
    'X-Amz-Algorithm',
    'X-Amz-Credential',
    'X-Amz-Signature',
    'X-Amz-SignedHeaders',
    'X-Amz-Date',
    'X-Amz-Expires',
    'X-Amz-Security-Token',
    'UNSIGNED-PAYLOAD',
    ',',
    ', ',
    ' ',
    '\t',
    '\n ',
    '=',
    '&',
    '/',
    ';',
    '%',
    '%2',
    '%zz',
    '%2F',
    '%E1%88%B4',
    '+',
    '..',
    '.',
  ),
  fc.string({ unit: 'binary', maxLength: 12 }),
);
const garbled = fc.array(fragment, { maxLength: 14 }).map((parts) => parts.join(''));

const authorization = fc
  .record({
    algorithm: fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA256', 'AWS4-X', 'Basic', ''),
    credential: fc.option(fc.oneof(fc.constant('AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request'), garbled)),
    signedHeaders: fc.option(fc.oneof(fc.constant('host;x-amz-date'), fc.constant('host;x-amz-content-sha256;x-amz-date'), garbled)),
    signature: fc.option(fc.oneof(fc.constant('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'), garbled)),
    separator: fc.constantFrom(', ', ',', ' ', ' ,  '),
    extra: fc.option(garbled),
  })
  .map(({ algorithm, credential, signedHeaders, signature, separator, extra }) => {
    const params = [
      credential === null ? null : `Credential=${credential}`,
      signedHeaders === null ? null : `SignedHeaders=${signedHeaders}`,
      signature === null ? null : `Signature=${signature}`,
      extra,
    ].filter((p): p is string => p !== null);
    return `${algorithm} ${params.join(separator)}`;
  });

const headerName = fc.oneof(
  fc.constantFrom('Authorization', 'authorization', 'X-Amz-Date', 'Date', 'Host', 'host', 'x-amz-content-sha256', 'X-Amz-Security-Token', 'Content-Type'),
  fc.string({ unit: 'binary', maxLength: 10 }),
);
const header = fc.oneof(
  fc.tuple(fc.constant('Authorization'), fc.oneof(authorization, garbled)),
  fc.tuple(fc.constant('X-Amz-Date'), fc.oneof(fc.constant('20150830T123600Z'), garbled)),
  fc.tuple(headerName, fc.oneof(garbled, fc.string({ unit: 'binary', maxLength: 40 }))),
);

const query = fc.oneof(
  fc.constant(''),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.array(fc.tuple(fragment, fc.oneof(garbled, fc.constant('AWS4-HMAC-SHA256'))), { maxLength: 8 }).map((pairs) => pairs.map(([k, v]) => `${k}=${v}`).join('&')),
  fc
    .record({
      algorithm: fc.constantFrom('AWS4-HMAC-SHA256', 'AWS4-ECDSA-P256-SHA256', ''),
      credential: fc.oneof(fc.constant('AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fiam%2Faws4_request'), garbled),
      date: fc.oneof(fc.constant('20150830T123600Z'), garbled),
      signedHeaders: fc.oneof(fc.constant('host'), garbled),
      signature: fc.oneof(fc.constant('5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31'), garbled),
      expires: fc.oneof(fc.constant('3600'), fc.constant('-1'), fc.constant('604801'), garbled),
      token: fc.option(garbled),
    })
    .map((p) =>
      [
        `X-Amz-Algorithm=${p.algorithm}`,
        `X-Amz-Credential=${p.credential}`,
        `X-Amz-Date=${p.date}`,
        `X-Amz-SignedHeaders=${p.signedHeaders}`,
        `X-Amz-Signature=${p.signature}`,
        `X-Amz-Expires=${p.expires}`,
        ...(p.token === null ? [] : [`X-Amz-Security-Token=${p.token}`]),
      ].join('&'),
    ),
);

const garbageRequest = fc.record({
  method: fc.oneof(fc.constantFrom('GET', 'POST'), fc.string({ unit: 'binary', maxLength: 8 })),
  path: fc.oneof(fc.constant('/'), garbled, fc.string({ unit: 'binary', maxLength: 30 })),
  query,
  headers: fc.array(header, { maxLength: 8 }),
  body: fc.uint8Array({ maxLength: 64 }).map((b) => Buffer.from(b)),
});

describe('malformed input', () => {
  it('only ever yields a 4xx AwsError', () => {
    fc.assert(
      fc.property(garbageRequest, fc.constantFrom('fixed-window', 'x-amz-expires'), (req, presignedLifetime) => {
        try {
          verifySignature(req, readSignatureClaim(req), KEY, NOW, { presignedLifetime: presignedLifetime as 'fixed-window' | 'x-amz-expires' });
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          expect(e.status).toBeGreaterThanOrEqual(400);
          expect(e.status).toBeLessThan(500);
        }
      }),
      { numRuns: 2000 },
    );
  });
});

// ---- requests signed by the SDK's signer -----------------------------------------------------

const segment = fc.oneof(
  { weight: 1, arbitrary: fc.constantFrom('.', '..', '') },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 8 }).map(escapeUri) },
);
const sdkPath = fc
  .tuple(fc.array(segment, { maxLength: 5 }), fc.boolean())
  .map(([segments, trailing]) => '/' + segments.join('/') + (trailing && segments.length > 0 ? '/' : ''));

const queryKey = fc.string({ unit: 'grapheme', maxLength: 10 }).filter((k) => !/^x-amz-/i.test(k) && k !== '__proto__');
const queryValue = fc.string({ unit: 'grapheme', maxLength: 12 });
const sdkQuery = fc.dictionary(queryKey, fc.oneof(queryValue, fc.array(queryValue, { minLength: 1, maxLength: 3 })), { maxKeys: 5 });

// Header names the signer generates or treats specially are left to it.
const RESERVED_HEADERS = /^(host|authorization|date|x-amz-.*|__proto__)$/i;
const headerValueChar = fc.constantFrom(...'\t abcXYZ019 -_.,;:"/()[]{}=+*&^%$#@!~`'.split(''));
const sdkHeaders = fc
  .array(fc.tuple(fc.stringMatching(/^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,16}$/), fc.string({ unit: headerValueChar, maxLength: 24 })), { maxLength: 6 })
  .map((pairs) => {
    const byLowerName = new Map<string, [string, string]>();
    for (const [name, value] of pairs) if (!RESERVED_HEADERS.test(name)) byLowerName.set(name.toLowerCase(), [name, value]);
    return Object.fromEntries(byLowerName.values());
  });

const signingInput = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE'),
  path: sdkPath,
  query: sdkQuery,
  headers: sdkHeaders,
  body: fc.uint8Array({ maxLength: 200 }),
  accessKeyId: fc.stringMatching(/^A[KS]IA[A-Z2-7]{16}$/),
  secretAccessKey: fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 40 }),
  sessionToken: fc.option(fc.base64String({ minLength: 4, maxLength: 80 }), { nil: undefined }),
  region: fc.constantFrom('us-east-1', 'eu-west-3', 'gatehouse-local'),
  service: fc.constantFrom('iam', 'sts'),
  signedAtSeconds: fc.integer({ min: Date.UTC(2000, 0, 1) / 1000, max: Date.UTC(2099, 0, 1) / 1000 }),
  skewSeconds: fc.integer({ min: -900, max: 900 }),
  expiresIn: fc.integer({ min: 1, max: 604_800 }),
});
type SigningInput = typeof signingInput extends fc.Arbitrary<infer T> ? T : never;

function smithyRequest(input: SigningInput): SmithyRequest {
  return {
    method: input.method,
    protocol: 'https:',
    hostname: 'iam.amazonaws.com',
    path: input.path,
    query: structuredClone(input.query),
    headers: { host: 'iam.amazonaws.com', ...input.headers },
    body: input.body,
  };
}

function signer(input: SigningInput): SignatureV4 {
  return new SignatureV4({
    credentials: { accessKeyId: input.accessKeyId, secretAccessKey: input.secretAccessKey, sessionToken: input.sessionToken },
    region: input.region,
    service: input.service,
    sha256: Hash.bind(null, 'sha256'),
  });
}

/** What arrives on the wire: the SDK's query object serialised as its HTTP handler does. */
function toWire(signed: SmithyRequest, body: Uint8Array, change: { signature?: (s: string) => string } = {}): HttpRequestParts {
  const pairs: string[] = [];
  for (const [k, v] of Object.entries(signed.query)) {
    for (let value of Array.isArray(v) ? v : [v]) {
      if (k === 'X-Amz-Signature' && change.signature) value = change.signature(value);
      pairs.push(`${escapeUri(k)}=${escapeUri(value)}`);
    }
  }
  const headers = Object.entries(signed.headers).map(([n, v]) =>
    n === 'authorization' && change.signature ? ([n, v.replace(/Signature=(\w+)$/, (_m, s: string) => `Signature=${change.signature!(s)}`)] as const) : ([n, v] as const),
  );
  return { method: signed.method, path: signed.path, query: pairs.reverse().join('&'), headers, body: Buffer.from(body) };
}

function flipHexChar(index: number): (s: string) => string {
  return (s) => {
    const i = index % s.length;
    const c = s[i]!;
    return s.slice(0, i) + (c === '0' ? '1' : '0') + s.slice(i + 1);
  };
}

function alteredBody(body: Uint8Array, index: number): Uint8Array {
  if (body.length === 0) return Uint8Array.of(index & 0xff);
  const copy = Uint8Array.from(body);
  const at = index % copy.length;
  copy[at] = copy[at]! ^ (1 << (index % 8));
  return copy;
}

async function checkSigned(input: SigningInput, form: 'header' | 'query', flipAt: number): Promise<void> {
  const signedAt = new Date(input.signedAtSeconds * 1000);
  const now = new Date(signedAt.getTime() + input.skewSeconds * 1000);
  const sdk = signer(input);
  const signed = (
    form === 'header'
      ? await sdk.sign(smithyRequest(input), { signingDate: signedAt })
      : await sdk.presign(smithyRequest(input), { signingDate: signedAt, expiresIn: input.expiresIn })
  ) as SmithyRequest;

  const cache = new SigningKeyCache(4);
  const wire = toWire(signed, input.body);
  const claim = readSignatureClaim(wire);
  expect(claim).toMatchObject({ form, accessKeyId: input.accessKeyId, region: input.region, service: input.service });
  expect(claim.sessionToken).toBe(input.sessionToken);
  const key = cache.get(claim, () => input.secretAccessKey);
  expect(outcome(wire, key, now)).toBe('verified');

  const badSignature = outcome(toWire(signed, input.body, { signature: flipHexChar(flipAt) }), key, now);
  expect(badSignature).toBeInstanceOf(AwsError);
  expect((badSignature as AwsError).code).toBe('SignatureDoesNotMatch');

  const badBody = outcome(toWire(signed, alteredBody(input.body, flipAt)), key, now);
  expect(badBody).toBeInstanceOf(AwsError);
  expect((badBody as AwsError).code).toBe('SignatureDoesNotMatch');
}

describe('requests signed by @smithy/signature-v4 (what the AWS SDK for JavaScript sends)', () => {
  it('verify in the header form, and fail once a signature or body byte changes', async () => {
    await fc.assert(
      fc.asyncProperty(signingInput, fc.nat(), (input, flipAt) => checkSigned(input, 'header', flipAt)),
      { numRuns: 300 },
    );
  });

  it('verify in the presigned form, and fail once a signature or body byte changes', async () => {
    await fc.assert(
      fc.asyncProperty(signingInput, fc.nat(), (input, flipAt) => checkSigned(input, 'query', flipAt)),
      { numRuns: 300 },
    );
  });

  it('only yield 4xx AwsErrors once any part of them is mangled', async () => {
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('header' as const), index: fc.nat(), value: fc.oneof(garbled, fc.string({ unit: 'binary', maxLength: 30 })) }),
      fc.record({ kind: fc.constant('add-header' as const), name: headerName, value: garbled }),
      fc.record({ kind: fc.constant('query' as const), value: garbled }),
      fc.record({ kind: fc.constant('path' as const), value: garbled }),
      fc.record({ kind: fc.constant('method' as const), value: fc.string({ unit: 'binary', maxLength: 6 }) }),
    );
    await fc.assert(
      fc.asyncProperty(signingInput, fc.constantFrom('header' as const, 'query' as const), fc.array(mutation, { minLength: 1, maxLength: 3 }), async (input, form, mutations) => {
        const signedAt = new Date(input.signedAtSeconds * 1000);
        const sdk = signer(input);
        const signed = (
          form === 'header'
            ? await sdk.sign(smithyRequest(input), { signingDate: signedAt })
            : await sdk.presign(smithyRequest(input), { signingDate: signedAt, expiresIn: input.expiresIn })
        ) as SmithyRequest;
        let req = toWire(signed, input.body);
        for (const m of mutations) {
          if (m.kind === 'header' && req.headers.length > 0) {
            const i = m.index % req.headers.length;
            req = { ...req, headers: req.headers.map((h, j) => (j === i ? ([h[0], m.value] as const) : h)) };
          } else if (m.kind === 'add-header') req = { ...req, headers: [...req.headers, [m.name, m.value] as const] };
          else if (m.kind === 'query') req = { ...req, query: req.query + m.value };
          else if (m.kind === 'path') req = { ...req, path: req.path + m.value };
          else if (m.kind === 'method') req = { ...req, method: m.value };
        }
        const key = deriveSigningKey(input.secretAccessKey, signedAt.toISOString().slice(0, 10).replace(/-/g, ''), input.region, input.service);
        outcome(req, key, signedAt);
      }),
      { numRuns: 500 },
    );
  });
});
