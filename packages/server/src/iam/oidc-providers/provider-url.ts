import { AwsError } from '../../protocol/errors.js';

/** The loopback hosts for which plain http:// is accepted (a test's local issuer). */
export function isLoopback(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

/**
 * A provider URL as IAM takes it: https://, a host and an optional path, no query or fragment.
 * AWS accepts https:// only; Gatehouse also accepts http:// and a port for loopback hosts,
 * and only those, so tests can run a local issuer without TLS.
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateOpenIDConnectProvider.html
 * Answers the URL to reach (scheme kept, no trailing slash) and its key: host and path, which
 * is what the ARN, GetOpenIDConnectProvider's Url and the condition keys (<key>:aud) use.
 */
export function parseProviderUrl(raw: string): { url: string; key: string } {
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    throw new AwsError('InvalidInput', `Invalid URL: ${raw}. The URL must begin with https://.`);
  }
  const loopback = isLoopback(parsed.hostname);
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && loopback)) {
    throw new AwsError('InvalidInput', `Invalid URL: ${raw}. The URL must begin with https://.`);
  }
  if (parsed.search || parsed.hash || parsed.username || parsed.password || (parsed.port && !loopback)) {
    throw new AwsError('InvalidInput', `Invalid URL: ${raw}. Use a host and an optional path, without port, query or fragment.`);
  }
  const path = parsed.pathname.replace(/\/+$/, '');
  return { url: `${parsed.protocol}//${parsed.host}${path}`, key: `${parsed.host}${path}` };
}

/** The key of a token's iss claim, with or without its scheme; undefined when it is no URL. */
export function issuerKey(iss: string): string | undefined {
  try {
    const parsed = new URL(/^[a-z]+:\/\//i.test(iss) ? iss : `https://${iss}`);
    return `${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

export function providerArn(accountId: string, key: string): string {
  return `arn:aws:iam::${accountId}:oidc-provider/${key}`;
}
