import { GenerateServiceLastAccessedDetailsCommand, GetServiceLastAccessedDetailsCommand, type ServiceLastAccessed } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../api/aws';
import { formatAge, formatDate } from '../lib/format';
import { useLoad } from '../lib/hooks';
import { EmptyState, ErrorMessage, Loading } from './feedback';

const POLL_MS = 1000;
const GIVE_UP_MS = 60_000;

/**
 * Access Advisor: which services an entity's policies allow, and when it last used each.
 * GenerateServiceLastAccessedDetails starts a job; GetServiceLastAccessedDetails is polled
 * until it completes, then read page by page.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_last-accessed.html
 */
async function lastAccessed(arn: string): Promise<{ services: ServiceLastAccessed[]; completed?: Date }> {
  const { JobId } = await iam().send(new GenerateServiceLastAccessedDetailsCommand({ Arn: arn }));
  const started = Date.now();
  for (;;) {
    const first = await iam().send(new GetServiceLastAccessedDetailsCommand({ JobId }));
    if (first.JobStatus === 'FAILED') throw new Error(first.Error?.Message ?? 'The last-accessed report failed.');
    if (first.JobStatus === 'COMPLETED') {
      const services = [...(first.ServicesLastAccessed ?? [])];
      let marker = first.IsTruncated ? first.Marker : undefined;
      while (marker) {
        const next = await iam().send(new GetServiceLastAccessedDetailsCommand({ JobId, Marker: marker }));
        services.push(...(next.ServicesLastAccessed ?? []));
        marker = next.IsTruncated ? next.Marker : undefined;
      }
      return { services, completed: first.JobCompletionDate };
    }
    if (Date.now() - started > GIVE_UP_MS) throw new Error('The last-accessed report is taking longer than a minute. Try again later.');
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}

export function AccessAdvisor({ arn }: { arn: string }) {
  const report = useLoad(() => lastAccessed(arn), [arn]);
  const [onlyUnused, setOnlyUnused] = useState(false);
  const services = (report.data?.services ?? []).filter((s) => !onlyUnused || !s.LastAuthenticated).sort((a, b) => (b.LastAuthenticated?.getTime() ?? 0) - (a.LastAuthenticated?.getTime() ?? 0) || (a.ServiceName ?? '').localeCompare(b.ServiceName ?? ''));
  return (
    <div>
      <p className="hint">Services that the policies allow, and when they were last used. Remove permissions for services that are never used.</p>
      <div className="toolbar">
        <label className="check-label">
          <input type="checkbox" checked={onlyUnused} onChange={(e) => setOnlyUnused(e.target.checked)} /> Only services not accessed
        </label>
        <button type="button" className="small" onClick={report.reload} disabled={report.loading}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={report.error} prefix="Access Advisor could not report." />
      {report.loading && <Loading label="Gathering last-accessed data…" />}
      {report.data && services.length === 0 && <EmptyState title={onlyUnused ? 'Every allowed service was used.' : 'The policies allow no service.'} />}
      {services.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption>Last accessed services{report.data?.completed ? `, as of ${formatDate(report.data.completed)}` : ''}</caption>
            <thead>
              <tr>
                <th scope="col">Service</th>
                <th scope="col">Last accessed</th>
              </tr>
            </thead>
            <tbody>
              {services.map((s) => (
                <tr key={s.ServiceNamespace}>
                  <th scope="row">
                    {s.ServiceName} <span className="muted">({s.ServiceNamespace})</span>
                  </th>
                  <td>{s.LastAuthenticated ? `${formatAge(s.LastAuthenticated)} (${formatDate(s.LastAuthenticated)})` : 'Not accessed in the tracking period'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
