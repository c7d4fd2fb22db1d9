import { useId, useRef, useState, type ReactNode } from 'react';
import { ErrorMessage } from './feedback';

/**
 * A button whose action is confirmed in a modal dialog first (for deletions and other changes
 * that cannot be undone). The native <dialog> keeps focus inside and closes on Escape.
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  danger = true,
  disabled,
  buttonLabel,
  className,
}: {
  /** the button's text */
  label: string;
  /** the dialog's heading */
  title: string;
  /** what will happen, in words */
  children?: ReactNode;
  confirmLabel?: string;
  onConfirm: () => Promise<unknown>;
  danger?: boolean;
  disabled?: boolean;
  /** an accessible name when several such buttons share a text ("Delete" on every row) */
  buttonLabel?: string;
  className?: string;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const headingId = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const close = () => {
    setError(undefined);
    dialog.current?.close();
  };
  async function confirm() {
    setBusy(true);
    setError(undefined);
    try {
      await onConfirm();
      dialog.current?.close();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }
  return (
    <>
      <button type="button" className={className ?? (danger ? 'danger-outline' : undefined)} disabled={disabled} aria-label={buttonLabel} onClick={() => dialog.current?.showModal()}>
        {label}
      </button>
      <dialog ref={dialog} aria-labelledby={headingId} onClose={() => setError(undefined)}>
        <h2 id={headingId}>{title}</h2>
        {children && <div className="dialog-body">{children}</div>}
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="button" onClick={close} disabled={busy}>
            Cancel
          </button>
          <button type="button" className={danger ? 'danger' : 'primary'} onClick={confirm} disabled={busy}>
            {busy ? 'Working…' : (confirmLabel ?? label)}
          </button>
        </div>
      </dialog>
    </>
  );
}
