import { useEffect, useState } from 'react';
import { getSession, getSignInLink, signOut, type SignInNext } from '../../api/console-api';
import { describeError } from '../../api/errors';
import { setCsrfToken } from '../../api/session-token';
import { Notice } from '../../components/feedback';
import { ChangePasswordForm } from './change-password-form';
import { CredentialsForm } from './credentials-form';
import { MfaForm } from './mfa-form';
import { forgetStep, rememberStep } from './sign-in-steps';

type AccountLookup = { state: 'none' } | { state: 'loading' } | { state: 'found'; accountId: string; alias?: string } | { state: 'unknown'; message: string };

/**
 * The sign-in page, at / and at an account's sign-in link /<alias or account id>, which fills
 * in the account and names it (GET /console-api/sign-in-link says only whether it exists).
 */
export function SignInPage({ accountInPath, resume, notice, onSignedIn }: { accountInPath?: string; resume?: SignInNext; notice?: string; onSignedIn: () => void }) {
  const [step, setStep] = useState<SignInNext | undefined>(resume);
  const [lookup, setLookup] = useState<AccountLookup>({ state: accountInPath ? 'loading' : 'none' });

  useEffect(() => {
    document.title = 'Sign in · Gatehouse';
  }, []);

  useEffect(() => {
    if (!accountInPath) {
      setLookup({ state: 'none' });
      return;
    }
    let current = true;
    setLookup({ state: 'loading' });
    getSignInLink(accountInPath).then(
      (found) => current && setLookup({ state: 'found', ...found }),
      (e: unknown) => current && setLookup({ state: 'unknown', message: (e as { status?: number }).status === 404 ? `No account has the sign-in link /${accountInPath}. Check the link, or enter the account below.` : describeError(e) }),
    );
    return () => {
      current = false;
    };
  }, [accountInPath]);

  async function next(result: SignInNext) {
    rememberStep(result);
    if (result.next === 'done') {
      onSignedIn();
      return;
    }
    // The next steps are POSTs within the new (pending) session, so they need its CSRF token.
    const session = await getSession().catch(() => undefined);
    if (session?.signedIn) setCsrfToken(session.csrfToken);
    setStep(result);
  }

  async function startOver() {
    forgetStep();
    setStep(undefined);
    // Drop the half-finished (pending) session; if that fails the next sign-in replaces it anyway.
    await signOut().catch(() => undefined);
  }

  const account = lookup.state === 'found' ? (lookup.alias ?? lookup.accountId) : accountInPath;
  return (
    <div className="sign-in">
      <main id="main" className="sign-in-card" tabIndex={-1}>
        <p className="brand">Gatehouse</p>
        <h1>Sign in</h1>
        {lookup.state === 'found' && (
          <p className="sign-in-account">
            Account <strong>{lookup.alias ?? lookup.accountId}</strong>
            {lookup.alias && <span className="muted"> ({lookup.accountId})</span>}
          </p>
        )}
        {lookup.state === 'unknown' && <p className="alert alert-warning">{lookup.message}</p>}
        {notice && <Notice kind="info">{notice}</Notice>}
        {step === undefined || step.next === 'done' ? (
          <CredentialsForm account={lookup.state === 'found' ? account : lookup.state === 'loading' ? accountInPath : undefined} onNext={(r) => void next(r)} />
        ) : step.next === 'mfa' ? (
          <MfaForm step={step} onNext={(r) => void next(r)} onCancel={startOver} />
        ) : (
          <ChangePasswordForm step={step} onNext={(r) => void next(r)} onCancel={startOver} />
        )}
      </main>
    </div>
  );
}
