import { startAuthentication } from '@simplewebauthn/browser';
import { useState, type FormEvent } from 'react';
import { signInMfa, type SignInNext } from '../../api/console-api';
import { ErrorMessage } from '../../components/feedback';
import { describeWebAuthnError } from '../../lib/webauthn-errors';

type MfaStep = Extract<SignInNext, { next: 'mfa' }>;

/** The second step: a code from an authenticator app, or a security key (WebAuthn). */
export function MfaForm({ step, onNext, onCancel }: { step: MfaStep; onNext: (step: SignInNext) => void; onCancel: () => void }) {
  const [code, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const totp = step.methods.includes('totp');
  const webauthn = step.methods.includes('webauthn') && step.webauthn !== undefined;

  async function attempt(work: () => Promise<SignInNext>) {
    setBusy(true);
    setError(undefined);
    try {
      onNext(await work());
    } catch (e) {
      setError(e);
      setCode('');
    } finally {
      setBusy(false);
    }
  }

  function submitCode(event: FormEvent) {
    event.preventDefault();
    void attempt(() => signInMfa({ code: code.trim() }));
  }

  function signInWithSecurityKey() {
    const options = step.webauthn;
    if (!options) return;
    void attempt(async () => {
      let response;
      try {
        response = await startAuthentication({ optionsJSON: options });
      } catch (e) {
        // The browser's own errors (cancelled, timed out, no key) are not the server's.
        throw describeWebAuthnError(e, 'The security key did not answer');
      }
      return signInMfa({ webauthn: response });
    });
  }

  return (
    <div>
      <h2>Multi-factor authentication</h2>
      <p>Your account is protected by an MFA device. {totp && webauthn ? 'Enter a code from your authenticator app, or use your security key.' : totp ? 'Enter the code your authenticator app shows.' : 'Use your security key.'}</p>
      {totp && (
        <form onSubmit={submitCode}>
          <label htmlFor="mfa-code">MFA code</label>
          <input
            id="mfa-code"
            // The step replaced the form that had focus: continue where the person types next.
            autoFocus
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            required
            value={code}
            onChange={(e) => setCode(e.target.value.replace(/\D/g, ''))}
            aria-describedby="mfa-code-hint"
          />
          <p id="mfa-code-hint" className="hint">
            Six digits. A new code appears every 30 seconds.
          </p>
          <button type="submit" className="primary wide" disabled={busy || code.length !== 6}>
            {busy ? 'Checking…' : 'Verify'}
          </button>
        </form>
      )}
      {webauthn && (
        <button type="button" className={totp ? 'wide' : 'primary wide'} onClick={signInWithSecurityKey} disabled={busy} autoFocus={!totp}>
          Use security key
        </button>
      )}
      <ErrorMessage error={error} />
      <button type="button" className="link-button" onClick={onCancel} disabled={busy}>
        Cancel and sign in again
      </button>
    </div>
  );
}
