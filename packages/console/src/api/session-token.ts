/**
 * The session's CSRF token, kept in memory only (GET /console-api/session hands it out again
 * after a reload), and the signal that the server no longer knows the session.
 */

let token: string | undefined;

export function csrfToken(): string | undefined {
  return token;
}

export function setCsrfToken(value: string | undefined): void {
  token = value;
}

export const SESSION_LOST_EVENT = 'gatehouse:session-lost';

/** Called when the server answers 401 to a call made within a session: it idled out, expired or was signed out elsewhere. */
export function reportSessionLost(): void {
  window.dispatchEvent(new Event(SESSION_LOST_EVENT));
}
