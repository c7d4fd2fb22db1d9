import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { userIdentityOf, type CloudTrailRecord, type UserIdentity } from '../audit/event-record.js';
import type { EventSink } from '../audit/event-sink.js';
import { RecordedError, type CallPipeline } from '../pipeline.js';
import { apiCallRecord, recordedErrorCode } from '../audit/events.js';
import { Authenticator } from '../auth/authenticate.js';
import type { HttpRequestParts, SignatureClaim } from '../auth/sigv4.js';
import type { PolicyCache } from '../authz/policy-cache.js';
import type { Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { WebIdentityCaller } from '../operation.js';
import { findAnonymousOperation, findOperation, type ServiceName } from '../operations.js';
import type { Principal } from '../principal.js';
import { AwsError, notImplemented, storeUnavailable } from '../protocol/errors.js';
import { jsonErrorName, jsonService, JSON_CONTENT_TYPE, type JsonServiceCodec } from '../protocol/json.js';
import type { StructureShape } from '../protocol/model.js';
import { queryService, QUERY_CONTENT_TYPE, type ServiceCodec } from '../protocol/query.js';
import type { Store } from '../storage/database.js';
import { metrics } from './metrics.js';

export interface ApiRequest {
  request: HttpRequestParts;
  /** true when the body exceeded the size limit and was dropped */
  tooLarge: boolean;
  contentType: string;
  /** the X-Amz-Target header: present for the JSON protocol (CloudTrail) */
  target?: string;
  sourceIp: string;
  /** whether the client came over TLS (aws:SecureTransport) */
  secure?: boolean;
  userAgent: string;
  /**
   * Set only in process, never from HTTP: a caller Gatehouse already authenticated (e.g. a
   * console session) makes this call, so its signature is not checked. Authorization and the
   * event history apply as to any call.
   */
  as?: { principal: Principal; service: ServiceName };
}

export interface ApiResponse {
  status: number;
  contentType: string;
  body: string;
  requestId: string;
  /** the JSON protocol's x-amzn-ErrorType */
  errorType?: string;
}

interface EndpointDeps {
  /** the path every authorized call takes (pipeline.ts) */
  pipeline: CallPipeline;
  policies: PolicyCache;
  /** where records of calls that changed nothing go */
  events: EventSink;
  store: Store;
  secrets: SecretBox;
  clock: () => Date;
  random: Random;
  logger: Logger;
}

/** What is known of a call so far; the event history records it whether it succeeds or not. */
interface Call {
  service: ServiceName;
  action?: string;
  principal?: Principal;
  /** the caller as CloudTrail records it, once known */
  identity?: UserIdentity;
  accountId?: string;
  region: string;
  input?: { shape?: StructureShape; value: unknown };
  /** true once the call's record was written in its own transaction */
  recorded: boolean;
}

/**
 * The endpoint of every AWS API Gatehouse serves: IAM and STS over the Query protocol,
 * CloudTrail over JSON 1.1. One path through decode, authenticate, validate, authorize,
 * handle and record (in one transaction) and encode, with one error boundary that turns
 * every failure into AWS's error shape.
 */
export class ApiEndpoint {
  readonly #query: Record<'iam' | 'sts', ServiceCodec>;
  readonly #cloudtrail: JsonServiceCodec;
  readonly #auth: Authenticator;
  /** Query error code → the error shape's name, which CloudTrail records as errorCode */
  readonly #errorShapes: ReadonlyMap<string, string>;

  constructor(private readonly deps: EndpointDeps) {
    this.#query = { iam: queryService('iam'), sts: queryService('sts') };
    this.#cloudtrail = jsonService('cloudtrail');
    this.#auth = new Authenticator(deps.store, deps.secrets);
    const shapes = new Map<string, string>();
    for (const codec of Object.values(this.#query)) {
      for (const op of codec.model.operations.values()) for (const e of op.errors) shapes.set(e.code, e.shape);
    }
    this.#errorShapes = shapes;
  }

  async handle(q: ApiRequest): Promise<ApiResponse> {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    const now = this.deps.clock();
    const json = q.target !== undefined;
    const call: Call = { service: json ? 'cloudtrail' : 'iam', region: '', recorded: false };
    try {
      if (q.tooLarge) throw new AwsError('RequestEntityTooLarge', 'The request body is larger than the 2 MiB Gatehouse accepts.');
      const output = json ? await this.#json(q, call, now, requestId) : await this.#queryCall(q, call, now, requestId);
      metrics.requests.inc({ service: call.service, action: call.action ?? 'unknown', code: 'OK' });
      return { status: 200, contentType: json ? JSON_CONTENT_TYPE : QUERY_CONTENT_TYPE, body: output, requestId };
    } catch (error) {
      const awsError = error instanceof AwsError ? error : this.#unexpected(error, requestId);
      metrics.requests.inc({ service: call.service, action: call.action ?? 'unknown', code: awsError.code });
      if (!call.recorded) this.#recordFailure(call, awsError, q, now, requestId);
      if (json) {
        return { status: awsError.status, contentType: JSON_CONTENT_TYPE, body: this.#cloudtrail.encodeError(awsError), requestId, errorType: jsonErrorName(awsError.code) };
      }
      return { status: awsError.status, contentType: QUERY_CONTENT_TYPE, body: this.#query[call.service === 'sts' ? 'sts' : 'iam'].encodeError(awsError, requestId), requestId };
    } finally {
      metrics.duration.observe({ service: call.service }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  async #queryCall(q: ApiRequest, call: Call, now: Date, requestId: string): Promise<string> {
    const params = requestParams(q);
    const actionName = params.get('Action');
    if (!actionName) throw new AwsError('MissingAction', 'Missing Action. Send the operation name in the Action parameter, e.g. Action=ListUsers.');

    // An operation served without a signature skips authentication and authorization: its
    // handler derives the caller from the input. Every other operation is authenticated.
    const anonymous = findAnonymousOperation(actionName);
    if (anonymous) {
      call.service = anonymous.service;
      call.action = actionName;
      const codec = this.#query[anonymous.service];
      const input = codec.decode(actionName, params);
      call.input = { shape: codec.operation(actionName).model.input, value: input };
      const { store, random, secrets, policies } = this.deps;
      const identify = (who: WebIdentityCaller) => {
        call.accountId = who.accountId;
        call.identity = { type: 'WebIdentityUser', principalId: `${who.provider}:${who.audience}:${who.subject}`, userName: who.subject, identityProvider: who.provider };
      };
      const output = await anonymous.spec.handle({ store, now, random, secrets, policies, requestId, identify }, input);
      if (call.identity) this.deps.events.add(this.#recordOf(call, q, now, requestId, { output: { shape: codec.operation(actionName).model.output, value: output } }));
      call.recorded = true;
      return codec.encodeResult(actionName, output, requestId);
    }
    if (q.as?.service === 'cloudtrail') throw new AwsError('InvalidAction', 'CloudTrail speaks JSON 1.1: send its operations with an X-Amz-Target header.');
    const { principal, claim } = q.as
      ? { principal: q.as.principal, claim: { region: 'us-east-1' } }
      : await this.#auth.authenticate(q.request, now, (c) => {
          call.service = queryScope(c);
        });
    if (q.as) call.service = q.as.service;
    this.#identify(call, principal, claim);
    const codec = this.#query[call.service === 'sts' ? 'sts' : 'iam'];
    if (!codec.has(actionName)) {
      throw new AwsError('InvalidAction', `Could not find operation ${actionName} for version ${params.get('Version') ?? codec.apiVersion}`);
    }
    call.action = actionName;
    const op = codec.operation(actionName);
    const input = codec.decode(actionName, params);
    call.input = { shape: op.model.input, value: input };
    const output = await this.#run(call, principal, input, op.model.output, q, now, requestId, claim.region);
    return codec.encodeResult(actionName, output, requestId);
  }

  async #json(q: ApiRequest, call: Call, now: Date, requestId: string): Promise<string> {
    const codec = this.#cloudtrail;
    const action = codec.operationOf(q.target ?? '');
    const { principal, claim } = q.as
      ? { principal: q.as.principal, claim: { region: 'us-east-1' } }
      : await this.#auth.authenticate(q.request, now, (c) => {
          // AWS's wording, trailing space included, as for IAM's own scope check.
          if (c.service !== 'cloudtrail') throw new AwsError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'cloudtrail'. ");
        });
    this.#identify(call, principal, claim);
    call.action = action;
    const model = codec.model.operations.get(action);
    const input = codec.decode(action, q.request.body);
    call.input = { shape: model?.input, value: input };
    const output = await this.#run(call, principal, input, model?.output, q, now, requestId, claim.region);
    return codec.encodeResult(action, output);
  }

  #identify(call: Call, principal: Principal, claim: Pick<SignatureClaim, 'region'>): void {
    call.principal = principal;
    call.identity = userIdentityOf(principal);
    call.accountId = principal.accountId;
    call.region = claim.region;
  }

  /** Target, authorize, handle and record, in one transaction: the call pipeline. */
  async #run(call: Call, principal: Principal, input: unknown, outputShape: StructureShape | undefined, q: ApiRequest, now: Date, requestId: string, region: string): Promise<unknown> {
    const action = call.action!;
    const spec = findOperation(call.service, action);
    if (!spec || spec.anonymous) throw notImplemented(`${call.service}:${action}`);
    try {
      return await this.deps.pipeline.run({
        spec,
        input,
        principal,
        facts: { now, sourceIp: q.sourceIp, secureTransport: q.secure ?? false, region },
        requestId,
        record: (outcome) => this.#recordOf(call, q, now, requestId, 'error' in outcome ? { error: outcome.error } : { output: { shape: outputShape, value: outcome.output } }),
      });
    } catch (error) {
      if (!(error instanceof RecordedError)) throw error;
      call.recorded = true;
      throw error.error;
    }
  }

  #recordOf(call: Call, q: ApiRequest, now: Date, requestId: string, result: { output?: { shape?: StructureShape; value: unknown }; error?: AwsError }): CloudTrailRecord {
    return apiCallRecord({
      requestId,
      at: now,
      sourceIp: q.sourceIp,
      userAgent: q.userAgent,
      service: call.service,
      action: call.action!,
      region: call.region,
      identity: call.identity!,
      accountId: call.accountId!,
      ...(call.input ? { input: call.input } : {}),
      ...(result.output ? { output: result.output } : {}),
      ...(result.error ? { error: { code: this.#errorCode(call, result.error), message: result.error.message } } : {}),
    });
  }

  #errorCode(call: Call, error: AwsError): string {
    return call.service === 'cloudtrail' ? jsonErrorName(error.code) : recordedErrorCode(error, this.#errorShapes);
  }

  /**
   * A failed call is recorded after its transaction rolled back, when the caller is known.
   * A request whose signature did not verify names no one the history can trust; it is
   * counted in metrics and logs, not recorded against an account.
   */
  #recordFailure(call: Call, error: AwsError, q: ApiRequest, now: Date, requestId: string): void {
    if (!call.identity || !call.accountId) return;
    call.action ??= 'unknown';
    // Last-accessed data counts attempts that failed too; the record made while authorizing
    // rolled back with the call.
    const action = findOperation(call.service, call.action)?.action;
    const principal = call.principal;
    this.deps.events.add(this.#recordOf(call, q, now, requestId, { error }), principal && action ? [{ principal, action, at: now, region: call.region }] : []);
  }

  #unexpected(error: unknown, requestId: string): AwsError {
    if (this.deps.store.isUnavailable(error)) {
      this.deps.logger.warn({ err: error, requestId }, 'the database did not answer in time');
      return storeUnavailable();
    }
    this.deps.logger.error({ err: error, requestId }, 'unexpected failure; the transaction was rolled back');
    return new AwsError('ServiceFailure', `The request processing has failed because of an unknown error. Request id: ${requestId}`);
  }

}

/** Query parameters from the URL, and from a form-encoded POST body. */
function requestParams(q: ApiRequest): URLSearchParams {
  const params = new URLSearchParams(q.request.query);
  if (q.request.method === 'POST' && q.request.body.length > 0) {
    if (!q.contentType.toLowerCase().startsWith('application/x-www-form-urlencoded')) {
      throw new AwsError('InvalidParameterValue', `Content-Type ${q.contentType || '(none)'} is not supported. Send parameters as application/x-www-form-urlencoded.`);
    }
    for (const [k, v] of new URLSearchParams(q.request.body.toString('utf8'))) params.append(k, v);
  }
  return params;
}

/** IAM and STS share the Query endpoint; the credential scope says which service the caller meant. */
function queryScope(claim: SignatureClaim): 'iam' | 'sts' {
  if (claim.service === 'iam' || claim.service === 'sts') return claim.service;
  // AWS's wording, trailing space included; IAM names itself as the expected service.
  throw new AwsError('SignatureDoesNotMatch', "Credential should be scoped to correct service: 'iam'. ");
}
