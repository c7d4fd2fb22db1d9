import Table from 'cli-table3';
import { SECURITY_CHECKS, type CheckResult, type CheckSeverity } from '../audit/security-checks.js';

/** What an audit run knows besides the results, for every output format. */
export interface AuditRun {
  /** the endpoint as given, or AWS's */
  readonly endpoint: string;
  readonly accountId?: string;
  readonly finishedAt: Date;
  readonly credentialReportGeneratedAt: Date;
  readonly results: readonly CheckResult[];
}

export const TOOL_NAME = 'gatehouse audit';

/** The results for scripts: every check with its status, finding and offending resources. */
export function auditJson(run: AuditRun): string {
  const failed = run.results.filter((r) => r.status === 'fail').length;
  return (
    JSON.stringify(
      {
        tool: TOOL_NAME,
        endpoint: run.endpoint,
        ...(run.accountId ? { accountId: run.accountId } : {}),
        finishedAt: run.finishedAt.toISOString(),
        credentialReportGeneratedAt: run.credentialReportGeneratedAt.toISOString(),
        summary: { checks: run.results.length, passed: run.results.length - failed, failed },
        checks: run.results,
      },
      null,
      2,
    ) + '\n'
  );
}

/** Critical and high findings are errors, the rest warnings. */
export function sarifLevel(severity: CheckSeverity): 'error' | 'warning' {
  return severity === 'critical' || severity === 'high' ? 'error' : 'warning';
}

/**
 * SARIF 2.1.0 (https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html): one rule per
 * check, one result per failed check. An IAM finding has no file, so each offending user, key
 * or policy is a logical location.
 */
export function auditSarif(run: AuditRun, toolVersion: string): string {
  const ruleIndex = new Map(SECURITY_CHECKS.map((c, i) => [c.id, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: TOOL_NAME,
            version: toolVersion,
            rules: SECURITY_CHECKS.map((check) => ({
              id: check.id,
              name: check.title,
              shortDescription: { text: check.title },
              fullDescription: { text: `${check.title} (${check.references.map((r) => `${r.source} ${r.control}`).join('; ')}).` },
              help: { text: check.remediation },
              ...(check.references[0] ? { helpUri: check.references[0].url } : {}),
              defaultConfiguration: { level: sarifLevel(check.severity) },
              properties: { severity: check.severity, references: check.references, tags: ['security', 'iam'] },
            })),
          },
        },
        invocations: [{ executionSuccessful: true, endTimeUtc: run.finishedAt.toISOString() }],
        properties: { endpoint: run.endpoint, ...(run.accountId ? { accountId: run.accountId } : {}), credentialReportGeneratedAt: run.credentialReportGeneratedAt.toISOString() },
        results: run.results
          .filter((r) => r.status === 'fail')
          .map((r) => ({
            ruleId: r.id,
            ruleIndex: ruleIndex.get(r.id) ?? -1,
            level: sarifLevel(r.severity),
            message: { text: r.finding },
            ...(r.resources.length > 0 ? { locations: r.resources.map((name) => ({ logicalLocations: [{ fullyQualifiedName: name, kind: 'resource' }] })) } : {}),
          })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** A table for people: one row per check, then what to do about each failure. */
export function auditTable(run: AuditRun, options: { width?: number; color?: boolean } = {}): string {
  const width = Math.max(60, Math.min(options.width ?? 120, 160));
  const paint = (code: number, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
  const statusWidth = 8;
  const checkWidth = Math.floor((width - statusWidth) * 0.38);
  const findingWidth = width - statusWidth - checkWidth - 4;
  const table = new Table({
    head: ['Status', 'Check', 'Finding'],
    colWidths: [statusWidth, checkWidth, findingWidth],
    wordWrap: true,
    style: { head: [], border: [] },
  });
  for (const r of run.results) {
    const status = r.status === 'pass' ? paint(32, 'PASS') : paint(31, 'FAIL');
    const refs = r.references.map((ref) => (ref.source.startsWith('CIS') ? `CIS ${ref.control}` : ref.source.startsWith('AWS Security Hub') ? ref.control : 'IAM dashboard')).join(' · ');
    table.push([status, `${r.title}\n${paint(2, refs)}`, r.finding]);
  }
  const failed = run.results.filter((r) => r.status === 'fail');
  const lines = [table.toString(), ''];
  if (failed.length > 0) {
    lines.push('To fix:');
    for (const r of failed) lines.push(`  - ${r.title}: ${r.remediation}`);
    lines.push('');
  }
  const account = run.accountId ? `account ${run.accountId} at ${run.endpoint}` : run.endpoint;
  lines.push(`${run.results.length} checks of ${account}: ${run.results.length - failed.length} passed, ${failed.length} failed.`);
  lines.push(`Passwords, MFA and root user use come from the credential report generated ${run.credentialReportGeneratedAt.toISOString()}.`);
  return lines.join('\n') + '\n';
}
