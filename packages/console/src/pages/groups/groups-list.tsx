import { ListGroupsCommand, type Group } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged-list';
import { Link, pagePath } from '../../router';

const matches = (g: Group, q: string) => (g.GroupName ?? '').toLowerCase().includes(q);

export function GroupsPage() {
  const [search, setSearch] = useState('');
  const list = usePagedList(
    async (Marker, MaxItems) => {
      const r = await iam().send(new ListGroupsCommand({ Marker, MaxItems }));
      return { items: r.Groups ?? [], marker: r.IsTruncated ? r.Marker : undefined };
    },
    [],
    { search, matches },
  );
  return (
    <Page
      title="User groups"
      description="Give permissions to groups for each job, and put users in the groups they need."
      actions={
        <Link to="/iam/groups/create" className="button primary">
          Create group
        </Link>
      }
    >
      <div className="toolbar">
        <label htmlFor="group-search">Search groups</label>
        <input id="group-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} />
      </div>
      <ErrorMessage error={list.error} prefix="The groups could not be listed." />
      {list.loading && list.items.length === 0 && <Loading label="Loading groups…" />}
      {!list.loading && !list.error && list.items.length === 0 &&
        (search ? (
          <EmptyState title={`No group matches “${search}”.`} />
        ) : (
          <EmptyState title="No groups yet.">
            <Link to="/iam/groups/create" className="button primary">
              Create group
            </Link>
          </EmptyState>
        ))}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Groups</caption>
            <thead>
              <tr>
                <th scope="col">Group name</th>
                <th scope="col">Path</th>
                <th scope="col">Created</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((g) => (
                <tr key={g.GroupId}>
                  <th scope="row">
                    <Link to={pagePath.group(g.GroupName ?? '')}>{g.GroupName}</Link>
                  </th>
                  <td>{g.Path}</td>
                  <td>{formatDate(g.CreateDate)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={list} label="Groups" />
    </Page>
  );
}
