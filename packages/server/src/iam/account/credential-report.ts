import type { Kysely } from 'kysely';
import { buildCredentialReport } from '../../audit/credential-report.js';
import { AwsError } from '../../protocol/errors.js';
import { lockRow } from '../../storage/database.js';
import {
  completeCredentialReport,
  failCredentialReport,
  findCredentialReport,
  startCredentialReport,
  type CredentialReport,
} from '../../storage/repositories/credential-reports.js';
import type { Database } from '../../storage/schema.js';
import { iamOperation } from '../define.js';
import { noResource } from '../targets.js';

/**
 * IAM generates at most one credential report every four hours; a request within four hours
 * of the last report gets that report, and GetCredentialReport calls an older one expired.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export const REPORT_LIFETIME_MS = 4 * 60 * 60 * 1000;

/**
 * A generation still STARTED after this long is taken to have failed (the node building it
 * stopped): it no longer blocks reading the last report or starting a new generation. A build
 * reads a few thousand rows at most, which takes well under a second.
 */
export const GENERATION_TIMEOUT_MS = 5 * 60 * 1000;

// AWS's own Description when a first report starts; it sends none in the other states.
const NO_REPORT_DESCRIPTION = 'No report exists. Starting a new report generation task';

/**
 * Starts a report in the background, as IAM does: State STARTED, then GetCredentialReport
 * answers ReportInProgress until the report is ready. With a report younger than four hours it
 * starts nothing and answers COMPLETE; while a generation runs, INPROGRESS.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GenerateCredentialReport.html
 */
export const generateCredentialReport = iamOperation<'GenerateCredentialReport'>({
  action: 'iam:GenerateCredentialReport',
  writes: true,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    // Two concurrent calls must not both start a generation (or both insert the first row).
    await lockRow(ctx.tx, 'accounts', ctx.accountId);
    const report = await findCredentialReport(ctx.tx, ctx.accountId);
    if (report && isGenerating(report, ctx.now)) return { State: 'INPROGRESS' };
    if (report && hasReport(report) && !isExpired(report, ctx.now)) return { State: 'COMPLETE' };

    const generationId = ctx.random.bytes(16).toString('hex');
    await startCredentialReport(ctx.tx, ctx.accountId, generationId, ctx.now);
    const accountId = ctx.accountId;
    ctx.afterCommit((store) => runGeneration(store.db, accountId, generationId));
    return { State: 'STARTED', ...(report && hasReport(report) ? {} : { Description: NO_REPORT_DESCRIPTION }) };
  },
});

/**
 * The last report, as CSV (the Query protocol sends it base64-encoded; SDKs hand back bytes).
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_GetCredentialReport.html
 */
export const getCredentialReport = iamOperation<'GetCredentialReport'>({
  action: 'iam:GetCredentialReport',
  writes: false,
  authorization: 'policy',
  target: noResource,
  async handle(ctx) {
    const report = await findCredentialReport(ctx.tx, ctx.accountId);
    if (report && isGenerating(report, ctx.now)) throw reportInProgress();
    // Also a first generation that failed: there is still no report.
    if (!report || !hasReport(report)) throw reportNotPresent();
    if (isExpired(report, ctx.now)) throw reportExpired();
    return { Content: Buffer.from(report.content, 'utf8'), ReportFormat: 'text/csv', GeneratedTime: new Date(report.generated_at) };
  },
});

/**
 * Builds the report after the request that started it has committed, in its own transaction,
 * as of the generation's start. A failure marks the generation failed so the next
 * GenerateCredentialReport starts another, and is rethrown to be logged.
 */
export async function runGeneration(db: Kysely<Database>, accountId: string, generationId: string): Promise<void> {
  try {
    await db.transaction().execute(async (tx) => {
      const content = await buildCredentialReport(tx, accountId);
      await completeCredentialReport(tx, accountId, generationId, content);
    });
  } catch (error) {
    await failCredentialReport(db, accountId, generationId);
    throw error;
  }
}

function isGenerating(report: CredentialReport, now: Date): boolean {
  return report.state === 'STARTED' && now.getTime() - Date.parse(report.started_at) < GENERATION_TIMEOUT_MS;
}

function hasReport(report: CredentialReport): report is CredentialReport & { content: string; generated_at: string } {
  return report.content !== null && report.generated_at !== null;
}

function isExpired(report: CredentialReport & { generated_at: string }, now: Date): boolean {
  return now.getTime() - Date.parse(report.generated_at) > REPORT_LIFETIME_MS;
}

// Wording of the error shapes in the IAM model (CredentialReport*Exception).
function reportNotPresent(): AwsError {
  return new AwsError('ReportNotPresent', 'The request was rejected because the credential report does not exist. To generate a credential report, use GenerateCredentialReport.');
}

function reportInProgress(): AwsError {
  return new AwsError('ReportInProgress', 'The request was rejected because the credential report is still being generated.');
}

function reportExpired(): AwsError {
  return new AwsError('ReportExpired', 'The request was rejected because the most recent credential report has expired. To generate a new credential report, use GenerateCredentialReport.');
}
