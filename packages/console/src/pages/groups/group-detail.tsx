import { AddUserToGroupCommand, GetGroupCommand, RemoveUserFromGroupCommand } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { errorCode } from '../../api/errors';
import { ConfirmButton } from '../../components/confirm-button';
import { EntityPoliciesPanel } from '../../components/entity-policies-panel';
import { EmptyState, ErrorMessage, Loading } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { Pager } from '../../components/pager';
import { PermissionsSummary } from '../../components/permissions-summary';
import { allUsers } from '../../lib/all-users';
import { deleteGroupCompletely } from '../../lib/delete-entities';
import { formatDate } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { usePagedList } from '../../lib/paged-list';
import { Link, navigate, pagePath } from '../../router';

export function GroupDetailPage({ groupName }: { groupName: string }) {
  const group = useLoad(async () => (await iam().send(new GetGroupCommand({ GroupName: groupName, MaxItems: 1 }))).Group, [groupName]);
  const [version, setVersion] = useState(0);
  if (group.error && errorCode(group.error) === 'NoSuchEntity') {
    return (
      <Page title="Group not found">
        <p>There is no group named {groupName} in this account.</p>
        <Link to="/iam/groups">Back to groups</Link>
      </Page>
    );
  }
  return (
    <Page
      title={groupName}
      description={<Link to="/iam/groups">User groups</Link>}
      actions={
        group.data && (
          <ConfirmButton
            label="Delete group"
            title={`Delete group ${groupName}?`}
            onConfirm={async () => {
              await deleteGroupCompletely(groupName);
              navigate('/iam/groups');
            }}
          >
            <p>Its members are removed from it and its policies detached or deleted; the users themselves stay. This cannot be undone.</p>
          </ConfirmButton>
        )
      }
    >
      <ErrorMessage error={group.error} />
      {group.loading && !group.data && <Loading />}
      {group.data && (
        <>
          <dl className="facts summary">
            <div>
              <dt>ARN</dt>
              <dd>
                <code className="wrap">{group.data.Arn}</code>
              </dd>
            </div>
            <div>
              <dt>Created</dt>
              <dd>{formatDate(group.data.CreateDate)}</dd>
            </div>
          </dl>
          <Members groupName={groupName} />
          <EntityPoliciesPanel kind="group" name={groupName} onChanged={() => setVersion((v) => v + 1)} />
          <Section title="Permissions summary">
            <PermissionsSummary kind="group" name={groupName} version={version} />
          </Section>
        </>
      )}
    </Page>
  );
}

function Members({ groupName }: { groupName: string }) {
  const members = usePagedList(
    async (Marker, MaxItems) => {
      const r = await iam().send(new GetGroupCommand({ GroupName: groupName, Marker, MaxItems }));
      return { items: r.Users ?? [], marker: r.IsTruncated ? r.Marker : undefined };
    },
    [groupName],
  );
  const [adding, setAdding] = useState(false);
  const [chosen, setChosen] = useState<string[]>([]);
  const users = useLoad(async () => (adding ? allUsers() : []), [adding]);
  const add = useAction();
  const current = new Set(members.items.map((u) => u.UserName));

  async function addUsers() {
    if (
      await add.run(async () => {
        for (const u of chosen) await iam().send(new AddUserToGroupCommand({ GroupName: groupName, UserName: u }));
      })
    ) {
      setAdding(false);
      setChosen([]);
      members.reload();
    }
  }

  return (
    <Section
      title="Members"
      actions={
        !adding && (
          <button type="button" className="small primary" onClick={() => setAdding(true)}>
            Add users
          </button>
        )
      }
    >
      {adding && (
        <div className="panel">
          <fieldset>
            <legend>Users to add to {groupName}</legend>
            <ErrorMessage error={users.error} />
            {users.loading && <Loading />}
            <ul className="pick-list">
              {(users.data ?? [])
                .filter((u) => !current.has(u.UserName))
                .map((u) => (
                  <li key={u.UserId}>
                    <label>
                      <input type="checkbox" checked={chosen.includes(u.UserName ?? '')} onChange={(e) => setChosen((c) => (e.target.checked ? [...c, u.UserName ?? ''] : c.filter((x) => x !== u.UserName)))} /> {u.UserName}
                    </label>
                  </li>
                ))}
            </ul>
          </fieldset>
          <ErrorMessage error={add.error} />
          <div className="actions">
            <button type="button" className="primary" onClick={addUsers} disabled={add.busy || chosen.length === 0}>
              Add users
            </button>
            <button type="button" onClick={() => setAdding(false)}>
              Cancel
            </button>
          </div>
        </div>
      )}
      <ErrorMessage error={members.error} />
      {members.loading && members.items.length === 0 && <Loading />}
      {!members.loading && members.items.length === 0 && !members.error && <EmptyState title="The group has no members." />}
      {members.items.length > 0 && (
        <ul className="plain-list">
          {members.items.map((u) => (
            <li key={u.UserId} className="row">
              <span className="row-name">
                <Link to={pagePath.user(u.UserName ?? '')}>{u.UserName}</Link>
              </span>
              <span className="row-actions">
                <ConfirmButton
                  label="Remove"
                  buttonLabel={`Remove ${u.UserName}`}
                  title={`Remove ${u.UserName} from ${groupName}?`}
                  confirmLabel="Remove"
                  onConfirm={async () => {
                    await iam().send(new RemoveUserFromGroupCommand({ GroupName: groupName, UserName: u.UserName }));
                    members.reload();
                  }}
                >
                  <p>The user loses the permissions the group gives.</p>
                </ConfirmButton>
              </span>
            </li>
          ))}
        </ul>
      )}
      <Pager list={members} label="Members" />
    </Section>
  );
}
