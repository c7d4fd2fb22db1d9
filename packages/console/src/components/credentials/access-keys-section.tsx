import { CreateAccessKeyCommand, DeleteAccessKeyCommand, UpdateAccessKeyCommand, type AccessKey } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { describeLastUse, keyOwner as who, listKeysWithLastUse, type KeyRow } from '../../lib/access-keys';
import { formatDate } from '../../lib/format';
import { useAction, useLoad } from '../../lib/hooks';
import { ConfirmButton } from '../confirm-button';
import { EmptyState, ErrorMessage, Loading, Notice } from '../feedback';
import { NewAccessKey } from '../new-access-key';
import { Section } from '../page';
import { RotateAccessKey } from './rotate-access-key';

/** IAM's quota: two access keys per user, so that one can be rotated without downtime. */
const MAX_KEYS = 2;

/** Access keys of a user, or of the signed-in root user when `userName` is absent. */
export function AccessKeysSection({ userName }: { userName?: string }) {
  const keys = useLoad(() => listKeysWithLastUse(userName), [userName]);
  const [created, setCreated] = useState<AccessKey | undefined>(undefined);
  const [rotating, setRotating] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const create = useAction();
  const update = useAction();
  const list = keys.data ?? [];
  const active = list.filter((k) => k.Status === 'Active');

  async function createKey() {
    setNotice(undefined);
    await create.run(async () => {
      setCreated((await iam().send(new CreateAccessKeyCommand(who(userName)))).AccessKey);
      keys.reload();
    });
  }

  async function setStatus(key: KeyRow, status: 'Active' | 'Inactive') {
    setNotice(undefined);
    if (await update.run(() => iam().send(new UpdateAccessKeyCommand({ ...who(userName), AccessKeyId: key.AccessKeyId, Status: status })))) {
      setNotice(`Access key ${key.AccessKeyId} is now ${status === 'Active' ? 'active' : 'inactive'}.`);
      keys.reload();
    }
  }

  return (
    <Section
      title="Access keys"
      actions={
        !created &&
        !rotating && (
          <>
            {list.length === 1 && active.length === 1 && (
              <button type="button" className="small" onClick={() => { setRotating(active[0]?.AccessKeyId); setNotice(undefined); }}>
                Rotate access key
              </button>
            )}
            <button type="button" className="small primary" onClick={createKey} disabled={create.busy || list.length >= MAX_KEYS || keys.loading}>
              Create access key
            </button>
          </>
        )
      }
    >
      <p className="hint">
        For the AWS CLI, SDKs and API calls. {list.length >= MAX_KEYS && !created && `A ${userName === undefined ? 'principal' : 'user'} can have at most ${MAX_KEYS} access keys; delete one to create another.`}
      </p>
      {userName === undefined && <p className="alert alert-warning">Access keys of the root user can do everything in the account. Prefer IAM users or roles for programs.</p>}
      {notice && <Notice>{notice}</Notice>}
      <ErrorMessage error={create.error} />
      <ErrorMessage error={update.error} />
      {created && <NewAccessKey accessKey={created} userName={userName} onDone={() => setCreated(undefined)} doneLabel="I saved the secret" />}
      {rotating && (
        <RotateAccessKey
          userName={userName}
          oldKeyId={rotating}
          onChanged={keys.reload}
          onFinished={() => {
            setRotating(undefined);
            setNotice('The access key was rotated.');
            keys.reload();
          }}
          onCancel={() => {
            setRotating(undefined);
            keys.reload();
          }}
        />
      )}
      <ErrorMessage error={keys.error} />
      {keys.loading && !keys.data && <Loading />}
      {keys.data?.length === 0 && !created && <EmptyState title="No access keys." />}
      {list.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">Access keys</caption>
            <thead>
              <tr>
                <th scope="col">Access key ID</th>
                <th scope="col">Status</th>
                <th scope="col">Created</th>
                <th scope="col">Last used</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((k) => (
                <tr key={k.AccessKeyId} data-access-key-id={k.AccessKeyId}>
                  <th scope="row">
                    <code>{k.AccessKeyId}</code>
                  </th>
                  <td>
                    <span className={`badge ${k.Status === 'Active' ? 'badge-pass' : 'badge-muted'}`}>{k.Status}</span>
                  </td>
                  <td>{formatDate(k.CreateDate)}</td>
                  <td>{describeLastUse(k.lastUsed)}</td>
                  <td className="row-actions">
                    {k.Status === 'Active' ? (
                      <button type="button" className="small" onClick={() => void setStatus(k, 'Inactive')} disabled={update.busy} aria-label={`Deactivate ${k.AccessKeyId}`}>
                        Deactivate
                      </button>
                    ) : (
                      <>
                        <button type="button" className="small" onClick={() => void setStatus(k, 'Active')} disabled={update.busy} aria-label={`Activate ${k.AccessKeyId}`}>
                          Activate
                        </button>
                        <ConfirmButton
                          label="Delete"
                          buttonLabel={`Delete ${k.AccessKeyId}`}
                          title={`Delete access key ${k.AccessKeyId}?`}
                          onConfirm={async () => {
                            await iam().send(new DeleteAccessKeyCommand({ ...who(userName), AccessKeyId: k.AccessKeyId }));
                            setNotice(`Access key ${k.AccessKeyId} was deleted.`);
                            keys.reload();
                          }}
                        >
                          <p>Programs still using this key will be refused. A deleted key cannot be restored.</p>
                        </ConfirmButton>
                      </>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {active.length > 0 && <p className="hint">Deactivate a key before deleting it, so you can reactivate it if something still needs it.</p>}
        </div>
      )}
    </Section>
  );
}
