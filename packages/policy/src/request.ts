/**
 * What the engine is asked: who (principal), does what (action), to what (resource), in which
 * circumstances (context keys). The engine reads no clock: time arrives as aws:CurrentTime /
 * aws:EpochTime in the context.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html#policy-eval-reqcontext
 */

/**
 * A context value. Multivalued keys (aws:TagKeys, aws:CalledVia, ...) are arrays; an IP address
 * (aws:SourceIp) is its text form, IPv4 or IPv6; a binary value (BinaryEquals) is base64 text;
 * a date is a Date, ISO 8601 text, or epoch seconds as a number.
 */
export type ContextScalar = string | number | boolean | Date;
export type ContextValue = ContextScalar | readonly ContextScalar[];
export type RequestContext = Readonly<Record<string, ContextValue | undefined>>;

export type Tags = Readonly<Record<string, string>>;

/**
 * Who is calling. The ARN forms follow
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html
 */
export type RequestPrincipal =
  | { readonly type: 'Root'; readonly accountId: string; readonly arn?: string }
  | {
      readonly type: 'IAMUser';
      readonly accountId: string;
      /** arn:aws:iam::123456789012:user/path/name */
      readonly arn: string;
      /** AIDA... */
      readonly userId: string;
      readonly username: string;
      readonly tags?: Tags;
    }
  | {
      readonly type: 'AssumedRole';
      readonly accountId: string;
      /** The session: arn:aws:sts::123456789012:assumed-role/RoleName/SessionName */
      readonly arn: string;
      /** The role, with its path: arn:aws:iam::123456789012:role/path/RoleName */
      readonly roleArn: string;
      /** AROA... */
      readonly roleId: string;
      readonly sessionName: string;
      /** The role's tags overlaid with session tags. */
      readonly tags?: Tags;
    }
  | {
      readonly type: 'FederatedUser';
      readonly accountId: string;
      /** arn:aws:sts::123456789012:federated-user/Name */
      readonly arn: string;
      /** The IAM user who called GetFederationToken, when it was one. */
      readonly userArn?: string;
      readonly name: string;
      readonly tags?: Tags;
    }
  | { readonly type: 'Service'; readonly service: string }
  /** A web identity or SAML caller of AssumeRoleWith*, named by its provider. */
  | { readonly type: 'Federated'; readonly provider: string }
  | { readonly type: 'Anonymous' };

export interface AuthorizationRequest {
  readonly principal: RequestPrincipal;
  /** 'iam:CreateUser'; matched case-insensitively as AWS does. */
  readonly action: string;
  /** The resource ARN, or '*' for actions that name no resource. */
  readonly resource: string;
  /**
   * The account owning the resource. Defaults to the ARN's account field when that is 12
   * digits, otherwise the principal's account (IAM's own resources, '*', AWS-managed policies).
   */
  readonly resourceAccount?: string;
  readonly context?: RequestContext;
}
