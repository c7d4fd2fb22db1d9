import type {
  AuthenticationResponseJSON,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/browser';
import { csrfToken, reportSessionLost } from './session-token';

/**
 * The console's own JSON endpoints (contract: "JSON endpoints"): only what IAM's API cannot
 * express. Everything else goes through the AWS SDK clients in aws.ts.
 */

/** An error answered by a JSON endpoint: `{ code, message }` with its HTTP status. */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = code;
  }
}

// The sign-in steps answer 401 for a wrong password or code: that is not a lost session.
const SIGN_IN_PATHS = ['/console-api/sign-in', '/console-api/sign-in/mfa', '/console-api/sign-in/change-password'];

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const token = csrfToken();
  if (method !== 'GET' && token) headers['x-csrf-token'] = token;
  let response: Response;
  try {
    response = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  } catch {
    throw new ConsoleApiError(0, 'NetworkError', 'The Gatehouse server could not be reached. Check that it is running, then try again.');
  }
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (response.ok) {
    if (parsed === undefined) throw new ConsoleApiError(response.status, 'BadResponse', `The server's answer to ${path} was not JSON.`);
    return parsed as T;
  }
  const error = (parsed ?? {}) as { code?: string; message?: string; retryAfterSeconds?: number };
  if (response.status === 401 && !SIGN_IN_PATHS.includes(path)) reportSessionLost();
  if (response.status === 404 && !error.code) {
    throw new ConsoleApiError(404, 'NotAvailable', `This server does not offer ${path} (HTTP 404): the console API is not available on it yet.`);
  }
  throw new ConsoleApiError(response.status, error.code ?? `HTTP${response.status}`, error.message ?? `The server answered HTTP ${response.status} to ${path}.`, error.retryAfterSeconds);
}

export type SignInNext =
  | { next: 'mfa'; methods: ('totp' | 'webauthn')[]; webauthn?: PublicKeyCredentialRequestOptionsJSON }
  | { next: 'change-password'; reason: 'reset-required' | 'expired' }
  | { next: 'done' };

export type SignInRequest = { account: string; userName: string; password: string } | { email: string; password: string };

export interface ConsolePrincipal {
  type: 'Root' | 'IAMUser';
  arn: string;
  accountId: string;
  accountAlias?: string;
  userName?: string;
}

export type SessionInfo =
  | { signedIn: false }
  | { signedIn: true; state: 'pending' | 'active'; csrfToken: string; principal: ConsolePrincipal; expiresAt: string; idleExpiresAt: string };

export const signIn = (request: SignInRequest) => call<SignInNext>('POST', '/console-api/sign-in', request);
export const signInMfa = (proof: { code: string } | { webauthn: AuthenticationResponseJSON }) => call<SignInNext>('POST', '/console-api/sign-in/mfa', proof);
export const changePasswordAtSignIn = (newPassword: string) => call<SignInNext>('POST', '/console-api/sign-in/change-password', { newPassword });
export const getSession = () => call<SessionInfo>('GET', '/console-api/session');
export const signOut = () => call<void>('POST', '/console-api/sign-out');

export const getSignInLink = (account: string) => call<{ accountId: string; alias?: string }>('GET', `/console-api/sign-in-link?account=${encodeURIComponent(account)}`);

export interface CheckResult {
  id: string;
  title: string;
  severity: 'critical' | 'high' | 'medium' | 'low';
  references: { source: string; control: string; url: string }[];
  remediation: string;
  status: 'pass' | 'fail';
  finding: string;
  resources: string[];
}

export const getSecurityStatus = () => call<{ generatedAt: string; checks: CheckResult[] }>('GET', '/console-api/security-status');

export type FindingType = 'ERROR' | 'SECURITY_WARNING' | 'WARNING' | 'SUGGESTION';

export interface Position {
  /** from 1 */
  line: number;
  /** from 0 */
  column: number;
  offset: number;
}

export interface Finding {
  findingType: FindingType;
  issueCode: string;
  /** Access Analyzer's name for the text; the contract also allows `message` */
  findingDetails?: string;
  message?: string;
  learnMoreLink?: string;
  locations: { path: unknown[]; span: { start: Position; end: Position } }[];
}

export type PolicyType = 'IDENTITY_POLICY' | 'RESOURCE_POLICY' | 'SERVICE_CONTROL_POLICY';

export const validatePolicy = (document: string, policyType: PolicyType = 'IDENTITY_POLICY') =>
  call<{ findings: Finding[] }>('POST', '/console-api/policy/validate', { document, policyType });

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface ServiceSummary {
  service: string;
  name: string;
  accessLevels: Partial<Record<AccessLevel, 'Full' | 'Limited'>>;
  resources: string;
  conditions: boolean;
}

export const summarizePolicy = (document: string) => call<{ services: ServiceSummary[] }>('POST', '/console-api/policy/summary', { document });

/** `userName` absent means the root user, when the caller is root. */
export const securityKeyOptions = (userName?: string) =>
  call<PublicKeyCredentialCreationOptionsJSON>('POST', '/console-api/mfa/security-key/options', userName === undefined ? {} : { userName });

export const registerSecurityKey = (request: { userName?: string; name: string; response: RegistrationResponseJSON }) =>
  call<{ serialNumber: string }>('POST', '/console-api/mfa/security-key', request);
