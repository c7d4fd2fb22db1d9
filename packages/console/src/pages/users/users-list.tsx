import { ListUsersCommand, type User } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page } from '../../components/page';
import { Pager } from '../../components/pager';
import { formatAge, formatDate } from '../../lib/format';
import { usePagedList } from '../../lib/paged-list';
import { Link, pagePath } from '../../router';

const matches = (u: User, q: string) => (u.UserName ?? '').toLowerCase().includes(q) || (u.Arn ?? '').toLowerCase().includes(q);

export function UsersPage() {
  const [search, setSearch] = useState('');
  const list = usePagedList(
    async (Marker, MaxItems) => {
      const page = await iam().send(new ListUsersCommand({ Marker, MaxItems }));
      return { items: page.Users ?? [], marker: page.IsTruncated ? page.Marker : undefined };
    },
    [],
    { search, matches },
  );
  return (
    <Page
      title="Users"
      description="People and programs that sign in or call the API with long-term credentials."
      actions={
        <Link to="/iam/users/create" className="button primary">
          Create user
        </Link>
      }
    >
      <div className="toolbar">
        <label htmlFor="user-search">Search users</label>
        <input id="user-search" type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder="User name" />
        {list.matches !== undefined && <span role="status">{list.matches === 1 ? '1 user matches' : `${list.matches} users match`}</span>}
      </div>
      <ErrorMessage error={list.error} prefix="The users could not be listed." />
      {list.loading && list.items.length === 0 && <Loading label="Loading users…" />}
      {!list.loading && !list.error && list.items.length === 0 &&
        (search ? (
          <EmptyState title={`No user matches “${search}”.`} />
        ) : (
          <EmptyState title="No users yet.">
            <p>Create an IAM user for each person or program instead of sharing the root user.</p>
            <Link to="/iam/users/create" className="button primary">
              Create user
            </Link>
          </EmptyState>
        ))}
      {list.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Users</caption>
            <thead>
              <tr>
                <th scope="col">User name</th>
                <th scope="col">Path</th>
                <th scope="col">Created</th>
                <th scope="col">Console last sign-in</th>
              </tr>
            </thead>
            <tbody>
              {list.items.map((u) => (
                <tr key={u.UserId}>
                  <th scope="row">
                    <Link to={pagePath.user(u.UserName ?? '')}>{u.UserName}</Link>
                  </th>
                  <td>{u.Path}</td>
                  <td>{formatDate(u.CreateDate)}</td>
                  <td>{formatAge(u.PasswordLastUsed)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pager list={list} label="Users" />
    </Page>
  );
}
