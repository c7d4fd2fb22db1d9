import type { ReactNode } from 'react';
import { describeError } from '../api/errors';

/** A failed call, in plain words, where it happened. Announced by screen readers as it appears. */
export function ErrorMessage({ error, prefix }: { error: unknown; prefix?: string }) {
  if (error === undefined || error === null) return null;
  return (
    <div className="alert alert-error" role="alert">
      {prefix && <strong>{prefix} </strong>}
      {describeError(error)}
    </div>
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

/** What an empty list means and, if there is one, what to do about it. */
export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="empty">
      <p className="empty-title">{title}</p>
      {children}
    </div>
  );
}

/** Confirms that something worked (polite live region). */
export function Notice({ children, kind = 'success' }: { children: ReactNode; kind?: 'success' | 'info' | 'warning' }) {
  return (
    <div className={`alert alert-${kind}`} role="status">
      {children}
    </div>
  );
}
