/**
 * Trust policies for the role creation page's kinds of trusted entity, as IAM's console writes
 * them. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create.html
 */

export type TrustedEntity =
  | { kind: 'this-account'; accountId: string; requireMfa: boolean }
  | { kind: 'other-account'; accountId: string; externalId?: string; requireMfa: boolean }
  | { kind: 'ec2' }
  | { kind: 'oidc'; providerArn: string; audience?: string };

type Statement = Record<string, unknown>;

function mfaCondition(requireMfa: boolean): Record<string, unknown> {
  // aws:MultiFactorAuthPresent with Bool: only sessions that signed in with MFA may assume the role.
  return requireMfa ? { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } : {};
}

/** The issuer host and path an OIDC provider's condition keys start with: its ARN after oidc-provider/. */
export function oidcIssuer(providerArn: string): string {
  const at = providerArn.indexOf(':oidc-provider/');
  return at < 0 ? providerArn : providerArn.slice(at + ':oidc-provider/'.length);
}

export function trustPolicy(entity: TrustedEntity): string {
  let statement: Statement;
  switch (entity.kind) {
    case 'this-account':
    case 'other-account': {
      const condition: Record<string, unknown> = { ...mfaCondition(entity.requireMfa) };
      // The confused deputy defence for third parties: https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_create_for-user_externalid.html
      if (entity.kind === 'other-account' && entity.externalId) condition.StringEquals = { 'sts:ExternalId': entity.externalId };
      statement = { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${entity.accountId}:root` }, Action: 'sts:AssumeRole' };
      if (Object.keys(condition).length > 0) statement.Condition = condition;
      break;
    }
    case 'ec2':
      statement = { Effect: 'Allow', Principal: { Service: 'ec2.amazonaws.com' }, Action: 'sts:AssumeRole' };
      break;
    case 'oidc': {
      statement = { Effect: 'Allow', Principal: { Federated: entity.providerArn }, Action: 'sts:AssumeRoleWithWebIdentity' };
      if (entity.audience) statement.Condition = { StringEquals: { [`${oidcIssuer(entity.providerArn)}:aud`]: entity.audience } };
      break;
    }
  }
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}

/** Who a trust policy lets assume the role, in a few words, for the roles list. */
export function describeTrust(document: string): string {
  try {
    const parsed = JSON.parse(document) as { Statement?: unknown };
    const statements = (Array.isArray(parsed.Statement) ? parsed.Statement : [parsed.Statement]) as { Effect?: string; Principal?: unknown }[];
    const who: string[] = [];
    for (const s of statements) {
      if (s?.Effect !== 'Allow' || !s.Principal) continue;
      if (s.Principal === '*') {
        who.push('Anyone');
        continue;
      }
      for (const [type, value] of Object.entries(s.Principal as Record<string, unknown>)) {
        for (const v of Array.isArray(value) ? value : [value]) {
          const text = String(v);
          if (type === 'AWS') who.push(/^\d{12}$/.test(text) ? `Account ${text}` : /:root$/.test(text) ? `Account ${text.split(':')[4]}` : text);
          else if (type === 'Service') who.push(`AWS service: ${text.replace('.amazonaws.com', '')}`);
          else if (type === 'Federated') who.push(`Identity provider: ${text.includes('oidc-provider/') ? oidcIssuer(text) : text}`);
          else who.push(text);
        }
      }
    }
    return who.join(', ') || 'No one';
  } catch {
    return 'Unreadable trust policy';
  }
}
