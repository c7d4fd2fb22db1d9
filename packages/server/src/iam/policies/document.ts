import { parsePolicy, type PolicyKind } from '@gatehouse/policy';
import { AwsError } from '../../protocol/errors.js';

/**
 * Checks a policy document before it is stored and returns it unchanged: a document IAM would
 * refuse is refused with MalformedPolicyDocument and the parser's message, in IAM's words.
 */
export function checkPolicyDocument(text: string, kind: PolicyKind): string {
  const parsed = parsePolicy(text, { kind });
  if (!parsed.ok) throw new AwsError('MalformedPolicyDocument', parsed.errors[0]?.message ?? 'Syntax errors in policy.');
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
