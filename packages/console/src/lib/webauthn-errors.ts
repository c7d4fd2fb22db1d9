/**
 * A browser's WebAuthn failure in words that say what to do. Browsers refuse WebAuthn on a page
 * opened by IP address (an IP is not a valid relying party id), which is easy to hit with a
 * server on 127.0.0.1.
 */
export function describeWebAuthnError(error: unknown, what: string): Error {
  const e = error as { name?: string; message?: string };
  const byIp = /^\d{1,3}(\.\d{1,3}){3}$|^\[[0-9a-f:]+\]$/i.test(location.hostname);
  if (byIp && (e.name === 'SecurityError' || /domain|relying party|rp ?id/i.test(e.message ?? ''))) {
    return new Error(`${what}: browsers allow security keys only on pages opened by a host name. Open the console at http://localhost:${location.port || '80'} (or the server's DNS name) instead of ${location.host}.`);
  }
  if (e.name === 'NotAllowedError') return new Error(`${what}: the request was cancelled or timed out.`);
  return new Error(`${what}: ${e.message || 'the browser refused the request.'}`);
}
