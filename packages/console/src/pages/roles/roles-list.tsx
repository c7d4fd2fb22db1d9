import { ListRolesCommand, type Role } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged-list';
import { decodePolicyDocument } from '../../lib/policy-document';
import { describeTrust } from '../../lib/trust-policy';
import { Link, pagePath } from '../../router';

const matches = (r: Role, q: string) => (r.RoleName ?? '').toLowerCase().includes(q) || (r.Description ?? '').toLowerCase().includes(q);

export function RolesPage() {
  const [search, setSearch] = useState('');
  const list = usePagedList(
    async (Marker, MaxItems) => {
      const r = await iam().send(new ListRolesCommand({ Marker, MaxItems }));
      return { items: r.Roles ?? [], marker: r.IsTruncated ? r.Marker : undefined };
    },
    [],
    { search, matches },
  );
  return (
    <Page
      title="Roles"
      description="Identities that people, other accounts, workloads and identity providers assume for temporary credentials."
      actions={
        <Link to="/iam/roles/create" className="button primary">
          Create role
        </Link>
      }
    >
      <div className="toolbar">
        <label htmlFor="role-search">Search roles</label>
        <input id="role-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ErrorMessage error={list.error} prefix="The roles could not be listed." />
      {list.loading && list.items.length === 0 && <Loading label="Loading roles…" />}
      {!list.loading && !list.error && list.items.length === 0 &&
        (search ? (
          <EmptyState title={`No role matches “${search}”.`} />
        ) : (
          <EmptyState title="No roles yet.">
            <Link to="/iam/roles/create" className="button primary">
              Create role
            </Link>
          </EmptyState>
        ))}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Roles</caption>
            <thead>
              <tr>
                <th scope="col">Role name</th>
                <th scope="col">Trusted entities</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((r) => (
                <tr key={r.RoleId}>
                  <th scope="row">
                    <Link to={pagePath.role(r.RoleName ?? '')}>{r.RoleName}</Link>
                  </th>
                  <td>{describeTrust(decodePolicyDocument(r.AssumeRolePolicyDocument))}</td>
                  <td>{formatDate(r.CreateDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={list} label="Roles" />
    </Page>
  );
}
