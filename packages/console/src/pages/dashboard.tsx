import { CreateAccountAliasCommand, DeleteAccountAliasCommand, GetAccountSummaryCommand, ListAccountAliasesCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../api/aws';
import { getSecurityStatus, type CheckResult } from '../api/console-api';
import { ConfirmButton } from '../components/confirm-button';
import { CopyButton } from '../components/copy-button';
import { ErrorMessage, Loading, Notice } from '../components/feedback';
import { Page, Section } from '../components/page';
import { pageForArn } from '../lib/arn';
import { fixFor } from '../lib/check-fixes';
import { formatDate } from '../lib/format';
import { useAction, useLoad } from '../lib/hooks';
import { Link } from '../router';
import { useSession } from '../session';

export function DashboardPage() {
  return (
    <Page title="Dashboard" description="Your account's security status, its sign-in link and what it holds.">
      <SecurityStatus />
      <div className="grid-2">
        <SignInLink />
        <ResourceCounts />
      </div>
    </Page>
  );
}

function SecurityStatus() {
  const status = useLoad(() => getSecurityStatus(), []);
  const checks = status.data?.checks ?? [];
  const failed = checks.filter((c) => c.status === 'fail');
  // Failed checks first, so the next thing to do is at the top; each group keeps the server's order.
  const ordered = [...failed, ...checks.filter((c) => c.status === 'pass')];
  return (
    <Section
      title="Security status"
      actions={
        <button type="button" className="small" onClick={status.reload} disabled={status.loading}>
          {status.loading && status.data ? 'Checking…' : 'Check again'}
        </button>
      }
    >
      <ErrorMessage error={status.error} prefix="The security status could not be read." />
      {status.loading && !status.data && <Loading label="Checking the account…" />}
      {status.data && (
        <>
          <p className="status-summary" aria-live="polite">
            {failed.length === 0 ? `All ${checks.length} checks pass.` : `${checks.length - failed.length} of ${checks.length} checks pass. ${failed.length} ${failed.length === 1 ? 'needs' : 'need'} attention.`}{' '}
            <span className="muted">Checked {formatDate(status.data.generatedAt)}.</span>
          </p>
          <ul className="checklist" aria-label="Security checks">
            {ordered.map((check) => (
              <CheckItem key={check.id} check={check} />
            ))}
          </ul>
        </>
      )}
    </Section>
  );
}

function CheckItem({ check }: { check: CheckResult }) {
  const passed = check.status === 'pass';
  const fix = passed ? undefined : fixFor(check);
  const titleId = `check-${check.id}`;
  return (
    <li className={`check ${passed ? 'pass' : 'fail'}`} data-check-id={check.id} data-status={check.status} aria-labelledby={titleId}>
      <span className={`badge ${passed ? 'badge-pass' : 'badge-fail'}`}>
        <span aria-hidden="true">{passed ? '✓' : '!'}</span> {passed ? 'Passed' : 'Failed'}
      </span>
      <div className="check-body">
        <h3 id={titleId}>{check.title}</h3>
        <p>{check.finding}</p>
        {!passed && check.resources.length > 0 && (
          <p className="resources">
            {check.resources.map((r, i) => {
              const to = pageForArn(r);
              return (
                <span key={r}>
                  {i > 0 && ', '}
                  {to ? <Link to={to}>{r}</Link> : <code>{r}</code>}
                </span>
              );
            })}
          </p>
        )}
        {!passed && <p className="muted">{check.remediation}</p>}
      </div>
      {fix && (
        <Link to={fix.to} className="button primary small" aria-label={`${fix.label}: ${check.title}`}>
          {fix.label}
        </Link>
      )}
    </li>
  );
}

function SignInLink() {
  const { principal, refresh } = useSession();
  const aliases = useLoad(() => iam().send(new ListAccountAliasesCommand({})), []);
  const alias = aliases.data?.AccountAliases?.[0];
  const [draft, setDraft] = useState<string | undefined>(undefined);
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const save = useAction();
  const link = `${location.origin}/${alias ?? principal.accountId}`;

  async function submit(event: FormEvent) {
    event.preventDefault();
    const value = (draft ?? '').trim();
    setSaved(undefined);
    if (await save.run(() => iam().send(new CreateAccountAliasCommand({ AccountAlias: value })))) {
      setDraft(undefined);
      setSaved(`The account alias is now ${value}.`);
      aliases.reload();
      void refresh();
    }
  }

  return (
    <Section title="Sign-in link">
      <p className="hint">IAM users sign in to this account here.</p>
      {aliases.loading && !aliases.data ? (
        <Loading />
      ) : (
        <p className="sign-in-url">
          <a href={link}>{link}</a> <CopyButton value={link} label="Copy the sign-in link" />
        </p>
      )}
      <ErrorMessage error={aliases.error} />
      {saved && <Notice>{saved}</Notice>}
      {draft === undefined ? (
        <div className="actions">
          <button type="button" onClick={() => setDraft(alias ?? '')} disabled={aliases.loading}>
            {alias ? 'Edit alias' : 'Create alias'}
          </button>
          {alias && (
            <ConfirmButton
              label="Delete alias"
              title="Delete the account alias?"
              onConfirm={async () => {
                await iam().send(new DeleteAccountAliasCommand({ AccountAlias: alias }));
                setSaved('The account alias was deleted: the sign-in link uses the account ID.');
                aliases.reload();
                void refresh();
              }}
            >
              <p>
                The sign-in link {location.origin}/{alias} stops working; users sign in with the account ID {principal.accountId} instead.
              </p>
            </ConfirmButton>
          )}
        </div>
      ) : (
        <form onSubmit={submit} className="inline-form">
          <label htmlFor="account-alias">Account alias</label>
          <input
            id="account-alias"
            value={draft}
            onChange={(e) => setDraft(e.target.value.toLowerCase())}
            required
            minLength={3}
            maxLength={63}
            pattern="[a-z0-9](?:[a-z0-9]|-(?!-)){1,61}[a-z0-9]"
            aria-describedby="account-alias-hint"
          />
          <p id="account-alias-hint" className="hint">
            3 to 63 lowercase letters, digits and single hyphens, not starting or ending with a hyphen. It must be unique.
          </p>
          <ErrorMessage error={save.error} />
          <div className="actions">
            <button type="submit" className="primary" disabled={save.busy}>
              Save alias
            </button>
            <button
              type="button"
              onClick={() => {
                setDraft(undefined);
                save.clearError();
              }}
            >
              Cancel
            </button>
          </div>
        </form>
      )}
    </Section>
  );
}

function ResourceCounts() {
  const summary = useLoad(() => iam().send(new GetAccountSummaryCommand({})), []);
  const map = summary.data?.SummaryMap ?? {};
  const items: { label: string; key: 'Users' | 'Groups' | 'Roles' | 'Policies'; to: string }[] = [
    { label: 'Users', key: 'Users', to: '/iam/users' },
    { label: 'User groups', key: 'Groups', to: '/iam/groups' },
    { label: 'Roles', key: 'Roles', to: '/iam/roles' },
    { label: 'Customer managed policies', key: 'Policies', to: '/iam/policies?scope=Local' },
  ];
  return (
    <Section title="IAM resources">
      <ErrorMessage error={summary.error} />
      {summary.loading && !summary.data ? (
        <Loading />
      ) : (
        summary.data && (
          <dl className="counts">
            {items.map((item) => (
              <div key={item.key}>
                <dt>
                  <Link to={item.to}>{item.label}</Link>
                </dt>
                <dd>{map[item.key] ?? 0}</dd>
              </div>
            ))}
          </dl>
        )
      )}
    </Section>
  );
}
