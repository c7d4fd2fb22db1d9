import type { AccessKey } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { accessKeyCsv, accessKeyCsvFileName, downloadFile } from '../lib/download';
import { CopyButton } from './copy-button';

/**
 * A new access key, shown this once: IAM never returns the secret again. The .csv file is the
 * IAM console's (header `Access key ID,Secret access key`, then the pair).
 */
export function NewAccessKey({ accessKey, userName, onDone, doneLabel = 'Done' }: { accessKey: AccessKey; userName?: string; onDone?: () => void; doneLabel?: string }) {
  const [shown, setShown] = useState(false);
  const [downloaded, setDownloaded] = useState(false);
  const id = accessKey.AccessKeyId ?? '';
  const secret = accessKey.SecretAccessKey ?? '';
  return (
    <div className="secret-panel" role="region" aria-label="New access key">
      <p className="alert alert-warning">
        This is the only time the secret access key can be seen or downloaded. Save it now; if it is lost, create a new key.
      </p>
      <dl className="facts">
        <div>
          <dt>Access key ID</dt>
          <dd>
            <code data-testid="new-access-key-id">{id}</code> <CopyButton value={id} label="Copy the access key ID" />
          </dd>
        </div>
        <div>
          <dt>Secret access key</dt>
          <dd>
            <code data-testid="new-secret-access-key">{shown ? secret : '•'.repeat(40)}</code>{' '}
            <button type="button" className="small" onClick={() => setShown((s) => !s)} aria-pressed={shown}>
              {shown ? 'Hide secret' : 'Show secret'}
            </button>{' '}
            <CopyButton value={secret} label="Copy the secret access key" />
          </dd>
        </div>
      </dl>
      <div className="actions">
        <button
          type="button"
          className="primary"
          onClick={() => {
            downloadFile(accessKeyCsvFileName(userName), accessKeyCsv(id, secret));
            setDownloaded(true);
          }}
        >
          Download .csv file
        </button>
        {onDone && (
          <button type="button" onClick={onDone}>
            {doneLabel}
          </button>
        )}
      </div>
      {downloaded && <p role="status" className="hint">The file {accessKeyCsvFileName(userName)} was downloaded.</p>}
    </div>
  );
}
