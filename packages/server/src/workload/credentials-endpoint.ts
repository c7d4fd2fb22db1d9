import { randomUUID } from 'node:crypto';
import { compilePolicy, evaluate, parsePolicy } from '@gatehouse/policy';
import type { Random } from '../crypto/random.js';
import type { SecretBox } from '../crypto/secret-box.js';
import type { PolicyCache } from '../authz/policy-cache.js';
import { entityArn } from '../principal.js';
import type { Store } from '../storage/database.js';
import { appendEvent } from '../audit/event-log.js';
import { apiCallRecord } from '../audit/events.js';
import { eventTimeOf, type CloudTrailRecord } from '../audit/event-record.js';
import { hashToken, issueCredentials } from '../sts/credentials.js';

export const WORKLOAD_CREDENTIALS_PATH = '/gatehouse/workload-credentials';

// The service principal a role must trust to be used from an instance profile, as on EC2.
const WORKLOAD_SERVICE = 'ec2.amazonaws.com';
const DEFAULT_SESSION_SECONDS = 3600;

export interface WorkloadDeps {
  store: Store;
  secrets: SecretBox;
  random: Random;
  clock: () => Date;
  policies: PolicyCache;
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
  return deps.store.transaction(async (tx) => {
    const row = await tx
      .selectFrom('workload_tokens')
      .innerJoin('instance_profile_roles', 'instance_profile_roles.instance_profile_id', 'workload_tokens.instance_profile_id')
      .innerJoin('roles', 'roles.id', 'instance_profile_roles.role_id')
      .select(['workload_tokens.id as token_id', 'roles.id as role_id', 'roles.account_id', 'roles.name', 'roles.path', 'roles.assume_role_policy', 'roles.max_session_duration'])
      .where('workload_tokens.token_hash', '=', hashToken(authorization))
      .executeTakeFirst();
    if (!row) return error(403, 'InvalidClientTokenId', 'The workload token is not valid, or its instance profile has no role.');
    const roleArn = entityArn(row.account_id, 'role', row.path, row.name);
    const trust = parsePolicy(row.assume_role_policy, { kind: 'trust' });
    const decision = trust.ok
      ? evaluate(
          { principal: { type: 'Service', service: WORKLOAD_SERVICE }, action: 'sts:AssumeRole', resource: roleArn, resourceAccount: row.account_id },
          { identity: [], resource: compilePolicy(trust.policy, { type: 'resource', id: roleArn }) },
        ).decision
      : 'implicitDeny';
    if (decision !== 'allowed') return error(403, 'AccessDenied', `The trust policy of role ${roleArn} does not allow ${WORKLOAD_SERVICE} to assume it.`);
    await tx.updateTable('workload_tokens').set({ last_used_at: now.toISOString() }).where('id', '=', row.token_id).execute();
    const durationSeconds = Math.min(deps.sessionSeconds ?? DEFAULT_SESSION_SECONDS, row.max_session_duration);
    const credentials = await issueCredentials(
      {
        tx,
        principal: { type: 'Root', accountId: row.account_id, arn: `arn:aws:iam::${row.account_id}:root` },
        accountId: row.account_id,
        now,
        random: deps.random,
        secrets: deps.secrets,
        policies: deps.policies,
        requestId: row.token_id,
      },
      {
        kind: 'role',
        user_id: null,
        role_id: row.role_id,
        session_name: row.token_id,
        source_identity: null,
        mfa_authenticated_at: null,
        chained: 0,
        durationSeconds,
      },
    );
    await appendEvent(tx, workloadAssumeRoleRecord({ now, accountId: row.account_id, roleId: row.role_id, roleArn, roleName: row.name, sessionName: row.token_id, durationSeconds, credentials }));
    return {
      status: 200,
      body: JSON.stringify({
        AccessKeyId: credentials.AccessKeyId,
        SecretAccessKey: credentials.SecretAccessKey,
        Token: credentials.SessionToken,
        Expiration: credentials.Expiration.toISOString(),
        RoleArn: roleArn,
      }),
    };
  }, { write: true });
}

/**
 * The record of credentials handed to a workload, in the role's account, as CloudTrail records
 * an EC2 instance profile's: an AssumeRole call made by the service itself (userIdentity
 * AWSService, invokedBy ec2.amazonaws.com). The key id traces what the workload then does back
 * to this record; neither the secret nor the token is kept.
 * https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-event-reference-user-identity.html
 */
function workloadAssumeRoleRecord(f: {
  now: Date;
  accountId: string;
  roleId: string;
  roleArn: string;
  roleName: string;
  sessionName: string;
  durationSeconds: number;
  credentials: { AccessKeyId: string; Expiration: Date };
}): CloudTrailRecord {
  return {
    ...apiCallRecord({
      requestId: randomUUID(),
      at: f.now,
      sourceIp: WORKLOAD_SERVICE,
      userAgent: WORKLOAD_SERVICE,
      service: 'sts',
      action: 'AssumeRole',
      region: 'us-east-1',
      identity: { type: 'AWSService', invokedBy: WORKLOAD_SERVICE },
      accountId: f.accountId,
    }),
    requestParameters: { roleArn: f.roleArn, roleSessionName: f.sessionName, durationSeconds: f.durationSeconds },
    responseElements: {
      credentials: { accessKeyId: f.credentials.AccessKeyId, expiration: eventTimeOf(f.credentials.Expiration) },
      assumedRoleUser: { assumedRoleId: `${f.roleId}:${f.sessionName}`, arn: `arn:aws:sts::${f.accountId}:assumed-role/${f.roleName}/${f.sessionName}` },
    },
    resources: [{ ARN: f.roleArn, accountId: f.accountId, type: 'AWS::IAM::Role' }],
  };
}
