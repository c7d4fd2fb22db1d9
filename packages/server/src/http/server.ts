import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pino, type Logger } from 'pino';
import { digestSigner } from '../audit/digest-signer.js';
import { DEFAULT_EVENT_DIGEST_MINUTES } from '../audit/digest-periods.js';
import { DigestSealer } from '../audit/digest-sealer.js';
import { pruneEvents } from '../audit/digests.js';
import { EventSink } from '../audit/event-sink.js';
import { CallPipeline } from '../pipeline.js';
import { Authenticator } from '../auth/authenticate.js';
import { AuthorizeEndpoint } from '../authorize-api/authorize-endpoint.js';
import { AUTHORIZE_PATH } from '../authorize-api/contract.js';
import type { PolicyDecider } from '../authorize-api/decider.js';
import { EnginePolicyDecider } from '../authz/engine-decider.js';
import { PolicyCache } from '../authz/policy-cache.js';
import { ConsoleApi, CONSOLE_API_PREFIX, type ConsoleApiOptions } from '../console-api/routes.js';
import { ConsoleFiles, DEFAULT_CONSOLE_DIR } from '../console-api/static.js';
import { systemRandom, type Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { Store } from '../storage/database.js';
import { storeUnavailable } from '../protocol/errors.js';
import { workloadCredentials, WORKLOAD_CREDENTIALS_PATH } from '../workload/credentials-endpoint.js';
import { metrics } from './metrics.js';
import { ApiEndpoint } from './api-endpoint.js';
import { clientAddress, trustedProxies } from './client-address.js';
import { securityStatusRoute, SECURITY_STATUS_PATH } from './security-status-route.js';

export interface ServerOptions {
  store: Store;
  secrets: SecretBox;
  host?: string;
  port?: number;
  logLevel?: string;
  logger?: Logger;
  /** Injected so tests can move time (signature skew, expiry). */
  clock?: () => Date;
  random?: Random;
  /**
   * Decides for the authorize API (POST /gatehouse/authorize), both whether the calling
   * service may use it and what its forwarded request may do. The policy engine with the
   * stored policies unless a test supplies another.
   */
  decider?: PolicyDecider;
  /** lifetime of workload credentials (default 3,600 s); tests shorten it to see renewal */
  workloadSessionSeconds?: number;
  /** how long the event history keeps records (default 90 days, as CloudTrail's event history) */
  eventRetentionDays?: number;
  /** the event history's digest period in minutes, dividing a day (default 5): how long records stay unsealed */
  eventDigestMinutes?: number;
  /** reverse proxies whose X-Forwarded-For/-Proto are believed: addresses or CIDR ranges */
  trustedProxies?: readonly string[];
  /** the built web console (default packages/console/dist) */
  consoleDir?: string;
  /** console sessions' timeouts and sign-in guessing protection (docs/console.md) */
  console?: ConsoleApiOptions;
}

export interface RunningServer {
  port: number;
  url: string;
  /**
   * Seals the event history's completed digest periods into signed digests and prunes what is past
   * retention. Runs every minute on its own; tests that move the clock call it directly.
   */
  maintainEvents(): Promise<{ sealed: number; pruned: number }>;
  /**
   * Stops listening. With `drainMs`, requests already in flight get that long to finish (SIGTERM);
   * without, open connections are cut at once (tests).
   */
  close(options?: { drainMs?: number }): Promise<void>;
}

export const DEFAULT_EVENT_RETENTION_DAYS = 90;
export const EVENT_DIGEST_KEY_PATH = '/gatehouse/event-digest-key';
const EVENT_MAINTENANCE_MS = 60_000;

// Larger than any IAM request can legitimately be (a 131,072-character policy, URL-encoded).
const MAX_BODY_BYTES = 2 * 1024 * 1024;

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const logger = options.logger ?? pino({ level: options.logLevel ?? 'info' });
  const clock = options.clock ?? (() => new Date());
  // One cache of compiled policies for enforcement, the simulator and the authorize API.
  const policies = new PolicyCache();
  const events = new EventSink(options.store, logger);
  const pipeline = new CallPipeline({ store: options.store, policies, events, secrets: options.secrets, random: options.random ?? systemRandom, logger });
  const endpoint = new ApiEndpoint({
    pipeline,
    policies,
    events,
    store: options.store,
    secrets: options.secrets,
    clock,
    random: options.random ?? systemRandom,
    logger,
  });
  const auth = new Authenticator(options.store, options.secrets);
  const authorizeEndpoint = new AuthorizeEndpoint({
    store: options.store,
    events,
    secrets: options.secrets,
    clock,
    logger,
    decider: options.decider ?? new EnginePolicyDecider(options.store, policies, clock, options.secrets),
  });

  const consoleApi = new ConsoleApi(
    { store: options.store, secrets: options.secrets, random: options.random ?? systemRandom, clock, events, endpoint, pipeline, policies, logger },
    options.console,
  );
  const consoleFiles = new ConsoleFiles(options.consoleDir ?? DEFAULT_CONSOLE_DIR);

  const proxies = options.trustedProxies?.length ? trustedProxies(options.trustedProxies) : undefined;
  const signer = digestSigner(options.secrets);
  const digestKeyBody = JSON.stringify({ algorithm: 'Ed25519', publicKey: signer.publicKey.pem, fingerprint: signer.publicKey.fingerprint });
  const retentionDays = options.eventRetentionDays ?? DEFAULT_EVENT_RETENTION_DAYS;
  const sealer = new DigestSealer(signer, { periodMinutes: options.eventDigestMinutes ?? DEFAULT_EVENT_DIGEST_MINUTES, logger, startedAt: clock() });
  const maintainEvents = async () => {
    await events.flush();
    const now = clock();
    const sealed = await sealer.seal(options.store, now);
    const pruned = await pruneEvents(options.store.db, now, retentionDays);
    return { sealed, pruned };
  };
  let maintaining: Promise<unknown> = Promise.resolve();
  const maintenance = setInterval(() => {
    maintaining = maintainEvents().catch((error: unknown) => logger.error({ err: error }, 'event history maintenance failed'));
  }, EVENT_MAINTENANCE_MS);
  maintenance.unref();
  // Seal at once what a stop left unsealed, so no period stays open while this server records
  // (digest-predecessor.ts relies on it to tell an honest restart from deleted digests).
  maintaining = maintainEvents().catch((error: unknown) => logger.error({ err: error }, 'event history maintenance failed'));

  let inFlight = 0;
  let drained: (() => void) | undefined;
  const server = createServer((req, res) => {
    // The Date header comes from the same clock as signature checks: SDKs correct their clock
    // skew from it.
    res.sendDate = false;
    res.setHeader('Date', clock().toUTCString());
    inFlight++;
    res.once('close', () => {
      // A client that went away before its answer is the client's business, not an error.
      if (!res.writableFinished) logger.debug({ method: req.method, url: req.url }, 'client disconnected before the response was sent');
      if (--inFlight === 0) drained?.();
    });
    void route(req, res).catch((error: unknown) => {
      if (options.store.isUnavailable(error)) {
        logger.warn({ err: error }, 'the database did not answer in time');
        if (!res.headersSent) return send(res, 503, 'application/json', JSON.stringify({ code: 'ServiceUnavailable', message: storeUnavailable().message }));
      } else logger.error({ err: error }, 'request failed outside the error boundary');
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  server.on('clientError', (error, socket) => {
    logger.debug({ err: error }, 'malformed or aborted HTTP request');
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  // A client that stalls must not hold a connection for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 20_000;
  server.keepAliveTimeout = 5_000;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = req.url ?? '/';
    const queryAt = url.indexOf('?');
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    // Liveness: the process answers. It never touches the database, so a slow database does not
    // get a healthy node restarted.
    if (path === '/healthz' && req.method === 'GET') return send(res, 200, 'application/json', '{"status":"ok"}');
    // Readiness: the database answers in time and has every migration this build needs.
    if (path === '/readyz' && req.method === 'GET') {
      const readiness = await withTimeout(options.store.ready(), READY_TIMEOUT_MS, { ready: false, reason: `the database did not answer within ${READY_TIMEOUT_MS} ms` });
      return send(res, readiness.ready ? 200 : 503, 'application/json', JSON.stringify(readiness.ready ? { status: 'ready' } : { status: 'unavailable', reason: readiness.reason }));
    }
    if (path === '/metrics' && req.method === 'GET') return send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
    // The public key that signs event digests, for anyone verifying them (gatehouse verify-events --public-key).
    if (path === EVENT_DIGEST_KEY_PATH && req.method === 'GET') return send(res, 200, 'application/json', digestKeyBody);
    if (path === WORKLOAD_CREDENTIALS_PATH && req.method === 'GET') {
      const response = await workloadCredentials(
        { store: options.store, pipeline, clock, ...(options.workloadSessionSeconds ? { sessionSeconds: options.workloadSessionSeconds } : {}) },
        req.headers.authorization,
      );
      return send(res, response.status, 'application/json', response.body);
    }
    const method = req.method ?? 'GET';
    const query = queryAt < 0 ? '' : url.slice(queryAt + 1);
    const client = clientAddress(req, proxies);
    const sourceIp = client.ip;
    // The web console's pages and files: GET / without Action, /assets/*, and its own paths.
    const file = await consoleFiles.handle(method, path, new URLSearchParams(query), req.headers.accept ?? '');
    if (file) {
      res.writeHead(file.status, { ...file.headers, 'content-length': file.body.length });
      res.end(method === 'HEAD' ? undefined : file.body);
      return;
    }
    const body = await readBody(req);
    if (path === CONSOLE_API_PREFIX || path.startsWith(`${CONSOLE_API_PREFIX}/`)) {
      const response = await consoleApi.handle({
        method,
        path,
        query: new URLSearchParams(query),
        headers: req.headers,
        body,
        sourceIp,
        userAgent: req.headers['user-agent'] ?? '',
        secure: client.secure,
      });
      res.writeHead(response.status, { ...response.headers, 'content-length': Buffer.byteLength(response.body) });
      res.end(response.body);
      return;
    }
    const rawHeaders: [string, string][] = [];
    for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) rawHeaders.push([req.rawHeaders[i]!, req.rawHeaders[i + 1]!]);
    const request = { method, path, query, headers: rawHeaders, body: body ?? Buffer.alloc(0) };
    if (path === SECURITY_STATUS_PATH) {
      const response = await securityStatusRoute({ endpoint, db: options.store.db, auth, clock, logger }, request, sourceIp, req.headers['user-agent'] ?? '');
      res.setHeader('x-amzn-RequestId', response.requestId);
      return send(res, response.status, 'application/json', response.body);
    }
    // The authorize API for other services: JSON in and out, its own path (docs/authorize-api.md).
    if (path === AUTHORIZE_PATH) {
      const response = await authorizeEndpoint.handle({ request, tooLarge: body === undefined, sourceIp });
      res.setHeader('x-amzn-RequestId', response.requestId);
      return send(res, response.status, 'application/json', response.body);
    }
    const target = req.headers['x-amz-target'];
    const response = await endpoint.handle({
      request,
      tooLarge: body === undefined,
      contentType: req.headers['content-type'] ?? '',
      ...(typeof target === 'string' ? { target } : {}),
      sourceIp,
      secure: client.secure,
      userAgent: req.headers['user-agent'] ?? '',
    });
    res.setHeader('x-amzn-RequestId', response.requestId);
    if (response.errorType) res.setHeader('x-amzn-ErrorType', response.errorType);
    send(res, response.status, response.contentType, response.body);
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';
  return {
    port,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    maintainEvents,
    close: async (options: { drainMs?: number } = {}) => {
      clearInterval(maintenance);
      await maintaining;
      // Stop accepting, let the requests in flight finish (up to drainMs), then cut what is left.
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      if (inFlight > 0 && options.drainMs) {
        await withTimeout(new Promise<void>((resolve) => (drained = resolve)), options.drainMs, undefined);
      }
      server.closeAllConnections();
      await closed;
      await events.flush();
    },
  };
}

const READY_TIMEOUT_MS = 2_000;

function withTimeout<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => resolve(fallback), ms);
    work.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

function send(res: ServerResponse, status: number, contentType: string, body: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

/** The whole body, or undefined when it exceeds the limit (the rest is drained, not kept). */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let tooLarge = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) tooLarge = true;
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(tooLarge ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
