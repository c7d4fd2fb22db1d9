import { DeleteAccountPasswordPolicyCommand, UpdateAccountPasswordPolicyCommand, type PasswordPolicy } from '@aws-sdk/client-iam';
import { useEffect, useState, type FormEvent } from 'react';
import { iam } from '../api/aws';
import { ConfirmButton } from '../components/confirm-button';
import { ErrorMessage, Loading, Notice } from '../components/feedback';
import { Page, Section } from '../components/page';
import { useAction, useLoad } from '../lib/hooks';
import { readPasswordPolicy } from '../lib/password-policy';

interface Form {
  minimumLength: number;
  uppercase: boolean;
  lowercase: boolean;
  numbers: boolean;
  symbols: boolean;
  allowChange: boolean;
  expire: boolean;
  maxAge: number;
  preventReuse: boolean;
  reuse: number;
  hardExpiry: boolean;
}

function formOf(p: PasswordPolicy | undefined): Form {
  return {
    minimumLength: p?.MinimumPasswordLength ?? 8,
    uppercase: p?.RequireUppercaseCharacters ?? false,
    lowercase: p?.RequireLowercaseCharacters ?? false,
    numbers: p?.RequireNumbers ?? false,
    symbols: p?.RequireSymbols ?? false,
    allowChange: p?.AllowUsersToChangePassword ?? true,
    expire: p?.MaxPasswordAge !== undefined,
    maxAge: p?.MaxPasswordAge ?? 90,
    preventReuse: p?.PasswordReusePrevention !== undefined,
    reuse: p?.PasswordReusePrevention ?? 24,
    hardExpiry: p?.HardExpiry ?? false,
  };
}

/** CIS AWS Foundations Benchmark 1.8 and 1.9, which the Security Status checks. */
const RECOMMENDED: Partial<Form> = { minimumLength: 14, preventReuse: true, reuse: 24, uppercase: true, lowercase: true, numbers: true, symbols: true, allowChange: true };

export function AccountSettingsPage() {
  return (
    <Page title="Account settings">
      <PasswordPolicySection />
    </Page>
  );
}

function PasswordPolicySection() {
  const policy = useLoad(() => readPasswordPolicy(), []);
  const [form, setForm] = useState<Form>(formOf(undefined));
  const [saved, setSaved] = useState<string | undefined>(undefined);
  const save = useAction();

  useEffect(() => {
    if (!policy.loading) setForm(formOf(policy.data));
  }, [policy.data, policy.loading]);

  const set = <K extends keyof Form>(key: K, value: Form[K]) => setForm((f) => ({ ...f, [key]: value }));

  async function submit(event: FormEvent) {
    event.preventDefault();
    setSaved(undefined);
    const ok = await save.run(() =>
      iam().send(
        new UpdateAccountPasswordPolicyCommand({
          MinimumPasswordLength: form.minimumLength,
          RequireUppercaseCharacters: form.uppercase,
          RequireLowercaseCharacters: form.lowercase,
          RequireNumbers: form.numbers,
          RequireSymbols: form.symbols,
          AllowUsersToChangePassword: form.allowChange,
          ...(form.expire ? { MaxPasswordAge: form.maxAge, HardExpiry: form.hardExpiry } : {}),
          ...(form.preventReuse ? { PasswordReusePrevention: form.reuse } : {}),
        }),
      ),
    );
    if (ok) {
      setSaved('The password policy was saved. It applies to passwords set from now on, and to expiry at once.');
      policy.reload();
    }
  }

  return (
    <Section title="Password policy">
      <ErrorMessage error={policy.error} />
      {policy.loading && !policy.data && <Loading />}
      {!policy.loading && !policy.error && policy.data === undefined && (
        <p className="alert alert-info">The account has no password policy: IAM’s default applies (at least 8 characters, any characters). Set one below.</p>
      )}
      {saved && <Notice>{saved}</Notice>}
      <form onSubmit={submit} className="stack narrow" aria-label="Password policy">
        <label htmlFor="min-length">Minimum password length</label>
        <input id="min-length" type="number" min={6} max={128} required value={form.minimumLength} onChange={(e) => set('minimumLength', Number(e.target.value))} aria-describedby="min-length-hint" />
        <p id="min-length-hint" className="hint">
          6 to 128 characters. The CIS benchmark asks for 14 or more.
        </p>
        <fieldset>
          <legend>Require at least one</legend>
          <label className="check-label">
            <input type="checkbox" checked={form.uppercase} onChange={(e) => set('uppercase', e.target.checked)} /> Uppercase letter (A–Z)
          </label>
          <label className="check-label">
            <input type="checkbox" checked={form.lowercase} onChange={(e) => set('lowercase', e.target.checked)} /> Lowercase letter (a–z)
          </label>
          <label className="check-label">
            <input type="checkbox" checked={form.numbers} onChange={(e) => set('numbers', e.target.checked)} /> Number (0–9)
          </label>
          <label className="check-label">
            <input type="checkbox" checked={form.symbols} onChange={(e) => set('symbols', e.target.checked)} /> Symbol ( ! @ # $ % ^ &amp; * ( ) _ + - = [ ] {'{ }'} | ' )
          </label>
        </fieldset>
        <label className="check-label">
          <input type="checkbox" checked={form.allowChange} onChange={(e) => set('allowChange', e.target.checked)} /> Allow users to change their own password
        </label>
        <label className="check-label">
          <input type="checkbox" checked={form.expire} onChange={(e) => set('expire', e.target.checked)} /> Turn on password expiration
        </label>
        {form.expire && (
          <>
            <label htmlFor="max-age">Password expires after (days)</label>
            <input id="max-age" type="number" min={1} max={1095} required value={form.maxAge} onChange={(e) => set('maxAge', Number(e.target.value))} />
            <label className="check-label">
              <input type="checkbox" checked={form.hardExpiry} onChange={(e) => set('hardExpiry', e.target.checked)} /> Expired passwords need an administrator to reset them
            </label>
          </>
        )}
        <label className="check-label">
          <input type="checkbox" checked={form.preventReuse} onChange={(e) => set('preventReuse', e.target.checked)} /> Prevent password reuse
        </label>
        {form.preventReuse && (
          <>
            <label htmlFor="reuse">Remember this many previous passwords</label>
            <input id="reuse" type="number" min={1} max={24} required value={form.reuse} onChange={(e) => set('reuse', Number(e.target.value))} />
          </>
        )}
        <ErrorMessage error={save.error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={save.busy || policy.loading}>
            Save password policy
          </button>
          <button type="button" onClick={() => setForm((f) => ({ ...f, ...RECOMMENDED, minimumLength: Math.max(f.minimumLength, 14) }))}>
            Use recommended settings
          </button>
          {policy.data && (
            <ConfirmButton
              label="Delete password policy"
              title="Delete the password policy?"
              confirmLabel="Delete"
              onConfirm={async () => {
                await iam().send(new DeleteAccountPasswordPolicyCommand({}));
                setSaved('The password policy was deleted: IAM’s default rules apply.');
                policy.reload();
              }}
            >
              <p>Passwords then need only IAM’s default 8 characters, and never expire.</p>
            </ConfirmButton>
          )}
        </div>
      </form>
    </Section>
  );
}
