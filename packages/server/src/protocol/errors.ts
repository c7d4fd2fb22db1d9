/**
 * The one error catalog. Every error a client can see is an AwsError carrying AWS's code;
 * the HTTP status and fault type come from this table, so a code can never be sent with
 * the wrong status. Codes and statuses follow the error shapes in the IAM and STS models
 * (`error.code` / `error.httpStatusCode`) and AWS's "Common Errors" page.
 */
export const errorCatalog = {
  // Request shape and validation
  ValidationError: { status: 400, fault: 'Sender' },
  InvalidInput: { status: 400, fault: 'Sender' },
  InvalidParameterValue: { status: 400, fault: 'Sender' },
  InvalidParameterCombination: { status: 400, fault: 'Sender' },
  MissingParameter: { status: 400, fault: 'Sender' },
  MissingAction: { status: 400, fault: 'Sender' },
  InvalidAction: { status: 400, fault: 'Sender' },
  MalformedQueryString: { status: 404, fault: 'Sender' },
  // What AWS's Query services answer when a parameter cannot be read as its type
  // (DurationSeconds=NaN, a scalar where a structure belongs); see query.ts.
  MalformedInput: { status: 400, fault: 'Sender' },
  RequestEntityTooLarge: { status: 413, fault: 'Sender' },
  MalformedPolicyDocument: { status: 400, fault: 'Sender' },
  PasswordPolicyViolation: { status: 400, fault: 'Sender' },
  // Authentication (SigV4 and tokens)
  MissingAuthenticationToken: { status: 403, fault: 'Sender' },
  IncompleteSignature: { status: 400, fault: 'Sender' },
  InvalidClientTokenId: { status: 403, fault: 'Sender' },
  SignatureDoesNotMatch: { status: 403, fault: 'Sender' },
  RequestExpired: { status: 400, fault: 'Sender' },
  ExpiredToken: { status: 400, fault: 'Sender' },
  PackedPolicyTooLarge: { status: 400, fault: 'Sender' },
  InvalidAuthorizationMessageException: { status: 400, fault: 'Sender' },
  AccessDenied: { status: 403, fault: 'Sender' },
  // AssumeRoleWithWebIdentity (statuses from the STS model's error shapes)
  InvalidIdentityToken: { status: 400, fault: 'Sender' },
  IDPRejectedClaim: { status: 403, fault: 'Sender' },
  IDPCommunicationError: { status: 400, fault: 'Sender' },
  ExpiredTokenException: { status: 400, fault: 'Sender' },
  // Entities
  NoSuchEntity: { status: 404, fault: 'Sender' },
  EntityAlreadyExists: { status: 409, fault: 'Sender' },
  EntityTemporarilyUnmodifiable: { status: 409, fault: 'Sender' },
  DeleteConflict: { status: 409, fault: 'Sender' },
  LimitExceeded: { status: 409, fault: 'Sender' },
  ConcurrentModification: { status: 409, fault: 'Sender' },
  UnmodifiableEntity: { status: 400, fault: 'Sender' },
  InvalidAuthenticationCode: { status: 403, fault: 'Sender' },
  InvalidUserType: { status: 400, fault: 'Sender' },
  ReportNotPresent: { status: 410, fault: 'Sender' },
  ReportExpired: { status: 410, fault: 'Sender' },
  ReportInProgress: { status: 404, fault: 'Sender' },
  // CloudTrail (JSON protocol: the code is the exception's shape name)
  InvalidLookupAttributesException: { status: 400, fault: 'Sender' },
  InvalidTimeRangeException: { status: 400, fault: 'Sender' },
  InvalidNextTokenException: { status: 400, fault: 'Sender' },
  InvalidMaxResultsException: { status: 400, fault: 'Sender' },
  // Server side
  ServiceFailure: { status: 500, fault: 'Receiver' },
  // Retryable: SDKs try again on a 503 (https://docs.aws.amazon.com/IAM/latest/APIReference/CommonErrors.html)
  ServiceUnavailable: { status: 503, fault: 'Receiver' },
  NotImplemented: { status: 501, fault: 'Receiver' },
} as const satisfies Record<string, { status: number; fault: 'Sender' | 'Receiver' }>;

export type ErrorCode = keyof typeof errorCatalog;

export interface AwsErrorOptions {
  /**
   * Keep what the handler wrote before refusing: the request's transaction commits, then the
   * error is sent. Only for refusals that are themselves a fact to record, e.g. a wrong MFA
   * code, which counts towards the device's lockout (iam/mfa/verify-code.ts).
   */
  readonly keepWrites?: boolean;
}

export class AwsError extends Error {
  readonly status: number;
  readonly fault: 'Sender' | 'Receiver';
  readonly keepWrites: boolean;

  constructor(
    readonly code: ErrorCode,
    message: string,
    options: AwsErrorOptions = {},
  ) {
    super(message);
    this.name = code;
    this.status = errorCatalog[code].status;
    this.fault = errorCatalog[code].fault;
    this.keepWrites = options.keepWrites ?? false;
  }
}

/**
 * AWS's wording for constraint failures, e.g.
 * "1 validation error detected: Value 'x y' at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]+".
 * Several problems are joined with "; " as AWS does.
 */
export function validationError(problems: readonly string[]): AwsError {
  const n = problems.length;
  const head = `${n} validation error${n === 1 ? '' : 's'} detected: `;
  return new AwsError('ValidationError', head + problems.join('; '));
}

export function notImplemented(action: string): AwsError {
  return new AwsError(
    'NotImplemented',
    `The action ${action} is not implemented by Gatehouse yet. See docs/api-coverage.md for the operations that are.`,
  );
}

/** The database did not answer in time (storage/store.ts StoreUnavailable); the client may try again. */
export function storeUnavailable(): AwsError {
  return new AwsError('ServiceUnavailable', 'The request has failed due to a temporary failure of the server. Try again.');
}
