import { CreateLoginProfileCommand, DeleteLoginProfileCommand, GetLoginProfileCommand, UpdateLoginProfileCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { errorCode } from '../../api/errors';
import { formatAge, formatDate } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { generatePassword } from '../../lib/password';
import { passwordPolicyOrDefault } from '../../lib/password-policy';
import { ConfirmButton } from '../confirm-button';
import { CopyButton } from '../copy-button';
import { ErrorMessage, Loading, Notice } from '../feedback';
import { Section } from '../page';
import { PasswordChoice, type PasswordChoiceValue } from '../password-choice';

/** An IAM user's console password (login profile), as an administrator manages it. */
export function ConsolePasswordSection({ userName, passwordLastUsed }: { userName: string; passwordLastUsed?: Date }) {
  const profile = useLoad(async () => {
    try {
      return (await iam().send(new GetLoginProfileCommand({ UserName: userName }))).LoginProfile ?? null;
    } catch (e) {
      if (errorCode(e) === 'NoSuchEntity') return null;
      throw e;
    }
  }, [userName]);
  const [editing, setEditing] = useState(false);
  const [choice, setChoice] = useState<PasswordChoiceValue>({ mode: 'generate', custom: '', requireReset: true });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [shownPassword, setShownPassword] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const exists = profile.data !== null && profile.data !== undefined;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const password = choice.mode === 'generate' ? generatePassword(await passwordPolicyOrDefault()) : choice.custom;
      if (exists) await iam().send(new UpdateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: choice.requireReset }));
      else await iam().send(new CreateLoginProfileCommand({ UserName: userName, Password: password, PasswordResetRequired: choice.requireReset }));
      setShownPassword(choice.mode === 'generate' ? password : undefined);
      setNotice(exists ? 'The console password was changed.' : 'The user can now sign in to the console.');
      setEditing(false);
      profile.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="Console sign-in">
      <ErrorMessage error={profile.error} />
      {profile.loading && profile.data === undefined && <Loading />}
      {notice && <Notice>{notice}</Notice>}
      {shownPassword && (
        <div className="secret-panel">
          <p className="alert alert-warning">This is the only time the generated password is shown.</p>
          <p>
            Console password: <code data-testid="generated-password">{shownPassword}</code> <CopyButton value={shownPassword} label="Copy the password" />
          </p>
          <button type="button" className="small" onClick={() => setShownPassword(undefined)}>
            Done
          </button>
        </div>
      )}
      {profile.data !== undefined && (
        <dl className="facts">
          <div>
            <dt>Console password</dt>
            <dd>{exists ? `Enabled since ${formatDate(profile.data?.CreateDate)}` : 'Not enabled: the user cannot sign in to the console'}</dd>
          </div>
          {exists && (
            <div>
              <dt>Password reset required</dt>
              <dd>{profile.data?.PasswordResetRequired ? 'Yes, at the next sign-in' : 'No'}</dd>
            </div>
          )}
          <div>
            <dt>Last console sign-in</dt>
            <dd>{formatAge(passwordLastUsed)}</dd>
          </div>
        </dl>
      )}
      {editing ? (
        <form onSubmit={submit} className="panel" aria-label={exists ? 'Change console password' : 'Enable console access'}>
          <PasswordChoice value={choice} onChange={setChoice} />
          <ErrorMessage error={error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {exists ? 'Change password' : 'Enable console access'}
            </button>
            <button type="button" onClick={() => setEditing(false)} disabled={busy}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        profile.data !== undefined && (
          <div className="actions">
            <button type="button" className="small" onClick={() => { setEditing(true); setNotice(undefined); }}>
              {exists ? 'Change console password' : 'Enable console access'}
            </button>
            {exists && (
              <ConfirmButton
                label="Remove console password"
                title="Remove the console password?"
                confirmLabel="Remove"
                onConfirm={async () => {
                  await iam().send(new DeleteLoginProfileCommand({ UserName: userName }));
                  setNotice('The console password was removed: the user can no longer sign in to the console.');
                  profile.reload();
                }}
              >
                <p>{userName} can no longer sign in to the console. Access keys keep working.</p>
              </ConfirmButton>
            )}
          </div>
        )
      )}
    </Section>
  );
}
