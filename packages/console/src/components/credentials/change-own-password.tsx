import { ChangePasswordCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { ErrorMessage, Notice } from '../feedback';
import { Section } from '../page';

/** An IAM user changes their own password (iam:ChangePassword, allowed by the password policy). */
export function ChangeOwnPassword() {
  const [oldPassword, setOld] = useState('');
  const [newPassword, setNew] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [done, setDone] = useState(false);
  const mismatch = confirm !== '' && confirm !== newPassword;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (mismatch) return;
    setBusy(true);
    setError(undefined);
    setDone(false);
    try {
      await iam().send(new ChangePasswordCommand({ OldPassword: oldPassword, NewPassword: newPassword }));
      setDone(true);
      setOld('');
      setNew('');
      setConfirm('');
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <Section title="Console password">
      <form onSubmit={submit} aria-label="Change your password" className="narrow">
        <label htmlFor="old-password">Current password</label>
        <input id="old-password" type="password" autoComplete="current-password" required value={oldPassword} onChange={(e) => setOld(e.target.value)} />
        <label htmlFor="own-new-password">New password</label>
        <input id="own-new-password" type="password" autoComplete="new-password" required value={newPassword} onChange={(e) => setNew(e.target.value)} />
        <label htmlFor="own-confirm-password">Confirm new password</label>
        <input id="own-confirm-password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} />
        {mismatch && <p className="field-error">The two passwords are not the same.</p>}
        <ErrorMessage error={error} />
        {done && <Notice>Your password was changed.</Notice>}
        <button type="submit" className="primary" disabled={busy || mismatch}>
          Change password
        </button>
      </form>
    </Section>
  );
}
