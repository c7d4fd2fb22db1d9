import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { IAMClient } from '@aws-sdk/client-iam';
import { csrfToken, reportSessionLost } from './session-token';

/**
 * The AWS SDK clients the console uses, pointed at the console proxy (contract: "Principle").
 * The proxy authenticates by the session cookie and the X-CSRF-Token header and ignores the
 * SigV4 signature, so the credentials are placeholders; every call is still authorized by
 * the policy engine and recorded in the event history as the signed-in principal.
 */

const PLACEHOLDER = { accessKeyId: 'CONSOLE', secretAccessKey: 'CONSOLE' };

function settings(service: 'iam' | 'cloudtrail') {
  return {
    region: 'us-east-1',
    endpoint: `${location.origin}/console-api/aws/${service}`,
    credentials: PLACEHOLDER,
    // A person is waiting: a failed call is shown at once rather than retried behind a spinner.
    maxAttempts: 1,
  };
}

const SESSION_MIDDLEWARE = { step: 'build', name: 'gatehouseConsoleSession' } as const;

/** Adds the session's CSRF token to a request about to be sent. */
function addCsrfToken(args: { request: unknown }): void {
  const request = args.request as { headers?: Record<string, string> };
  const token = csrfToken();
  if (request.headers && token) request.headers['x-csrf-token'] = token;
}

/** A 401 from the proxy means the session is gone (idle or absolute timeout, signed out elsewhere). */
function noticeLostSession(error: unknown): void {
  if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 401) reportSessionLost();
}

let iamClient: IAMClient | undefined;
let cloudTrailClient: CloudTrailClient | undefined;

/** Every request carries the CSRF token; a 401 answer means the session is gone. */
function sessionBound<C extends IAMClient | CloudTrailClient>(client: C): C {
  (client.middlewareStack as IAMClient['middlewareStack']).add(
    (next) => async (args) => {
      addCsrfToken(args);
      return next(args).catch((e: unknown) => {
        noticeLostSession(e);
        throw e;
      });
    },
    SESSION_MIDDLEWARE,
  );
  return client;
}

export function iam(): IAMClient {
  iamClient ??= sessionBound(new IAMClient(settings('iam')));
  return iamClient;
}

export function cloudTrail(): CloudTrailClient {
  cloudTrailClient ??= sessionBound(new CloudTrailClient(settings('cloudtrail')));
  return cloudTrailClient;
}
