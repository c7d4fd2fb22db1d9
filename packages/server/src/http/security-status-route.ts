import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { securityStatus } from '../audit/security-status.js';
import type { Authenticator } from '../auth/authenticate.js';
import { requireSigningService, type HttpRequestParts } from '../auth/sigv4.js';
import { AwsError } from '../protocol/errors.js';
import type { Database } from '../storage/schema.js';
import type { ApiEndpoint } from './api-endpoint.js';

export const SECURITY_STATUS_PATH = '/gatehouse/security-status';

export interface SecurityStatusDeps {
  endpoint: ApiEndpoint;
  db: Kysely<Database>;
  auth: Authenticator;
  clock: () => Date;
  logger: Logger;
}

/**
 * GET /gatehouse/security-status, signed with SigV4 for iam: the Security Status checklist of
 * the caller's account as JSON { generatedAt, checks }. The checks' IAM calls are made as the
 * caller, so a caller without one of their permissions gets that call's AccessDenied.
 */
export async function securityStatusRoute(deps: SecurityStatusDeps, request: HttpRequestParts, sourceIp: string, userAgent: string): Promise<{ status: number; body: string; requestId: string }> {
  const requestId = randomUUID();
  try {
    if (request.method !== 'GET') throw new AwsError('InvalidAction', `${SECURITY_STATUS_PATH} answers GET only.`);
    const now = deps.clock();
    const { principal } = await deps.auth.authenticate(request, now, (claim) => requireSigningService(claim, 'iam'));
    const status = await securityStatus({ endpoint: deps.endpoint, db: deps.db }, principal, now, { sourceIp, userAgent });
    return { status: 200, body: JSON.stringify(status), requestId };
  } catch (error) {
    if (error instanceof AwsError) return { status: error.status, body: JSON.stringify({ code: error.code, message: error.message }), requestId };
    // An IAM call the checks made failed: pass on its AWS error (AccessDenied names the action).
    const sdk = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
    if (sdk.$metadata?.httpStatusCode && sdk.$metadata.httpStatusCode < 500) {
      return { status: sdk.$metadata.httpStatusCode, body: JSON.stringify({ code: sdk.name, message: sdk.message }), requestId };
    }
    deps.logger.error({ err: error, requestId }, 'security status failed');
    return { status: 500, body: JSON.stringify({ code: 'ServiceFailure', message: `The security status could not be computed. Request id: ${requestId}` }), requestId };
  }
}
