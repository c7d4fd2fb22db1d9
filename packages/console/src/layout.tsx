import { useEffect, useState, type ReactNode } from 'react';
import { Link, useLocation } from './router';
import { principalLabel, useSession } from './session';

const NAV: { to: string; label: string }[] = [
  { to: '/iam', label: 'Dashboard' },
  { to: '/iam/users', label: 'Users' },
  { to: '/iam/groups', label: 'User groups' },
  { to: '/iam/roles', label: 'Roles' },
  { to: '/iam/policies', label: 'Policies' },
  { to: '/iam/account-settings', label: 'Account settings' },
  { to: '/iam/credential-report', label: 'Credential report' },
  { to: '/iam/event-history', label: 'Event history' },
  { to: '/iam/simulator', label: 'Policy simulator' },
  { to: '/iam/security-credentials', label: 'My security credentials' },
];

function isCurrent(item: string, path: string): boolean {
  if (item === '/iam') return path === '/iam' || path === '/';
  return path === item || path.startsWith(`${item}/`);
}

/** The signed-in frame: skip link, header with the account and sign-out, navigation, main. */
export function Layout({ children }: { children: ReactNode }) {
  const { principal, signOut } = useSession();
  const { path } = useLocation();
  const [menuOpen, setMenuOpen] = useState(false);
  const [signingOut, setSigningOut] = useState(false);

  // On a phone the menu covers the page; following a link closes it.
  useEffect(() => setMenuOpen(false), [path]);

  async function onSignOut() {
    setSigningOut(true);
    await signOut();
  }

  return (
    <div className="app">
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          document.getElementById('main')?.focus();
        }}
      >
        Skip to main content
      </a>
      <header className="topbar">
        <button type="button" className="menu-button" aria-expanded={menuOpen} aria-controls="main-nav" onClick={() => setMenuOpen((o) => !o)}>
          Menu
        </button>
        <Link to="/iam" className="brand">
          Gatehouse
        </Link>
        <div className="who">
          <span className="account">
            Account <strong>{principal.accountAlias ?? principal.accountId}</strong>
            {principal.accountAlias && <span className="muted"> ({principal.accountId})</span>}
          </span>
          <span className="principal" title={principal.arn}>
            {principalLabel(principal)}
          </span>
          <button type="button" className="small" onClick={onSignOut} disabled={signingOut}>
            {signingOut ? 'Signing out…' : 'Sign out'}
          </button>
        </div>
      </header>
      <div className="shell">
        <nav id="main-nav" aria-label="Main" className={menuOpen ? 'open' : undefined}>
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <Link to={item.to} aria-current={isCurrent(item.to, path) ? 'page' : undefined}>
                  {item.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <main id="main" tabIndex={-1}>
          {children}
        </main>
      </div>
    </div>
  );
}
