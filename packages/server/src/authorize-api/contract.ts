/**
 * The wire contract of POST /gatehouse/authorize (docs/authorize-api.md): the JSON a calling
 * service sends, parsed and validated here into a typed call, and the JSON it gets back.
 * Nothing past parseAuthorizeCall sees unvalidated input.
 */
import { isIP } from 'node:net';
import { AwsError, validationError } from '../protocol/errors.js';
import type { ContextValue } from './decider.js';

export const AUTHORIZE_PATH = '/gatehouse/authorize';

/** The SigV4 signing name a calling service signs its own call with. */
export const AUTHORIZE_SIGNING_NAME = 'gatehouse';

/** The action a calling service's own identity needs to use the authorize API. */
export const AUTHORIZE_ACTION = 'gatehouse:Authorize';

/** The request the calling service received from its client, in wire form. */
export interface ForwardedRequest {
  method: string;
  /** the request-target path exactly as received, still percent-encoded */
  path: string;
  /** the raw query string, without '?' */
  query: string;
  /** every header as received, in order, repeated names repeated */
  headers: [string, string][];
  /** SHA-256 of the body as received, lower-case hex */
  payloadHash: string;
}

export interface AuthorizeCall {
  request: ForwardedRequest;
  action: string;
  resource: string;
  /** the service's condition keys, aws:SourceIp taken out (it is `sourceIp`) */
  context: Record<string, ContextValue>;
  /** the signing name the forwarded request must be scoped to */
  service: string;
  sourceIp?: string;
}

/** 200: the forwarded request is authentic and the decider answered. */
export interface AuthorizedAnswer {
  authenticated: true;
  decision: 'allowed' | 'implicitDeny' | 'explicitDeny';
  principal: { arn: string; accountId: string; type: 'Root' | 'IAMUser' | 'FederatedUser' | 'AssumedRole'; userId: string; userName?: string };
  reasons: { policy: string; sid?: string; effect: 'Allow' | 'Deny' }[];
  message?: string;
  /** when denied: pass to sts:DecodeAuthorizationMessage to learn why */
  encodedMessage?: string;
}

/** 200: the forwarded request is not authentic; code, message and status are what AWS would answer its client. */
export interface UnauthenticatedAnswer {
  authenticated: false;
  code: string;
  message: string;
  status: number;
}

/** Any other status: the call itself failed (the caller's own signature, permission, or a malformed body). */
export interface ErrorAnswer {
  code: string;
  message: string;
}

// Limits well above anything a real request carries, so that a hostile body costs little.
const MAX_HEADERS = 500;
const MAX_HEADER_VALUE = 16_384;
const MAX_PATH = 16_384;
const MAX_QUERY = 16_384;
const MAX_RESOURCE = 2048;
const MAX_CONTEXT_KEYS = 200;
const MAX_CONTEXT_KEY = 256;
const MAX_CONTEXT_STRING = 4096;
const MAX_CONTEXT_LIST = 1000;

// RFC 9110 §5.6.2 token: a method or a header name.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
// Controls, space, '?' and '#' never appear in a request-target's path as sent; a query may hold '?'.
const WIRE_PATH = { test: (s: string) => s.charCodeAt(0) === 0x2f && !hasChar(s, (c) => c <= 0x20 || c === 0x7f || c === 0x3f || c === 0x23) };
const WIRE_QUERY = { test: (s: string) => !hasChar(s, (c) => c <= 0x20 || c === 0x7f || c === 0x23) };
const HEX_SHA256 = /^[0-9a-fA-F]{64}$/;
// service:Action, no wildcards: a request performs one action.
const ACTION = /^[A-Za-z0-9-]{1,64}:[A-Za-z0-9_.-]{1,128}$/;
const SIGNING_NAME = /^[A-Za-z0-9._-]{1,64}$/;
// prefix:name, as every condition key is; tag keys after the name may hold spaces and Unicode.
const CONTEXT_KEY = { test: (s: string) => s.indexOf(':') > 0 && s.indexOf(':') < s.length - 1 && !hasChar(s, (c) => c < 0x20 || c === 0x7f) };
const ARN = /^arn:[^:]+:[^:]*:[^:]*:[^:]*:.+$/s;

/**
 * Global keys that Gatehouse derives from the authenticated principal and its own clock
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-keys.html).
 * A calling service that could set them could claim to be anyone, so it may not. Condition
 * keys are case-insensitive, hence the lower case.
 */
const RESERVED_KEYS = new Set([
  'aws:userid',
  'aws:username',
  'aws:multifactorauthpresent',
  'aws:multifactorauthage',
  'aws:tokenissuetime',
  'aws:currenttime',
  'aws:epochtime',
  'aws:sourceidentity',
  'aws:federatedprovider',
]);
const RESERVED_PREFIX = 'aws:principal';
const SOURCE_IP_KEY = 'aws:sourceip';

/** Reads and validates the body; every problem found is reported at once, in AWS's ValidationError wording. */
export function parseAuthorizeCall(body: Buffer): AuthorizeCall {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new AwsError('ValidationError', `The request body is not valid JSON (${(error as Error).message}). Send one JSON object, as docs/authorize-api.md describes.`);
  }
  const problems: string[] = [];
  if (!isObject(json)) throw validationError([`Value at 'body' failed to satisfy constraint: Member must be a JSON object`]);

  const req = json.request;
  let request: ForwardedRequest | undefined;
  if (!isObject(req)) problems.push(req === undefined || req === null ? notNull('request') : mustBe('request', 'an object'));
  else request = readForwardedRequest(req, problems);

  const action = readString(json.action, 'action', problems, ACTION, 'service:Action, e.g. s3:GetObject, without wildcards');
  const resource = readResource(json.resource, problems);
  const service = json.service === undefined ? undefined : readString(json.service, 'service', problems, SIGNING_NAME, 'a SigV4 signing name, e.g. s3');
  const { context, sourceIp } = readContext(json.context, problems);

  if (problems.length > 0 || !request || action === undefined || resource === undefined) throw validationError(problems);
  const call: AuthorizeCall = {
    request,
    action,
    resource,
    context,
    // By default a request signed for one service cannot be presented as another's: the scope
    // must name the action's service, e.g. s3 for s3:GetObject.
    service: service ?? action.slice(0, action.indexOf(':')).toLowerCase(),
  };
  if (sourceIp !== undefined) call.sourceIp = sourceIp;
  return call;
}

function readForwardedRequest(req: Record<string, unknown>, problems: string[]): ForwardedRequest | undefined {
  const method = readString(req.method, 'request.method', problems, TOKEN, 'an HTTP method token', 20);
  const path = readString(req.path, 'request.path', problems, WIRE_PATH, "the path as received, percent-encoded, starting with '/', without '?'", MAX_PATH);
  const query = req.query === undefined ? '' : readString(req.query, 'request.query', problems, WIRE_QUERY, "the raw query string, without '?'", MAX_QUERY, 0);
  const payloadHash = readString(req.payloadHash, 'request.payloadHash', problems, HEX_SHA256, "the body's SHA-256 in hex (64 characters)");
  const headers: [string, string][] = [];
  if (!Array.isArray(req.headers)) problems.push(req.headers === undefined || req.headers === null ? notNull('request.headers') : mustBe('request.headers', 'a list of [name, value] pairs'));
  else if (req.headers.length > MAX_HEADERS) problems.push(`Value at 'request.headers' failed to satisfy constraint: Member must have length less than or equal to ${MAX_HEADERS}`);
  else {
    req.headers.forEach((pair: unknown, i) => {
      const at = `request.headers.${i}`;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') {
        problems.push(mustBe(at, 'a [name, value] pair of strings'));
      } else if (!TOKEN.test(pair[0]) || pair[0].length > 256) {
        problems.push(`Value '${shown(pair[0])}' at '${at}.name' failed to satisfy constraint: Member must be an HTTP header name`);
      } else if (pair[1].length > MAX_HEADER_VALUE) {
        problems.push(`Value at '${at}.value' failed to satisfy constraint: Member must have length less than or equal to ${MAX_HEADER_VALUE}`);
      } else headers.push([pair[0], pair[1]]);
    });
  }
  if (method === undefined || path === undefined || query === undefined || payloadHash === undefined) return undefined;
  return { method, path, query, headers, payloadHash: payloadHash.toLowerCase() };
}

function readResource(value: unknown, problems: string[]): string | undefined {
  const resource = readString(value, 'resource', problems, undefined, undefined, MAX_RESOURCE);
  if (resource === undefined || resource === '*' || ARN.test(resource)) return resource;
  problems.push(`Value '${shown(resource)}' at 'resource' failed to satisfy constraint: Member must be an ARN (arn:partition:service:region:account:resource) or "*"`);
  return undefined;
}

function readContext(value: unknown, problems: string[]): { context: Record<string, ContextValue>; sourceIp?: string } {
  const context: Record<string, ContextValue> = {};
  if (value === undefined || value === null) return { context };
  if (!isObject(value)) {
    problems.push(mustBe('context', 'an object of condition keys'));
    return { context };
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_CONTEXT_KEYS) {
    problems.push(`Value at 'context' failed to satisfy constraint: Member must have at most ${MAX_CONTEXT_KEYS} keys`);
    return { context };
  }
  let sourceIp: string | undefined;
  for (const [key, v] of entries) {
    const at = `context.${key}`;
    const lower = key.toLowerCase();
    if (key.length > MAX_CONTEXT_KEY || !CONTEXT_KEY.test(key)) {
      problems.push(`Value '${shown(key)}' at 'context' failed to satisfy constraint: Member must be a condition key, prefix:name, e.g. s3:prefix`);
    } else if (RESERVED_KEYS.has(lower) || lower.startsWith(RESERVED_PREFIX)) {
      problems.push(`Value '${key}' at 'context' failed to satisfy constraint: Member must not be a key Gatehouse sets from the authenticated principal`);
    } else if (lower === SOURCE_IP_KEY) {
      if (typeof v === 'string' && isIP(v) !== 0) sourceIp = v;
      else problems.push(`Value '${shown(String(v))}' at '${at}' failed to satisfy constraint: Member must be an IPv4 or IPv6 address`);
    } else if (typeof v === 'string') {
      if (v.length > MAX_CONTEXT_STRING) problems.push(`Value at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${MAX_CONTEXT_STRING}`);
      else context[key] = v;
    } else if (typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v))) {
      context[key] = v;
    } else if (Array.isArray(v) && v.length <= MAX_CONTEXT_LIST && v.every((s) => typeof s === 'string' && s.length <= MAX_CONTEXT_STRING)) {
      context[key] = v as string[];
    } else {
      problems.push(mustBe(at, `a string, a finite number, a boolean, or a list of at most ${MAX_CONTEXT_LIST} strings`));
    }
  }
  return sourceIp === undefined ? { context } : { context, sourceIp };
}

interface Pattern {
  test(value: string): boolean;
}

function hasChar(s: string, bad: (code: number) => boolean): boolean {
  for (let i = 0; i < s.length; i++) if (bad(s.charCodeAt(i))) return true;
  return false;
}

function readString(
  value: unknown,
  at: string,
  problems: string[],
  pattern?: Pattern,
  patternMeaning?: string,
  maxLength = 256,
  minLength = 1,
): string | undefined {
  if (value === undefined || value === null) {
    problems.push(notNull(at));
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(mustBe(at, 'a string'));
    return undefined;
  }
  if (value.length < minLength || value.length > maxLength) {
    problems.push(
      value.length < minLength
        ? `Value '${shown(value)}' at '${at}' failed to satisfy constraint: Member must have length greater than or equal to ${minLength}`
        : `Value '${shown(value)}' at '${at}' failed to satisfy constraint: Member must have length less than or equal to ${maxLength}`,
    );
    return undefined;
  }
  if (pattern && !pattern.test(value)) {
    problems.push(`Value '${shown(value)}' at '${at}' failed to satisfy constraint: Member must be ${patternMeaning}`);
    return undefined;
  }
  return value;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const notNull = (at: string) => `Value null at '${at}' failed to satisfy constraint: Member must not be null`;
const mustBe = (at: string, what: string) => `Value at '${at}' failed to satisfy constraint: Member must be ${what}`;

/** A value echoed in a message, cut short so that a long one does not swamp it. */
function shown(value: string): string {
  return value.length > 100 ? `${value.slice(0, 100)}…` : value;
}
