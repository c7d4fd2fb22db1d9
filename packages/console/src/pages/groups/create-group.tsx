import { AddUserToGroupCommand, AttachGroupPolicyCommand, CreateGroupCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { describeError } from '../../api/errors';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PolicyPicker } from '../../components/policy-picker';
import { allUsers } from '../../lib/all-users';
import { useLoad } from '../../lib/hooks';
import { Link, navigate, pagePath } from '../../router';

export function CreateGroupPage() {
  const [name, setName] = useState('');
  const [members, setMembers] = useState<string[]>([]);
  const [policies, setPolicies] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const users = useLoad(() => allUsers(), []);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const groupName = name.trim();
    try {
      await iam().send(new CreateGroupCommand({ GroupName: groupName }));
    } catch (e) {
      setError(e);
      setBusy(false);
      return;
    }
    try {
      for (const arn of policies) await iam().send(new AttachGroupPolicyCommand({ GroupName: groupName, PolicyArn: arn }));
      for (const u of members) await iam().send(new AddUserToGroupCommand({ GroupName: groupName, UserName: u }));
      navigate(pagePath.group(groupName));
    } catch (e) {
      setError(new Error(`The group ${groupName} was created, but not every policy or member was added: ${describeError(e)} Finish on the group’s page.`));
      setBusy(false);
    }
  }

  return (
    <Page title="Create user group">
      <form onSubmit={submit} className="stack">
        <Section title="Group">
          <label htmlFor="new-group-name">Group name</label>
          <input id="new-group-name" required maxLength={128} pattern="[\w+=,.@\-]+" value={name} onChange={(e) => setName(e.target.value)} />
        </Section>
        <Section title="Members">
          <fieldset>
            <legend>Users to add</legend>
            <ErrorMessage error={users.error} />
            {users.loading && !users.data && <Loading />}
            {users.data?.length === 0 && <p className="hint">There are no users yet.</p>}
            <ul className="pick-list">
              {users.data?.map((u) => (
                <li key={u.UserId}>
                  <label>
                    <input type="checkbox" checked={members.includes(u.UserName ?? '')} onChange={(e) => setMembers((m) => (e.target.checked ? [...m, u.UserName ?? ''] : m.filter((x) => x !== u.UserName)))} /> {u.UserName}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
        </Section>
        <Section title="Permissions">
          <PolicyPicker selected={policies} onChange={setPolicies} legend="Policies to attach" />
        </Section>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create group'}
          </button>
          <Link to="/iam/groups" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
