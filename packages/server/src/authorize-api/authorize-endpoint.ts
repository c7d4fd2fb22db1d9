import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { userIdentityOf, type CloudTrailRecord } from '../audit/event-record.js';
import type { EventSink } from '../audit/event-sink.js';
import { apiCallRecord } from '../audit/events.js';
import { plainAddress } from '../http/client-address.js';
import { Authenticator } from '../auth/authenticate.js';
import { requireSigningService, S3_RULES, type HttpRequestParts, type VerifyOptions } from '../auth/sigv4.js';
import type { SecretBox } from '../crypto/secret-box.js';
import { metrics } from '../http/metrics.js';
import { principalUserId, type Principal } from '../principal.js';
import { AwsError, storeUnavailable, validationError } from '../protocol/errors.js';
import type { Store } from '../storage/database.js';
import {
  AUTHORIZE_ACTION,
  AUTHORIZE_SIGNING_NAME,
  parseAuthorizeCall,
  type AuthorizeCall,
  type AuthorizedAnswer,
  type ErrorAnswer,
  type UnauthenticatedAnswer,
} from './contract.js';
import type { AuthorizeAnswer, PolicyDecider } from './decider.js';

export interface AuthorizeEndpointDeps {
  store: Store;
  /** decisions are recorded in batches: they change nothing */
  events: EventSink;
  secrets: SecretBox;
  clock: () => Date;
  logger: Logger;
  /** absent: the endpoint answers NotImplemented */
  decider: PolicyDecider;
}

export interface AuthorizeHttpRequest {
  /** the call to Gatehouse, signed by the calling service */
  request: HttpRequestParts;
  /** true when the body exceeded the size limit and was dropped */
  tooLarge: boolean;
  /** the calling service's address */
  sourceIp: string;
}

export interface AuthorizeHttpResponse {
  status: number;
  /** JSON */
  body: string;
  requestId: string;
}

const NO_BODY = Buffer.alloc(0);

/**
 * POST /gatehouse/authorize: another service forwards a SigV4-signed request it received, with
 * the action and resource it means to perform, and learns who signed it and whether policy
 * allows it. The steps, in order:
 *
 *   1. the calling service is authenticated (its own key, signing name "gatehouse") and must be
 *      allowed gatehouse:Authorize — the answer says who a key belongs to, so not everyone may ask;
 *   2. the body is parsed and validated (contract.ts);
 *   3. the forwarded request's signature is verified with the end user's key, by S3's rules when
 *      it is scoped to s3, with the payload hash the service computed;
 *   4. the decider answers for the end user's principal.
 *
 * A forwarded request that fails 3 is an answer, not an error: 200 with authenticated false and
 * the code, message and status AWS would send, so the service can relay them to its client.
 * Every other failure is JSON { code, message } with the catalog's status.
 */
export class AuthorizeEndpoint {
  readonly #auth: Authenticator;

  constructor(private readonly deps: AuthorizeEndpointDeps) {
    this.#auth = new Authenticator(deps.store, deps.secrets);
  }

  async handle(q: AuthorizeHttpRequest): Promise<AuthorizeHttpResponse> {
    const requestId = randomUUID();
    const started = process.hrtime.bigint();
    let code = 'OK';
    try {
      const decider = this.deps.decider;
      if (q.request.method !== 'POST') {
        throw validationError([`Value '${q.request.method}' at 'method' failed to satisfy constraint: Member must be POST`]);
      }
      if (q.tooLarge) throw new AwsError('RequestEntityTooLarge', 'The request body is larger than the 2 MiB Gatehouse accepts.');

      const now = this.deps.clock();
      const { principal: caller } = await this.#auth.authenticate(q.request, now, (claim) => requireSigningService(claim, AUTHORIZE_SIGNING_NAME));
      const callerIp = plainAddress(q.sourceIp);
      const permitted = await decider.decide({
        principal: caller,
        action: AUTHORIZE_ACTION,
        resource: '*',
        context: {},
        ...(callerIp ? { sourceIp: callerIp } : {}),
      });
      if (permitted.decision !== 'allowed') {
        const refusal = new AwsError(
          'AccessDenied',
          permitted.message ??
            `User: ${caller.arn} is not authorized to perform: ${AUTHORIZE_ACTION} on resource: * because no identity-based policy allows the ${AUTHORIZE_ACTION} action`,
        );
        // A service refused the authorize API is itself an event of the service's account.
        const record = apiCallRecord({
          requestId,
          at: now,
          sourceIp: callerIp,
          userAgent: userAgentOf(q.request.headers),
          service: 'gatehouse',
          action: 'Authorize',
          region: 'us-east-1',
          identity: userIdentityOf(caller),
          accountId: caller.accountId,
          error: { code: refusal.code, message: refusal.message },
        });
        this.deps.events.add(record);
        throw refusal;
      }

      const call = parseAuthorizeCall(q.request.body);
      const answer = await this.#answer(call, now, decider, { requestId, callerArn: caller.arn, callerIp });
      if (!answer.authenticated) code = answer.code;
      return { status: 200, body: JSON.stringify(answer), requestId };
    } catch (error) {
      const awsError = error instanceof AwsError ? error : this.#unexpected(error, requestId);
      code = awsError.code;
      const answer: ErrorAnswer = { code: awsError.code, message: awsError.message };
      return { status: awsError.status, body: JSON.stringify(answer), requestId };
    } finally {
      metrics.requests.inc({ service: 'gatehouse', action: 'Authorize', code });
      metrics.duration.observe({ service: 'gatehouse' }, Number(process.hrtime.bigint() - started) / 1e9);
    }
  }

  async #answer(call: AuthorizeCall, now: Date, decider: PolicyDecider, facts: { requestId: string; callerArn: string; callerIp: string }): Promise<AuthorizedAnswer | UnauthenticatedAnswer> {
    const { requestId, callerArn, callerIp } = facts;
    const { request } = call;
    const forwarded: HttpRequestParts = { method: request.method, path: request.path, query: request.query, headers: request.headers, body: NO_BODY };
    const bodyRules: VerifyOptions = { payloadHash: request.payloadHash };
    const s3Rules: VerifyOptions = { ...S3_RULES, payloadHash: request.payloadHash };
    let principal: Principal;
    let region: string;
    try {
      ({ principal, claim: { region } } = await this.#auth.authenticateWith(forwarded, now, (claim) => {
        requireSigningService(claim, call.service);
        return claim.service === 's3' ? s3Rules : bodyRules;
      }));
    } catch (error) {
      // Only the forwarded request's own faults are the client's to hear about; anything else
      // (the database, a bug) is this call's failure.
      if (!(error instanceof AwsError)) throw error;
      return { authenticated: false, code: error.code, message: error.message, status: error.status };
    }

    const context = call.context;
    // The region the client signed for is the one it asked for (aws:RequestedRegion), unless
    // the service knows better.
    if (!Object.keys(context).some((k) => k.toLowerCase() === 'aws:requestedregion')) context['aws:RequestedRegion'] = region;
    const decided = await decider.decide({
      principal,
      action: call.action,
      resource: call.resource,
      context,
      ...(call.sourceIp !== undefined ? { sourceIp: call.sourceIp } : {}),
    });
    // Allowed or not, an authenticated attempt counts as last accessed information (as in AWS),
    // and is recorded in the end user's event history as a call to the service.
    this.deps.events.add(forwardedCallRecord(call, principal, decided, { requestId, now, region, callerArn, callerIp }), [{ principal, action: call.action, at: now, region }]);
    const answer: AuthorizedAnswer = { authenticated: true, decision: decided.decision, principal: describe(principal), reasons: decided.reasons };
    if (decided.decision !== 'allowed') {
      answer.message =
        decided.message ??
        `User: ${principal.arn} is not authorized to perform: ${call.action} on resource: ${call.resource} because no identity-based policy allows the ${call.action} action`;
      if (decided.encodedMessage) answer.encodedMessage = decided.encodedMessage;
    }
    return answer;
  }

  #unexpected(error: unknown, requestId: string): AwsError {
    if (this.deps.store.isUnavailable(error)) {
      this.deps.logger.warn({ err: error, requestId }, 'the database did not answer in time');
      return storeUnavailable();
    }
    this.deps.logger.error({ err: error, requestId }, 'unexpected failure in the authorize API');
    return new AwsError('ServiceFailure', `The request processing has failed because of an unknown error. Request id: ${requestId}`);
  }
}

/** The principal as the answer shows it; userId is what GetCallerIdentity calls UserId. */
function describe(p: Principal): AuthorizedAnswer['principal'] {
  const base = { arn: p.arn, accountId: p.accountId, type: p.type, userId: principalUserId(p) };
  return p.type === 'IAMUser' ? { ...base, userName: p.user.name } : base;
}


/**
 * The CloudTrail record of a call another service made for its client: the client's identity,
 * the service's event source and the action's name, the resource it acted on, and, when
 * policy refused it, AccessDenied. Which service asked, and from where, is in
 * additionalEventData.
 */
function forwardedCallRecord(
  call: AuthorizeCall,
  principal: Principal,
  decided: AuthorizeAnswer,
  facts: { requestId: string; now: Date; region: string; callerArn: string; callerIp: string },
): CloudTrailRecord {
  const name = call.action.slice(call.action.indexOf(':') + 1);
  const record = apiCallRecord({
    requestId: facts.requestId,
    at: facts.now,
    sourceIp: call.sourceIp ?? facts.callerIp,
    userAgent: userAgentOf(call.request.headers),
    service: call.service,
    action: name,
    region: facts.region,
    identity: userIdentityOf(principal),
    accountId: principal.accountId,
    ...(decided.decision === 'allowed' ? {} : { error: { code: 'AccessDenied', message: decided.message ?? `User: ${principal.arn} is not authorized to perform: ${call.action} on resource: ${call.resource}` } }),
    resources: [{ ARN: call.resource, ...accountOf(call.resource) }],
  });
  return { ...record, additionalEventData: { authorizedFor: facts.callerArn, authorizedForSourceIPAddress: facts.callerIp } };
}

/** The account an ARN names (its fifth field), when it names one. */
function accountOf(arn: string): { accountId?: string } {
  const account = arn.split(':')[4];
  return account && /^\d{12}$/.test(account) ? { accountId: account } : {};
}

function userAgentOf(headers: readonly (readonly [string, string])[]): string {
  return headers.find(([name]) => name.toLowerCase() === 'user-agent')?.[1] ?? '';
}
