import { CreatePolicyCommand } from '@aws-sdk/client-iam';
import { useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import type { Finding } from '../../api/console-api';
import { ErrorMessage } from '../../components/feedback';
import { Page, Section } from '../../components/page';
import { PolicyEditor } from '../../components/policy-editor';
import { PolicySummary } from '../../components/policy-summary';
import { useDebounced } from '../../lib/hooks';
import { forgetPolicies } from '../../lib/policy-catalog';
import { EMPTY_IDENTITY_POLICY } from '../../lib/policy-document';
import { Link, navigate, pagePath } from '../../router';

export function CreatePolicyPage() {
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [document, setDocument] = useState(EMPTY_IDENTITY_POLICY);
  const [findings, setFindings] = useState<Finding[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const summarized = useDebounced(document, 800);
  const errors = findings?.filter((f) => f.findingType === 'ERROR').length ?? 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      const created = await iam().send(new CreatePolicyCommand({ PolicyName: name.trim(), PolicyDocument: document, ...(description.trim() ? { Description: description.trim() } : {}) }));
      forgetPolicies();
      navigate(pagePath.policy(created.Policy?.Arn ?? ''));
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  }

  return (
    <Page title="Create policy" description="Write the policy in JSON. The validator checks it as you type.">
      <form onSubmit={submit} className="stack">
        <Section title="Permissions">
          <PolicyEditor value={document} onChange={setDocument} onFindings={setFindings} />
        </Section>
        <Section title="Summary">
          {errors === 0 ? <PolicySummary document={summarized} /> : <p className="hint">The summary appears once the policy has no errors.</p>}
        </Section>
        <Section title="Policy details">
          <label htmlFor="new-policy-name">Policy name</label>
          <input id="new-policy-name" required maxLength={128} pattern="[\w+=,.@\-]+" value={name} onChange={(e) => setName(e.target.value)} />
          <label htmlFor="new-policy-description">Description (optional)</label>
          <input id="new-policy-description" maxLength={1000} value={description} onChange={(e) => setDescription(e.target.value)} />
        </Section>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {busy ? 'Creating…' : 'Create policy'}
          </button>
          <Link to="/iam/policies" className="button">
            Cancel
          </Link>
          {errors > 0 && <span className="hint">The validator found {errors === 1 ? 'an error' : `${errors} errors`}; IAM will refuse the policy until {errors === 1 ? 'it is' : 'they are'} fixed.</span>}
        </div>
      </form>
    </Page>
  );
}
