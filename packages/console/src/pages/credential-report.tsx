import { GenerateCredentialReportCommand, GetCredentialReportCommand } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../api/aws';
import { errorCode } from '../api/errors';
import { EmptyState, ErrorMessage, Loading } from '../components/feedback';
import { Page, Section } from '../components/page';
import { parseCsv } from '../lib/csv';
import { downloadFile } from '../lib/download';
import { formatDate } from '../lib/format';
import { useAction } from '../lib/hooks';

const POLL_MS = 1000;
const GIVE_UP_MS = 120_000;

/** The columns shown on screen; the downloaded file has all of them. */
const SHOWN = ['user', 'password_enabled', 'password_last_used', 'password_last_changed', 'mfa_active', 'access_key_1_active', 'access_key_1_last_rotated', 'access_key_1_last_used_date', 'access_key_2_active', 'access_key_2_last_rotated', 'access_key_2_last_used_date'];

interface Report {
  csv: string;
  generatedAt?: Date;
}

/**
 * Generates the credential report (IAM reuses one less than four hours old) and waits for it:
 * GetCredentialReport answers ReportInProgress until it is ready.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
async function fetchReport(): Promise<Report> {
  await iam().send(new GenerateCredentialReportCommand({}));
  const started = Date.now();
  for (;;) {
    try {
      const r = await iam().send(new GetCredentialReportCommand({}));
      return { csv: new TextDecoder().decode(r.Content ?? new Uint8Array()), generatedAt: r.GeneratedTime };
    } catch (e) {
      const code = errorCode(e);
      if (code !== 'ReportInProgress' && code !== 'ReportNotPresent') throw e;
      if (Date.now() - started > GIVE_UP_MS) throw new Error('The credential report is taking more than two minutes. Try again later.');
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
  }
}

function fileName(at: Date | undefined): string {
  return `credential-report-${(at ?? new Date()).toISOString().replace(/[:]/g, '-').replace(/\.\d+Z$/, 'Z')}.csv`;
}

export function CredentialReportPage() {
  const [report, setReport] = useState<Report | undefined>(undefined);
  const action = useAction();
  const rows = report ? parseCsv(report.csv) : [];
  const header = rows[0] ?? [];
  const columns = SHOWN.map((name) => header.indexOf(name)).filter((i) => i >= 0);

  return (
    <Page title="Credential report" description="Every user of the account with the state of its password, MFA and access keys, as a CSV file.">
      <Section title="Report">
        <div className="actions">
          <button type="button" className="primary" onClick={() => void action.run(async () => setReport(await fetchReport()))} disabled={action.busy}>
            {action.busy ? 'Generating…' : report ? 'Generate again' : 'Generate report'}
          </button>
          {report && (
            <button type="button" onClick={() => downloadFile(fileName(report.generatedAt), report.csv)}>
              Download report
            </button>
          )}
        </div>
        <p className="hint">IAM reuses a report generated less than four hours ago.</p>
        <ErrorMessage error={action.error} />
        {action.busy && <Loading label="Generating the credential report…" />}
        {report && (
          <>
            <p>Generated {formatDate(report.generatedAt)}.</p>
            {rows.length <= 1 ? (
              <EmptyState title="The report is empty." />
            ) : (
              <div className="table-wrap">
                <table className="compact">
                  <caption className="visually-hidden">Credential report</caption>
                  <thead>
                    <tr>
                      {columns.map((i) => (
                        <th key={i} scope="col">
                          {header[i]?.replace(/_/g, ' ')}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {rows.slice(1).map((row, r) => (
                      <tr key={r}>
                        {columns.map((i, c) =>
                          c === 0 ? (
                            <th key={i} scope="row">
                              {row[i]}
                            </th>
                          ) : (
                            <td key={i}>{row[i]}</td>
                          ),
                        )}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </>
        )}
      </Section>
    </Page>
  );
}
