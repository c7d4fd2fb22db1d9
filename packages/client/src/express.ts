/**
 * Express middleware: Gatehouse decides before the route handler runs.
 *
 *   app.put('/:bucket/*key', requireAuthorization({ authorizer, target: (req) => ({ action: 's3:PutObject', resource: … }) }), handler)
 *
 * Mount it before any body parser, or after express.raw(): the signature covers the body's
 * bytes, which a parsed body no longer has. It leaves the bytes in req.body (a Buffer) and,
 * when allowed, who signed in req.gatehouse.
 */
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { decide, DEFAULT_MAX_BODY_BYTES, errorResponse, pairHeaders, readStream, tooLarge, type Authorization, type Denial, type MiddlewareOptions } from './forward.js';

declare module 'express-serve-static-core' {
  interface Request {
    /** set by requireAuthorization when Gatehouse allowed the request */
    gatehouse?: Authorization;
  }
}

export type { Authorization } from './forward.js';

export function requireAuthorization(options: MiddlewareOptions<Request>): RequestHandler {
  const maxBodyBytes = options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES;
  const format = options.errorFormat ?? 'xml';
  const deny = (res: Response, denial: Denial) => {
    const { headers, body } = errorResponse(format, denial);
    res.status(denial.status).set(headers).send(body);
  };

  return (req: Request, res: Response, next: NextFunction) => {
    void (async () => {
      const body = await rawBody(req, maxBodyBytes);
      if (body === undefined) return deny(res, tooLarge(maxBodyBytes));
      req.body = body;
      const verdict = await decide(
        options.authorizer,
        {
          method: req.method,
          // originalUrl is the request-target as received, even under a mounted router.
          target: req.originalUrl,
          headers: pairHeaders(req.rawHeaders),
          body,
          sourceIp: req.ip,
          secureTransport: req.secure,
        },
        await options.target(req),
      );
      if (!verdict.allowed) return deny(res, verdict.denial);
      req.gatehouse = verdict.authorization;
      next();
    })().catch(next);
  };
}

/** The body's bytes: from express.raw() if it ran, else read from the stream here. */
async function rawBody(req: Request, maxBytes: number): Promise<Buffer | undefined> {
  if (Buffer.isBuffer(req.body)) return req.body;
  // A stream someone else read cannot be read again; waiting for its end would hang.
  if (req.readableDidRead || req.readableEnded) {
    throw new Error('requireAuthorization needs the raw body, but a body parser has already consumed it: mount it before express.json() and the like, or use express.raw().');
  }
  return readStream(req, maxBytes);
}
