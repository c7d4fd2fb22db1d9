/**
 * @gatehouse/client: ask Gatehouse's authorize API whether a SigV4-signed request your service
 * received may do what it asks. The framework middlewares live in ./express, ./fastify and
 * ./hono; the pieces below are what they are made of, for any other framework.
 */
export { createAuthorizer, type Authorizer, type AuthorizerOptions } from './authorizer.js';
export {
  GatehouseError,
  type Authenticated,
  type AuthorizeInput,
  type AuthorizeResult,
  type AuthorizeTarget,
  type ContextValue,
  type ForwardedRequest,
  type PrincipalInfo,
  type Reason,
  type Unauthenticated,
} from './contract.js';
export {
  decide,
  errorResponse,
  forwardedRequest,
  pairHeaders,
  type Authorization,
  type Denial,
  type ErrorFormat,
  type MiddlewareOptions,
  type ReceivedRequest,
  type Verdict,
} from './forward.js';
