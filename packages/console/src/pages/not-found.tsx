import { Page } from '../components/page';
import { Link } from '../router';
import { useSession } from '../session';

export function NotFoundPage() {
  return (
    <Page title="Page not found">
      <p>There is no console page at this address.</p>
      <p>
        <Link to="/iam">Go to the dashboard</Link>
      </p>
    </Page>
  );
}

/** A sign-in link (/<alias or id>) opened while already signed in. */
export function AlreadySignedInPage({ account }: { account: string }) {
  const { principal, signOut } = useSession();
  const same = account === principal.accountId || account === principal.accountAlias;
  return (
    <Page title={same ? 'You are signed in' : 'Signed in to another account'}>
      <p>
        {same
          ? `You are already signed in to account ${principal.accountAlias ?? principal.accountId}.`
          : `This is the sign-in link of account ${account}, but you are signed in to account ${principal.accountAlias ?? principal.accountId}. Sign out first to sign in to it.`}
      </p>
      <div className="actions">
        <Link to="/iam" className="button primary">
          Go to the dashboard
        </Link>
        {!same && (
          <button type="button" onClick={() => void signOut()}>
            Sign out
          </button>
        )}
      </div>
    </Page>
  );
}
