import type { Kysely } from 'kysely';
import type { ApiEndpoint } from '../http/api-endpoint.js';
import { inProcessIam } from '../http/in-process-iam.js';
import type { Principal } from '../principal.js';
import type { Database } from '../storage/schema.js';
import { gatherSnapshot } from './account-snapshot.js';
import { buildCredentialReport } from './credential-report.js';
import { runSecurityChecks, type CheckResult } from './security-checks.js';

export interface SecurityStatus {
  generatedAt: string;
  checks: CheckResult[];
}

/**
 * The Security Status checklist for the caller's account: the same checks `gatehouse audit`
 * runs against any IAM endpoint, gathered through the same IAM calls, made in process as the
 * caller, so they need the same permissions and appear in the event history.
 */
export async function securityStatus(
  server: { endpoint: ApiEndpoint; db: Kysely<Database> },
  principal: Principal,
  now: Date,
  facts: { sourceIp: string; userAgent: string },
): Promise<SecurityStatus> {
  const iam = inProcessIam(server.endpoint, principal, facts);
  try {
    // The checklist shows each fix at once: the report is built fresh rather than reused for
    // four hours as GetCredentialReport's copy is.
    const snapshot = await gatherSnapshot(iam, { reportTimeoutMs: 30_000, freshReport: () => buildCredentialReport(server.db, principal.accountId) });
    return { generatedAt: now.toISOString(), checks: runSecurityChecks(snapshot, now) };
  } finally {
    iam.destroy();
  }
}
