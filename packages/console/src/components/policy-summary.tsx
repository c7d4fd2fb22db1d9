import { summarizePolicy, type AccessLevel, type ServiceSummary } from '../api/console-api';
import { describeError, errorCode } from '../api/errors';
import { useLoad } from '../lib/hooks';
import { EmptyState, ErrorMessage, Loading } from './feedback';

const LEVELS: AccessLevel[] = ['List', 'Read', 'Write', 'Permissions management', 'Tagging'];

function describeLevels(summary: ServiceSummary): string {
  const full = LEVELS.filter((l) => summary.accessLevels[l] === 'Full');
  const limited = LEVELS.filter((l) => summary.accessLevels[l] === 'Limited');
  if (full.length === LEVELS.length) return 'Full access';
  const parts: string[] = [];
  if (full.length) parts.push(`Full: ${full.join(', ')}`);
  if (limited.length) parts.push(`Limited: ${limited.join(', ')}`);
  return parts.join('; ') || 'None';
}

/**
 * AWS's policy summary: per service, which access levels the Allow statements grant fully or
 * partly (POST /console-api/policy/summary).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_understand-policy-summary.html
 */
export function PolicySummary({ document, caption = 'Permissions by service and access level' }: { document: string; caption?: string }) {
  const summary = useLoad(() => summarizePolicy(document), [document]);
  if (summary.loading && !summary.data) return <Loading label="Summarizing…" />;
  // A document still being written (an empty Action list, say) is not a failure to alarm about.
  if (errorCode(summary.error) === 'MalformedPolicyDocument') return <p className="hint">No summary until the policy is complete: {describeError(summary.error)}</p>;
  if (summary.error) return <ErrorMessage error={summary.error} prefix="The summary could not be made." />;
  const services = summary.data?.services ?? [];
  if (services.length === 0) return <EmptyState title="This grants no permissions.">No Allow statement names an action.</EmptyState>;
  return (
    <div className="table-wrap">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Service</th>
            <th scope="col">Access level</th>
            <th scope="col">Resource</th>
            <th scope="col">Request condition</th>
          </tr>
        </thead>
        <tbody>
          {services.map((s) => (
            <tr key={s.service}>
              <th scope="row">{s.name || s.service}</th>
              <td>{describeLevels(s)}</td>
              <td>{s.resources}</td>
              <td>{s.conditions ? 'Yes' : 'None'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
