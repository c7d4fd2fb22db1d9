import { createHash, createHmac } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  canonicalRequest,
  canonicalUri,
  canonicalUriOfDecodedPath,
  checkRequestTime,
  deriveSigningKey,
  readSignatureClaim,
  requireSigningService,
  SigningKeyCache,
  stringToSign,
  verifySignature,
  type HttpRequestParts,
  type SignatureClaim,
} from '../../src/auth/sigv4.js';
import { AwsError } from '../../src/protocol/errors.js';
import { loadVectors, parseRequest, withHeader, type Vector } from './sigv4-harness.js';

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';
const SIGNED_AT = new Date('2015-08-30T12:36:00Z');
const MISMATCH =
  'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.';

// The README's list of unnormalized cases whose path changes under normalisation: a
// normalising (IAM/STS) verifier must reject them. Every other case must be accepted.
const REJECTED_BY_NORMALISATION = new Set([
  'get-relative-unnormalized',
  'get-relative-relative-unnormalized',
  'get-slash-dot-slash-unnormalized',
  'get-slash-pointless-dot-unnormalized',
  'get-slash-unnormalized',
  'get-slashes-unnormalized',
]);

const vectors = loadVectors();
const key = deriveSigningKey(SECRET, '20150830', 'us-east-1', 'service');

function errorOf(fn: () => unknown): AwsError {
  try {
    fn();
  } catch (e) {
    if (e instanceof AwsError) return e;
    throw e;
  }
  throw new Error('expected an AwsError, but nothing was thrown');
}

function verify(req: HttpRequestParts, now = SIGNED_AT, signingKey = key): void {
  verifySignature(req, readSignatureClaim(req), signingKey, now);
}

function expectAwsError(fn: () => unknown, code: string, message: string): void {
  const e = errorOf(fn);
  expect({ code: e.code, message: e.message }).toEqual({ code, message });
}

function signedRequest(v: Vector, form: 'header' | 'query'): HttpRequestParts {
  return parseRequest(v.read(`${form}-signed-request.txt`));
}

function variantFor(v: Vector, req: HttpRequestParts) {
  // The vectors sign the raw path once; on the wire it is encoded, so their canonical URI is
  // the "decoded" convention whenever the harness had something to escape.
  return { path: req.path.includes('%') ? ('decoded' as const) : ('double' as const), sessionTokenSigned: v.context.omit_session_token !== true };
}

describe('the signing key', () => {
  it('derives the key given in the vectors README', () => {
    expect(key.toString('hex')).toBe('938127b5336810ddb6a5d6af445fcac9e371f9ed418ed386b022aed82901be75');
  });
});

describe('AWS SigV4 test suite', () => {
  it('has all 38 cases', () => {
    expect(vectors).toHaveLength(38);
  });

  for (const v of vectors) {
    const rejected = REJECTED_BY_NORMALISATION.has(v.name);
    for (const form of ['header', 'query'] as const) {
      describe(`${v.name} (${form}-signed)`, () => {
        const req = signedRequest(v, form);

        it('reads the claim the request makes', () => {
          const claim = readSignatureClaim(req);
          expect(claim).toMatchObject({
            form,
            accessKeyId: 'AKIDEXAMPLE',
            scopeDate: '20150830',
            region: 'us-east-1',
            service: 'service',
            credentialScope: '20150830/us-east-1/service/aws4_request',
            amzDate: '20150830T123600Z',
            requestTime: SIGNED_AT.getTime(),
            signature: v.read(`${form}-signature.txt`).trim(),
          });
          const signedLine = v.read(`${form}-canonical-request.txt`).split('\n').at(-2);
          expect(claim.signedHeaders.join(';')).toBe(signedLine);
          if (v.context.credentials.token !== undefined) expect(claim.sessionToken).toBe(v.context.credentials.token);
          if (form === 'query') expect(claim.expiresSeconds).toBe(v.context.expiration_in_seconds);
        });

        if (rejected) {
          it('is rejected: its signed path is not the normalised one', () => {
            const claim = readSignatureClaim(req);
            expect(canonicalRequest(req, claim)).not.toBe(v.read(`${form}-canonical-request.txt`));
            expectAwsError(() => verify(req), 'SignatureDoesNotMatch', MISMATCH);
          });
          return;
        }

        it('builds the same canonical request and string to sign', () => {
          const claim = readSignatureClaim(req);
          const creq = canonicalRequest(req, claim, variantFor(v, req));
          expect(creq).toBe(v.read(`${form}-canonical-request.txt`));
          const sts = stringToSign(claim, creq);
          expect(sts).toBe(v.read(`${form}-string-to-sign.txt`));
          expect(createHmac('sha256', key).update(sts).digest('hex')).toBe(v.read(`${form}-signature.txt`).trim());
        });

        it('verifies', () => {
          expect(() => verify(req)).not.toThrow();
        });

        if (form === 'query') {
          it("verifies under S3's X-Amz-Expires rule too", () => {
            const claim = readSignatureClaim(req);
            expect(() => verifySignature(req, claim, key, SIGNED_AT, { presignedLifetime: 'x-amz-expires' })).not.toThrow();
          });
        }
      });
    }
  }

  it('accepts an obs-fold header whether it arrives raw or unfolded', () => {
    const v = vectors.find((x) => x.name === 'get-header-value-multiline')!;
    for (const fold of ['raw', 'unfolded'] as const) {
      const req = parseRequest(v.read('header-signed-request.txt'), { fold });
      expect(canonicalRequest(req, readSignatureClaim(req))).toBe(v.read('header-canonical-request.txt'));
      expect(() => verify(req)).not.toThrow();
    }
  });

  it('signs the path an SDK sends pre-encoded with one more encoding', () => {
    expect(canonicalUri('/example%20space/')).toBe('/example%2520space/');
    expect(canonicalUri('/%E1%88%B4')).toBe('/%25E1%2588%25B4');
    expect(canonicalUri('//a/./b/../c//')).toBe('/a/c/');
    expect(canonicalUri('/a/../..')).toBe('/');
    expect(canonicalUriOfDecodedPath('/example%20space/')).toBe('/example%20space/');
    expect(canonicalUriOfDecodedPath('/%e1%88%b4')).toBe('/%E1%88%B4');
    expect(canonicalUriOfDecodedPath('/plain')).toBeUndefined();
    expect(canonicalUriOfDecodedPath('/broken%zz')).toBeUndefined();
  });
});

// The failure cases start from real vectors and change one thing.
const vector = (name: string) => vectors.find((x) => x.name === name)!;
const vanillaHeader = () => signedRequest(vector('get-vanilla'), 'header');
const vanillaQuery = () => signedRequest(vector('get-vanilla'), 'query');
const authorizationOf = (req: HttpRequestParts) => req.headers.find(([n]) => n === 'Authorization')![1];
const withAuthorization = (value: string) => withHeader(vanillaHeader(), 'Authorization', value);
const withQuery = (req: HttpRequestParts, change: (params: URLSearchParams) => void): HttpRequestParts => {
  const params = new URLSearchParams(req.query);
  change(params);
  return { ...req, query: params.toString().replace(/\+/g, '%20') };
};
const base64Sha256 = (s: string) => createHash('sha256').update(s).digest('base64');

describe('rejecting a request that was not signed with the right key', () => {
  it('answers SignatureDoesNotMatch for a wrong secret, in both forms', () => {
    const wrong = deriveSigningKey(SECRET.replace('K7', 'K8'), '20150830', 'us-east-1', 'service');
    expectAwsError(() => verify(vanillaHeader(), SIGNED_AT, wrong), 'SignatureDoesNotMatch', MISMATCH);
    expectAwsError(() => verify(vanillaQuery(), SIGNED_AT, wrong), 'SignatureDoesNotMatch', MISMATCH);
  });

  it('answers SignatureDoesNotMatch when the signature differs in one character', () => {
    const req = vanillaHeader();
    const auth = authorizationOf(req);
    const tampered = auth.slice(0, -1) + (auth.endsWith('0') ? '1' : '0');
    expectAwsError(() => verify(withHeader(req, 'Authorization', tampered)), 'SignatureDoesNotMatch', MISMATCH);
    const upper = auth.replace(/Signature=([0-9a-f]+)$/, (_m, sig: string) => `Signature=${sig.toUpperCase()}`);
    expectAwsError(() => verify(withHeader(req, 'Authorization', upper)), 'SignatureDoesNotMatch', MISMATCH);
  });

  it('rejects an altered body whose hash was signed in x-amz-content-sha256', () => {
    const req = signedRequest(vector('post-x-www-form-urlencoded'), 'header');
    expectAwsError(
      () => verify({ ...req, body: Buffer.from('Param1=value2') }),
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. The x-amz-content-sha256 header must be the hex SHA-256 of the body; IAM and STS do not accept UNSIGNED-PAYLOAD.',
    );
  });

  it('rejects an altered body in the presigned form and without x-amz-content-sha256', () => {
    const query = signedRequest(vector('post-x-www-form-urlencoded'), 'query');
    expectAwsError(() => verify({ ...query, body: Buffer.from('Param1=value2') }), 'SignatureDoesNotMatch', MISMATCH);
    const plain = signedRequest(vector('post-vanilla'), 'header');
    expectAwsError(() => verify({ ...plain, body: Buffer.from('Action=DeleteUser') }), 'SignatureDoesNotMatch', MISMATCH);
  });

  it('refuses UNSIGNED-PAYLOAD even when it is correctly signed (the withdrawn vector)', () => {
    const text = readFileSync(fileURLToPath(new URL('../fixtures/sigv4/v4-withdrawn/post-unsigned-payload/header-signed-request.txt', import.meta.url)), 'utf8');
    expectAwsError(
      () => verify(parseRequest(text)),
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. The x-amz-content-sha256 header must be the hex SHA-256 of the body; IAM and STS do not accept UNSIGNED-PAYLOAD.',
    );
  });

  it('rejects an altered signed header, and ignores an unsigned one', () => {
    const req = signedRequest(vector('get-header-value-trim'), 'header');
    expectAwsError(() => verify(withHeader(req, 'My-Header1', 'value2')), 'SignatureDoesNotMatch', MISMATCH);
    expect(() => verify(withHeader(req, 'User-Agent', 'aws-cli/2'))).not.toThrow();
  });

  it('rejects a second value added to a signed header', () => {
    const req = vanillaHeader();
    expectAwsError(() => verify({ ...req, headers: [...req.headers, ['host', 'evil.example']] }), 'SignatureDoesNotMatch', MISMATCH);
  });

  it('rejects a request missing a header it lists in SignedHeaders', () => {
    const req = withHeader(signedRequest(vector('get-header-value-trim'), 'header'), 'My-Header2', undefined);
    expectAwsError(
      () => verify(req),
      'SignatureDoesNotMatch',
      "The request signature we calculated does not match the signature you provided. The header 'my-header2' is listed in SignedHeaders but is not in the request.",
    );
  });

  it('refuses a SignedHeaders list that names a header twice', () => {
    const auth = authorizationOf(vanillaHeader()).replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=host;x-amz-date;host');
    expectAwsError(
      () => readSignatureClaim(withAuthorization(auth)),
      'SignatureDoesNotMatch',
      'The request signature we calculated does not match the signature you provided. SignedHeaders lists a header more than once.',
    );
  });

  it('canonicalises the same way when a request carries hundreds of headers', () => {
    const req = signedRequest(vector('get-header-key-duplicate'), 'header');
    const padded = { ...req, headers: [...Array.from({ length: 300 }, (_, i) => [`X-Padding-${i}`, 'x'] as const), ...req.headers.map(([n, v]) => [n.toUpperCase(), v] as const)] };
    expect(canonicalRequest(padded, readSignatureClaim(padded))).toBe(vector('get-header-key-duplicate').read('header-canonical-request.txt'));
    expect(() => verify(padded)).not.toThrow();
  });

  it('rejects an altered query parameter', () => {
    const req = signedRequest(vector('get-vanilla-query-order-key-case'), 'header');
    expectAwsError(() => verify({ ...req, query: req.query.replace('value1', 'value3') }), 'SignatureDoesNotMatch', MISMATCH);
  });

  it('reads a query string with a broken escape as MalformedQueryString', () => {
    expectAwsError(() => readSignatureClaim({ ...vanillaHeader(), query: 'a=%zz' }), 'MalformedQueryString', 'Illegal hex character in escape % pattern: %zz');
    expectAwsError(() => readSignatureClaim({ ...vanillaHeader(), query: 'a=b%2' }), 'MalformedQueryString', 'Incomplete trailing escape % sequence');
  });
});

describe('the request time', () => {
  it('rejects a header-signed request more than 15 minutes old with the message IAM and STS send', () => {
    expectAwsError(
      () => verify(vanillaHeader(), new Date('2015-08-30T12:56:00Z')),
      'SignatureDoesNotMatch',
      'Signature expired: 20150830T123600Z is now earlier than 20150830T124100Z (20150830T125600Z - 15 min.)',
    );
  });

  it('rejects a request dated more than 15 minutes ahead', () => {
    expectAwsError(
      () => verify(vanillaHeader(), new Date('2015-08-30T12:20:59Z')),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
    );
  });

  it('accepts exactly 15 minutes either way', () => {
    expect(() => verify(vanillaHeader(), new Date('2015-08-30T12:51:00Z'))).not.toThrow();
    expect(() => verify(vanillaHeader(), new Date('2015-08-30T12:21:00Z'))).not.toThrow();
    expect(() => verify(vanillaHeader(), new Date('2015-08-30T12:51:00.999Z'))).not.toThrow();
  });

  it('treats a presigned URL like IAM and STS do: 15 minutes, whatever X-Amz-Expires says', () => {
    expectAwsError(
      () => verify(vanillaQuery(), new Date('2015-08-30T12:51:01Z')),
      'SignatureDoesNotMatch',
      'Signature expired: 20150830T123600Z is now earlier than 20150830T123601Z (20150830T125101Z - 15 min.)',
    );
    expectAwsError(
      () => verify(vanillaQuery(), new Date('2015-08-30T12:20:59Z')),
      'SignatureDoesNotMatch',
      'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
    );
  });

  describe("with S3's X-Amz-Expires rule", () => {
    const s3 = { presignedLifetime: 'x-amz-expires' } as const;
    const check = (req: HttpRequestParts, now: Date) => verifySignature(req, readSignatureClaim(req), key, now, s3);

    it('accepts the URL until X-Amz-Date + X-Amz-Expires and rejects it after', () => {
      expect(() => check(vanillaQuery(), new Date('2015-08-30T13:36:00Z'))).not.toThrow();
      expectAwsError(() => check(vanillaQuery(), new Date('2015-08-30T13:36:01Z')), 'AccessDenied', 'Request has expired');
    });

    it('still refuses a date more than 15 minutes in the future', () => {
      expectAwsError(
        () => check(vanillaQuery(), new Date('2015-08-30T12:20:59Z')),
        'SignatureDoesNotMatch',
        'Signature not yet current: 20150830T123600Z is still later than 20150830T123559Z (20150830T122059Z + 15 min.)',
      );
    });

    it('validates X-Amz-Expires with S3 wording', () => {
      const claimWith = (expires: string | null): SignatureClaim => {
        const req = withQuery(vanillaQuery(), (p) => (expires === null ? p.delete('X-Amz-Expires') : p.set('X-Amz-Expires', expires)));
        return readSignatureClaim(req);
      };
      const time = (expires: string | null) => () => checkRequestTime(claimWith(expires), SIGNED_AT, s3);
      expectAwsError(time('abc'), 'IncompleteSignature', 'X-Amz-Expires should be a number');
      expectAwsError(time('-5'), 'IncompleteSignature', 'X-Amz-Expires must be non-negative');
      expectAwsError(
        time('604801'),
        'IncompleteSignature',
        'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
      );
      expectAwsError(time(null), 'IncompleteSignature', "AWS query-string parameters must include 'X-Amz-Expires'. Re-examine the query-string parameters.");
      expect(time('604800')).not.toThrow();
      // and under the default, IAM's rule, none of this matters
      expect(() => checkRequestTime(claimWith('abc'), SIGNED_AT)).not.toThrow();
    });
  });

  it('takes the date from the Date header when X-Amz-Date is absent', () => {
    const httpDate = 'Sun, 30 Aug 2015 12:36:00 GMT';
    const creq = ['GET', '/', '', `date:${httpDate}`, 'host:example.amazonaws.com', '', 'date;host', createHash('sha256').update('').digest('hex')].join('\n');
    const sts = ['AWS4-HMAC-SHA256', '20150830T123600Z', '20150830/us-east-1/service/aws4_request', createHash('sha256').update(creq).digest('hex')].join('\n');
    const signature = createHmac('sha256', key).update(sts).digest('hex');
    const req: HttpRequestParts = {
      method: 'GET',
      path: '/',
      query: '',
      body: Buffer.alloc(0),
      headers: [
        ['Host', 'example.amazonaws.com'],
        ['Date', httpDate],
        ['Authorization', `AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=date;host, Signature=${signature}`],
      ],
    };
    expect(readSignatureClaim(req).amzDate).toBe('20150830T123600Z');
    expect(() => verify(req)).not.toThrow();
    for (const obsolete of ['Sunday, 30-Aug-15 12:36:00 GMT', 'Sun Aug 30 12:36:00 2015']) {
      expect(readSignatureClaim(withHeader(req, 'Date', obsolete)).amzDate).toBe('20150830T123600Z');
    }
  });
});

describe('reading a malformed or missing signature', () => {
  it('answers MissingAuthenticationToken when there is no SigV4 at all', () => {
    const bare = withHeader(vanillaHeader(), 'Authorization', undefined);
    expectAwsError(() => readSignatureClaim(bare), 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    expectAwsError(() => readSignatureClaim(withAuthorization('Basic dXNlcjpwYXNz')), 'MissingAuthenticationToken', 'Request is missing Authentication Token');
    expectAwsError(
      () => readSignatureClaim(withAuthorization('AWS AKIDEXAMPLE:qaNdqGsI6bq4Hi+9Gzovwyjbh0E=')),
      'MissingAuthenticationToken',
      'Request is missing Authentication Token',
    );
  });

  it('lists every missing Authorization parameter, with the header hashed rather than echoed', () => {
    const value = 'AWS4-HMAC-SHA256';
    expectAwsError(
      () => readSignatureClaim(withAuthorization(value)),
      'IncompleteSignature',
      "Authorization header requires 'Credential' parameter. Authorization header requires 'Signature' parameter. " +
        "Authorization header requires 'SignedHeaders' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization=" +
        base64Sha256(value),
    );
  });

  it('names a missing Signature alone, and an absent date', () => {
    const value = 'AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date';
    expectAwsError(
      () => readSignatureClaim(withAuthorization(value)),
      'IncompleteSignature',
      `Authorization header requires 'Signature' parameter. (Hashed with SHA-256 and encoded with Base64) Authorization=${base64Sha256(value)}`,
    );
    const undated = withHeader(vanillaHeader(), 'X-Amz-Date', undefined);
    expectAwsError(
      () => readSignatureClaim(undated),
      'IncompleteSignature',
      `Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. (Hashed with SHA-256 and encoded with Base64) Authorization=${base64Sha256(authorizationOf(undated))}`,
    );
  });

  it('rejects a parameter without an equals sign', () => {
    const value = 'AWS4-HMAC-SHA256 Credential= AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=5fa0';
    expectAwsError(
      () => readSignatureClaim(withAuthorization(value)),
      'IncompleteSignature',
      `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${base64Sha256(value)}'.`,
    );
  });

  it('rejects an X-Amz-Date that is not ISO 8601 basic format', () => {
    expectAwsError(
      () => readSignatureClaim(withHeader(vanillaHeader(), 'X-Amz-Date', '2015-08-30T12:36:00Z')),
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '2015-08-30T12:36:00Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
    expectAwsError(
      () => readSignatureClaim(withHeader(vanillaHeader(), 'X-Amz-Date', '20150230T123600Z')),
      'IncompleteSignature',
      "Date must be in ISO-8601 'basic format'. Got '20150230T123600Z'. See http://en.wikipedia.org/wiki/ISO_8601",
    );
  });

  it('requires host among the signed headers, in both forms', () => {
    const auth = authorizationOf(vanillaHeader()).replace('SignedHeaders=host;x-amz-date', 'SignedHeaders=x-amz-date');
    expectAwsError(() => readSignatureClaim(withAuthorization(auth)), 'SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
    const query = withQuery(vanillaQuery(), (p) => p.set('X-Amz-SignedHeaders', 'my-header1'));
    expectAwsError(() => readSignatureClaim(query), 'SignatureDoesNotMatch', "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.");
  });

  it('does not require x-amz-date to be signed: the date is bound by the string to sign', () => {
    const claim = readSignatureClaim(withAuthorization(authorizationOf(vanillaHeader()).replace('host;x-amz-date', 'host')));
    expect(claim.signedHeaders).toEqual(['host']);
  });

  it('rejects another algorithm', () => {
    expectAwsError(
      () => readSignatureClaim(withAuthorization(authorizationOf(vanillaHeader()).replace('AWS4-HMAC-SHA256', 'AWS4-HMAC-SHA512'))),
      'IncompleteSignature',
      "Unsupported AWS 'algorithm': 'AWS4-HMAC-SHA512' (only AWS4-HMAC-SHA256 for now). ",
    );
    const sigv4a = withQuery(vanillaQuery(), (p) => p.set('X-Amz-Algorithm', 'AWS4-ECDSA-P256-SHA256'));
    expectAwsError(() => readSignatureClaim(sigv4a), 'MissingAuthenticationToken', 'Request is missing Authentication Token');
  });

  it('rejects a credential without five parts', () => {
    const auth = authorizationOf(vanillaHeader()).replace('AKIDEXAMPLE/20150830/us-east-1/service/aws4_request', 'AKIDEXAMPLE/20150830/us-east-1/aws4_request');
    expectAwsError(
      () => readSignatureClaim(withAuthorization(auth)),
      'IncompleteSignature',
      "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got 'AKIDEXAMPLE/20150830/us-east-1/aws4_request'",
    );
  });

  it('reports every credential-scope problem at once', () => {
    const auth = authorizationOf(vanillaHeader()).replace('AKIDEXAMPLE/20150830/us-east-1/service/aws4_request', 'AKIDEXAMPLE/20150831//service/aws5_request');
    expectAwsError(
      () => readSignatureClaim(withAuthorization(auth)),
      'SignatureDoesNotMatch',
      "Credential should be scoped to a valid region, not ''. " +
        "Credential should be scoped with a valid terminator: 'aws4_request', not 'aws5_request'. " +
        "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '20150831' != '20150830', from '20150830T123600Z'. ",
    );
  });

  it('accepts any region and leaves the service to the caller', () => {
    const auth = authorizationOf(vanillaHeader()).replace('us-east-1/service', 'eu-gatehouse-7/sts');
    const claim = readSignatureClaim(withAuthorization(auth));
    expect(claim).toMatchObject({ region: 'eu-gatehouse-7', service: 'sts' });
    expect(() => requireSigningService(claim, 'sts')).not.toThrow();
    expectAwsError(() => requireSigningService(claim, 'iam'), 'SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. ");
  });

  it('refuses a request that carries both forms', () => {
    const both = { ...vanillaHeader(), query: vanillaQuery().query };
    expectAwsError(() => readSignatureClaim(both), 'SignatureDoesNotMatch', "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.");
  });

  it('lists the missing presigned parameters', () => {
    const req = withQuery(vanillaQuery(), (p) => {
      p.delete('X-Amz-Signature');
      p.delete('X-Amz-Date');
    });
    expectAwsError(
      () => readSignatureClaim(req),
      'IncompleteSignature',
      "AWS query-string parameters must include 'X-Amz-Signature'. AWS query-string parameters must include 'X-Amz-Date'. Re-examine the query-string parameters.",
    );
  });
});

describe('session tokens', () => {
  it('accepts a presigned token either inside or outside the signed query, and reports it', () => {
    const before = signedRequest(vector('post-sts-header-before'), 'query');
    const after = signedRequest(vector('post-sts-header-after'), 'query');
    expect(() => verify(before)).not.toThrow();
    expect(() => verify(after)).not.toThrow();
    expect(readSignatureClaim(after).sessionToken).toBe(vector('post-sts-header-after').context.credentials.token);
  });

  it('still binds the token when it was signed: changing it breaks the signature', () => {
    const before = signedRequest(vector('post-sts-header-before'), 'query');
    const swapped = withQuery(before, (p) => p.set('X-Amz-Security-Token', 'another-token'));
    expectAwsError(() => verify(swapped), 'SignatureDoesNotMatch', MISMATCH);
    const header = signedRequest(vector('post-sts-header-before'), 'header');
    expectAwsError(() => verify(withHeader(header, 'X-Amz-Security-Token', 'another-token')), 'SignatureDoesNotMatch', MISMATCH);
  });
});

describe('SigningKeyCache', () => {
  const claimFor = (overrides: Partial<SignatureClaim> = {}): SignatureClaim => ({ ...readSignatureClaim(vanillaHeader()), ...overrides });

  it('derives a key once per access key, day, region and service', () => {
    const cache = new SigningKeyCache();
    let loads = 0;
    const load = () => {
      loads++;
      return SECRET;
    };
    expect(cache.get(claimFor(), load).equals(key)).toBe(true);
    expect(cache.get(claimFor(), load).equals(key)).toBe(true);
    expect(loads).toBe(1);
    cache.get(claimFor({ region: 'eu-west-1' }), load);
    cache.get(claimFor({ service: 'sts' }), load);
    cache.get(claimFor({ scopeDate: '20150831' }), load);
    cache.get(claimFor({ accessKeyId: 'AKIDOTHER' }), load);
    expect(loads).toBe(5);
    expect(cache.get(claimFor({ region: 'eu-west-1' }), load).equals(deriveSigningKey(SECRET, '20150830', 'eu-west-1', 'service'))).toBe(true);
  });

  it('keeps at most maxEntries keys, dropping the least recently used', () => {
    const cache = new SigningKeyCache(2);
    const loaded: string[] = [];
    const get = (region: string) => cache.get(claimFor({ region }), () => (loaded.push(region), SECRET));
    get('a');
    get('b');
    get('a');
    get('c');
    expect(cache.size).toBe(2);
    get('a');
    get('b');
    expect(loaded).toEqual(['a', 'b', 'c', 'b']);
  });

  it('forgets an evicted access key and does not keep the secret', () => {
    const cache = new SigningKeyCache();
    cache.get(claimFor(), () => SECRET);
    cache.get(claimFor({ accessKeyId: 'AKIDOTHER' }), () => SECRET);
    cache.evict('AKIDEXAMPLE');
    expect(cache.size).toBe(1);
    expect(JSON.stringify([...Object.values(cache)])).not.toContain(SECRET);
    expect(() => new SigningKeyCache(0)).toThrow(RangeError);
  });

  it('does not cache a key whose secret could not be loaded', () => {
    const cache = new SigningKeyCache();
    const unknown = () => {
      throw new AwsError('InvalidClientTokenId', 'The security token included in the request is invalid.');
    };
    expect(() => cache.get(claimFor(), unknown)).toThrow(AwsError);
    expect(cache.size).toBe(0);
  });
});
