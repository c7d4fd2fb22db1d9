import type { User } from './storage/schema.js';

/** What temporary credentials carry beyond who they act for. */
export interface SessionInfo {
  readonly accessKeyId: string;
  /** session: GetSessionToken; role: AssumeRole*; federated: GetFederationToken */
  readonly kind: 'session' | 'role' | 'federated';
  readonly issuedAt: Date;
  readonly expiresAt: Date;
  /** when the caller proved an MFA code, if it did */
  readonly mfaAuthenticatedAt?: Date;
  /** session policy documents: they can only narrow what the session may do */
  readonly policies: readonly string[];
  readonly tags: Readonly<Record<string, string>>;
  readonly transitiveTagKeys: readonly string[];
  readonly sourceIdentity?: string;
  /** issued to a role session by another role session (role chaining) */
  readonly chained: boolean;
}

/**
 * A web console session (console-api/sessions.ts): the root user or an IAM user signed in with
 * a password, and MFA when it was proved. It carries no access key; like temporary
 * credentials it tells policies when it began and whether MFA was used.
 */
export interface ConsoleSignIn {
  readonly signedInAt: Date;
  readonly mfaAuthenticatedAt?: Date;
}

/** Who is calling, as established by authentication. */
export type Principal =
  | {
      readonly type: 'Root';
      readonly accountId: string;
      readonly arn: string;
      readonly accessKeyId?: string;
      readonly session?: SessionInfo;
      readonly console?: ConsoleSignIn;
    }
  | {
      readonly type: 'IAMUser';
      readonly accountId: string;
      readonly arn: string;
      readonly user: User;
      readonly accessKeyId?: string;
      readonly session?: SessionInfo;
      readonly console?: ConsoleSignIn;
    }
  | {
      /** a GetFederationToken session: the IAM user's permissions narrowed by session policies */
      readonly type: 'FederatedUser';
      readonly accountId: string;
      /** arn:aws:sts::123456789012:federated-user/Name */
      readonly arn: string;
      readonly name: string;
      /** the IAM user who called GetFederationToken */
      readonly user: User;
      readonly accessKeyId: string;
      readonly session: SessionInfo;
    }
  | {
      /** an AssumeRole* session */
      readonly type: 'AssumedRole';
      readonly accountId: string;
      /** arn:aws:sts::123456789012:assumed-role/RoleName/SessionName */
      readonly arn: string;
      readonly role: { readonly id: string; readonly name: string; readonly path: string; readonly arn: string };
      readonly sessionName: string;
      readonly accessKeyId: string;
      readonly session: SessionInfo;
    };

/**
 * What GetCallerIdentity calls UserId and policies see as aws:userid: the account for root,
 * the unique id for a user, and "account:name" / "role-id:session" for sessions.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html#principaltable
 */
export function principalUserId(p: Principal): string {
  switch (p.type) {
    case 'Root':
      return p.accountId;
    case 'IAMUser':
      return p.user.id;
    case 'FederatedUser':
      return `${p.accountId}:${p.name}`;
    case 'AssumedRole':
      return `${p.role.id}:${p.sessionName}`;
  }
}

export function rootArn(accountId: string): string {
  return `arn:aws:iam::${accountId}:root`;
}

/** arn:aws:iam::123456789012:user/path/name — the path keeps its leading and trailing slash. */
export function entityArn(accountId: string, kind: 'user' | 'group' | 'role' | 'policy' | 'instance-profile', path: string, name: string): string {
  return `arn:aws:iam::${accountId}:${kind}${path}${name}`;
}
