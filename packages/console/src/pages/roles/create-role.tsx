import { AddRoleToInstanceProfileCommand, AttachRolePolicyCommand, CreateInstanceProfileCommand, CreateRoleCommand, GetOpenIDConnectProviderCommand, ListOpenIDConnectProvidersCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { describeError } from '../../api/errors';
import type { Finding } from '../../api/console-api';
import { ErrorMessage, Loading } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PolicyEditor } from '../../components/policy-editor';
import { PolicyPicker } from '../../components/policy-picker';
import { useLoad } from '../../lib/hooks';
import { oidcIssuer, trustPolicy, type TrustedEntity } from '../../lib/trust-policy';
import { Link, navigate, pagePath } from '../../router';
import { useSession } from '../../session';

type Kind = 'this-account' | 'other-account' | 'ec2' | 'oidc' | 'custom';

const KINDS: { id: Kind; label: string; hint: string }[] = [
  { id: 'this-account', label: 'This account', hint: 'Users and roles of this account who are allowed sts:AssumeRole on it.' },
  { id: 'other-account', label: 'Another AWS account', hint: 'Principals of another account; its administrators decide which of them.' },
  { id: 'ec2', label: 'Workload (EC2 instance profile)', hint: 'Programs running with an instance profile: the role trusts ec2.amazonaws.com.' },
  { id: 'oidc', label: 'Web identity (OIDC provider)', hint: 'Tokens from an OpenID Connect provider, such as a CI system.' },
  { id: 'custom', label: 'Custom trust policy', hint: 'Write the trust policy yourself.' },
];

export function CreateRolePage() {
  const { principal } = useSession();
  const [kind, setKind] = useState<Kind>('this-account');
  const [requireMfa, setRequireMfa] = useState(false);
  const [otherAccount, setOtherAccount] = useState('');
  const [useExternalId, setUseExternalId] = useState(false);
  const [externalId, setExternalId] = useState('');
  const [createProfile, setCreateProfile] = useState(true);
  const [providerArn, setProviderArn] = useState('');
  const [audience, setAudience] = useState('');
  const [custom, setCustom] = useState('');
  const [customFindings, setCustomFindings] = useState<Finding[] | undefined>(undefined);
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [policies, setPolicies] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  const providers = useLoad(async () => (kind === 'oidc' ? ((await iam().send(new ListOpenIDConnectProvidersCommand({}))).OpenIDConnectProviderList ?? []).map((p) => p.Arn ?? '') : []), [kind === 'oidc']);
  const audiences = useLoad(async () => (providerArn ? ((await iam().send(new GetOpenIDConnectProviderCommand({ OpenIDConnectProviderArn: providerArn }))).ClientIDList ?? []) : []), [providerArn]);

  const entity: TrustedEntity | undefined =
    kind === 'this-account'
      ? { kind, accountId: principal.accountId, requireMfa }
      : kind === 'other-account'
        ? { kind, accountId: otherAccount.trim(), requireMfa, ...(useExternalId && externalId ? { externalId } : {}) }
        : kind === 'ec2'
          ? { kind }
          : kind === 'oidc' && providerArn
            ? { kind, providerArn, ...(audience ? { audience } : {}) }
            : undefined;
  const document = kind === 'custom' ? custom : entity ? trustPolicy(entity) : '';

  function chooseKind(next: Kind) {
    // Starting a custom policy from the one chosen so far is easier than from nothing.
    if (next === 'custom' && custom === '') setCustom(document || trustPolicy({ kind: 'this-account', accountId: principal.accountId, requireMfa: false }));
    setKind(next);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    const roleName = name.trim();
    try {
      await iam().send(new CreateRoleCommand({ RoleName: roleName, AssumeRolePolicyDocument: document, ...(description.trim() ? { Description: description.trim() } : {}) }));
    } catch (e) {
      setError(e);
      setBusy(false);
      return;
    }
    try {
      for (const arn of policies) await iam().send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: arn }));
      if (kind === 'ec2' && createProfile) {
        await iam().send(new CreateInstanceProfileCommand({ InstanceProfileName: roleName }));
        await iam().send(new AddRoleToInstanceProfileCommand({ InstanceProfileName: roleName, RoleName: roleName }));
      }
      navigate(pagePath.role(roleName));
    } catch (e) {
      setError(new Error(`The role ${roleName} was created, but a later step failed: ${describeError(e)} Finish on the role’s page.`));
      setBusy(false);
    }
  }

  const ready = document !== '' && (kind !== 'other-account' || /^\d{12}$/.test(otherAccount.trim()));
  return (
    <Page title="Create role">
      <form onSubmit={submit} className="stack">
        <Section title="Trusted entity">
          <fieldset className="choice vertical">
            <legend>Who may assume the role</legend>
            {KINDS.map((k) => (
              <label key={k.id}>
                <input type="radio" name="trusted-entity" checked={kind === k.id} onChange={() => chooseKind(k.id)} /> {k.label}
                <span className="hint block">{k.hint}</span>
              </label>
            ))}
          </fieldset>
          {kind === 'this-account' && (
            <label className="check-label">
              <input type="checkbox" checked={requireMfa} onChange={(e) => setRequireMfa(e.target.checked)} /> Require MFA
            </label>
          )}
          {kind === 'other-account' && (
            <>
              <label htmlFor="other-account-id">Account ID</label>
              <input id="other-account-id" inputMode="numeric" pattern="\d{12}" maxLength={12} required value={otherAccount} onChange={(e) => setOtherAccount(e.target.value)} aria-describedby="other-account-hint" />
              <p id="other-account-hint" className="hint">
                The 12-digit ID of the account whose principals may assume the role.
              </p>
              <label className="check-label">
                <input type="checkbox" checked={useExternalId} onChange={(e) => setUseExternalId(e.target.checked)} /> Require external ID
              </label>
              {useExternalId && (
                <>
                  <label htmlFor="external-id">External ID</label>
                  <input id="external-id" required minLength={2} maxLength={1224} value={externalId} onChange={(e) => setExternalId(e.target.value)} />
                  <p className="hint">Use this when a third party assumes the role for you: they must pass this value.</p>
                </>
              )}
              <label className="check-label">
                <input type="checkbox" checked={requireMfa} onChange={(e) => setRequireMfa(e.target.checked)} /> Require MFA
              </label>
            </>
          )}
          {kind === 'ec2' && (
            <label className="check-label">
              <input type="checkbox" checked={createProfile} onChange={(e) => setCreateProfile(e.target.checked)} /> Create an instance profile with the role’s name
            </label>
          )}
          {kind === 'oidc' && (
            <>
              <ErrorMessage error={providers.error} />
              {providers.loading && <Loading />}
              {providers.data?.length === 0 && (
                <p className="alert alert-info">
                  The account has no OpenID Connect provider yet. The console cannot create one; use <code>aws iam create-open-id-connect-provider</code>, then come back.
                </p>
              )}
              {providers.data && providers.data.length > 0 && (
                <>
                  <label htmlFor="oidc-provider">Identity provider</label>
                  <select id="oidc-provider" required value={providerArn} onChange={(e) => { setProviderArn(e.target.value); setAudience(''); }}>
                    <option value="">Choose a provider</option>
                    {providers.data.map((arn) => (
                      <option key={arn} value={arn}>
                        {oidcIssuer(arn)}
                      </option>
                    ))}
                  </select>
                  {providerArn && (
                    <>
                      <label htmlFor="oidc-audience">Audience</label>
                      <select id="oidc-audience" value={audience} onChange={(e) => setAudience(e.target.value)}>
                        <option value="">Any audience of the provider</option>
                        {(audiences.data ?? []).map((a) => (
                          <option key={a} value={a}>
                            {a}
                          </option>
                        ))}
                      </select>
                      <ErrorMessage error={audiences.error} />
                    </>
                  )}
                </>
              )}
            </>
          )}
          {kind === 'custom' ? (
            <PolicyEditor value={custom} onChange={setCustom} label="Trust policy" policyType="RESOURCE_POLICY" onFindings={setCustomFindings} rows={14} />
          ) : (
            document && (
              <>
                <h3>Trust policy</h3>
                <pre className="json" aria-label="Trust policy">
                  {document}
                </pre>
              </>
            )
          )}
          {kind === 'custom' && customFindings?.some((f) => f.findingType === 'ERROR') && <p className="hint">Fix the errors before creating the role.</p>}
        </Section>
        <Section title="Permissions">
          <PolicyPicker selected={policies} onChange={setPolicies} legend="Policies to attach" />
        </Section>
        <Section title="Role details">
          <label htmlFor="new-role-name">Role name</label>
          <input id="new-role-name" required maxLength={64} pattern="[\w+=,.@\-]+" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="new-role-description">Description (optional)</label>
          <input id="new-role-description" maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Section>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy || !ready}>
            {busy ? 'Creating…' : 'Create role'}
          </button>
          <Link to="/iam/roles" className="button">
            Cancel
          </Link>
        </div>
      </form>
    </Page>
  );
}
