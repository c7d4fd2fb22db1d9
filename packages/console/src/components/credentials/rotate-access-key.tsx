import { CreateAccessKeyCommand, DeleteAccessKeyCommand, GetAccessKeyLastUsedCommand, UpdateAccessKeyCommand, type AccessKey } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { useAction, useLoad } from '../../lib/hooks';
import { ErrorMessage } from '../feedback';
import { NewAccessKey } from '../new-access-key';
import { describeLastUse } from '../../lib/access-keys';

type Step = 'create' | 'switch' | 'deactivate' | 'delete';
const STEPS: { id: Step; label: string }[] = [
  { id: 'create', label: 'Create a second access key' },
  { id: 'switch', label: 'Switch your applications to the new key' },
  { id: 'deactivate', label: 'Deactivate the old key' },
  { id: 'delete', label: 'Delete the old key' },
];

/**
 * Rotates an access key without downtime, in IAM's recommended order: create the second key,
 * move every program to it, deactivate the old key (still recoverable), then delete it.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_access-keys.html#rotating_access_keys_console
 */
export function RotateAccessKey({ userName, oldKeyId, onChanged, onFinished, onCancel }: { userName?: string; oldKeyId: string; onChanged: () => void; onFinished: () => void; onCancel: () => void }) {
  const [step, setStep] = useState<Step>('create');
  const [newKey, setNewKey] = useState<AccessKey | undefined>(undefined);
  const action = useAction();
  const who = userName === undefined ? {} : { UserName: userName };
  const oldUse = useLoad(async () => (step === 'switch' ? (await iam().send(new GetAccessKeyLastUsedCommand({ AccessKeyId: oldKeyId }))).AccessKeyLastUsed : undefined), [step, oldKeyId]);
  const at = STEPS.findIndex((s) => s.id === step);

  async function create() {
    if (
      await action.run(async () => {
        setNewKey((await iam().send(new CreateAccessKeyCommand(who))).AccessKey);
        onChanged();
      })
    ) {
      setStep('switch');
    }
  }

  async function deactivate() {
    if (await action.run(() => iam().send(new UpdateAccessKeyCommand({ ...who, AccessKeyId: oldKeyId, Status: 'Inactive' })))) {
      onChanged();
      setStep('delete');
    }
  }

  async function reactivate() {
    if (await action.run(() => iam().send(new UpdateAccessKeyCommand({ ...who, AccessKeyId: oldKeyId, Status: 'Active' })))) {
      onChanged();
      setStep('switch');
    }
  }

  async function remove() {
    if (await action.run(() => iam().send(new DeleteAccessKeyCommand({ ...who, AccessKeyId: oldKeyId })))) onFinished();
  }

  return (
    <section className="panel rotation" aria-label="Rotate access key">
      <h3>Rotate access key {oldKeyId}</h3>
      <ol className="wizard">
        {STEPS.map((s, i) => (
          <li key={s.id} aria-current={s.id === step ? 'step' : undefined} className={i < at ? 'done' : s.id === step ? 'current' : undefined}>
            {s.label}
            {i < at && <span className="visually-hidden"> (done)</span>}
          </li>
        ))}
      </ol>
      {step === 'create' && (
        <>
          <p>A second key lets your programs move over while the old one still works.</p>
          <button type="button" className="primary" onClick={create} disabled={action.busy}>
            Create new access key
          </button>
        </>
      )}
      {step === 'switch' && (
        <>
          {newKey && <NewAccessKey accessKey={newKey} userName={userName} />}
          <p>Put the new key into every application and script that used {oldKeyId}, then come back.</p>
          <p>
            Old key last used: <strong>{oldUse.loading ? 'checking…' : describeLastUse(oldUse.data)}</strong>{' '}
            <button type="button" className="small" onClick={oldUse.reload}>
              Check again
            </button>
          </p>
          <button type="button" className="primary" onClick={() => setStep('deactivate')}>
            I switched my applications
          </button>
        </>
      )}
      {step === 'deactivate' && (
        <>
          <p>Deactivating stops the old key from working, but it can be reactivated if something still needed it.</p>
          <button type="button" className="primary" onClick={deactivate} disabled={action.busy}>
            Deactivate old key
          </button>
        </>
      )}
      {step === 'delete' && (
        <>
          <p>Once you are sure nothing broke, delete the old key. This cannot be undone.</p>
          <div className="actions">
            <button type="button" className="danger" onClick={remove} disabled={action.busy}>
              Delete old key
            </button>
            <button type="button" onClick={reactivate} disabled={action.busy}>
              Reactivate old key
            </button>
          </div>
        </>
      )}
      <ErrorMessage error={action.error} />
      <p>
        <button type="button" className="link-button" onClick={onCancel} disabled={action.busy}>
          {step === 'create' ? 'Cancel' : 'Stop here (keys stay as they are now)'}
        </button>
      </p>
    </section>
  );
}
