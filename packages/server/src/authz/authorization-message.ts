import type { Decision } from '@gatehouse/policy';
import type { SecretBox } from '../crypto/secret-box.js';
import { AwsError } from '../protocol/errors.js';

// Binds the ciphertext to its purpose, so no other sealed secret decodes as a message.
const PURPOSE = 'gatehouse:authorization-message';

export interface AuthorizationContext {
  accountId: string;
  principal: { id: string; arn: string };
  action: string;
  resource: string;
  decision: Decision;
  conditions: Record<string, unknown>;
}

/**
 * The decision's details, sealed so that only Gatehouse can open them and only a caller
 * allowed sts:DecodeAuthorizationMessage in the same account reads them. The decoded form
 * follows the JSON AWS documents for DecodeAuthorizationMessage.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_DecodeAuthorizationMessage.html
 */
export function encodeAuthorizationMessage(secrets: SecretBox, context: AuthorizationContext): string {
  const d = context.decision;
  const decoded = {
    allowed: d.decision === 'allowed',
    explicitDeny: d.decision === 'explicitDeny',
    matchedStatements: { items: d.matched.map((m) => ({ statementId: m.sid ?? '', effect: m.effect, source: m.source.id, policyType: m.source.type })) },
    failures: { items: d.denial ? [{ policyType: d.denial.policyType, reason: d.denial.reason }] : [] },
    context: {
      principal: context.principal,
      action: context.action,
      resource: context.resource,
      conditions: { items: Object.entries(context.conditions).map(([key, value]) => ({ key, values: { items: (Array.isArray(value) ? value : [value]).map((v) => ({ value: String(v) })) } })) },
    },
  };
  const sealed = secrets.seal(JSON.stringify({ accountId: context.accountId, decoded }), PURPOSE);
  return Buffer.from(sealed, 'utf8').toString('base64url');
}

export function decodeAuthorizationMessage(secrets: SecretBox, encoded: string, accountId: string): string {
  const invalid = () => new AwsError('InvalidAuthorizationMessageException', 'The error message is not valid: it was not issued by this Gatehouse or was changed. Pass the encoded message exactly as it was returned.');
  let payload: { accountId: string; decoded: unknown };
  try {
    payload = JSON.parse(secrets.open(Buffer.from(encoded, 'base64url').toString('utf8'), PURPOSE)) as typeof payload;
  } catch {
    throw invalid();
  }
  // Only the account whose request was denied may read why.
  if (payload.accountId !== accountId) throw invalid();
  return JSON.stringify(payload.decoded);
}
