import { useCallback, useEffect, useState } from 'react';
import { ConsoleApiError, getSession, signOut, type SessionInfo, type SignInNext } from './api/console-api';
import { describeError } from './api/errors';
import { SESSION_LOST_EVENT, setCsrfToken } from './api/session-token';
import { Loading } from './components/feedback';
import { Layout } from './layout';
import { navigate, useLocation } from './router';
import { routePage } from './routes';
import { SessionContext, type ActiveSession } from './session';
import { SignInPage } from './pages/sign-in/sign-in-page';
import { forgetStep, rememberedStep } from './pages/sign-in/sign-in-steps';

type Gate =
  | { kind: 'loading' }
  | { kind: 'unavailable'; message: string }
  | { kind: 'signed-out'; notice?: string; resume?: SignInNext }
  | { kind: 'active'; session: Extract<SessionInfo, { signedIn: true }> };

/** A path of one segment that is not an app page is an account's sign-in link: /<alias or id>. */
function accountInPath(path: string): string | undefined {
  const match = /^\/([^/]+)\/?$/.exec(path);
  if (!match || match[1] === 'iam') return undefined;
  return decodeURIComponent(match[1] as string);
}

export function App() {
  const [gate, setGate] = useState<Gate>({ kind: 'loading' });
  const { path } = useLocation();

  const loadSession = useCallback(async (notice?: string) => {
    try {
      const session = await getSession();
      if (!session.signedIn) {
        setCsrfToken(undefined);
        setGate({ kind: 'signed-out', notice });
      } else if (session.state === 'pending') {
        setCsrfToken(session.csrfToken);
        const resume = rememberedStep();
        if (resume) setGate({ kind: 'signed-out', resume });
        else {
          // A half-finished sign-in we cannot resume (another tab, cleared storage): start over.
          await signOut().catch(() => undefined);
          setCsrfToken(undefined);
          setGate({ kind: 'signed-out', notice });
        }
      } else {
        setCsrfToken(session.csrfToken);
        forgetStep();
        setGate({ kind: 'active', session });
      }
    } catch (e) {
      const message = e instanceof ConsoleApiError && e.code === 'NotAvailable' ? 'This Gatehouse server does not offer the console yet: GET /console-api/session answered 404. The IAM, STS and CloudTrail APIs are not affected.' : describeError(e);
      setGate({ kind: 'unavailable', message });
    }
  }, []);

  useEffect(() => {
    void loadSession();
  }, [loadSession]);

  useEffect(() => {
    const lost = () => {
      setCsrfToken(undefined);
      setGate((g) => (g.kind === 'active' ? { kind: 'signed-out', notice: 'Your session has ended. Sign in again to continue.' } : g));
    };
    window.addEventListener(SESSION_LOST_EVENT, lost);
    return () => window.removeEventListener(SESSION_LOST_EVENT, lost);
  }, []);

  const onSignedIn = useCallback(async () => {
    await loadSession();
    // From / or a sign-in link, go to the dashboard; a deep link stays where it was.
    if (!location.pathname.startsWith('/iam')) navigate('/iam', { replace: true });
  }, [loadSession]);

  if (gate.kind === 'loading') {
    return (
      <main id="main" className="center">
        <Loading label="Loading the console…" />
      </main>
    );
  }
  if (gate.kind === 'unavailable') {
    return (
      <main id="main" className="center">
        <h1>Gatehouse console</h1>
        <div className="alert alert-error" role="alert">
          {gate.message}
        </div>
        <button type="button" onClick={() => void loadSession()}>
          Try again
        </button>
      </main>
    );
  }
  if (gate.kind === 'signed-out') {
    return <SignInPage accountInPath={accountInPath(path)} resume={gate.resume} notice={gate.notice} onSignedIn={() => void onSignedIn()} />;
  }
  const active: ActiveSession = {
    principal: gate.session.principal,
    expiresAt: gate.session.expiresAt,
    idleExpiresAt: gate.session.idleExpiresAt,
    signOut: async () => {
      await signOut().catch(() => undefined);
      setCsrfToken(undefined);
      forgetStep();
      setGate({ kind: 'signed-out', notice: 'You have signed out.' });
      navigate('/', { replace: true });
    },
    refresh: () => loadSession(),
  };
  return (
    <SessionContext.Provider value={active}>
      <Layout>{routePage(path, accountInPath(path))}</Layout>
    </SessionContext.Provider>
  );
}
