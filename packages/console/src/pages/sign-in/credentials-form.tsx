import { useEffect, useState, type FormEvent } from 'react';
import { ConsoleApiError, signIn, type SignInNext } from '../../api/console-api';
import { ErrorMessage } from '../../components/feedback';
import { formatWait } from '../../lib/format';

type Kind = 'iam' | 'root';

/** The first step: an IAM user's account, name and password, or the root user's email and password. */
export function CredentialsForm({ account: initialAccount, onNext }: { account?: string; onNext: (step: SignInNext) => void }) {
  const [kind, setKind] = useState<Kind>('iam');
  const [account, setAccount] = useState(initialAccount ?? '');
  const [userName, setUserName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [retryAt, setRetryAt] = useState<number | undefined>(undefined);
  const [now, setNow] = useState(Date.now());

  useEffect(() => {
    if (initialAccount) setAccount(initialAccount);
  }, [initialAccount]);

  // Counts down a lockout so the person sees when to try again.
  useEffect(() => {
    if (retryAt === undefined) return;
    const timer = setInterval(() => {
      setNow(Date.now());
      if (Date.now() >= retryAt) setRetryAt(undefined);
    }, 1000);
    return () => clearInterval(timer);
  }, [retryAt]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const step = await signIn(kind === 'iam' ? { account: account.trim(), userName: userName.trim(), password } : { email: email.trim(), password });
      onNext(step);
    } catch (e) {
      setError(e);
      setPassword('');
      if (e instanceof ConsoleApiError && e.code === 'TooManyAttempts' && e.retryAfterSeconds) {
        setRetryAt(Date.now() + e.retryAfterSeconds * 1000);
        setNow(Date.now());
      }
    } finally {
      setBusy(false);
    }
  }

  const waitSeconds = retryAt === undefined ? 0 : Math.ceil((retryAt - now) / 1000);
  return (
    <form onSubmit={submit} aria-label="Sign in" noValidate={false}>
      <fieldset className="choice">
        <legend>Sign in as</legend>
        <label>
          <input type="radio" name="kind" value="iam" checked={kind === 'iam'} onChange={() => setKind('iam')} /> IAM user
        </label>
        <label>
          <input type="radio" name="kind" value="root" checked={kind === 'root'} onChange={() => setKind('root')} /> Root user
        </label>
      </fieldset>
      <p className="hint">{kind === 'iam' ? 'A user in an account, with permissions an administrator gave it.' : "The account owner, who can do everything. Use it only for the tasks that need it."}</p>
      {kind === 'iam' ? (
        <>
          <label htmlFor="sign-in-account">Account ID or alias</label>
          <input id="sign-in-account" name="account" autoComplete="organization" required value={account} onChange={(e) => setAccount(e.target.value)} />
          <label htmlFor="sign-in-user">IAM user name</label>
          <input id="sign-in-user" name="username" autoComplete="username" required value={userName} onChange={(e) => setUserName(e.target.value)} />
        </>
      ) : (
        <>
          <label htmlFor="sign-in-email">Root user email address</label>
          <input id="sign-in-email" name="email" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </>
      )}
      <label htmlFor="sign-in-password">Password</label>
      <input id="sign-in-password" name="password" type="password" autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.target.value)} />
      <ErrorMessage error={error} />
      {waitSeconds > 0 && (
        <p className="hint" aria-live="polite">
          You can try again in {formatWait(waitSeconds)}.
        </p>
      )}
      <button type="submit" className="primary wide" disabled={busy || waitSeconds > 0}>
        {busy ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
