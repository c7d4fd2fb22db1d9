/**
 * AWS Signature Version 4 verification for the IAM and STS Query APIs, in both forms: the
 * Authorization header and the presigned query string. The steps:
 *
 *   readSignatureClaim   what the request says about itself (who, when, which headers) — no secrets
 *   checkRequestTime     the ±15-minute window; AWS checks it right after the date's format, so a
 *                        caller may call it before looking the key up (verifySignature calls it too)
 *   SigningKeyCache.get  the day's signing key for the access key, derived at most once
 *   verifySignature      rebuild the canonical request and compare signatures in constant time
 *
 * References: "Create a signed AWS API request"
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html), "Elements of an
 * AWS API request signature" (…/reference_sigv-signing-elements.html) and "Troubleshoot signed
 * requests" (…/reference_sigv-troubleshooting.html). Where AWS documents no wording, the messages
 * follow what AWS's services were observed to return (see the notes on each message below).
 */
import * as crypto from 'node:crypto';
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { AwsError } from '../protocol/errors.js';
import {
  canonicalHeaderValue,
  canonicalQueryComponent,
  canonicalUri,
  canonicalUriOfDecodedPath,
  decodeQueryComponent,
  s3CanonicalUri,
  formatAmzDate,
  parseAmzDate,
  parseHttpDate,
  splitQuery,
  type QueryPair,
} from './sigv4-canonical.js';

export { canonicalHeaderValue, canonicalQueryComponent, canonicalUri, canonicalUriOfDecodedPath, normalizePath, s3CanonicalUri } from './sigv4-canonical.js';

export interface HttpRequestParts {
  method: string;
  /** request-target path exactly as on the wire, still percent-encoded, without '?…' */
  path: string;
  /** raw query string as sent, without the leading '?', '' if none */
  query: string;
  /** name/value pairs in arrival order (node's req.rawHeaders paired up) */
  headers: ReadonlyArray<readonly [string, string]>;
  body: Buffer;
}

export interface SignatureClaim {
  form: 'header' | 'query';
  accessKeyId: string;
  /** YYYYMMDD from the credential scope */
  scopeDate: string;
  region: string;
  /** whatever the scope names; the caller decides which services it serves (see requireSigningService) */
  service: string;
  /** `${scopeDate}/${region}/${service}/aws4_request`, as it goes into the string to sign */
  credentialScope: string;
  /** request time in ISO 8601 basic format, as it goes into the string to sign */
  amzDate: string;
  /** the same moment in epoch milliseconds */
  requestTime: number;
  /** lower-case, in the order the client listed them */
  signedHeaders: string[];
  signature: string;
  sessionToken?: string;
  /** X-Amz-Expires as sent (query form only) */
  expires?: string;
  /** X-Amz-Expires when it is a whole number of seconds */
  expiresSeconds?: number;
}

/**
 * How long a presigned (query-form) request stays valid.
 *
 * 'fixed-window' (default) is what IAM and STS do: X-Amz-Expires is ignored and the request is
 * good for 15 minutes either side of X-Amz-Date, exactly like a header-signed one. Observed on
 * AWS: STS accepts presigned GetCallerIdentity URLs for 15 minutes whatever X-Amz-Expires says
 * (aws/aws-sdk-go#2167; EKS tokens rely on it, signing X-Amz-Expires=60 and living 15 minutes),
 * and IAM accepts an omitted, non-numeric or out-of-range X-Amz-Expires (versity/versitygw
 * iamapi, "confirmed live" against IAM ListUsers).
 *
 * 'x-amz-expires' is S3's rule: valid from X-Amz-Date until X-Amz-Date + X-Amz-Expires (at most
 * 604800), never more than 15 minutes early, with S3's messages
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-query-string-auth.html).
 */
export type PresignedLifetime = 'fixed-window' | 'x-amz-expires';

export interface VerifyOptions {
  presignedLifetime?: PresignedLifetime;
  /**
   * The body's SHA-256 in lower-case hex, when whoever received the body hashed it: the
   * authorize API is sent the hash of a request that another service received, never its
   * body. When given, req.body is not read.
   */
  payloadHash?: string;
  /**
   * What the canonical request takes as its payload hash (its last line).
   *
   * 'body' (default) is what IAM, STS and every AWS service but S3 do: the body's hash, which
   * a signed x-amz-content-sha256 must equal; UNSIGNED-PAYLOAD is refused.
   *
   * 's3' is S3's rule: the x-amz-content-sha256 header as sent — a hash, which must be the
   * body's, or UNSIGNED-PAYLOAD, or one of the STREAMING-* values of chunked uploads — and
   * UNSIGNED-PAYLOAD for a presigned URL without it
   * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html,
   * …/sigv4-streaming.html, …/sigv4-query-string-auth.html). With UNSIGNED-PAYLOAD and
   * STREAMING-* the signature does not cover the body: that is S3's contract with its
   * clients, and chunk signatures or checksums are the receiving service's to check.
   */
  payloadRule?: 'body' | 's3';
  /**
   * How the canonical URI is built from the wire path. 'normalized' (default): normalised and
   * encoded once more (the two conventions of CanonicalVariant). 's3': used as sent, no
   * normalisation, encoded once (s3CanonicalUri).
   */
  pathRule?: 'normalized' | 's3';
}

/** Everything S3 does differently: X-Amz-Expires, the payload hash as sent, the path as sent. */
export const S3_RULES: Readonly<VerifyOptions> = Object.freeze({ presignedLifetime: 'x-amz-expires', payloadRule: 's3', pathRule: 's3' });

const ALGORITHM = 'AWS4-HMAC-SHA256';
const TERMINATOR = 'aws4_request';
const SKEW_MS = 15 * 60_000;
const MAX_EXPIRES_SECONDS = 604_800;
const HEX_SIGNATURE = /^[0-9a-f]{64}$/;
const WHOLE_SECONDS = /^\d+$/;
const NEGATIVE_INTEGER = /^-\d+$/;
const AUTH_PARAM_SEPARATOR = /[\s,]+/;
const FIRST_WHITESPACE = /\s/;

// AWS's wording. Sources: dynalite's captures of AWS's Coral responses (mhart/dynalite index.js),
// scratchstack-aws-signature (dacut; mirrors AWS's auth error ordering), versity/versitygw's IAM
// front end (checked against real IAM), the IAM troubleshooting page above, and the error reports
// in aws/aws-cli#6676, aws/aws-sdk-js#265 and cognitect-labs/aws-api#27 (STS). Several messages end
// in ". " because AWS's do: it concatenates sentences that each end with a space.
const MSG = {
  missingToken: 'Request is missing Authentication Token',
  mismatch:
    'The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.',
  bothForms: "Found both 'X-Amz-Algorithm' as a query-string param and 'Authorization' as HTTP header.",
  hostNotSigned: "'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.",
  headerRequires: (name: string) => `Authorization header requires '${name}' parameter.`,
  headerRequiresDate: "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.",
  hashedAuthorization: (digest: string) => `(Hashed with SHA-256 and encoded with Base64) Authorization=${digest}`,
  missingEquals: (digest: string) =>
    `Invalid key=value pair (missing equal-sign) in Authorization header (hashed with SHA-256 and encoded with Base64): '${digest}'.`,
  queryRequires: (name: string) => `AWS query-string parameters must include '${name}'.`,
  reexamineQuery: 'Re-examine the query-string parameters.',
  badDate: (value: string) => `Date must be in ISO-8601 'basic format'. Got '${value}'. See http://en.wikipedia.org/wiki/ISO_8601`,
  unsupportedAlgorithm: (alg: string) => `Unsupported AWS 'algorithm': '${alg}' (only AWS4-HMAC-SHA256 for now). `,
  credentialParts: (credential: string) =>
    `Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, got '${credential}'`,
  scopeRegion: (region: string) => `Credential should be scoped to a valid region, not '${region}'. `,
  scopeService: (service: string) => `Credential should be scoped to correct service: '${service}'. `,
  scopeTerminator: (term: string) => `Credential should be scoped with a valid terminator: 'aws4_request', not '${term}'. `,
  scopeDate: (scopeDate: string, requestDate: string, amzDate: string) =>
    `Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '${scopeDate}' != '${requestDate}', from '${amzDate}'. `,
  expired: (amzDate: string, now: number) =>
    `Signature expired: ${amzDate} is now earlier than ${formatAmzDate(now - SKEW_MS)} (${formatAmzDate(now)} - 15 min.)`,
  notYetCurrent: (amzDate: string, now: number) =>
    `Signature not yet current: ${amzDate} is still later than ${formatAmzDate(now + SKEW_MS)} (${formatAmzDate(now)} + 15 min.)`,
  // AWS has no distinct message for these three; each says which part of the request did not
  // match so a client author can find the bug, and none says anything about the key.
  signedHeaderAbsent: (name: string) =>
    `The request signature we calculated does not match the signature you provided. The header '${name}' is listed in SignedHeaders but is not in the request.`,
  signedHeaderRepeated: 'The request signature we calculated does not match the signature you provided. SignedHeaders lists a header more than once.',
  payloadHashMismatch:
    "The request signature we calculated does not match the signature you provided. The x-amz-content-sha256 header must be the hex SHA-256 of the body; IAM and STS do not accept UNSIGNED-PAYLOAD.",
  // S3's own wording for a declared hash that is not the body's (XAmzContentSHA256Mismatch) and
  // for a value that is neither a hash nor one of its literals (InvalidArgument), under the code
  // every SigV4 failure carries here.
  s3PayloadHashMismatch: "The provided 'x-amz-content-sha256' header does not match what was computed.",
  s3PayloadHashInvalid: (value: string) =>
    `x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD, STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER or a valid sha256 value; got '${value}'.`,
  // S3's wording for the same checks (AuthorizationQueryParametersError / AccessDenied), used
  // only with presignedLifetime 'x-amz-expires'.
  expiresNotNumber: 'X-Amz-Expires should be a number',
  expiresNegative: 'X-Amz-Expires must be non-negative',
  expiresTooLarge:
    'X-Amz-Expires must be less than a week (in seconds); that is, the given X-Amz-Expires must be less than 604800 seconds',
  presignExpired: 'Request has expired',
} as const;

const mismatch = (message: string = MSG.mismatch) => new AwsError('SignatureDoesNotMatch', message);
const incomplete = (message: string) => new AwsError('IncompleteSignature', message);
const missingToken = () => new AwsError('MissingAuthenticationToken', MSG.missingToken);

// Newer AWS front ends no longer echo a malformed Authorization header; they print its SHA-256
// so the client can match it against what it sent without the service reflecting the value.
const hashedHeader = (value: string) => createHash('sha256').update(value, 'utf8').digest('base64');

const ASCII_UPPER = /[A-Z]/;
const ASCII_UPPER_ALL = /[A-Z]/g;

/** Header names compare ASCII-case-insensitively (RFC 9110 §5.1); Unicode case folding would let 'K' (U+212A) pass for 'k'. */
function asciiLower(s: string): string {
  return ASCII_UPPER.test(s) ? s.replace(ASCII_UPPER_ALL, (c) => String.fromCharCode(c.charCodeAt(0) + 0x20)) : s;
}

/** ASCII case-insensitive comparison against a lower-case constant, without allocating. */
function isHeader(name: string, lower: string): boolean {
  if (name.length !== lower.length) return false;
  for (let i = 0; i < name.length; i++) {
    let c = name.charCodeAt(i);
    if (c >= 0x41 && c <= 0x5a) c += 0x20;
    if (c !== lower.charCodeAt(i)) return false;
  }
  return true;
}

function firstHeader(headers: HttpRequestParts['headers'], lower: string): string | undefined {
  for (const [name, value] of headers) if (isHeader(name, lower)) return value;
  return undefined;
}

/** The decoded value of the first query parameter named exactly `name`. */
function queryParam(pairs: readonly QueryPair[], name: string): string | undefined {
  for (const p of pairs) {
    if (p.rawKey === name || (p.rawKey.length >= name.length && decodeQueryComponent(p.rawKey) === name)) {
      return decodeQueryComponent(p.rawValue);
    }
  }
  return undefined;
}

/**
 * Reads what a request claims about its signature: form, credential scope, date, signed headers
 * and signature. Needs no secret and no clock. Throws AwsError for a request with no SigV4 at all
 * (MissingAuthenticationToken) or a malformed one (IncompleteSignature, SignatureDoesNotMatch,
 * MalformedQueryString), in the order AWS checks them.
 */
export function readSignatureClaim(req: HttpRequestParts): SignatureClaim {
  const pairs = splitQuery(req.query);
  let authorization: string | undefined;
  let amzDate: string | undefined;
  let date: string | undefined;
  let token: string | undefined;
  for (const [name, value] of req.headers) {
    if (authorization === undefined && isHeader(name, 'authorization')) authorization = value;
    else if (amzDate === undefined && isHeader(name, 'x-amz-date')) amzDate = value;
    else if (date === undefined && isHeader(name, 'date')) date = value;
    else if (token === undefined && isHeader(name, 'x-amz-security-token')) token = value;
  }
  const algorithmParam = queryParam(pairs, 'X-Amz-Algorithm');
  if (authorization !== undefined && algorithmParam !== undefined) throw mismatch(MSG.bothForms);
  if (algorithmParam !== undefined) return readQueryClaim(pairs, algorithmParam);
  // A Basic/Bearer/SigV2 header is no SigV4 attempt at all: AWS treats it as absent.
  if (authorization === undefined || !authorization.trimStart().startsWith('AWS4-')) throw missingToken();
  // An empty X-Amz-Date falls back to Date, as AWS's own check ("x-amz-date || date") does.
  return readHeaderClaim(authorization, amzDate || undefined, date || undefined, token);
}

function readHeaderClaim(authorization: string, amzDateHeader: string | undefined, dateHeader: string | undefined, token: string | undefined): SignatureClaim {
  const trimmed = authorization.trim();
  const cut = trimmed.search(FIRST_WHITESPACE);
  const algorithm = cut < 0 ? trimmed : trimmed.slice(0, cut);
  const params = new Map<string, string>();
  if (cut >= 0) {
    // AWS splits the parameters on commas and whitespace alike: "Credential= AKID/…" is two
    // tokens, the second without '=' (as in the reports in iann0036/cloud9-sync#10).
    for (const part of trimmed.slice(cut + 1).split(AUTH_PARAM_SEPARATOR)) {
      if (part === '') continue;
      const eq = part.indexOf('=');
      if (eq < 0) throw incomplete(MSG.missingEquals(hashedHeader(authorization)));
      params.set(part.slice(0, eq), part.slice(eq + 1));
    }
  }
  const credential = params.get('Credential');
  const signature = params.get('Signature');
  const signedHeaders = params.get('SignedHeaders');
  const missing: string[] = [];
  if (!credential) missing.push(MSG.headerRequires('Credential'));
  if (!signature) missing.push(MSG.headerRequires('Signature'));
  // SignedHeaders may be empty here; the Host check below rejects it.
  if (signedHeaders === undefined) missing.push(MSG.headerRequires('SignedHeaders'));
  if (amzDateHeader === undefined && dateHeader === undefined) missing.push(MSG.headerRequiresDate);
  if (missing.length > 0) throw incomplete(missing.join(' ') + ' ' + MSG.hashedAuthorization(hashedHeader(authorization)));

  const time = amzDateHeader !== undefined ? parseAmzDate(amzDateHeader) : parseHttpDate(dateHeader!);
  if (!time) throw incomplete(MSG.badDate(amzDateHeader ?? dateHeader!));
  return finishClaim('header', algorithm, credential!, signedHeaders!, signature!, time, token);
}

function readQueryClaim(pairs: readonly QueryPair[], algorithm: string): SignatureClaim {
  // A presigned request for another algorithm (SigV4a's AWS4-ECDSA-P256-SHA256) is not one AWS
  // IAM/STS can authenticate at all; scratchstack and versitygw both answer MissingAuthenticationToken.
  if (algorithm !== '' && algorithm !== ALGORITHM) throw missingToken();
  const credential = queryParam(pairs, 'X-Amz-Credential');
  const signature = queryParam(pairs, 'X-Amz-Signature');
  const signedHeaders = queryParam(pairs, 'X-Amz-SignedHeaders');
  const amzDate = queryParam(pairs, 'X-Amz-Date');
  const missing: string[] = [];
  if (!algorithm) missing.push(MSG.queryRequires('X-Amz-Algorithm'));
  if (!credential) missing.push(MSG.queryRequires('X-Amz-Credential'));
  if (!signature) missing.push(MSG.queryRequires('X-Amz-Signature'));
  if (!signedHeaders) missing.push(MSG.queryRequires('X-Amz-SignedHeaders'));
  if (!amzDate) missing.push(MSG.queryRequires('X-Amz-Date'));
  if (missing.length > 0) throw incomplete(missing.join(' ') + ' ' + MSG.reexamineQuery);

  const time = parseAmzDate(amzDate!);
  if (!time) throw incomplete(MSG.badDate(amzDate!));
  const claim = finishClaim('query', algorithm, credential!, signedHeaders!, signature!, time, queryParam(pairs, 'X-Amz-Security-Token'));
  const expires = queryParam(pairs, 'X-Amz-Expires');
  if (expires !== undefined) {
    claim.expires = expires;
    if (WHOLE_SECONDS.test(expires)) claim.expiresSeconds = Number(expires);
  }
  return claim;
}

function finishClaim(
  form: SignatureClaim['form'],
  algorithm: string,
  credential: string,
  signedHeaderList: string,
  signature: string,
  time: { amzDate: string; epochMs: number },
  token: string | undefined,
): SignatureClaim {
  const signedHeaders = signedHeaderList === '' ? [] : asciiLower(signedHeaderList).split(';');
  if (!signedHeaders.includes('host') && !signedHeaders.includes(':authority')) throw mismatch(MSG.hostNotSigned);
  // A name listed twice can only be a broken or hostile client; refusing it keeps building the
  // canonical headers linear in the request's size.
  if (signedHeaders.length > 1 && new Set(signedHeaders).size !== signedHeaders.length) throw mismatch(MSG.signedHeaderRepeated);
  if (algorithm !== ALGORITHM) throw incomplete(MSG.unsupportedAlgorithm(algorithm));

  // AWS ignores trailing slashes when counting the elements (observed by dynalite).
  let end = credential.length;
  while (end > 0 && credential.charCodeAt(end - 1) === 0x2f) end--;
  const parts = credential.slice(0, end).split('/');
  if (parts.length !== 5) throw incomplete(MSG.credentialParts(credential));
  const [accessKeyId, scopeDate, region, service, terminator] = parts as [string, string, string, string, string];

  // Every scope problem is reported at once, in this order, as AWS does. Any non-empty region
  // is valid here; the service is the caller's to check (requireSigningService), since AWS's
  // message names the service expected, which only the caller knows.
  let problems = '';
  if (region === '') problems += MSG.scopeRegion(region);
  if (terminator !== TERMINATOR) problems += MSG.scopeTerminator(terminator);
  const requestDay = time.amzDate.slice(0, 8);
  if (scopeDate !== requestDay) problems += MSG.scopeDate(scopeDate, requestDay, time.amzDate);
  if (problems !== '') throw mismatch(problems);

  const claim: SignatureClaim = {
    form,
    accessKeyId,
    scopeDate,
    region,
    service,
    credentialScope: `${scopeDate}/${region}/${service}/${TERMINATOR}`,
    amzDate: time.amzDate,
    requestTime: time.epochMs,
    signedHeaders,
    signature,
  };
  if (token !== undefined) claim.sessionToken = token;
  return claim;
}

/**
 * Rejects a claim whose credential scope names a service other than `expected`, with AWS's
 * message. The verifier itself accepts any service so one endpoint can serve both IAM and STS.
 */
export function requireSigningService(claim: SignatureClaim, expected: string): void {
  if (claim.service !== expected) throw mismatch(MSG.scopeService(expected));
}

/**
 * The request-time window: 15 minutes either side of the server clock for both forms
 * ("Signature expired" / "Signature not yet current", as IAM and STS answer), or S3's
 * X-Amz-Expires rule for presigned requests when asked for (see PresignedLifetime).
 */
export function checkRequestTime(claim: SignatureClaim, now: Date, options: VerifyOptions = {}): void {
  const t = claim.requestTime;
  // Whole seconds, like the signed date: otherwise 12:51:00.5 would call 12:36:00 "earlier than 12:36:00".
  const n = Math.floor(now.getTime() / 1000) * 1000;
  if (t > n + SKEW_MS) throw mismatch(MSG.notYetCurrent(claim.amzDate, n));
  if (claim.form === 'query' && options.presignedLifetime === 'x-amz-expires') {
    const raw = claim.expires;
    if (raw === undefined || raw === '') throw incomplete(MSG.queryRequires('X-Amz-Expires') + ' ' + MSG.reexamineQuery);
    if (claim.expiresSeconds === undefined) throw incomplete(NEGATIVE_INTEGER.test(raw) ? MSG.expiresNegative : MSG.expiresNotNumber);
    if (claim.expiresSeconds > MAX_EXPIRES_SECONDS) throw incomplete(MSG.expiresTooLarge);
    if (n > t + claim.expiresSeconds * 1000) throw new AwsError('AccessDenied', MSG.presignExpired);
    return;
  }
  if (t < n - SKEW_MS) throw mismatch(MSG.expired(claim.amzDate, n));
}

/** kSigning = HMAC chain over "AWS4" + secret, date, region, service, "aws4_request". */
export function deriveSigningKey(secretAccessKey: string, scopeDate: string, region: string, service: string): Buffer {
  const kDate = createHmac('sha256', 'AWS4' + secretAccessKey).update(scopeDate, 'utf8').digest();
  const kRegion = createHmac('sha256', kDate).update(region, 'utf8').digest();
  const kService = createHmac('sha256', kRegion).update(service, 'utf8').digest();
  return createHmac('sha256', kService).update(TERMINATOR, 'utf8').digest();
}

/**
 * Signing keys by access key id, scope date, region and service, most recently used kept. A
 * hit skips the four HMACs of derivation and the secret's decryption; the secret itself is
 * never stored. The cache answers only "what is the signing key": whether the access key still
 * exists and is Active is the caller's question on every request.
 */
export class SigningKeyCache {
  readonly #max: number;
  readonly #keys = new Map<string, Buffer>();

  constructor(maxEntries = 10_000) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError('SigningKeyCache needs room for at least one key');
    this.#max = maxEntries;
  }

  get(claim: SignatureClaim, loadSecret: () => string): Buffer {
    // No part of a credential contains '/', so this joins them unambiguously.
    const id = `${claim.accessKeyId}/${claim.scopeDate}/${claim.region}/${claim.service}`;
    const hit = this.#keys.get(id);
    if (hit !== undefined) {
      this.#keys.delete(id);
      this.#keys.set(id, hit);
      return hit;
    }
    const key = deriveSigningKey(loadSecret(), claim.scopeDate, claim.region, claim.service);
    if (this.#keys.size >= this.#max) {
      const oldest = this.#keys.keys().next();
      if (!oldest.done) this.#keys.delete(oldest.value);
    }
    this.#keys.set(id, key);
    return key;
  }

  /** Forgets every signing key of one access key, e.g. when it is deleted. */
  evict(accessKeyId: string): void {
    const prefix = accessKeyId + '/';
    for (const id of this.#keys.keys()) if (id.startsWith(prefix)) this.#keys.delete(id);
  }

  get size(): number {
    return this.#keys.size;
  }
}

/** Which of the two accepted conventions a canonical request is built with. */
export interface CanonicalVariant {
  /**
   * 'double' (default): the wire path encoded once more, as AWS documents and the SDKs sign.
   * 'decoded': the path decoded and encoded once, as the test-suite vectors and signers that
   * sign the raw path do.
   */
  path?: 'double' | 'decoded';
  /** Presigned form only: whether X-Amz-Security-Token is part of the canonical query (default true). */
  sessionTokenSigned?: boolean;
}

// crypto.hash (node ≥ 20.12) hashes in one call, without a Hash object per use: the two
// SHA-256s of every verification cost about a third less. Looked up on the namespace because a
// named import of it would fail to link on an older node 20.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: string | Buffer, encoding: 'hex') => string }).hash;

function sha256Hex(data: string | Buffer): string {
  return oneShotHash !== undefined ? oneShotHash('sha256', data, 'hex') : createHash('sha256').update(data).digest('hex');
}

/**
 * The canonical query string: every pair decoded and re-encoded, sorted by key then value, with
 * X-Amz-Signature left out (any case, as the SDKs do) and, when asked, X-Amz-Security-Token.
 */
function canonicalQueryFrom(pairs: readonly QueryPair[], dropToken: boolean): string {
  if (pairs.length === 0) return '';
  const entries: [string, string][] = [];
  for (const p of pairs) {
    const key = canonicalQueryComponent(p.rawKey);
    if (key.length === 15 && isHeader(key, 'x-amz-signature')) continue;
    if (dropToken && key === 'X-Amz-Security-Token') continue;
    entries.push([key, canonicalQueryComponent(p.rawValue)]);
  }
  entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  let out = '';
  for (let i = 0; i < entries.length; i++) {
    const [k, v] = entries[i]!;
    out += (i === 0 ? '' : '&') + k + '=' + v;
  }
  return out;
}

/** Canonical header lines, the signed-header list and the payload hash: the tail shared by every variant. */
function canonicalTail(headers: HttpRequestParts['headers'], signedHeaders: readonly string[], payloadHash: string): string {
  // A typical request (a dozen headers, eight signed) is fastest scanned in place; an index keeps
  // a request with thousands of either linear instead of quadratic.
  const index = headers.length * signedHeaders.length > 256 ? indexHeaders(headers) : undefined;
  let out = '';
  for (const name of signedHeaders) {
    let joined: string | undefined;
    if (index !== undefined) joined = index.get(name);
    else {
      for (const [n, v] of headers) {
        if (!isHeader(n, name)) continue;
        joined = joined === undefined ? canonicalHeaderValue(v) : joined + ',' + canonicalHeaderValue(v);
      }
    }
    if (joined === undefined) throw mismatch(MSG.signedHeaderAbsent(name));
    out += name + ':' + joined + '\n';
  }
  return out + '\n' + signedHeaders.join(';') + '\n' + payloadHash;
}

/** Lower-case name → canonical value; a repeated header's values joined with ',' in arrival order. */
function indexHeaders(headers: HttpRequestParts['headers']): Map<string, string> {
  const index = new Map<string, string>();
  for (const [n, v] of headers) {
    const name = asciiLower(n);
    const seen = index.get(name);
    index.set(name, seen === undefined ? canonicalHeaderValue(v) : seen + ',' + canonicalHeaderValue(v));
  }
  return index;
}

/**
 * The payload hash of the canonical request. By default (and for the Query endpoint always) the
 * hex SHA-256 of the body, checked against a signed x-amz-content-sha256. IAM and STS sign
 * the body itself: a client that signed UNSIGNED-PAYLOAD (or any other value) would let the
 * Action and its parameters be changed in flight, so it is refused, as AWS's non-S3 services
 * refuse it by always hashing the body.
 */
function payloadHash(req: HttpRequestParts, claim: SignatureClaim, options: VerifyOptions): string {
  const hash = options.payloadHash ?? sha256Hex(req.body);
  if (options.payloadRule === 's3') return s3PayloadHash(req, claim, hash);
  if (claim.signedHeaders.includes('x-amz-content-sha256')) {
    const sent = firstHeader(req.headers, 'x-amz-content-sha256');
    if (sent === undefined || asciiLower(sent.trim()) !== hash) throw mismatch(MSG.payloadHashMismatch);
  }
  return hash;
}

const S3_PAYLOAD_LITERALS = new Set([
  'UNSIGNED-PAYLOAD',
  'STREAMING-UNSIGNED-PAYLOAD-TRAILER',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD',
  'STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD',
  'STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD-TRAILER',
]);
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;

/**
 * S3's payload hash (see VerifyOptions.payloadRule): the declared x-amz-content-sha256 goes into
 * the canonical request as sent. A declared hash must still be the body's, or a client's
 * signature would vouch for a body it never sent. A presigned URL declares it, if at all, as the
 * X-Amz-Content-Sha256 parameter, and otherwise signs UNSIGNED-PAYLOAD. A header-signed request
 * without it (S3 itself would refuse one) is held to the body's hash, which is never weaker.
 */
function s3PayloadHash(req: HttpRequestParts, claim: SignatureClaim, bodyHash: string): string {
  let declared: string | undefined;
  if (claim.form === 'header') declared = firstHeader(req.headers, 'x-amz-content-sha256');
  else {
    // A presigned URL's unsigned headers are anyone's to add, so only a signed one counts.
    if (claim.signedHeaders.includes('x-amz-content-sha256')) declared = firstHeader(req.headers, 'x-amz-content-sha256');
    declared ??= queryParam(splitQuery(req.query), 'X-Amz-Content-Sha256') ?? 'UNSIGNED-PAYLOAD';
  }
  if (declared === undefined) return bodyHash;
  const value = declared.trim();
  if (S3_PAYLOAD_LITERALS.has(value)) return value;
  if (!HEX_SHA256.test(value)) throw mismatch(MSG.s3PayloadHashInvalid(value));
  if (asciiLower(value) !== bodyHash) throw mismatch(MSG.s3PayloadHashMismatch);
  return value;
}

/** The canonical URI by the path rule in force; for 'normalized', the variant's convention. */
function canonicalUriFor(path: string, options: VerifyOptions, variant: CanonicalVariant): string {
  if (options.pathRule === 's3') return s3CanonicalUri(path);
  return variant.path === 'decoded' ? (canonicalUriOfDecodedPath(path) ?? canonicalUri(path)) : canonicalUri(path);
}

/** The canonical request for one variant; exported so the known-answer tests can compare it. */
export function canonicalRequest(req: HttpRequestParts, claim: SignatureClaim, variant: CanonicalVariant = {}, options: VerifyOptions = {}): string {
  const uri = canonicalUriFor(req.path, options, variant);
  const dropToken = claim.form === 'query' && variant.sessionTokenSigned === false;
  const query = canonicalQueryFrom(splitQuery(req.query), dropToken);
  return req.method + '\n' + uri + '\n' + query + '\n' + canonicalTail(req.headers, claim.signedHeaders, payloadHash(req, claim, options));
}

export function stringToSign(claim: SignatureClaim, canonicalRequestText: string): string {
  return `${ALGORITHM}\n${claim.amzDate}\n${claim.credentialScope}\n${sha256Hex(canonicalRequestText)}`;
}

/**
 * Checks the request time, the payload hash and the signature. Throws SignatureDoesNotMatch (or,
 * with presignedLifetime 'x-amz-expires', S3's errors) when anything differs; returns nothing
 * when the request is authentic.
 *
 * Two conventions are tried where they can differ, the common one first:
 *  - the path, double-encoded (AWS's rule) or decoded-then-encoded once (see CanonicalVariant),
 *    unless pathRule is 's3', which admits only S3's canonical URI;
 *  - in the presigned form, X-Amz-Security-Token inside the canonical query (what STS signs and
 *    the SDKs send, cf. boto/boto3#756) or outside it (signers that add the token after
 *    signing, the `post-sts-header-after` vector). Leaving the token unsigned is safe only
 *    because the caller checks that the token belongs to the access key, as it must anyway;
 *    the header form never needs the second try, since an unsigned token header is simply not
 *    among the signed headers.
 * At most four HMACs are computed, and only a failing request pays for more than one.
 */
export function verifySignature(req: HttpRequestParts, claim: SignatureClaim, signingKey: Buffer, now: Date, options: VerifyOptions = {}): void {
  checkRequestTime(claim, now, options);
  const provided = HEX_SIGNATURE.test(claim.signature) ? Buffer.from(claim.signature, 'hex') : undefined;
  const pairs = splitQuery(req.query);
  const head = req.method + '\n';
  const tail = canonicalTail(req.headers, claim.signedHeaders, payloadHash(req, claim, options));
  // S3's rule admits one canonical URI; the other services' two conventions are tried in turn.
  const s3Path = options.pathRule === 's3';
  const uriDouble = s3Path ? s3CanonicalUri(req.path) : canonicalUri(req.path);
  const uriDecoded = s3Path ? undefined : canonicalUriOfDecodedPath(req.path);
  const queryWithToken = canonicalQueryFrom(pairs, false);
  const queryWithoutToken = claim.form === 'query' && claim.sessionToken !== undefined ? canonicalQueryFrom(pairs, true) : undefined;
  const prefix = `${ALGORITHM}\n${claim.amzDate}\n${claim.credentialScope}\n`;

  const matches = (uri: string, query: string): boolean => {
    const text = head + uri + '\n' + query + '\n' + tail;
    const mac = createHmac('sha256', signingKey).update(prefix + sha256Hex(text), 'utf8').digest();
    return provided !== undefined && timingSafeEqual(mac, provided);
  };

  if (matches(uriDouble, queryWithToken)) return;
  if (queryWithoutToken !== undefined && matches(uriDouble, queryWithoutToken)) return;
  if (uriDecoded !== undefined && uriDecoded !== uriDouble) {
    if (matches(uriDecoded, queryWithToken)) return;
    if (queryWithoutToken !== undefined && matches(uriDecoded, queryWithoutToken)) return;
  }
  throw mismatch();
}
