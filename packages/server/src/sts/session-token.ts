import { AwsError } from '../protocol/errors.js';
import { stsOperation } from '../iam/define.js';
import { noResource } from '../iam/targets.js';
import { issueCredentials } from './credentials.js';
import { proveMfa } from './mfa.js';

/**
 * Temporary credentials for the calling IAM user or root, optionally with MFA proved. IAM
 * users may ask for 900–129,600 seconds (default 43,200); the root user for at most 3,600.
 * Like GetCallerIdentity it needs no permission: the credentials can do no more than the caller.
 * https://docs.aws.amazon.com/STS/latest/APIReference/API_GetSessionToken.html
 */
export const getSessionToken = stsOperation<'GetSessionToken'>({
  action: 'sts:GetSessionToken',
  writes: true,
  authorization: 'any-caller',
  target: noResource,
  async handle(ctx, input) {
    const p = ctx.principal;
    // A console sign-in is a session too: credentials minted from it would outlive sign-out.
    if (p.session || ('console' in p && p.console)) throw new AwsError('AccessDenied', 'Cannot call GetSessionToken with session credentials');
    const max = p.type === 'Root' ? 3600 : 129_600;
    const duration = input.DurationSeconds ?? (p.type === 'Root' ? 3600 : 43_200);
    if (duration > max) {
      throw new AwsError('ValidationError', `1 validation error detected: Value '${duration}' at 'durationSeconds' failed to satisfy constraint: Member must have value less than or equal to ${max}`);
    }
    const mfaAt = await proveMfa(ctx, input.SerialNumber, input.TokenCode);
    const Credentials = await issueCredentials(ctx, {
      kind: 'session',
      user_id: p.type === 'IAMUser' ? p.user.id : null,
      role_id: null,
      session_name: null,
      source_identity: null,
      mfa_authenticated_at: mfaAt?.toISOString() ?? null,
      chained: 0,
      durationSeconds: duration,
    });
    return { Credentials };
  },
});
