import type { PolicyCache } from './authz/policy-cache.js';
import type { Random } from './crypto/random.js';
import type { SecretBox } from './crypto/secret-box.js';
import type { Principal } from './principal.js';
import type { Store, Tx } from './storage/database.js';

/** What a handler gets: one open transaction and the facts of this request. */
export interface HandlerContext {
  readonly tx: Tx;
  readonly principal: Principal;
  /** The caller's account: every IAM operation acts within it. */
  readonly accountId: string;
  readonly now: Date;
  readonly random: Random;
  readonly secrets: SecretBox;
  /** compiled policies, shared with enforcement */
  readonly policies: PolicyCache;
  readonly requestId: string;
  /** what the request was authorized against (its resource, resource policy and condition keys) */
  readonly target?: AuthorizationTarget;
  /**
   * Requires one more permission of the caller, decided like the operation's own: for calls
   * that need two actions, e.g. iam:PassRole with AddRoleToInstanceProfile, or sts:TagSession
   * with AssumeRole. Throws AccessDenied.
   */
  readonly authorize: (action: string, target: AuthorizationTarget) => Promise<void>;
  /**
   * Runs work once this request's transaction has committed, outside it and after the response
   * is decided (e.g. building a credential report, which AWS does in the background). Not run
   * when the transaction rolls back. A failure is logged, never sent to the client.
   */
  readonly afterCommit: (task: (store: Store) => Promise<void>) => void;
}

/**
 * How an operation is authorized. `policy`: the policy engine decides, with the caller's
 * policies (and the resource's, boundaries, session policies). `any-caller`: every
 * authenticated caller may call it (sts:GetCallerIdentity needs no permission).
 * `policy-or-own-password`: as `policy`, and an IAM user may also change their own password
 * when the account's password policy allows it (iam:ChangePassword). `trust-policy`: the
 * caller is a service, not an IAM principal, and the handler decides by the role's trust
 * policy (workload credentials, as STS decides for ec2.amazonaws.com).
 */
export type Authorization = 'policy' | 'any-caller' | 'policy-or-own-password' | 'trust-policy';

/** What an operation is authorized against; see iam/targets.ts. */
export interface AuthorizationTarget {
  readonly resource: string;
  /** the resource's tags, as aws:ResourceTag/* */
  readonly resourceTags?: readonly { Key: string; Value: string }[];
  /** the operation's own condition keys, e.g. aws:RequestTag/*, iam:PolicyARN */
  readonly context?: Readonly<Record<string, string | string[]>>;
  /** the resource's own policy, e.g. a role's trust policy for sts:AssumeRole */
  readonly resourcePolicy?: { readonly document: string; readonly kind: 'trust' | 'resource'; readonly id: string };
  /** the account owning the resource when it is not the caller's (cross-account access) */
  readonly resourceAccount?: string;
}

/** What a target builder may read: the request's transaction, before the handler runs. */
export interface TargetLookup {
  readonly tx: Tx;
  /** the operation writes: lock the target entity's row for the rest of the transaction */
  readonly lock?: boolean;
  readonly accountId: string;
  readonly principal: Principal;
  readonly now: Date;
  readonly secrets: SecretBox;
}

/** What the pipeline needs to know of an operation, stated by the operation itself. */
interface OperationFacts {
  /** The IAM action, e.g. iam:CreateUser, as the service authorization reference names it. */
  readonly action: string;
  /**
   * Whether the operation can change stored state. A write runs in a write transaction that
   * locks its target, and its event record commits with it; a read's record goes to the
   * batched event sink once it is answered.
   */
  readonly writes: boolean;
  /** It reads the event history (LookupEvents, last-accessed reports): calls answered before it must already be there. */
  readonly seesHistory?: true;
}

export interface OperationSpec<I, O> extends OperationFacts {
  readonly anonymous?: false;
  readonly authorization: Authorization;
  /** The resource and condition keys the action is authorized against. */
  target(input: I, at: TargetLookup): AuthorizationTarget | Promise<AuthorizationTarget>;
  handle(ctx: HandlerContext, input: I): Promise<O>;
}

/**
 * What an anonymous operation's handler gets: the request's facts, no caller yet, and the
 * database rather than an open transaction, so that it can verify the caller (which may need
 * the network) before it opens the one transaction that makes its changes.
 */
export type AnonymousHandlerContext = Omit<HandlerContext, 'principal' | 'accountId' | 'target' | 'authorize' | 'tx' | 'afterCommit'> & {
  readonly store: Store;
  /**
   * Says who is calling once the handler has verified it (a web identity token's issuer,
   * audience and subject) and which account the call is for, so the event history records the
   * call there whether or not it then succeeds.
   */
  readonly identify: (who: WebIdentityCaller) => void;
};

export interface WebIdentityCaller {
  readonly accountId: string;
  /** the token's issuer */
  readonly provider: string;
  /** the client id the token was issued to */
  readonly audience: string;
  readonly subject: string;
}

/**
 * An operation AWS serves without a signature (e.g. sts:AssumeRoleWithWebIdentity, whose
 * model says smithy.api#noAuth): the endpoint neither authenticates nor authorizes it; the
 * handler establishes who is calling from the input (a signed token) and decides itself.
 */
export interface AnonymousOperationSpec<I, O> extends OperationFacts {
  readonly anonymous: true;
  handle(ctx: AnonymousHandlerContext, input: I): Promise<O>;
}

export type AnyOperationSpec<I, O> = OperationSpec<I, O> | AnonymousOperationSpec<I, O>;

/** Operations map a name to input and output types (generated from the AWS models). */
export type OperationTable<Ops extends Record<string, { input: unknown; output: unknown }>> = {
  readonly [K in keyof Ops]?: AnyOperationSpec<Ops[K]['input'], Ops[K]['output']>;
};
