import * as http from 'node:http';
import * as https from 'node:https';
import { Hash } from '@smithy/hash-node';
import { SignatureV4 } from '@smithy/signature-v4';
import type { AwsCredentialIdentity, AwsCredentialIdentityProvider } from '@smithy/types';
import { GatehouseError, type AuthorizeInput, type AuthorizeResult } from './contract.js';

export interface AuthorizerOptions {
  /** Gatehouse's base URL, e.g. http://127.0.0.1:4566 */
  endpoint: string;
  /** the calling service's own Gatehouse access key (it needs gatehouse:Authorize) */
  credentials: AwsCredentialIdentity | AwsCredentialIdentityProvider;
  /** the region the call is signed for; Gatehouse accepts any (default us-east-1) */
  region?: string;
  /** how long to wait for Gatehouse's answer (default 5000 ms) */
  timeoutMs?: number;
}

export interface Authorizer {
  /**
   * Asks Gatehouse whether the forwarded request is authentic and may perform the action on the
   * resource. Resolves with the answer, whatever it is; rejects with GatehouseError when
   * Gatehouse refuses the call itself, or with the network's error.
   */
  authorize(input: AuthorizeInput): Promise<AuthorizeResult>;
  /** Closes the kept-alive connections to Gatehouse. */
  close(): void;
}

const PATH = 'gatehouse/authorize';
// The SigV4 signing name of the authorize API.
const SIGNING_NAME = 'gatehouse';

/** A client for Gatehouse's authorize API: every call SigV4-signed with the service's own key. */
export function createAuthorizer(options: AuthorizerOptions): Authorizer {
  const base = options.endpoint.endsWith('/') ? options.endpoint : options.endpoint + '/';
  const url = new URL(PATH, base);
  const secure = url.protocol === 'https:';
  // One decision per request a service serves: the connection is worth keeping.
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const signer = new SignatureV4({
    service: SIGNING_NAME,
    region: options.region ?? 'us-east-1',
    credentials: options.credentials,
    sha256: Hash.bind(null, 'sha256'),
  });
  const timeoutMs = options.timeoutMs ?? 5000;

  async function authorize(input: AuthorizeInput): Promise<AuthorizeResult> {
    const body = JSON.stringify(input);
    const signed = await signer.sign({
      method: 'POST',
      protocol: url.protocol,
      hostname: url.hostname,
      ...(url.port ? { port: Number(url.port) } : {}),
      path: url.pathname,
      query: {},
      // Host is signed, so it is set here rather than left to the HTTP stack.
      headers: { host: url.host, 'content-type': 'application/json', 'content-length': String(Buffer.byteLength(body)) },
      body,
    });
    const { status, requestId, text } = await post(url, secure, agent, signed.headers, body, timeoutMs);
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new GatehouseError('InvalidResponse', `Gatehouse answered HTTP ${status} with a body that is not JSON.`, status, requestId);
    }
    if (status !== 200) {
      const error = json as { code?: string; message?: string };
      throw new GatehouseError(error.code ?? 'UnknownError', error.message ?? `Gatehouse answered HTTP ${status}.`, status, requestId);
    }
    return { ...(json as AuthorizeResult), requestId };
  }

  return { authorize, close: () => agent.destroy() };
}

function post(
  url: URL,
  secure: boolean,
  agent: http.Agent,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<{ status: number; requestId: string; text: string }> {
  return new Promise((resolve, reject) => {
    const request = (secure ? https : http).request(url, { method: 'POST', headers, agent, timeout: timeoutMs }, (response) => {
      const chunks: Buffer[] = [];
      response.on('data', (chunk: Buffer) => chunks.push(chunk));
      response.on('error', reject);
      response.on('end', () =>
        resolve({
          status: response.statusCode ?? 0,
          requestId: String(response.headers['x-amzn-requestid'] ?? ''),
          text: Buffer.concat(chunks).toString('utf8'),
        }),
      );
    });
    request.on('timeout', () => request.destroy(new Error(`Gatehouse did not answer within ${timeoutMs} ms (${url.origin}).`)));
    request.on('error', reject);
    request.end(body);
  });
}
