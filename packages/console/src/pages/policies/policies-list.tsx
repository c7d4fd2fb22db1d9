import { ListPoliciesCommand, type Policy, type PolicyScopeType } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { usePagedList } from '../../lib/paged-list';
import { JOB_FUNCTION_PATH, policyKind } from '../../lib/policy-catalog';
import { Link, pagePath, setQueryParam, useLocation } from '../../router';

type Filter = 'All' | 'AWS' | 'job-function' | 'Local';

const FILTERS: { id: Filter; label: string }[] = [
  { id: 'All', label: 'All types' },
  { id: 'AWS', label: 'AWS managed' },
  { id: 'job-function', label: 'AWS managed – job function' },
  { id: 'Local', label: 'Customer managed' },
];

// ListPolicies returns no descriptions (as in AWS), so the search is by name.
const matches = (p: Policy, q: string) => (p.PolicyName ?? '').toLowerCase().includes(q);

export function PoliciesPage() {
  const { query } = useLocation();
  const filter = (FILTERS.some((f) => f.id === query.get('scope')) ? query.get('scope') : 'All') as Filter;
  const [onlyAttached, setOnlyAttached] = useState(false);
  const [search, setSearch] = useState('');
  // ListPolicies filters by Scope (AWS / Local); AWS's job function policies are the AWS scope under /job-function/.
  const scope: PolicyScopeType = filter === 'job-function' ? 'AWS' : filter;
  const pathPrefix = filter === 'job-function' ? JOB_FUNCTION_PATH : undefined;
  const list = usePagedList(
    async (Marker, MaxItems) => {
      const r = await iam().send(new ListPoliciesCommand({ Scope: scope, PathPrefix: pathPrefix, OnlyAttached: onlyAttached, Marker, MaxItems }));
      return { items: r.Policies ?? [], marker: r.IsTruncated ? r.Marker : undefined };
    },
    [scope, pathPrefix, onlyAttached],
    { search, matches, pageSize: 50 },
  );
  return (
    <Page
      title="Policies"
      description="Managed policies: AWS's, kept up to date by Gatehouse, and the account's own."
      actions={
        <Link to="/iam/policies/create" className="button primary">
          Create policy
        </Link>
      }
    >
      <div className="toolbar">
        <div>
          <label htmlFor="policy-filter">Type</label>
          <select id="policy-filter" value={filter} onChange={(e) => setQueryParam('scope', e.target.value === 'All' ? undefined : e.target.value)}>
            {FILTERS.map((f) => (
              <option key={f.id} value={f.id}>
                {f.label}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label htmlFor="policy-search">Search policies</label>
          <input id="policy-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="Policy name" />
        </div>
        <label className="check-label">
          <input type="checkbox" checked={onlyAttached} onChange={(e) => setOnlyAttached(e.target.checked)} /> Only attached policies
        </label>
        {list.matches !== undefined && <span role="status">{list.matches === 1 ? '1 policy matches' : `${list.matches} policies match`}</span>}
      </div>
      <ErrorMessage error={list.error} prefix="The policies could not be listed." />
      {list.loading && list.items.length === 0 && <Loading label="Loading policies…" />}
      {!list.loading && !list.error && list.items.length === 0 &&
        (search ? (
          <EmptyState title={`No policy matches “${search}”.`} />
        ) : filter === 'Local' && !onlyAttached ? (
          <EmptyState title="No customer managed policies yet.">
            <p>Write your own policy when AWS's managed ones allow more than needed.</p>
            <Link to="/iam/policies/create" className="button primary">
              Create policy
            </Link>
          </EmptyState>
        ) : (
          <EmptyState title="No policies of this type." />
        ))}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Policies</caption>
            <thead>
              <tr>
                <th scope="col">Policy name</th>
                <th scope="col">Type</th>
                <th scope="col">Attached to</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((p) => (
                <tr key={p.Arn}>
                  <th scope="row">
                    <Link to={pagePath.policy(p.Arn ?? '')}>{p.PolicyName}</Link>
                  </th>
                  <td>{policyKind(p)}</td>
                  <td>{p.AttachmentCount ?? 0}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={list} label="Policies" />
    </Page>
  );
}
