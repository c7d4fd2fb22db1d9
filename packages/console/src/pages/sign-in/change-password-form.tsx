import { useState, type FormEvent } from 'react';
import { changePasswordAtSignIn, type SignInNext } from '../../api/console-api';
import { ErrorMessage } from '../../components/feedback';

type ChangeStep = Extract<SignInNext, { next: 'change-password' }>;

/** The forced password change: PasswordResetRequired, or the password policy's maximum age passed. */
export function ChangePasswordForm({ step, onNext, onCancel }: { step: ChangeStep; onNext: (step: SignInNext) => void; onCancel: () => void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const mismatch = confirm !== '' && password !== confirm;

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (password !== confirm) return;
    setBusy(true);
    setError(undefined);
    try {
      onNext(await changePasswordAtSignIn(password));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} aria-label="Change password">
      <h2>Set a new password</h2>
      <p>{step.reason === 'expired' ? 'Your password has expired under the account’s password policy. Choose a new one to continue.' : 'Your administrator requires you to choose a new password before you continue.'}</p>
      <label htmlFor="new-password">New password</label>
      <input id="new-password" autoFocus type="password" autoComplete="new-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <label htmlFor="confirm-password">Confirm new password</label>
      <input id="confirm-password" type="password" autoComplete="new-password" required value={confirm} onChange={(e) => setConfirm(e.target.value)} aria-invalid={mismatch} aria-describedby={mismatch ? 'confirm-password-error' : undefined} />
      {mismatch && (
        <p id="confirm-password-error" className="field-error">
          The two passwords are not the same.
        </p>
      )}
      <ErrorMessage error={error} />
      <button type="submit" className="primary wide" disabled={busy || password === '' || password !== confirm}>
        {busy ? 'Saving…' : 'Set new password'}
      </button>
      <button type="button" className="link-button" onClick={onCancel} disabled={busy}>
        Cancel and sign in again
      </button>
    </form>
  );
}
