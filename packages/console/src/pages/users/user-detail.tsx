import { AddUserToGroupCommand, GetUserCommand, ListGroupsCommand, ListGroupsForUserCommand, RemoveUserFromGroupCommand, type User } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { errorCode } from '../../api/errors';
import { AccessAdvisor } from '../../components/access-advisor';
import { BoundaryPanel } from '../../components/boundary-panel';
import { ConfirmButton } from '../../components/confirm-button';
import { CopyButton } from '../../components/copy-button';
import { AccessKeysSection } from '../../components/credentials/access-keys-section';
import { ConsolePasswordSection } from '../../components/credentials/console-password-section';
import { MfaSection } from '../../components/credentials/mfa-section';
import { EntityPoliciesPanel } from '../../components/entity-policies-panel';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PermissionsSummary } from '../../components/permissions-summary';
import { Tabs } from '../../components/tabs';
import { deleteUserCompletely } from '../../lib/delete-entities';
import { entityPolicies } from '../../lib/entity-policies';
import { formatDate } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { fetchAll } from '../../lib/paged-list';
import { Link, navigate, pagePath, setQueryParam, useLocation } from '../../router';

const TABS = [
  { id: 'permissions', label: 'Permissions' },
  { id: 'groups', label: 'Groups' },
  { id: 'security', label: 'Security credentials' },
  { id: 'access-advisor', label: 'Access Advisor' },
];

async function groupsOf(userName: string) {
  return fetchAll(async (Marker, MaxItems) => {
    const r = await iam().send(new ListGroupsForUserCommand({ UserName: userName, Marker, MaxItems }));
    return { items: r.Groups ?? [], marker: r.IsTruncated ? r.Marker : undefined };
  });
}

export function UserDetailPage({ userName }: { userName: string }) {
  const { query } = useLocation();
  const tab = TABS.some((t) => t.id === query.get('tab')) ? (query.get('tab') as string) : 'permissions';
  const user = useLoad(async () => (await iam().send(new GetUserCommand({ UserName: userName }))).User, [userName]);

  if (user.error && errorCode(user.error) === 'NoSuchEntity') {
    return (
      <Page title="User not found">
        <p>There is no user named {userName} in this account.</p>
        <Link to="/iam/users">Back to users</Link>
      </Page>
    );
  }
  const u = user.data;
  return (
    <Page
      title={userName}
      description={<Link to="/iam/users">Users</Link>}
      actions={
        u && (
          <ConfirmButton
            label="Delete user"
            title={`Delete user ${userName}?`}
            onConfirm={async () => {
              await deleteUserCompletely(userName);
              navigate('/iam/users');
            }}
          >
            <p>This removes the user’s console password, access keys, MFA devices, group memberships and policies, then the user. It cannot be undone.</p>
          </ConfirmButton>
        )
      }
    >
      <ErrorMessage error={user.error} />
      {user.loading && !u && <Loading />}
      {u && (
        <>
          <UserSummary user={u} />
          <Tabs tabs={TABS} selected={tab} onSelect={(id) => setQueryParam('tab', id === 'permissions' ? undefined : id)} label={`User ${userName}`}>
            {tab === 'permissions' && <UserPermissions user={u} onChanged={user.reload} />}
            {tab === 'groups' && <UserGroups userName={userName} />}
            {tab === 'security' && (
              <>
                <ConsolePasswordSection userName={userName} passwordLastUsed={u.PasswordLastUsed} />
                <MfaSection userName={userName} enableUserName={userName} defaultDeviceName={userName} />
                <AccessKeysSection userName={userName} />
              </>
            )}
            {tab === 'access-advisor' && u.Arn && <AccessAdvisor arn={u.Arn} />}
          </Tabs>
        </>
      )}
    </Page>
  );
}

function UserSummary({ user }: { user: User }) {
  return (
    <dl className="facts summary">
      <div>
        <dt>ARN</dt>
        <dd>
          <code className="wrap">{user.Arn}</code> <CopyButton value={user.Arn ?? ''} label="Copy the user's ARN" />
        </dd>
      </div>
      <div>
        <dt>Created</dt>
        <dd>{formatDate(user.CreateDate)}</dd>
      </div>
      <div>
        <dt>Last console sign-in</dt>
        <dd>{user.PasswordLastUsed ? formatDate(user.PasswordLastUsed) : 'Never'}</dd>
      </div>
      <div>
        <dt>User ID</dt>
        <dd>
          <code>{user.UserId}</code>
        </dd>
      </div>
    </dl>
  );
}

function UserPermissions({ user, onChanged }: { user: User; onChanged: () => void }) {
  const name = user.UserName ?? '';
  const [version, setVersion] = useState(0);
  const groups = useLoad(() => groupsOf(name), [name]);
  const groupPolicies = useLoad(
    async () =>
      Promise.all(
        (groups.data ?? []).map(async (g) => {
          const api = entityPolicies('group', g.GroupName ?? '');
          const [attached, inline] = await Promise.all([api.listAttached(), api.listInline()]);
          return { group: g.GroupName ?? '', attached, inline };
        }),
      ),
    [groups.data],
  );
  const groupNames = (groups.data ?? []).map((g) => g.GroupName ?? '');
  return (
    <>
      <EntityPoliciesPanel kind="user" name={name} onChanged={() => setVersion((v) => v + 1)} />
      <Section title="Permissions from groups">
        <ErrorMessage error={groups.error ?? groupPolicies.error} />
        {(groups.loading || groupPolicies.loading) && !groupPolicies.data && <Loading />}
        {groups.data?.length === 0 && <EmptyState title="The user belongs to no group.">{<p>Groups are the recommended way to give permissions.</p>}</EmptyState>}
        {groupPolicies.data && groupPolicies.data.length > 0 && (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Policies from groups</caption>
              <thead>
                <tr>
                  <th scope="col">Policy</th>
                  <th scope="col">Type</th>
                  <th scope="col">Through group</th>
                </tr>
              </thead>
              <tbody>
                {groupPolicies.data.flatMap((g) => [
                  ...g.attached.map((p) => (
                    <tr key={`${g.group}:${p.PolicyArn}`}>
                      <th scope="row">
                        <Link to={pagePath.policy(p.PolicyArn ?? '')}>{p.PolicyName}</Link>
                      </th>
                      <td>Managed</td>
                      <td>
                        <Link to={pagePath.group(g.group)}>{g.group}</Link>
                      </td>
                    </tr>
                  )),
                  ...g.inline.map((p) => (
                    <tr key={`${g.group}:inline:${p}`}>
                      <th scope="row">{p}</th>
                      <td>Inline</td>
                      <td>
                        <Link to={pagePath.group(g.group)}>{g.group}</Link>
                      </td>
                    </tr>
                  )),
                ])}
                {groupPolicies.data.every((g) => g.attached.length + g.inline.length === 0) && (
                  <tr>
                    <td colSpan={3}>The user’s groups have no policies.</td>
                  </tr>
                )}
              </tbody>
            </table>
          </div>
        )}
      </Section>
      <BoundaryPanel kind="user" name={name} boundaryArn={user.PermissionsBoundary?.PermissionsBoundaryArn} onChanged={onChanged} />
      <Section title="Permissions summary">
        {groups.data && <PermissionsSummary kind="user" name={name} groups={groupNames} version={version} />}
      </Section>
    </>
  );
}

function UserGroups({ userName }: { userName: string }) {
  const groups = useLoad(() => groupsOf(userName), [userName]);
  const all = useLoad(
    () =>
      fetchAll(async (Marker, MaxItems) => {
        const r = await iam().send(new ListGroupsCommand({ Marker, MaxItems }));
        return { items: r.Groups ?? [], marker: r.IsTruncated ? r.Marker : undefined };
      }),
    [],
  );
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const add = useAction();
  const member = new Set((groups.data ?? []).map((g) => g.GroupName));
  const others = (all.data ?? []).filter((g) => !member.has(g.GroupName));

  async function addToGroups() {
    if (
      await add.run(async () => {
        for (const g of chosen) await iam().send(new AddUserToGroupCommand({ UserName: userName, GroupName: g }));
      })
    ) {
      setAdding(false);
      setChosen([]);
      groups.reload();
    }
  }

  return (
    <Section
      title="Groups"
      actions={
        !adding && (
          <button type="button" className="small primary" onClick={() => setAdding(true)}>
            Add user to groups
          </button>
        )
      }
    >
      {adding && (
        <div className="panel">
          <fieldset>
            <legend>Groups to join</legend>
            <ErrorMessage error={all.error} />
            {all.loading && !all.data && <Loading />}
            {all.data && others.length === 0 && (
              <p className="hint">
                There is no other group. <Link to="/iam/groups/create">Create a group</Link>.
              </p>
            )}
            <ul className="pick-list">
              {others.map((g) => (
                <li key={g.GroupId}>
                  <label>
                    <input type="checkbox" checked={chosen.includes(g.GroupName ?? '')} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, g.GroupName ?? ''] : c.filter((x) => x !== g.GroupName)))} /> {g.GroupName}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <ErrorMessage error={add.error} />
          <div className="actions">
            <button type="button" className="primary" onClick={addToGroups} disabled={add.busy || chosen.length === 0}>
              Add to groups
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={groups.error} />
      {groups.loading && !groups.data && <Loading />}
      {groups.data?.length === 0 && <EmptyState title="The user belongs to no group." />}
      {groups.data && groups.data.length > 0 && (
        <ul className="plain-list">
          {groups.data.map((g) => (
            <li key={g.GroupId} className="row">
              <span className="row-name">
                <Link to={pagePath.group(g.GroupName ?? '')}>{g.GroupName}</Link>
              </span>
              <span className="row-actions">
                <ConfirmButton
                  label="Remove"
                  buttonLabel={`Remove from ${g.GroupName}`}
                  title={`Remove ${userName} from ${g.GroupName}?`}
                  confirmLabel="Remove"
                  onConfirm={async () => {
                    await iam().send(new RemoveUserFromGroupCommand({ UserName: userName, GroupName: g.GroupName }));
                    groups.reload();
                  }}
                >
                  <p>The user loses the permissions the group gives.</p>
                </ConfirmButton>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Section>
  );
}
