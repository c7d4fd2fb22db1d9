/**
 * What the Express, Fastify and Hono middlewares share: a received request in wire form, the
 * question to Gatehouse, and the AWS-style error a client gets when the answer is no. Each
 * middleware only adapts its framework's request to ReceivedRequest.
 */
import { createHash } from 'node:crypto';
import type { Authorizer } from './authorizer.js';
import type { AuthorizeTarget, ContextValue, ForwardedRequest, PrincipalInfo, Reason } from './contract.js';

/** A request as the service received it, before any decoding. */
export interface ReceivedRequest {
  method: string;
  /** the request-target: path and query exactly as received, still percent-encoded */
  target: string;
  headers: [string, string][];
  body: Uint8Array;
  /** the client's address, when the framework knows it */
  sourceIp?: string | undefined;
  /** whether the client reached the service over TLS */
  secureTransport: boolean;
}

/** What an allowed request carries on to the handler. */
export interface Authorization {
  principal: PrincipalInfo;
  reasons: Reason[];
  requestId: string;
}

/** Why a request was turned away, in the words AWS would use. */
export interface Denial {
  status: number;
  code: string;
  message: string;
  requestId: string;
}

export type Verdict = { allowed: true; authorization: Authorization } | { allowed: false; denial: Denial };

/** How a denial is written: S3's XML error document, or the AWS JSON protocol's error. */
export type ErrorFormat = 'xml' | 'json';

/** Options every middleware takes. */
export interface MiddlewareOptions<Req> {
  authorizer: Authorizer;
  /** Names the action and resource of a request; called once per request, after the body is read. */
  target(request: Req): AuthorizeTarget | Promise<AuthorizeTarget>;
  /** default 'xml', which S3 clients parse */
  errorFormat?: ErrorFormat;
  /** the largest body read for hashing (default 16 MiB); a larger one is refused with 413 */
  maxBodyBytes?: number;
}

export const DEFAULT_MAX_BODY_BYTES = 16 * 1024 * 1024;

/** node's rawHeaders, a flat name, value, name, value… list, as pairs. */
export function pairHeaders(raw: readonly string[]): [string, string][] {
  const pairs: [string, string][] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) pairs.push([raw[i]!, raw[i + 1]!]);
  return pairs;
}

/** The forwarded form: the target split at its first '?', the body reduced to its SHA-256. */
export function forwardedRequest(received: ReceivedRequest): ForwardedRequest {
  const q = received.target.indexOf('?');
  return {
    method: received.method,
    path: q < 0 ? received.target : received.target.slice(0, q),
    query: q < 0 ? '' : received.target.slice(q + 1),
    headers: received.headers,
    payloadHash: createHash('sha256').update(received.body).digest('hex'),
  };
}

/**
 * Asks Gatehouse about one received request. The client's address and transport become
 * aws:SourceIp and aws:SecureTransport unless the target's context says otherwise.
 */
export async function decide(authorizer: Authorizer, received: ReceivedRequest, target: AuthorizeTarget): Promise<Verdict> {
  const context: Record<string, ContextValue> = { 'aws:SecureTransport': received.secureTransport };
  const ip = plainIp(received.sourceIp);
  if (ip) context['aws:SourceIp'] = ip;
  Object.assign(context, target.context);
  const result = await authorizer.authorize({
    request: forwardedRequest(received),
    action: target.action,
    resource: target.resource,
    context,
    ...(target.service !== undefined ? { service: target.service } : {}),
  });
  if (!result.authenticated) {
    return { allowed: false, denial: { status: result.status, code: result.code, message: result.message, requestId: result.requestId } };
  }
  if (result.decision !== 'allowed') {
    return { allowed: false, denial: { status: 403, code: 'AccessDenied', message: result.message ?? 'Access Denied', requestId: result.requestId } };
  }
  return { allowed: true, authorization: { principal: result.principal, reasons: result.reasons, requestId: result.requestId } };
}

/** The body and headers of a denial. */
export function errorResponse(format: ErrorFormat, denial: Denial): { headers: Record<string, string>; body: string } {
  if (format === 'json') {
    // The AWS JSON protocol: the code in __type and in x-amzn-ErrorType, the text in message.
    return {
      headers: { 'content-type': 'application/json', 'x-amzn-ErrorType': denial.code, 'x-amzn-RequestId': denial.requestId },
      body: JSON.stringify({ __type: denial.code, message: denial.message }),
    };
  }
  // S3's error document (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html).
  return {
    headers: { 'content-type': 'application/xml', 'x-amz-request-id': denial.requestId },
    body:
      '<?xml version="1.0" encoding="UTF-8"?>\n' +
      `<Error><Code>${xmlText(denial.code)}</Code><Message>${xmlText(denial.message)}</Message><RequestId>${xmlText(denial.requestId)}</RequestId></Error>`,
  };
}

/** The denial for a body larger than the middleware will hash. */
export function tooLarge(maxBodyBytes: number): Denial {
  return { status: 413, code: 'EntityTooLarge', message: `Your proposed upload exceeds the maximum allowed size of ${maxBodyBytes} bytes.`, requestId: '' };
}

/** Reads a node request stream whole, or undefined once it passes the limit (the rest is drained). */
export function readStream(stream: NodeJS.ReadableStream, maxBytes: number): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    stream.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    stream.on('end', () => resolve(size > maxBytes ? undefined : Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function xmlText(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An IPv4-mapped IPv6 address (a dual-stack socket's view of an IPv4 peer) is the IPv4 address. */
function plainIp(address: string | undefined): string | undefined {
  if (address === undefined || address === '') return undefined;
  return address.startsWith('::ffff:') && address.includes('.') ? address.slice(7) : address;
}
