/**
 * Hono middleware: Gatehouse decides before the route handler runs.
 *
 *   const app = new Hono<{ Variables: GatehouseVariables }>();
 *   app.get('/:bucket/:key{.+}', requireAuthorization({ authorizer, target: (c) => ({ action: 's3:GetObject', resource: … }) }), handler);
 *
 * When allowed, c.get('gatehouse') says who signed. The body is read through c.req, which keeps
 * it for the handler.
 *
 * On @hono/node-server the request is taken from node's IncomingMessage (c.env.incoming), as
 * received. Elsewhere only the fetch Request is there, and it is not quite the wire form: its URL
 * has had dot segments resolved, and its Headers joined a repeated header with ", " where SigV4
 * joins with ",". Requests whose path has '.' or '..' segments, or that sign a repeated header,
 * fail to verify there.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { decide, DEFAULT_MAX_BODY_BYTES, errorResponse, pairHeaders, tooLarge, type Authorization, type Denial, type MiddlewareOptions } from './forward.js';

export type { Authorization } from './forward.js';

/** Declare these in your app's Variables so that c.get('gatehouse') is typed. */
export interface GatehouseVariables {
  gatehouse: Authorization;
}

interface NodeIncoming {
  url?: string;
  rawHeaders: string[];
  socket?: { remoteAddress?: string; encrypted?: boolean };
}

export function requireAuthorization(options: MiddlewareOptions<Context>): MiddlewareHandler<{ Variables: GatehouseVariables }> {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const format = options.errorFormat ?? 'xml';
  const deny = (c: Context, denial: Denial) => {
    const { headers, body } = errorResponse(format, denial);
    return c.body(body, denial.status as 403, headers);
  };

  return async (c, next) => {
    const declared = Number(c.req.header('content-length'));
    if (declared > maxBodyBytes) return deny(c, tooLarge(maxBodyBytes));
    const body = new Uint8Array(await c.req.arrayBuffer());
    if (body.length > maxBodyBytes) return deny(c, tooLarge(maxBodyBytes));
    const url = new URL(c.req.url);
    const incoming = nodeIncoming(c.env);
    const verdict = await decide(
      options.authorizer,
      {
        method: c.req.method,
        target: incoming?.url ?? url.pathname + url.search,
        headers: incoming ? pairHeaders(incoming.rawHeaders) : fetchHeaders(c.req.raw.headers, url.host),
        body,
        sourceIp: incoming?.socket?.remoteAddress,
        secureTransport: incoming ? incoming.socket?.encrypted === true : url.protocol === 'https:',
      },
      await options.target(c),
    );
    if (!verdict.allowed) return deny(c, verdict.denial);
    c.set('gatehouse', verdict.authorization);
    await next();
  };
}

/** @hono/node-server passes node's request as env.incoming. */
function nodeIncoming(env: unknown): NodeIncoming | undefined {
  const incoming = (env as { incoming?: unknown } | undefined)?.incoming;
  return typeof incoming === 'object' && incoming !== null && Array.isArray((incoming as NodeIncoming).rawHeaders) ? (incoming as NodeIncoming) : undefined;
}

/** A fetch Request's headers; Host, which fetch keeps out of Headers, from the URL. */
function fetchHeaders(headers: Headers, host: string): [string, string][] {
  const pairs: [string, string][] = [];
  headers.forEach((value, name) => pairs.push([name, value]));
  if (!headers.has('host')) pairs.push(['host', host]);
  return pairs;
}
