import { useState, type FormEvent } from 'react';
import type { Finding } from '../api/console-api';
import { EMPTY_IDENTITY_POLICY, prettyJson } from '../lib/policy-document';
import { ErrorMessage } from './feedback';
import { PolicyEditor } from './policy-editor';

/** Writes an inline policy: a new one (with its name) or a change to an existing one. */
export function InlinePolicyForm({ name: existingName, document, onSave, onCancel }: { name?: string; document?: string; onSave: (name: string, document: string) => Promise<unknown>; onCancel: () => void }) {
  const [name, setName] = useState(existingName ?? '');
  const [text, setText] = useState(document ? prettyJson(document) : EMPTY_IDENTITY_POLICY);
  const [findings, setFindings] = useState<Finding[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const errors = findings?.filter((f) => f.findingType === 'ERROR').length ?? 0;

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await onSave(name.trim(), text);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} className="stack inline-policy-form" aria-label={existingName ? `Edit inline policy ${existingName}` : 'Create inline policy'}>
      {existingName === undefined && (
        <>
          <label htmlFor="inline-policy-name">Policy name</label>
          <input id="inline-policy-name" required maxLength={128} pattern="[\w+=,.@\-]+" value={name} onChange={(e) => setName(e.target.value)} />
        </>
      )}
      <PolicyEditor value={text} onChange={setText} onFindings={setFindings} />
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? 'Saving…' : 'Save policy'}
        </button>
        <button type="button" onClick={onCancel} disabled={busy}>
          Cancel
        </button>
        {errors > 0 && <span className="hint">The validator found {errors === 1 ? 'an error' : `${errors} errors`}; IAM will refuse the policy until {errors === 1 ? 'it is' : 'they are'} fixed.</span>}
      </div>
    </form>
  );
}
