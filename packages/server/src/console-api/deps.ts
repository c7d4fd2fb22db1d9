import type { Logger } from 'pino';
import type { EventSink } from '../audit/event-sink.js';
import type { PolicyCache } from '../authz/policy-cache.js';
import type { Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { ApiEndpoint } from '../http/api-endpoint.js';
import { RecordedError, type CallPipeline, type PipelineCall } from '../pipeline.js';
import type { Store } from '../storage/database.js';
import type { BruteForceGuard } from './brute-force.js';
import { ConsoleError } from './http.js';
import type { ConsoleSessions } from './sessions.js';

/** What the console's endpoints share with the rest of the server. */
export interface ConsoleDeps {
  readonly store: Store;
  readonly secrets: SecretBox;
  readonly random: Random;
  readonly clock: () => Date;
  /** records of sign-ins and of calls that change nothing */
  readonly events: EventSink;
  /** the one API endpoint: the proxy and the Security Status call it as the signed-in principal */
  readonly endpoint: ApiEndpoint;
  readonly policies: PolicyCache;
  readonly logger: Logger;
  readonly sessions: ConsoleSessions;
  readonly guard: BruteForceGuard;
  /** the path of every authorized, recorded call: the console's own writes take it too */
  readonly pipeline: CallPipeline;
}

/** Runs a console write through the pipeline; an AWS error comes back as the console's error. */
export async function consoleCall<I, O>(pipeline: CallPipeline, call: PipelineCall<I, O>): Promise<O> {
  try {
    return await pipeline.run(call);
  } catch (error) {
    if (error instanceof RecordedError) throw new ConsoleError(error.error.status, error.error.code, error.error.message);
    throw error;
  }
}
