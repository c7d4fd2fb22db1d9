import type { Principal } from '../principal.js';

/** A condition key's value as a service may send it: AWS's condition values are strings, numbers, booleans, or lists of strings. */
export type ContextValue = string | string[] | number | boolean;

/**
 * One question to the policy engine: may this principal perform this action on this resource?
 * The authorize API asks one for the calling service itself (action gatehouse:Authorize,
 * resource "*") and one for the request it forwarded.
 */
export interface AuthorizeQuestion {
  principal: Principal;
  /** service:Action as the calling service named it, e.g. s3:GetObject */
  action: string;
  /** an ARN, or "*" */
  resource: string;
  /** condition keys the calling service supplied, plus aws:RequestedRegion from the signature's scope when it supplied none */
  context: Record<string, ContextValue>;
  /** aws:SourceIp: the end user's address as the calling service saw it, or the calling service's own for gatehouse:Authorize */
  sourceIp?: string;
}

export interface AuthorizeAnswer {
  decision: 'allowed' | 'implicitDeny' | 'explicitDeny';
  /** AWS-style AccessDenied sentence when denied, e.g. "User: arn:… is not authorized to perform: s3:GetObject on resource: arn:… because …" */
  message?: string;
  /** when denied: the decision's details, sealed; sts:DecodeAuthorizationMessage opens it */
  encodedMessage?: string;
  /** the statements that decided it */
  reasons: { policy: string; sid?: string; effect: 'Allow' | 'Deny' }[];
}

/**
 * The seam between the authorize API and the policy engine. The server's owner injects one
 * (ServerOptions.decider); without it POST /gatehouse/authorize answers NotImplemented.
 */
export interface PolicyDecider {
  decide(question: AuthorizeQuestion): Promise<AuthorizeAnswer>;
}
