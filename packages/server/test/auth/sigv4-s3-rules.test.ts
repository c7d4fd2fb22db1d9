/**
 * The verifier's two extensions for the authorize API: a payload hash supplied by whoever
 * received the body, and S3's rules (path as sent and encoded once, x-amz-content-sha256 as
 * declared). Known answers come from the AWS test-suite vectors where they apply, and from
 * @smithy/signature-v4 configured as the SDK's S3 client configures it otherwise.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canonicalRequest,
  deriveSigningKey,
  readSignatureClaim,
  s3CanonicalUri,
  S3_RULES,
  verifySignature,
  type HttpRequestParts,
  type VerifyOptions,
} from '../../src/auth/sigv4.js';
import { AwsError } from '../../src/protocol/errors.js';
import { loadVectors, parseRequest, withHeader } from './sigv4-harness.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2015-08-30T12:36:00Z');
const vectorKey = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');
const vectors = new Map(loadVectors().map((v) => [v.name, v]));
const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

function vectorRequest(name: string, form: 'header' | 'query'): HttpRequestParts {
  return parseRequest(vectors.get(name)!.read(`${form}-signed-request.txt`));
}

function withdrawnUnsignedPayload(): HttpRequestParts {
  const file = new URL('../fixtures/sigv4/v4-withdrawn/post-unsigned-payload/header-signed-request.txt', import.meta.url);
  return parseRequest(readFileSync(fileURLToPath(file), 'utf8'));
}

function verify(req: HttpRequestParts, options: VerifyOptions, now = SIGNED_AT, key = vectorKey): void {
  verifySignature(req, readSignatureClaim(req), key, now, options);
}

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return { code: e.code, message: e.message };
    throw e;
  }
  throw new Error('expected an AwsError, but nothing was thrown');
}

// The unnormalized vectors whose path normalisation would change: S3 signs them as they are.
const UNNORMALIZED = [
  'get-relative-unnormalized',
  'get-relative-relative-unnormalized',
  'get-slash-dot-slash-unnormalized',
  'get-slash-pointless-dot-unnormalized',
  'get-slash-unnormalized',
  'get-slashes-unnormalized',
];

describe("S3's canonical URI", () => {
  it('keeps a path that is already encoded the canonical way', () => {
    expect(s3CanonicalUri('/bucket/a%20b/c~d')).toBe('/bucket/a%20b/c~d');
    expect(s3CanonicalUri('')).toBe('/');
  });

  it('neither normalises nor encodes twice', () => {
    expect(s3CanonicalUri('//bucket/./a/../b//')).toBe('//bucket/./a/../b//');
    expect(s3CanonicalUri('/bucket/a%2Bb')).toBe('/bucket/a%2Bb');
  });

  it('encodes once what a client left raw or encoded unnecessarily', () => {
    expect(s3CanonicalUri("/bucket/it's(1)")).toBe('/bucket/it%27s%281%29');
    expect(s3CanonicalUri('/bucket/%7euser%2dx')).toBe('/bucket/~user-x');
    expect(s3CanonicalUri('/bucket/%e1%88%b4')).toBe('/bucket/%E1%88%B4');
  });

  it('takes a % that starts no escape as a literal %', () => {
    expect(s3CanonicalUri('/bucket/100%')).toBe('/bucket/100%25');
    expect(s3CanonicalUri('/bucket/%zz')).toBe('/bucket/%25zz');
  });

  it('never throws, and is the same for a path already in canonical form', () => {
    const piece = fc.oneof(fc.constantFrom('/', '%', '%2', '%2F', '%e1%88%b4', '..', '.', '+', '~', ' '), fc.string(), fc.string({ unit: 'grapheme' }));
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (parts) => {
        const once = s3CanonicalUri('/' + parts.join(''));
        expect(s3CanonicalUri(once)).toBe(once);
      }),
      { numRuns: 500 },
    );
  });
});

describe('verifying random requests by S3 rules', () => {
  it('fails only with a client error', () => {
    const header = fc.tuple(fc.constantFrom('host', 'x-amz-date', 'x-amz-content-sha256', 'authorization', 'X-Amz-Content-Sha256'), fc.oneof(fc.string(), fc.constantFrom('UNSIGNED-PAYLOAD', 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', sha256(''), '20150830T123600Z')));
    const request = fc.record({
      method: fc.constantFrom('GET', 'PUT'),
      path: fc.string().map((s) => '/' + s),
      query: fc.oneof(fc.constant(''), fc.string(), fc.constant('X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fs3%2Faws4_request&X-Amz-Date=20150830T123600Z&X-Amz-SignedHeaders=host&X-Amz-Signature=00&X-Amz-Expires=60')),
      headers: fc.array(header, { maxLength: 6 }),
    });
    fc.assert(
      fc.property(request, fc.constantFrom<VerifyOptions>(S3_RULES, { ...S3_RULES, payloadHash: sha256('x') }), (r, options) => {
        try {
          verify({ ...r, body: Buffer.alloc(0) }, options);
        } catch (e) {
          if (!(e instanceof AwsError)) throw e;
          expect(e.status).toBeGreaterThanOrEqual(400);
          expect(e.status).toBeLessThan(500);
        }
      }),
      { numRuns: 500 },
    );
  });
});

describe('verifying by S3 rules', () => {
  it.each(UNNORMALIZED)('accepts %s, whose path S3 signs unnormalised, in both forms', (name) => {
    verify(vectorRequest(name, 'header'), S3_RULES);
    verify(vectorRequest(name, 'query'), { pathRule: 's3' });
  });

  it.each(UNNORMALIZED.map((n) => n.replace('-unnormalized', '-normalized')))('rejects %s: S3 does not normalise', (name) => {
    expect(errorOf(() => verify(vectorRequest(name, 'header'), S3_RULES)).code).toBe('SignatureDoesNotMatch');
  });

  it('accepts the UNSIGNED-PAYLOAD vector that the default rules refuse', () => {
    const req = withdrawnUnsignedPayload();
    verify(req, S3_RULES);
    verify({ ...req, body: Buffer.alloc(0) }, { ...S3_RULES, payloadHash: sha256('anything at all') });
    expect(errorOf(() => verify(req, {})).code).toBe('SignatureDoesNotMatch');
  });

  it("requires a declared hash to be the body's, with S3's message", () => {
    const req = withHeader(vectorRequest('get-vanilla', 'header'), 'x-amz-content-sha256', sha256('other'));
    expect(errorOf(() => verify(req, S3_RULES))).toEqual({
      code: 'SignatureDoesNotMatch',
      message: "The provided 'x-amz-content-sha256' header does not match what was computed.",
    });
  });

  it('refuses a declared value that is neither a hash nor one of S3\u2019s literals', () => {
    const req = withHeader(vectorRequest('get-vanilla', 'header'), 'x-amz-content-sha256', 'SIGNED-PAYLOAD');
    const e = errorOf(() => verify(req, S3_RULES));
    expect(e.code).toBe('SignatureDoesNotMatch');
    expect(e.message).toMatch(/^x-amz-content-sha256 must be UNSIGNED-PAYLOAD, .* or a valid sha256 value; got 'SIGNED-PAYLOAD'\.$/);
  });
});

describe('a payload hash computed by whoever received the body', () => {
  it('stands in for the body', () => {
    for (const name of ['post-x-www-form-urlencoded', 'post-vanilla-query', 'get-vanilla']) {
      for (const form of ['header', 'query'] as const) {
        const req = vectorRequest(name, form);
        verify({ ...req, body: Buffer.alloc(0) }, { payloadHash: sha256(req.body) });
      }
    }
  });

  it('fails the signature when it is not the hash that was signed', () => {
    const req = vectorRequest('post-x-www-form-urlencoded', 'header');
    expect(errorOf(() => verify(req, { payloadHash: sha256('Param1=value2') })).code).toBe('SignatureDoesNotMatch');
    const plain = vectorRequest('post-vanilla-query', 'header');
    expect(errorOf(() => verify(plain, { payloadHash: sha256('x') })).code).toBe('SignatureDoesNotMatch');
  });

  it('is what the canonical request ends with', () => {
    const req = vectorRequest('post-x-www-form-urlencoded', 'header');
    const hash = sha256(req.body);
    expect(canonicalRequest({ ...req, body: Buffer.alloc(0) }, readSignatureClaim(req), {}, { payloadHash: hash }).endsWith('\n' + hash)).toBe(true);
  });
});

describe('requests signed as the AWS SDK signs for S3', () => {
  const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' };
  const signingDate = new Date('2026-01-15T10:00:00Z');
  const key = deriveSigningKey(credentials.secretAccessKey, '20260115', 'eu-west-1', 's3');
  // The S3 client's signer: the path is already escaped, and the payload hash always sent.
  const signer = new SignatureV4({ service: 's3', region: 'eu-west-1', credentials, sha256: Hash.bind(null, 'sha256'), uriEscapePath: false, applyChecksum: true });

  interface Signed {
    method: string;
    path: string;
    query?: Record<string, string>;
    headers: Record<string, string>;
  }
  function wire(r: Signed, body = Buffer.alloc(0)): HttpRequestParts {
    const query = Object.entries(r.query ?? {})
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
      .join('&');
    return { method: r.method, path: r.path, query, headers: Object.entries(r.headers), body };
  }
  const base = (method: string, path: string, headers: Record<string, string>) => ({
    method,
    protocol: 'http:',
    hostname: 'store.example',
    port: 9000,
    path,
    query: {},
    headers: { host: 'store.example:9000', ...headers },
  });

  it('verifies a PUT whose key needs encoding and holds dot segments, only by the S3 path rule', async () => {
    const body = Buffer.from('hello');
    const signed = (await signer.sign(base('PUT', '/photos/a%20b/../c%28d%29.txt', { 'x-amz-content-sha256': sha256(body) }), { signingDate })) as Signed;
    const req = wire(signed, body);
    verify(req, S3_RULES, signingDate, key);
    verify({ ...req, body: Buffer.alloc(0) }, { ...S3_RULES, payloadHash: sha256(body) }, signingDate, key);
    expect(errorOf(() => verify(req, { presignedLifetime: 'x-amz-expires' }, signingDate, key)).code).toBe('SignatureDoesNotMatch');
  });

  it('verifies the seed signature of a chunked upload (STREAMING-AWS4-HMAC-SHA256-PAYLOAD)', async () => {
    const headers = { 'x-amz-content-sha256': 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD', 'x-amz-decoded-content-length': '5', 'content-encoding': 'aws-chunked' };
    const signed = (await signer.sign(base('PUT', '/photos/cat.jpg', headers), { signingDate })) as Signed;
    const req = wire(signed);
    verify(req, { ...S3_RULES, payloadHash: sha256('the chunked body as received') }, signingDate, key);
    expect(errorOf(() => verify(req, {}, signingDate, key)).code).toBe('SignatureDoesNotMatch');
  });

  it('verifies a presigned GET, whose payload is UNSIGNED-PAYLOAD, until X-Amz-Expires', async () => {
    const presigned = (await signer.presign(base('GET', '/photos/cat.jpg', { 'X-Amz-Content-Sha256': 'UNSIGNED-PAYLOAD' }), { signingDate, expiresIn: 3600 })) as Signed;
    const req = wire(presigned);
    expect(req.query).toContain('X-Amz-Content-Sha256=UNSIGNED-PAYLOAD');
    verify(req, S3_RULES, new Date(signingDate.getTime() + 3_000_000), key);
    expect(errorOf(() => verify(req, S3_RULES, new Date(signingDate.getTime() + 3_601_000), key))).toEqual({ code: 'AccessDenied', message: 'Request has expired' });
  });

  it('takes UNSIGNED-PAYLOAD for a presigned URL that declares no payload hash', async () => {
    // Signed by hand the way S3 documents it: the canonical request ends in UNSIGNED-PAYLOAD.
    const bare = (await signer.presign(base('GET', '/photos/cat.jpg', { 'x-amz-content-sha256': 'UNSIGNED-PAYLOAD' }), { signingDate, unhoistableHeaders: new Set(['x-amz-content-sha256']), unsignableHeaders: new Set(['x-amz-content-sha256']) })) as Signed;
    const { 'x-amz-content-sha256': _dropped, ...headers } = bare.headers;
    const req = wire({ ...bare, headers });
    expect(req.query).not.toContain('Content-Sha256');
    verify(req, S3_RULES, signingDate, key);
  });
});
