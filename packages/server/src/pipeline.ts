import type { Logger } from 'pino';
import { appendEvent } from './audit/event-log.js';
import type { CloudTrailRecord } from './audit/event-record.js';
import type { Attempt, EventSink } from './audit/event-sink.js';
import { authorize } from './authorize.js';
import type { RequestFacts } from './authz/request-context.js';
import type { PolicyCache } from './authz/policy-cache.js';
import type { Random } from './crypto/random.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { AuthorizationTarget, OperationSpec } from './operation.js';
import type { Principal } from './principal.js';
import { AwsError } from './protocol/errors.js';
import type { Store } from './storage/database.js';

export interface PipelineDeps {
  store: Store;
  policies: PolicyCache;
  events: EventSink;
  secrets: SecretBox;
  random: Random;
  logger: Logger;
}

/** What an operation's call needs beyond its spec: who calls, with what, and how it is recorded. */
export interface PipelineCall<I, O> {
  readonly spec: Pick<OperationSpec<I, O>, 'action' | 'writes' | 'seesHistory' | 'authorization' | 'target' | 'handle'>;
  readonly input: I;
  readonly principal: Principal;
  readonly facts: Omit<RequestFacts, 'principalTags'>;
  readonly requestId: string;
  /** the call's CloudTrail record, for its result or its error */
  readonly record: (outcome: { output: O } | { error: AwsError }) => CloudTrailRecord;
}

/**
 * The one path of a call that Gatehouse authorizes and records, whoever makes it (the API
 * endpoint, the console's own writes): target → authorize → handler → event record, in one
 * transaction, then the work to run after commit. A call that writes is recorded in its own
 * transaction, so no change commits without its record; a read is recorded in a batch after
 * it is answered (audit/event-sink.ts). A refused or failed call is recorded after its
 * transaction rolled back, with its attempt for last-accessed data.
 */
export class CallPipeline {
  constructor(private readonly deps: PipelineDeps) {}

  async run<I, O>(call: PipelineCall<I, O>): Promise<O> {
    const { spec, input, principal, facts, requestId } = call;
    const { store, policies, secrets, random } = this.deps;
    // What reads the history sees every call answered before it, those still in a batch included.
    if (spec.seesHistory) await this.deps.events.flush();
    const writes = spec.writes;
    let afterCommit: ((store: Store) => Promise<void>)[] = [];
    let attempts: Attempt[] = [];
    const noteAttempt = writes ? undefined : (action: string) => void attempts.push({ principal, action, at: facts.now, region: facts.region });
    let outcome: { result: O } | { refusal: AwsError };
    try {
      outcome = await store.transaction(
        async (tx) => {
          // The store may run this again after a conflict: only the last run's work counts.
          afterCommit = [];
          attempts = [];
          try {
            const target = await spec.target(input, { tx, lock: writes, accountId: principal.accountId, principal, now: facts.now, secrets });
            await authorize(tx, policies, spec, { principal, target, facts }, noteAttempt);
            const also = (action: string, extra: AuthorizationTarget) => authorize(tx, policies, { action, authorization: 'policy' }, { principal, target: extra, facts }, noteAttempt);
            const result = await spec.handle(
              { tx, principal, accountId: principal.accountId, now: facts.now, random, secrets, policies, requestId, target, authorize: also, afterCommit: (task) => afterCommit.push(task) },
              input,
            );
            if (writes) await appendEvent(tx, call.record({ output: result }));
            return { result };
          } catch (error) {
            // A refusal that must be kept (a wrong MFA code) commits, with its record, before it is sent.
            if (error instanceof AwsError && error.keepWrites) {
              if (writes) await appendEvent(tx, call.record({ error }));
              return { refusal: error };
            }
            throw error;
          }
        },
        { write: writes },
      );
    } catch (error) {
      if (error instanceof AwsError) {
        // Last-accessed data counts attempts that failed too; the one made while authorizing
        // rolled back with the call.
        this.deps.events.add(call.record({ error }), [{ principal, action: spec.action, at: facts.now, region: facts.region }]);
        throw new RecordedError(error);
      }
      throw error;
    }
    if (!writes) this.deps.events.add(call.record('refusal' in outcome ? { error: outcome.refusal } : { output: outcome.result }), attempts);
    if ('refusal' in outcome) throw new RecordedError(outcome.refusal);
    for (const task of afterCommit) {
      void task(store).catch((error: unknown) => this.deps.logger.error({ err: error, requestId }, 'work after commit failed'));
    }
    return outcome.result;
  }
}

/** An AwsError the pipeline already recorded in the event history: the caller sends it, and records nothing more. */
export class RecordedError extends Error {
  constructor(readonly error: AwsError) {
    super(error.message);
    this.name = 'RecordedError';
  }
}
