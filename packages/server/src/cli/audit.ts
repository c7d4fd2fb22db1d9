import { readFileSync, writeFileSync } from 'node:fs';
import { IAMClient } from '@aws-sdk/client-iam';
import cliProgress from 'cli-progress';
import { Command, Option } from 'commander';
import { gatherSnapshot, REQUIRED_PERMISSIONS } from '../audit/account-snapshot.js';
import { runSecurityChecks } from '../audit/security-checks.js';
import { auditJson, auditSarif, auditTable, type AuditRun } from './audit-output.js';

export interface AuditOptions {
  /** an IAM endpoint such as http://127.0.0.1:7400; absent means AWS's own */
  endpoint?: string;
  /** a profile of the shared AWS config and credentials files */
  profile?: string;
  region?: string;
  json?: boolean;
  sarif?: boolean;
  /** write the report here instead of stdout */
  output?: string;
  /** credentials to sign with instead of the SDK's default chain, for callers that hold them */
  credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string };
}

/** Where the command writes; tests pass their own streams. */
export interface AuditIo {
  stdout: { write(text: string): unknown; isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/** Every check passed. */
export const EXIT_PASSED = 0;
/** At least one check failed. */
export const EXIT_FAILED = 1;
/** The audit could not run: bad arguments, no credentials, endpoint unreachable, access denied. */
export const EXIT_ERROR = 2;

const TOOL_VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/**
 * `gatehouse audit`: gathers an account snapshot through IAM's API, runs the Security Status
 * checks and writes a table, JSON or SARIF. Resolves to the exit code.
 */
export async function runAudit(options: AuditOptions, io: AuditIo): Promise<number> {
  const fail = (message: string) => {
    io.stderr.write(`gatehouse audit: ${message}\n`);
    return EXIT_ERROR;
  };
  if (options.json && options.sarif) return fail('choose one of --json and --sarif.');
  if (options.endpoint !== undefined) {
    const url = URL.canParse(options.endpoint) ? new URL(options.endpoint) : undefined;
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) return fail(`--endpoint must be an http(s) URL such as http://127.0.0.1:7400, not '${options.endpoint}'.`);
  }
  const where = options.endpoint ?? 'AWS IAM';

  const iam = await iamClient(options, io.env ?? process.env);
  const bar = io.stderr.isTTY
    ? new cliProgress.SingleBar(
        { stream: io.stderr, format: 'Auditing IAM [{bar}] {value}/{total} calls | {activity}', barsize: 30, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let run: AuditRun;
  try {
    bar?.start(1, 0, { activity: `Connecting to ${where}` });
    const snapshot = await gatherSnapshot(iam, {
      onProgress: (p) => {
        bar?.setTotal(p.total);
        bar?.update(p.completed, { activity: p.activity });
      },
    });
    const finishedAt = io.now?.() ?? new Date();
    run = {
      endpoint: where,
      ...(snapshot.accountId ? { accountId: snapshot.accountId } : {}),
      finishedAt,
      credentialReportGeneratedAt: snapshot.credentialReport.generatedAt,
      results: runSecurityChecks(snapshot, finishedAt),
    };
  } catch (error) {
    bar?.stop();
    return fail(describeFailure(error, where, options));
  } finally {
    bar?.stop();
    iam.destroy();
  }

  const env = io.env ?? process.env;
  const text = options.json
    ? auditJson(run)
    : options.sarif
      ? auditSarif(run, TOOL_VERSION)
      : auditTable(run, { width: io.stdout.columns ?? 120, color: Boolean(io.stdout.isTTY) && !options.output && env.NO_COLOR === undefined });
  if (options.output) {
    try {
      writeFileSync(options.output, text);
    } catch (error) {
      return fail(`could not write ${options.output}: ${(error as Error).message}`);
    }
    const failed = run.results.filter((r) => r.status === 'fail').length;
    io.stderr.write(`gatehouse audit: ${run.results.length} checks, ${failed} failed; results written to ${options.output}.\n`);
  } else {
    io.stdout.write(text);
  }
  return run.results.some((r) => r.status === 'fail') ? EXIT_FAILED : EXIT_PASSED;
}

/**
 * A client for the endpoint with the SDK's default credential chain, or the profile or the
 * credentials given. IAM is global: without a region from the flags, environment or profile,
 * it signs for us-east-1, as AWS's own IAM endpoint expects.
 */
async function iamClient(options: AuditOptions, env: NodeJS.ProcessEnv): Promise<IAMClient> {
  const make = (region: string | undefined) =>
    new IAMClient({
      ...(region ? { region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      ...(options.profile ? { profile: options.profile } : {}),
      ...(options.credentials ? { credentials: options.credentials } : {}),
      // IAM throttles bursts of reads; the SDK's standard retries back off and try again.
      maxAttempts: 5,
    });
  const region = options.region ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region) return make(region);
  const client = make(undefined);
  try {
    await client.config.region();
    return client;
  } catch {
    client.destroy();
    return make('us-east-1');
  }
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH', 'EPIPE', 'CERT_HAS_EXPIRED', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE']);

/** What went wrong, in words that say what to do. */
export function describeFailure(error: unknown, where: string, options: Pick<AuditOptions, 'profile'>): string {
  const e = error as { name?: string; code?: string; message?: string; errors?: { code?: string; message?: string }[]; $metadata?: { httpStatusCode?: number } };
  const message = e.message || e.errors?.map((inner) => inner.message).join('; ') || e.code || String(error);
  const code = e.code ?? e.errors?.find((inner) => inner.code)?.code;
  if (e.name === 'CredentialsProviderError') {
    return `no AWS credentials: ${message}. Set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or pass --profile NAME${options.profile ? ` (profile ${options.profile} was asked for)` : ''}.`;
  }
  if ((code && NETWORK_CODES.has(code)) || e.name === 'TimeoutError' || (e.$metadata === undefined && e.name === 'AggregateError')) {
    return `could not reach IAM at ${where}: ${message}`;
  }
  if (e.name === 'AccessDenied' || e.name === 'AccessDeniedException') {
    return `${where} refused a call the audit needs: ${message}\nThe audit reads IAM only. Attach the AWS managed policy IAMReadOnlyAccess to the caller, or allow: ${REQUIRED_PERMISSIONS.join(', ')}.`;
  }
  if (e.name === 'InvalidClientTokenId' || e.name === 'SignatureDoesNotMatch' || e.name === 'ExpiredToken' || e.name === 'UnrecognizedClientException') {
    return `${where} did not accept the credentials (${e.name}): ${message}`;
  }
  if (e.$metadata?.httpStatusCode !== undefined) return `${where} answered ${e.name ?? 'an error'} (HTTP ${e.$metadata.httpStatusCode}): ${message}`;
  return message;
}

/** The `audit` subcommand; main.ts adds it to the program. */
export function auditCommand(): Command {
  return new Command('audit')
    .description('run the Security Status checks (IAM dashboard and CIS AWS Foundations Benchmark) against any IAM endpoint, AWS included; exits 1 when a check fails')
    .option('--endpoint <url>', 'the IAM endpoint, e.g. http://127.0.0.1:7400 for Gatehouse (default: AWS)')
    .option('--profile <name>', 'a profile of ~/.aws/config and ~/.aws/credentials (default: the SDK default credential chain)')
    .option('--region <region>', 'the region to sign for (default: from the environment or profile, else us-east-1)')
    .addOption(new Option('--json', 'print the results as JSON').conflicts('sarif'))
    .addOption(new Option('--sarif', 'print the results as SARIF 2.1.0').conflicts('json'))
    .option('--output <file>', 'write the results to a file instead of stdout')
    .exitOverride((error) => {
      // Usage errors exit 2, so that 1 always means a check failed.
      process.exit(error.exitCode === 0 ? 0 : EXIT_ERROR);
    })
    .action(async (flags: AuditOptions) => {
      process.exitCode = await runAudit(flags, { stdout: process.stdout, stderr: process.stderr, env: process.env });
    });
}
