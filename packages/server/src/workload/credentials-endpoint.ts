import { randomUUID } from 'node:crypto';
import { compilePolicy, evaluate, parsePolicy } from '@gatehouse/policy';
import type { Kysely } from 'kysely';
import { apiCallRecord } from '../audit/events.js';
import { RecordedError, type CallPipeline } from '../pipeline.js';
import { entityArn } from '../principal.js';
import { AwsError } from '../protocol/errors.js';
import type { Store } from '../storage/database.js';
import type { Database } from '../storage/schema.js';
import { eventTimeOf, type CloudTrailRecord } from '../audit/event-record.js';
import { hashToken, issueCredentials } from '../sts/credentials.js';

export const WORKLOAD_CREDENTIALS_PATH = '/gatehouse/workload-credentials';

// The service principal a role must trust to be used from an instance profile, as on EC2.
const WORKLOAD_SERVICE = 'ec2.amazonaws.com';
const DEFAULT_SESSION_SECONDS = 3600;

export interface WorkloadDeps {
  store: Store;
  /** the hand-out is authorized and recorded like any call */
  pipeline: CallPipeline;
  clock: () => Date;
  /** how long each set of credentials lasts; SDKs fetch new ones 5 minutes before expiry */
  sessionSeconds?: number;
}

export interface WorkloadResponse {
  status: number;
  body: string;
}

const error = (status: number, code: string, message: string): WorkloadResponse => ({ status, body: JSON.stringify({ code, message }) });

/**
 * The credentials endpoint for workloads, in the shape the AWS SDKs' container credentials
 * provider reads (AWS_CONTAINER_CREDENTIALS_FULL_URI with AWS_CONTAINER_AUTHORIZATION_TOKEN):
 * {AccessKeyId, SecretAccessKey, Token, Expiration, RoleArn}. The role's trust policy must allow
 * ec2.amazonaws.com to assume it, as for an EC2 instance profile.
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-container-credentials.html
 */
export async function workloadCredentials(deps: WorkloadDeps, authorization: string | undefined): Promise<WorkloadResponse> {
  if (!authorization) return error(401, 'MissingAuthenticationToken', 'Send the workload token in the Authorization header.');
  const now = deps.clock();
  const tokenHash = hashToken(authorization);
  // A token that names nothing names no account to record the attempt in (as a request whose
  // signature does not verify).
  const found = await deps.store.read((db) => findWorkload(db, tokenHash));
  if (!found) return error(403, 'InvalidClientTokenId', 'The workload token is not valid, or its instance profile has no role.');
  const accountId = found.account_id;
  const durationSeconds = Math.min(deps.sessionSeconds ?? DEFAULT_SESSION_SECONDS, found.max_session_duration);
  const facts = { now, sourceIp: WORKLOAD_SERVICE, secureTransport: false, region: 'us-east-1' };
  const recordOf = (outcome: { output: Issued } | { error: AwsError }) =>
    workloadAssumeRoleRecord({ now, accountId, roleId: found.role_id, roleArn: entityArn(accountId, 'role', found.path, found.name), roleName: found.name, sessionName: found.token_id, durationSeconds }, outcome);
  try {
    const issued = await deps.pipeline.run({
      spec: {
        action: 'sts:AssumeRole',
        writes: true,
        // The caller is the service: the role's trust policy decides, in the handler, as STS
        // decides for ec2.amazonaws.com.
        authorization: 'trust-policy',
        target: () => ({ resource: entityArn(accountId, 'role', found.path, found.name) }),
        handle: async (ctx) => {
          // Read again in the transaction: the role may have left the profile since.
          const row = await findWorkload(ctx.tx, tokenHash);
          if (!row || row.role_id !== found.role_id) throw new AwsError('InvalidClientTokenId', 'The workload token is not valid, or its instance profile has no role.');
          const roleArn = entityArn(row.account_id, 'role', row.path, row.name);
          const trust = parsePolicy(row.assume_role_policy, { kind: 'trust' });
          const decision = trust.ok
            ? evaluate(
                { principal: { type: 'Service', service: WORKLOAD_SERVICE }, action: 'sts:AssumeRole', resource: roleArn, resourceAccount: row.account_id },
                { identity: [], resource: compilePolicy(trust.policy, { type: 'resource', id: roleArn }) },
              ).decision
            : 'implicitDeny';
          if (decision !== 'allowed') throw new AwsError('AccessDenied', `The trust policy of role ${roleArn} does not allow ${WORKLOAD_SERVICE} to assume it.`);
          await ctx.tx.updateTable('workload_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute();
          const credentials = await issueCredentials(ctx, { kind: 'role', user_id: null, role_id: row.role_id, session_name: row.token_id, source_identity: null, mfa_authenticated_at: null, chained: 0, durationSeconds });
          return { ...credentials, RoleArn: roleArn };
        },
      },
      input: {},
      // Issued in the role's account, as its own root would issue it; the trust policy, not the root's rights, decided.
      principal: { type: 'Root', accountId, arn: `arn:aws:iam::${accountId}:root` },
      facts,
      requestId: found.token_id,
      record: recordOf,
    });
    return {
      status: 200,
      body: JSON.stringify({ AccessKeyId: issued.AccessKeyId, SecretAccessKey: issued.SecretAccessKey, Token: issued.SessionToken, Expiration: issued.Expiration.toISOString(), RoleArn: issued.RoleArn }),
    };
  } catch (failure) {
    if (failure instanceof RecordedError) return error(failure.error.status, failure.error.code, failure.error.message);
    throw failure;
  }
}

interface Issued {
  AccessKeyId: string;
  SecretAccessKey: string;
  SessionToken: string;
  Expiration: Date;
  RoleArn: string;
}

/** The workload a token names, with the role of its instance profile. */
function findWorkload(db: Kysely<Database>, tokenHash: string) {
  return db
    .selectFrom('workload_tokens')
    .innerJoin('instance_profile_roles', 'instance_profile_roles.instance_profile_id', 'workload_tokens.instance_profile_id')
    .innerJoin('roles', 'roles.id', 'instance_profile_roles.role_id')
    .select(['workload_tokens.id as token_id', 'roles.id as role_id', 'roles.account_id', 'roles.name', 'roles.path', 'roles.assume_role_policy', 'roles.max_session_duration'])
    .where('workload_tokens.token_hash', '=', tokenHash)
    .executeTakeFirst();
}

/**
 * The record of credentials handed to a workload, in the role's account, as CloudTrail records
 * an EC2 instance profile's: an AssumeRole call made by the service itself (userIdentity
 * AWSService, invokedBy ec2.amazonaws.com). The key id traces what the workload then does back
 * to this record; neither the secret nor the token is kept.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
function workloadAssumeRoleRecord(
  f: { now: Date; accountId: string; roleId: string; roleArn: string; roleName: string; sessionName: string; durationSeconds: number },
  outcome: { output: { AccessKeyId: string; Expiration: Date } } | { error: AwsError },
): CloudTrailRecord {
  const record = apiCallRecord({
    requestId: randomUUID(),
    at: f.now,
    sourceIp: WORKLOAD_SERVICE,
    userAgent: WORKLOAD_SERVICE,
    service: 'sts',
    action: 'AssumeRole',
    region: 'us-east-1',
    identity: { type: 'AWSService', invokedBy: WORKLOAD_SERVICE },
    accountId: f.accountId,
    ...('error' in outcome ? { error: { code: outcome.error.code, message: outcome.error.message } } : {}),
  });
  return {
    ...record,
    requestParameters: { roleArn: f.roleArn, roleSessionName: f.sessionName, durationSeconds: f.durationSeconds },
    responseElements:
      'error' in outcome
        ? null
        : {
            credentials: { accessKeyId: outcome.output.AccessKeyId, expiration: eventTimeOf(outcome.output.Expiration) },
            assumedRoleUser: { assumedRoleId: `${f.roleId}:${f.sessionName}`, arn: `arn:aws:sts::${f.accountId}:assumed-role/${f.roleName}/${f.sessionName}` },
          },
    resources: [{ ARN: f.roleArn, accountId: f.accountId, type: 'AWS::IAM::Role' }],
  };
}
