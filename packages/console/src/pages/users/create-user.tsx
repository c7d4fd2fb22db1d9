import {
  AddUserToGroupCommand,
  AttachUserPolicyCommand,
  CreateAccessKeyCommand,
  CreateLoginProfileCommand,
  CreateUserCommand,
  ListGroupsCommand,
  type AccessKey,
} from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { describeError } from '../../api/errors';
import { CopyButton } from '../../components/copy-button';
import { ErrorMessage, Loading, Notice } from '../../components/feedback';
import { NewAccessKey } from '../../components/new-access-key';
import { Page, Section } from '../../components/page';
import { PasswordChoice, type PasswordChoiceValue } from '../../components/password-choice';
import { PolicyPicker } from '../../components/policy-picker';
import { useLoad } from '../../lib/hooks';
import { fetchAll } from '../../lib/paged-list';
import { generatePassword } from '../../lib/password';
import { passwordPolicyOrDefault } from '../../lib/password-policy';
import { Link, pagePath } from '../../router';
import { useSession } from '../../session';

interface Created {
  userName: string;
  password?: string;
  accessKey?: AccessKey;
  done: string[];
  /** the step that failed after the user was created, if one did */
  failed?: { step: string; error: unknown };
}

export function CreateUserPage() {
  const { principal } = useSession();
  const [userName, setUserName] = useState('');
  const [path, setPath] = useState('');
  const [consoleAccess, setConsoleAccess] = useState(true);
  const [password, setPassword] = useState<PasswordChoiceValue>({ mode: 'generate', custom: '', requireReset: true });
  const [accessKey, setAccessKey] = useState(false);
  const [groups, setGroups] = useState<string[]>([]);
  const [policies, setPolicies] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [created, setCreated] = useState<Created | undefined>(undefined);
  const groupList = useLoad(
    () =>
      fetchAll(async (Marker, MaxItems) => {
        const page = await iam().send(new ListGroupsCommand({ Marker, MaxItems }));
        return { items: page.Groups ?? [], marker: page.IsTruncated ? page.Marker : undefined };
      }),
    [],
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const name = userName.trim();
    try {
      await iam().send(new CreateUserCommand({ UserName: name, ...(path.trim() ? { Path: path.trim() } : {}) }));
    } catch (e) {
      setError(e);
      setBusy(false);
      return;
    }
    // The user exists from here on; each further step is reported, and one failing does not hide the others' results.
    const result: Created = { userName: name, done: [`Created user ${name}.`] };
    const step = async (label: string, work: () => Promise<void>) => {
      if (result.failed) return;
      try {
        await work();
        result.done.push(label);
      } catch (e) {
        result.failed = { step: label, error: e };
      }
    };
    if (consoleAccess) {
      await step('Set the console password.', async () => {
        const value = password.mode === 'generate' ? generatePassword(await passwordPolicyOrDefault()) : password.custom;
        await iam().send(new CreateLoginProfileCommand({ UserName: name, Password: value, PasswordResetRequired: password.requireReset }));
        result.password = value;
      });
    }
    for (const group of groups) await step(`Added to group ${group}.`, async () => void (await iam().send(new AddUserToGroupCommand({ UserName: name, GroupName: group }))));
    for (const arn of policies) await step(`Attached ${arn.slice(arn.lastIndexOf('/') + 1)}.`, async () => void (await iam().send(new AttachUserPolicyCommand({ UserName: name, PolicyArn: arn }))));
    if (accessKey) {
      await step('Created an access key.', async () => {
        result.accessKey = (await iam().send(new CreateAccessKeyCommand({ UserName: name }))).AccessKey;
      });
    }
    setCreated(result);
    setBusy(false);
  }

  if (created) return <CreatedUser created={created} accountId={principal.accountAlias ?? principal.accountId} />;

  return (
    <Page title="Create user">
      <form onSubmit={submit} className="stack">
        <Section title="User details">
          <label htmlFor="new-user-name">User name</label>
          <input id="new-user-name" required maxLength={64} pattern="[\w+=,.@\-]+" value={userName} onChange={(e) => setUserName(e.target.value)} aria-describedby="new-user-name-hint" />
          <p id="new-user-name-hint" className="hint">
            Up to 64 letters, digits and + = , . @ _ -. Names are not case sensitive.
          </p>
          <label htmlFor="new-user-path">Path (optional)</label>
          <input id="new-user-path" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/" />
          <label className="check-label">
            <input type="checkbox" checked={consoleAccess} onChange={(e) => setConsoleAccess(e.target.checked)} /> Provide access to the console
          </label>
          {consoleAccess && <PasswordChoice value={password} onChange={setPassword} />}
          <label className="check-label">
            <input type="checkbox" checked={accessKey} onChange={(e) => setAccessKey(e.target.checked)} /> Create an access key for programmatic access (CLI, SDKs)
          </label>
        </Section>
        <Section title="Permissions">
          <fieldset>
            <legend>Add the user to groups</legend>
            <ErrorMessage error={groupList.error} />
            {groupList.loading && !groupList.data && <Loading label="Loading groups…" />}
            {groupList.data?.length === 0 && (
              <p className="hint">
                The account has no groups yet. <Link to="/iam/groups/create">Create a group</Link> to give users permissions by job.
              </p>
            )}
            <ul className="pick-list">
              {groupList.data?.map((g) => (
                <li key={g.GroupId}>
                  <label>
                    <input
                      type="checkbox"
                      checked={groups.includes(g.GroupName ?? '')}
                      onChange={(e) => setGroups((gs) => (e.target.checked ? [...gs, g.GroupName ?? ''] : gs.filter((x) => x !== g.GroupName)))}
                    />{' '}
                    {g.GroupName}
                  </label>
                </li>
              ))}
            </ul>
          </fieldset>
          <details>
            <summary>Attach policies directly (groups are preferred)</summary>
            <PolicyPicker selected={policies} onChange={setPolicies} legend="Policies to attach" />
          </details>
        </Section>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create user'}
          </button>
          <Link to="/iam/users" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}

function CreatedUser({ created, accountId }: { created: Created; accountId: string }) {
  const signInUrl = `${location.origin}/${accountId}`;
  return (
    <Page title={`User ${created.userName} created`}>
      {created.failed ? (
        <div className="alert alert-error" role="alert">
          The user was created, but this step failed: {created.failed.step.replace(/\.$/, '')} — {describeError(created.failed.error)} The remaining steps were not done; finish them on the user’s page.
        </div>
      ) : (
        <Notice>The user was created.</Notice>
      )}
      <ul>
        {created.done.map((d) => (
          <li key={d}>{d}</li>
        ))}
      </ul>
      {created.password && (
        <Section title="Console sign-in details">
          <p className="alert alert-warning">This is the only time this password is shown. Pass it to the user by a safe channel.</p>
          <dl className="facts">
            <div>
              <dt>Console sign-in URL</dt>
              <dd>
                <a href={signInUrl}>{signInUrl}</a>
              </dd>
            </div>
            <div>
              <dt>User name</dt>
              <dd>{created.userName}</dd>
            </div>
            <div>
              <dt>Console password</dt>
              <dd>
                <code data-testid="new-user-password">{created.password}</code> <CopyButton value={created.password} label="Copy the password" />
              </dd>
            </div>
          </dl>
        </Section>
      )}
      {created.accessKey && (
        <Section title="Access key">
          <NewAccessKey accessKey={created.accessKey} userName={created.userName} />
        </Section>
      )}
      <div className="actions">
        <Link to={pagePath.user(created.userName)} className="button primary">
          View user
        </Link>
        <Link to="/iam/users" className="button">
          Back to users
        </Link>
      </div>
    </Page>
  );
}
