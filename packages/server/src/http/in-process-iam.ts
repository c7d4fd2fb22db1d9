import { Readable } from 'node:stream';
import { IAMClient } from '@aws-sdk/client-iam';
import type { Principal } from '../principal.js';
import type { ApiEndpoint } from './api-endpoint.js';

interface SdkRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
  headers: Record<string, string>;
  body?: string | Uint8Array;
}

/**
 * An IAM client whose calls go straight to this server's endpoint as a caller Gatehouse has
 * already authenticated: features built from standard IAM calls (the Security Status checks)
 * run for the console exactly as they run against any endpoint, authorized and recorded like
 * every other call. The SDK signs with placeholder credentials; the endpoint does not check them.
 */
export function inProcessIam(endpoint: ApiEndpoint, principal: Principal, facts: { sourceIp: string; userAgent: string }): IAMClient {
  return new IAMClient({
    region: 'us-east-1',
    endpoint: 'http://gatehouse.in-process',
    credentials: { accessKeyId: 'IN-PROCESS', secretAccessKey: 'not-used-in-process' },
    maxAttempts: 1,
    requestHandler: {
      async handle(request: SdkRequest) {
        const query = new URLSearchParams();
        for (const [k, v] of Object.entries(request.query ?? {})) for (const value of [v ?? ''].flat()) query.append(k, value);
        const headers = Object.entries(request.headers);
        const response = await endpoint.handle({
          request: { method: request.method, path: request.path, query: query.toString(), headers, body: Buffer.from(request.body ?? '') },
          tooLarge: false,
          contentType: request.headers['content-type'] ?? '',
          sourceIp: facts.sourceIp,
          userAgent: facts.userAgent,
          as: { principal, service: 'iam' },
        });
        return {
          response: {
            statusCode: response.status,
            headers: { 'content-type': response.contentType, 'x-amzn-requestid': response.requestId },
            body: Readable.from([Buffer.from(response.body)]),
          },
        };
      },
      destroy() {},
    } as unknown as IAMClient['config']['requestHandler'],
  });
}
