import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { Authenticator } from '../auth/authenticate.js';
import type { HttpRequestParts, SignatureClaim } from '../auth/sigv4.js';
import { authorize } from '../authorize.js';
import type { PolicyCache } from '../authz/policy-cache.js';
import type { Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { AuthorizationTarget } from '../operation.js';
import { findAnonymousOperation, findOperation, type ServiceName } from '../operations.js';
import { AwsError, notImplemented } from '../protocol/errors.js';
import { queryService, type ServiceCodec } from '../protocol/query.js';
import type { Store } from '../storage/database.js';
import { metrics } from './metrics.js';

export interface QueryRequest {
  request: HttpRequestParts;
  /** true when the body exceeded the size limit and was dropped */
  tooLarge: boolean;
  contentType: string;
  sourceIp: string;
  userAgent: string;
}

export interface QueryResponse {
  status: number;
  body: string;
  requestId: string;
}

interface EndpointDeps {
  policies: PolicyCache;
  store: Store;
  secrets: SecretBox;
  clock: () => Date;
  random: Random;
  logger: Logger;
}

/**
 * The AWS Query protocol endpoint for IAM and STS: one path through decode, authenticate,
 * validate, authorize, handle (in one transaction) and encode, with one error boundary that
 * turns every failure into AWS's error XML.
 */
export class QueryEndpoint {
  readonly #codecs: Record<ServiceName, ServiceCodec>;
  readonly #auth: Authenticator;

  constructor(private readonly deps: EndpointDeps) {
    this.#codecs = { iam: codecFor('iam'), sts: codecFor('sts') };
    this.#auth = new Authenticator(deps.store, deps.secrets);
  }

  async handle(q: QueryRequest): Promise<QueryResponse> {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    let service: ServiceName = 'iam';
    let action = 'unknown';
    try {
      if (q.tooLarge) throw new AwsError('RequestEntityTooLarge', 'The request body is larger than the 2 MiB Gatehouse accepts.');
      const params = requestParams(q);
      const actionName = params.get('Action');
      if (!actionName) throw new AwsError('MissingAction', 'Missing Action. Send the operation name in the Action parameter, e.g. Action=ListUsers.');

      const now = this.deps.clock();
      // An operation served without a signature skips authentication and authorization: its
      // handler derives the caller from the input. Every other operation is authenticated.
      const anonymous = findAnonymousOperation(actionName);
      if (anonymous) {
        service = anonymous.service;
        action = actionName;
        const input = this.#codecs[service].decode(actionName, params);
        const { store, random, secrets, policies } = this.deps;
        const output = await anonymous.spec.handle({ db: store.db, dialect: store.dialect, now, random, secrets, policies, requestId }, input);
        metrics.requests.inc({ service, action, code: 'OK' });
        return { status: 200, body: this.#codecs[service].encodeResult(actionName, output, requestId), requestId };
      }
      const { principal, claim } = await this.#auth.authenticate(q.request, now, (c) => {
        service = scopedService(c);
      });
      const region = claim.region;
      const codec = this.#codecs[service];
      if (!codec.has(actionName)) {
        throw new AwsError('InvalidAction', `Could not find operation ${actionName} for version ${params.get('Version') ?? codec.apiVersion}`);
      }
      action = actionName;
      const spec = findOperation(service, actionName);
      if (!spec || spec.anonymous) throw notImplemented(`${service}:${actionName}`);
      const input = codec.decode(actionName, params);
      const outcome = await this.deps.store.db.transaction().execute(async (tx) => {
        try {
          const target = await spec.target(input, { tx, accountId: principal.accountId, principal, now, secrets: this.deps.secrets });
          const facts = { now, sourceIp: q.sourceIp, secureTransport: false, region };
          await authorize(tx, this.deps.policies, spec, { principal, target, facts });
          const also = (extra: string, extraTarget: AuthorizationTarget) =>
            authorize(tx, this.deps.policies, { action: extra, authorization: 'admin' }, { principal, target: extraTarget, facts });
          const result = await spec.handle(
            {
              tx,
              dialect: this.deps.store.dialect,
              principal,
              accountId: principal.accountId,
              now,
              random: this.deps.random,
              secrets: this.deps.secrets,
              policies: this.deps.policies,
              requestId,
              target,
              authorize: also,
            },
            input,
          );
          return { result };
        } catch (error) {
          // A refusal that must be recorded (a wrong MFA code) commits before it is sent.
          if (error instanceof AwsError && error.keepWrites) return { refusal: error };
          throw error;
        }
      });
      if ('refusal' in outcome) throw outcome.refusal;
      const output = outcome.result;
      metrics.requests.inc({ service, action, code: 'OK' });
      return { status: 200, body: codec.encodeResult(actionName, output, requestId), requestId };
    } catch (error) {
      const awsError = error instanceof AwsError ? error : this.#unexpected(error, requestId);
      metrics.requests.inc({ service, action, code: awsError.code });
      return { status: awsError.status, body: this.#codecs[service].encodeError(awsError, requestId), requestId };
    } finally {
      metrics.duration.observe({ service }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  #unexpected(error: unknown, requestId: string): AwsError {
    this.deps.logger.error({ err: error, requestId }, 'unexpected failure; the transaction was rolled back');
    return new AwsError('ServiceFailure', `The request processing has failed because of an unknown error. Request id: ${requestId}`);
  }
}

const codecFor = (service: ServiceName): ServiceCodec => queryService(service);

/** Query parameters from the URL, and from a form-encoded POST body. */
function requestParams(q: QueryRequest): URLSearchParams {
  const params = new URLSearchParams(q.request.query);
  if (q.request.method === 'POST' && q.request.body.length > 0) {
    if (!q.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AwsError('InvalidParameterValue', `Content-Type ${q.contentType || '(none)'} is not supported. Send parameters as application/x-www-form-urlencoded.`);
    }
    for (const [k, v] of new URLSearchParams(q.request.body.toString('utf8'))) params.append(k, v);
  }
  return params;
}

/** IAM and STS share this endpoint; the credential scope says which service the caller meant. */
function scopedService(claim: SignatureClaim): ServiceName {
  if (claim.service === 'iam' || claim.service === 'sts') return claim.service;
  // AWS's wording, trailing space included; IAM names itself as the expected service.
  throw new AwsError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. ");
}
