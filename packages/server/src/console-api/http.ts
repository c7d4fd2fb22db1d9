import type { IncomingHttpHeaders } from 'node:http';

/** A request to /console-api/*, as the HTTP server hands it over. */
export interface ConsoleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: IncomingHttpHeaders;
  /** undefined when it exceeded the server's size limit */
  readonly body: Buffer | undefined;
  readonly sourceIp: string;
  readonly userAgent: string;
  /** the connection is TLS: cookies get Secure, WebAuthn's origin is https */
  readonly secure: boolean;
}

export interface ConsoleResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string | readonly string[]>>;
  readonly body: string;
}

/**
 * An error a JSON endpoint answers as `{ code, message }` with its HTTP status. Console codes
 * are the contract's own (InvalidCredentials, TooManyAttempts, InvalidMfa, InvalidCsrfToken…);
 * where IAM has a code for the same thing (PasswordPolicyViolation, AccessDenied) it is IAM's.
 */
export class ConsoleError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extra: { readonly retryAfterSeconds?: number; readonly setCookie?: string } = {},
  ) {
    super(message);
  }
}

export const notSignedIn = () => new ConsoleError(401, 'NotSignedIn', 'You are not signed in to the console, or your session has ended. Sign in again.');

export function json(status: number, value: unknown, headers: Record<string, string | readonly string[]> = {}): ConsoleResponse {
  return { status, headers: { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers }, body: JSON.stringify(value) };
}

export function noContent(headers: Record<string, string | readonly string[]> = {}): ConsoleResponse {
  return { status: 204, headers: { 'cache-control': 'no-store', ...headers }, body: '' };
}

export function errorResponse(error: ConsoleError): ConsoleResponse {
  const headers: Record<string, string> = {};
  if (error.extra.retryAfterSeconds !== undefined) headers['retry-after'] = String(error.extra.retryAfterSeconds);
  if (error.extra.setCookie) headers['set-cookie'] = error.extra.setCookie;
  const body = { code: error.code, message: error.message, ...(error.extra.retryAfterSeconds !== undefined ? { retryAfterSeconds: error.extra.retryAfterSeconds } : {}) };
  return json(error.status, body, headers);
}

/**
 * A JSON request body as an object. The Content-Type must say JSON: a form on another site can
 * post text/plain or form data without asking, but not application/json, so this also keeps
 * other sites from posting to the sign-in endpoint (login CSRF).
 */
export function readJsonObject(req: ConsoleRequest): Record<string, unknown> {
  if (req.body === undefined) throw new ConsoleError(413, 'RequestEntityTooLarge', 'The request body is larger than the 2 MiB Gatehouse accepts.');
  const type = String(req.headers['content-type'] ?? '').toLowerCase();
  if (!type.startsWith('application/json')) {
    throw new ConsoleError(415, 'UnsupportedMediaType', `Content-Type ${type || '(none)'} is not supported. Send the body as application/json.`);
  }
  let value: unknown;
  try {
    value = JSON.parse(req.body.toString('utf8'));
  } catch {
    throw new ConsoleError(400, 'InvalidRequest', 'The request body is not valid JSON.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new ConsoleError(400, 'InvalidRequest', 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** A string member, or a 400 that names it and what it must be. */
export function stringMember(body: Record<string, unknown>, name: string, limits: { min?: number; max: number }): string {
  const value = body[name];
  if (typeof value !== 'string') throw new ConsoleError(400, 'InvalidRequest', `${name} is required and must be a string.`);
  if (value.length < (limits.min ?? 1) || value.length > limits.max) {
    throw new ConsoleError(400, 'InvalidRequest', `${name} must be ${limits.min ?? 1} to ${limits.max} characters long.`);
  }
  return value;
}

export function optionalStringMember(body: Record<string, unknown>, name: string, limits: { min?: number; max: number }): string | undefined {
  return body[name] === undefined ? undefined : stringMember(body, name, limits);
}

export function header(req: ConsoleRequest, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}
