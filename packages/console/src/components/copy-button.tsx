import { useState } from 'react';

/** Copies a value to the clipboard and says so. */
export function CopyButton({ value, label }: { value: string; label: string }) {
  const [copied, setCopied] = useState<'yes' | 'no' | undefined>(undefined);
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // The clipboard API needs a secure context (https or localhost).
      setCopied('no');
    }
    setTimeout(() => setCopied(undefined), 3000);
  }
  return (
    <>
      <button type="button" className="small" onClick={copy} aria-label={label}>
        Copy
      </button>
      <span className="copy-status" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Copying is blocked here: select the text and copy it.' : ''}
      </span>
    </>
  );
}
