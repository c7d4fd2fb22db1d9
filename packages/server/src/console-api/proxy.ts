import { randomUUID } from 'node:crypto';
import { JSON_CONTENT_TYPE } from '../protocol/json.js';
import { queryService, QUERY_CONTENT_TYPE } from '../protocol/query.js';
import { escapeXml } from '../protocol/xml.js';
import type { ConsoleDeps } from './deps.js';
import { header, type ConsoleError, type ConsoleRequest, type ConsoleResponse } from './http.js';
import type { LiveSession } from './sessions.js';

/**
 * /console-api/aws/{iam,sts,cloudtrail}: the console's AWS SDK clients call the server's one
 * API endpoint through here, as the signed-in principal. The session cookie and the CSRF
 * header authenticate the request (routes.ts); its SigV4 signature, made with placeholder
 * credentials, is ignored. The endpoint then decodes, validates, authorizes with the policy
 * engine and records the call in the event history exactly as it does any API call, and its
 * answer goes back as it is, in AWS's wire format, so the SDK throws its usual exceptions.
 */

export type ProxiedService = 'iam' | 'sts' | 'cloudtrail';

export const PROXIED_SERVICES: readonly ProxiedService[] = ['iam', 'sts', 'cloudtrail'];

export async function proxyAwsCall(deps: ConsoleDeps, req: ConsoleRequest, session: LiveSession, service: ProxiedService): Promise<ConsoleResponse> {
  // CloudTrail speaks JSON 1.1, which the endpoint recognises by X-Amz-Target; without one the
  // endpoint answers CloudTrail's UnknownOperationException.
  const target = service === 'cloudtrail' ? (header(req, 'x-amz-target') ?? '') : undefined;
  const response = await deps.endpoint.handle({
    request: { method: req.method, path: '/', query: req.query.toString(), headers: [], body: req.body ?? Buffer.alloc(0) },
    tooLarge: req.body === undefined,
    contentType: header(req, 'content-type') ?? '',
    ...(target !== undefined ? { target } : {}),
    sourceIp: req.sourceIp,
    secure: req.secure,
    userAgent: req.userAgent,
    as: { principal: session.principal, service },
  });
  return {
    status: response.status,
    headers: {
      'content-type': response.contentType,
      'cache-control': 'no-store',
      'x-amzn-RequestId': response.requestId,
      ...(response.errorType ? { 'x-amzn-ErrorType': response.errorType } : {}),
    },
    body: response.body,
  };
}

/**
 * A refusal before the call reaches the endpoint (not signed in, no CSRF token), in the
 * service's own error shape so the SDK reads its code as the exception's name.
 */
export function wireError(service: ProxiedService, error: ConsoleError): ConsoleResponse {
  const requestId = randomUUID();
  if (service === 'cloudtrail') {
    return {
      status: error.status,
      headers: { 'content-type': JSON_CONTENT_TYPE, 'cache-control': 'no-store', 'x-amzn-RequestId': requestId, 'x-amzn-ErrorType': error.code },
      body: JSON.stringify({ __type: error.code, message: error.message }),
    };
  }
  const namespace = queryService(service).xmlNamespace;
  const body =
    `<ErrorResponse xmlns="${escapeXml(namespace)}"><Error><Type>Sender</Type><Code>${escapeXml(error.code)}</Code>` +
    `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`;
  return { status: error.status, headers: { 'content-type': QUERY_CONTENT_TYPE, 'cache-control': 'no-store', 'x-amzn-RequestId': requestId }, body };
}
