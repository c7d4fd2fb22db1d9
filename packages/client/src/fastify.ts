/**
 * Fastify hooks: Gatehouse decides before the route handler runs, for every route of the
 * instance (or encapsulated plugin) they are added to.
 *
 *   await app.register(async (scope) => {
 *     requireAuthorization(scope, { authorizer, target: (request) => ({ action: 's3:GetObject', resource: … }) });
 *     scope.get('/:bucket/*', handler);
 *   });
 *
 * A preParsing hook keeps the body's bytes for the signature and hands the same bytes on to
 * whatever content-type parser the route has; a preHandler hook asks Gatehouse. When allowed,
 * request.gatehouse says who signed.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { decide, DEFAULT_MAX_BODY_BYTES, errorResponse, pairHeaders, readStream, tooLarge, type Authorization, type Denial, type MiddlewareOptions } from './forward.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** set by requireAuthorization when Gatehouse allowed the request */
    gatehouse: Authorization | null;
  }
}

export type { Authorization } from './forward.js';

export function requireAuthorization(app: FastifyInstance, options: MiddlewareOptions<FastifyRequest>): void {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const format = options.errorFormat ?? 'xml';
  const bodies = new WeakMap<FastifyRequest, Buffer>();
  const deny = (reply: FastifyReply, denial: Denial) => {
    const { headers, body } = errorResponse(format, denial);
    return reply.code(denial.status).headers(headers).send(body);
  };

  // A stable request shape, as Fastify asks of properties added to requests.
  if (!app.hasRequestDecorator('gatehouse')) app.decorateRequest('gatehouse', null);

  app.addHook('preParsing', async (request, reply, payload) => {
    const body = await readStream(payload, maxBodyBytes);
    if (body === undefined) {
      await deny(reply, tooLarge(maxBodyBytes));
      return payload;
    }
    bodies.set(request, body);
    // Fastify checks the parsed length against Content-Length through this property.
    return Object.assign(Readable.from(body.length > 0 ? [body] : []), { receivedEncodedLength: body.length });
  });

  app.addHook('preHandler', async (request, reply) => {
    const verdict = await decide(
      options.authorizer,
      {
        method: request.method,
        // request.raw.url is the request-target as received; request.url may be rewritten.
        target: request.raw.url ?? '/',
        headers: pairHeaders(request.raw.rawHeaders),
        body: bodies.get(request) ?? Buffer.alloc(0),
        sourceIp: request.ip,
        secureTransport: request.protocol === 'https',
      },
      await options.target(request),
    );
    if (!verdict.allowed) return deny(reply, verdict.denial);
    request.gatehouse = verdict.authorization;
  });
}
