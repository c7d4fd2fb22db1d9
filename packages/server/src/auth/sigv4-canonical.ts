/**
 * The byte-level pieces of a SigV4 canonical request: URI encoding of the path, the query
 * string and header values, and the two date formats a signed request may carry. Kept apart
 * from sigv4.ts so the verification there reads as a straight sequence of named steps.
 *
 * Everything here works on the wire form and never throws anything but AwsError: a client can
 * send any bytes, and a malformed escape must become an AWS error, not a URIError.
 */
import { AwsError } from '../protocol/errors.js';

// RFC 3986 §2.3 unreserved characters; SigV4 leaves exactly these unencoded
// (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, "URI encode").
const UNRESERVED = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  UNRESERVED[c] = /[A-Za-z0-9\-._~]/.test(ch) ? 1 : 0;
}
const SLASH = 0x2f;
const PERCENT = 0x25;
const PLUS = 0x2b;

// '%XX' for every byte, uppercase hex as SigV4 requires; built once so encoding never formats numbers.
const ESCAPED: readonly string[] = Array.from({ length: 256 }, (_, b) => '%' + b.toString(16).toUpperCase().padStart(2, '0'));

function hexValue(c: number): number {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  if (c >= 0x41 && c <= 0x46) return c - 0x37;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

/** The byte a '%XX' escape at `at` (the '%') stands for, or -1 when it is not a complete escape. */
function escapedByte(s: string, at: number): number {
  if (at + 2 >= s.length) return -1;
  const hi = hexValue(s.charCodeAt(at + 1));
  const lo = hexValue(s.charCodeAt(at + 2));
  return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

/**
 * Appends the UTF-8 escapes of the code point at `i` and returns the index after it. A lone
 * surrogate becomes U+FFFD, as Buffer.from(…, 'utf8') would, so no input can make this throw.
 */
function appendUtf8Escaped(out: string, s: string, i: number): [string, number] {
  let cp = s.charCodeAt(i);
  let next = i + 1;
  if (cp >= 0xd800 && cp <= 0xdbff && next < s.length) {
    const low = s.charCodeAt(next);
    if (low >= 0xdc00 && low <= 0xdfff) {
      cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
      next++;
    }
  }
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) out += ESCAPED[cp];
  else if (cp < 0x800) out += ESCAPED[0xc0 | (cp >> 6)]! + ESCAPED[0x80 | (cp & 0x3f)];
  else if (cp < 0x10000) out += ESCAPED[0xe0 | (cp >> 12)]! + ESCAPED[0x80 | ((cp >> 6) & 0x3f)] + ESCAPED[0x80 | (cp & 0x3f)];
  else
    out +=
      ESCAPED[0xf0 | (cp >> 18)]! + ESCAPED[0x80 | ((cp >> 12) & 0x3f)] + ESCAPED[0x80 | ((cp >> 6) & 0x3f)] + ESCAPED[0x80 | (cp & 0x3f)];
  return [out, next];
}

function isUnreserved(c: number): boolean {
  return c < 128 && UNRESERVED[c] === 1;
}

/**
 * Removes dot segments and empty segments the way the AWS SDKs' signers do (smithy's
 * SignatureV4.getCanonicalPath): '.' dropped, '..' drops the segment before it (never above
 * the root), '//' collapses, and a trailing '/' stays when anything is left. Works on the raw
 * wire path, without decoding it, so '%2E%2E' is an ordinary segment
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html: "normalize URI paths").
 */
export function normalizePath(path: string): string {
  if (path === '/' || path === '') return '/';
  const kept: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') kept.pop();
    else kept.push(segment);
  }
  const lead = path.charCodeAt(0) === SLASH ? '/' : '';
  const trail = kept.length > 0 && path.charCodeAt(path.length - 1) === SLASH ? '/' : '';
  return lead + kept.join('/') + trail;
}

/**
 * Canonical URI for every service but S3: the normalised wire path URI-encoded once more, so a
 * path the client sent as `/a%20b` is signed as `/a%2520b` — the "encoded twice" rule of
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html (step 1), which is
 * what the SDKs (smithy, botocore, aws-c-auth) sign for a pre-encoded path.
 */
export function canonicalUri(path: string): string {
  const p = normalizePath(path);
  let i = 0;
  for (; i < p.length; i++) {
    const c = p.charCodeAt(i);
    if (c !== SLASH && !isUnreserved(c)) break;
  }
  if (i === p.length) return p;
  let out = p.slice(0, i);
  while (i < p.length) {
    const c = p.charCodeAt(i);
    if (c === SLASH || isUnreserved(c)) {
      out += p[i];
      i++;
    } else if (c < 0x80) {
      out += ESCAPED[c];
      i++;
    } else {
      [out, i] = appendUtf8Escaped(out, p, i);
    }
  }
  return out;
}

/**
 * The other convention: the normalised path percent-decoded to bytes and encoded once, which is
 * what a signer produces when it signs the un-encoded path (the AWS test-suite vectors, whose
 * request-target is written raw, and verifiers such as scratchstack-aws-signature). Returns
 * undefined when it equals canonicalUri (nothing was escaped) or the path holds a broken
 * escape, so the caller only tries it when it can differ.
 */
export function canonicalUriOfDecodedPath(path: string): string | undefined {
  const p = normalizePath(path);
  if (p.indexOf('%') < 0) return undefined;
  return encodeDecodedPath(p, false);
}

/**
 * S3's canonical URI: the path as sent, without normalisation ('/a/../b' and '//' are part of
 * an object key), each escape decoded to its byte and every byte outside the unreserved set and
 * '/' encoded once — "URI-encode each path segment, do not encode twice, do not normalise"
 * (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html, CanonicalURI;
 * the SDKs' S3 signers set uriEscapePath and applyChecksum accordingly). A path the client
 * encoded the usual way comes out unchanged; a '%' that starts no valid escape is taken as a
 * literal '%', which is what a signer that was handed that text would have signed.
 */
export function s3CanonicalUri(path: string): string {
  if (path === '') return '/';
  let i = 0;
  for (; i < path.length; i++) {
    const c = path.charCodeAt(i);
    if (c !== SLASH && !isUnreserved(c)) break;
  }
  return i === path.length ? path : encodeDecodedPath(path, true)!;
}

/**
 * Decodes each escape of an (already normalised, or deliberately not normalised) path and
 * encodes every byte once. A broken escape makes it return undefined, or with `literalPercent`
 * encodes that '%' as %25.
 */
function encodeDecodedPath(p: string, literalPercent: boolean): string | undefined {
  let out = '';
  let i = 0;
  while (i < p.length) {
    const c = p.charCodeAt(i);
    if (c === PERCENT) {
      const b = escapedByte(p, i);
      if (b < 0) {
        if (!literalPercent) return undefined;
        out += ESCAPED[PERCENT];
        i++;
        continue;
      }
      out += b === SLASH || isUnreserved(b) ? String.fromCharCode(b) : ESCAPED[b];
      i += 3;
    } else if (c === SLASH || isUnreserved(c)) {
      out += p[i];
      i++;
    } else if (c < 0x80) {
      out += ESCAPED[c];
      i++;
    } else {
      [out, i] = appendUtf8Escaped(out, p, i);
    }
  }
  return out;
}

function malformedEscape(s: string, at: number): AwsError {
  // AWS's Query services answer a broken escape with MalformedQueryString; the wording is the one
  // scratchstack-aws-signature (which mirrors AWS's auth error ordering) uses.
  return at + 2 >= s.length
    ? new AwsError('MalformedQueryString', 'Incomplete trailing escape % sequence')
    : new AwsError('MalformedQueryString', `Illegal hex character in escape % pattern: ${s.slice(at, at + 3)}`);
}

/**
 * One query key or value, decoded and re-encoded in a single pass: unreserved characters stay,
 * every other byte becomes uppercase %XX, an escaped unreserved character is unescaped, and '+'
 * is a space (%20) as Java's URLDecoder — which AWS's Query services use — reads it. A broken
 * escape is MalformedQueryString.
 */
export function canonicalQueryComponent(raw: string): string {
  let i = 0;
  for (; i < raw.length; i++) {
    if (!isUnreserved(raw.charCodeAt(i))) break;
  }
  if (i === raw.length) return raw;
  let out = raw.slice(0, i);
  while (i < raw.length) {
    const c = raw.charCodeAt(i);
    if (isUnreserved(c)) {
      out += raw[i];
      i++;
    } else if (c === PERCENT) {
      const b = escapedByte(raw, i);
      if (b < 0) throw malformedEscape(raw, i);
      out += isUnreserved(b) ? String.fromCharCode(b) : ESCAPED[b];
      i += 3;
    } else if (c === PLUS) {
      out += '%20';
      i++;
    } else if (c < 0x80) {
      out += ESCAPED[c];
      i++;
    } else {
      [out, i] = appendUtf8Escaped(out, raw, i);
    }
  }
  return out;
}

/** A query key or value as text: %XX decoded as UTF-8 bytes, '+' as a space. */
export function decodeQueryComponent(raw: string): string {
  if (raw.indexOf('%') < 0 && raw.indexOf('+') < 0) return raw;
  const bytes: number[] = [];
  for (let i = 0; i < raw.length; ) {
    const c = raw.charCodeAt(i);
    if (c === PERCENT) {
      const b = escapedByte(raw, i);
      if (b < 0) throw malformedEscape(raw, i);
      bytes.push(b);
      i += 3;
    } else if (c === PLUS) {
      bytes.push(0x20);
      i++;
    } else {
      const start = i;
      while (i < raw.length && raw.charCodeAt(i) !== PERCENT && raw.charCodeAt(i) !== PLUS) i++;
      for (const b of Buffer.from(raw.slice(start, i), 'utf8')) bytes.push(b);
    }
  }
  return Buffer.from(bytes).toString('utf8');
}

export interface QueryPair {
  /** as on the wire, still encoded */
  readonly rawKey: string;
  readonly rawValue: string;
}

/**
 * Splits a raw query string into its pairs, keeping them encoded. '&&' and a trailing '&' add
 * nothing; a key without '=' has the empty value. Every escape is checked here so that a broken
 * one is reported before any signature work.
 */
export function splitQuery(query: string): QueryPair[] {
  const pairs: QueryPair[] = [];
  if (query === '') return pairs;
  let start = 0;
  while (start <= query.length) {
    let end = query.indexOf('&', start);
    if (end < 0) end = query.length;
    if (end > start) {
      const eq = query.indexOf('=', start);
      const pair =
        eq >= 0 && eq < end
          ? { rawKey: query.slice(start, eq), rawValue: query.slice(eq + 1, end) }
          : { rawKey: query.slice(start, end), rawValue: '' };
      checkEscapes(pair.rawKey);
      checkEscapes(pair.rawValue);
      pairs.push(pair);
    }
    start = end + 1;
  }
  return pairs;
}

function checkEscapes(s: string): void {
  for (let at = s.indexOf('%'); at >= 0; at = s.indexOf('%', at + 1)) {
    if (escapedByte(s, at) < 0) throw malformedEscape(s, at);
  }
}

/**
 * A header value as SigV4 signs it: line breaks (an obs-fold continuation) become spaces, runs of
 * spaces and tabs collapse to one, and the ends are trimmed — the same rule as the SDKs' signers
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html, "Trimall").
 */
export function canonicalHeaderValue(value: string): string {
  let clean = true;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x09 || c === 0x0a || c === 0x0d || (c === 0x20 && (i === 0 || i === value.length - 1 || value.charCodeAt(i + 1) === 0x20))) {
      clean = false;
      break;
    }
  }
  if (clean) return value;
  let out = '';
  let pendingSpace = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) {
      pendingSpace = out.length > 0;
    } else {
      if (pendingSpace) out += ' ';
      pendingSpace = false;
      out += value[i];
    }
  }
  return out;
}

// Dates ------------------------------------------------------------------------------------

/** A moment as signed: the ISO 8601 basic string that goes into the string to sign, and its epoch time. */
export interface SigningTime {
  readonly amzDate: string;
  readonly epochMs: number;
}

const ISO_BASIC = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
// RFC 7231 §7.1.1.1: IMF-fixdate, plus the two obsolete forms a recipient must still accept.
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d{2}) ([A-Z][a-z]{2}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const RFC850_DATE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d{2})-([A-Z][a-z]{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/;

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil); unlike
// Date.UTC it does not move years 0–99 into the 1900s.
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * ((month + 9) % 12) + 2) / 5) + day - 1;
  return era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

function signingTime(y: number, mo: number, d: number, h: number, mi: number, s: number): SigningTime | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return undefined;
  return {
    amzDate: `${pad(y, 4)}${pad(mo, 2)}${pad(d, 2)}T${pad(h, 2)}${pad(mi, 2)}${pad(s, 2)}Z`,
    epochMs: ((daysFromCivil(y, mo, d) * 24 + h) * 60 + mi) * 60_000 + s * 1000,
  };
}

/** X-Amz-Date: ISO 8601 basic format, YYYYMMDD'T'HHMMSS'Z', nothing else. */
export function parseAmzDate(value: string): SigningTime | undefined {
  const m = ISO_BASIC.exec(value);
  if (!m) return undefined;
  return signingTime(+m[1]!, +m[2]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
}

/** The HTTP Date header (RFC 7231 §7.1.1.1), used when X-Amz-Date is absent. */
export function parseHttpDate(value: string): SigningTime | undefined {
  const v = value.trim();
  let m = IMF_FIXDATE.exec(v);
  if (m) return signingTime(+m[3]!, MONTHS.indexOf(m[2]!) + 1, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  m = RFC850_DATE.exec(v);
  if (m) {
    // RFC 7231 reads a two-digit year as the most recent matching year; 70–99 → 19xx is the usual cut.
    const yy = +m[3]!;
    return signingTime(yy < 70 ? 2000 + yy : 1900 + yy, MONTHS.indexOf(m[2]!) + 1, +m[1]!, +m[4]!, +m[5]!, +m[6]!);
  }
  m = ASCTIME_DATE.exec(v);
  if (m) return signingTime(+m[6]!, MONTHS.indexOf(m[1]!) + 1, +m[2]!.trim(), +m[3]!, +m[4]!, +m[5]!);
  return undefined;
}

/** Epoch milliseconds as ISO 8601 basic (seconds precision), the form AWS puts in its messages. */
export function formatAmzDate(epochMs: number): string {
  const iso = new Date(epochMs).toISOString();
  return iso.slice(0, 4) + iso.slice(5, 7) + iso.slice(8, 13) + iso.slice(14, 16) + iso.slice(17, 19) + 'Z';
}
