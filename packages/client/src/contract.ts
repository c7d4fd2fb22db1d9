/**
 * The JSON of POST /gatehouse/authorize, as docs/authorize-api.md describes it. Kept apart from
 * the server's copy on purpose: the client is used by services that do not run Gatehouse.
 */

/** A condition key's value: AWS condition values are strings, numbers, booleans, or lists of strings. */
export type ContextValue = string | string[] | number | boolean;

/** The request a service received from its client, in wire form. */
export interface ForwardedRequest {
  method: string;
  /** the request-target path exactly as received, still percent-encoded */
  path: string;
  /** the raw query string, without '?' ('' if none) */
  query: string;
  /** every header as received, in order, a repeated name repeated */
  headers: [string, string][];
  /** SHA-256 of the body as received, lower-case hex */
  payloadHash: string;
}

/** What the service means to do with the request, and on what. */
export interface AuthorizeTarget {
  /** service:Action, e.g. s3:GetObject */
  action: string;
  /** the ARN acted on, e.g. arn:aws:s3:::bucket/key, or "*" */
  resource: string;
  /** condition keys the service knows, e.g. { 's3:prefix': 'photos/' }; aws:SourceIp is the client's address */
  context?: Record<string, ContextValue>;
  /** the SigV4 signing name the client must have signed for; defaults to the action's prefix */
  service?: string;
}

export interface AuthorizeInput extends AuthorizeTarget {
  request: ForwardedRequest;
}

export interface PrincipalInfo {
  arn: string;
  accountId: string;
  type: 'Root' | 'IAMUser';
  /** AWS's unique id (AIDA…), or the account id for the root */
  userId: string;
  userName?: string;
}

export interface Reason {
  policy: string;
  sid?: string;
  effect: 'Allow' | 'Deny';
}

/** The request was signed by a known, active key: here is who, and what policy says. */
export interface Authenticated {
  authenticated: true;
  decision: 'allowed' | 'implicitDeny' | 'explicitDeny';
  principal: PrincipalInfo;
  reasons: Reason[];
  /** AWS's AccessDenied sentence, when denied */
  message?: string;
  /** Gatehouse's id for this decision (x-amzn-RequestId) */
  requestId: string;
}

/** The request's signature did not hold: code, message and status are what AWS would answer the client. */
export interface Unauthenticated {
  authenticated: false;
  code: string;
  message: string;
  status: number;
  requestId: string;
}

export type AuthorizeResult = Authenticated | Unauthenticated;

/** The call to Gatehouse itself failed: the service's own key, its permission, or a malformed call. */
export class GatehouseError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly status: number,
    readonly requestId: string,
  ) {
    super(message);
    this.name = 'GatehouseError';
  }
}
