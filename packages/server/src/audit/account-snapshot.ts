import {
  GenerateCredentialReportCommand,
  GetAccessKeyLastUsedCommand,
  GetAccountPasswordPolicyCommand,
  GetAccountSummaryCommand,
  GetCredentialReportCommand,
  GetLoginProfileCommand,
  GetPolicyVersionCommand,
  NoSuchEntityException,
  paginateListAccessKeys,
  paginateListAttachedUserPolicies,
  paginateListGroupsForUser,
  paginateListMFADevices,
  paginateListPolicies,
  paginateListUserPolicies,
  paginateListUsers,
  type IAMClient,
  type User,
} from '@aws-sdk/client-iam';
import { parse } from 'csv-parse/sync';

/**
 * What the security checks look at, gathered from an account through IAM's public API only,
 * so the same snapshot can come from Gatehouse or from AWS. Every value is already parsed:
 * the checks (security-checks.ts) are pure functions of this and the time.
 */
export interface AccountSnapshot {
  /** The 12-digit account id, from the credential report's root row when it has one. */
  readonly accountId?: string;
  /** GetAccountSummary's AccountMFAEnabled: the root user has an MFA device. */
  readonly rootMfaEnabled: boolean;
  /** GetAccountSummary's AccountAccessKeysPresent: the root user has access keys. */
  readonly rootAccessKeysPresent: boolean;
  /** null when the account has no password policy (GetAccountPasswordPolicy's NoSuchEntity). */
  readonly passwordPolicy: PasswordPolicySettings | null;
  /**
   * The credential report, its IAM user rows brought up to date with what the live calls read
   * (reconcileCredentialReport): IAM may hand out a report up to four hours old, and no check
   * may judge a user's password or MFA from a report older than the account's last change.
   */
  readonly credentialReport: CredentialReport;
  readonly users: readonly UserSnapshot[];
  /** Every customer managed policy, attached or not, with its default version's document. */
  readonly customerManagedPolicies: readonly CustomerManagedPolicy[];
}

export interface PasswordPolicySettings {
  readonly minimumPasswordLength?: number;
  /** absent when the policy does not prevent reuse */
  readonly passwordReusePrevention?: number;
}

export interface CredentialReport {
  /** when IAM generated the report; its root row is as of then */
  readonly generatedAt: Date;
  /** the `<root_account>` row */
  readonly root?: CredentialReportRow;
  readonly users: readonly CredentialReportRow[];
}

/**
 * One line of the credential report, typed. Times are absent where the report says N/A,
 * no_information or not_supported.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
export interface CredentialReportRow {
  readonly user: string;
  readonly arn: string;
  readonly userCreationTime?: Date;
  /** false for the root user, whose report says not_supported */
  readonly passwordEnabled: boolean;
  readonly passwordLastUsed?: Date;
  readonly passwordLastChanged?: Date;
  readonly mfaActive: boolean;
  readonly accessKey1: ReportedAccessKey;
  readonly accessKey2: ReportedAccessKey;
}

export interface ReportedAccessKey {
  readonly active: boolean;
  readonly lastRotated?: Date;
  readonly lastUsed?: Date;
}

export interface UserSnapshot {
  readonly userName: string;
  readonly arn: string;
  readonly createDate: Date;
  /** names of the groups the user belongs to */
  readonly groups: readonly string[];
  /** names of the managed policies attached to the user itself */
  readonly attachedPolicies: readonly string[];
  /** names of the user's inline policies */
  readonly inlinePolicies: readonly string[];
  readonly accessKeys: readonly AccessKeySnapshot[];
  /** GetLoginProfile's CreateDate: when the console password was created; absent when there is none */
  readonly loginProfileCreateDate?: Date;
  /** ListUsers' PasswordLastUsed */
  readonly passwordLastUsed?: Date;
  /** ListMFADevices: the user has an MFA device (virtual, hardware or security key) */
  readonly mfaActive: boolean;
}

export interface AccessKeySnapshot {
  readonly accessKeyId: string;
  readonly active: boolean;
  readonly createDate: Date;
  /** absent when the key was never used */
  readonly lastUsed?: Date;
}

export interface CustomerManagedPolicy {
  readonly policyName: string;
  readonly arn: string;
  readonly attachmentCount: number;
  /** the default version's document, URL-decoded JSON text */
  readonly document: string;
}

/** Reported after every IAM call, so a caller can show progress; `total` grows as work is found. */
export interface GatherProgress {
  readonly completed: number;
  readonly total: number;
  readonly activity: string;
}

export interface GatherOptions {
  onProgress?: (progress: GatherProgress) => void;
  /** How long to wait for IAM to finish a credential report. Default two minutes. */
  reportTimeoutMs?: number;
  /**
   * The credential report's content as of now, for a server checking its own accounts: used
   * instead of IAM's copy (which may be up to four hours old) once GetCredentialReport has
   * shown the caller may read it; no report is generated.
   */
  freshReport?: () => Promise<string>;
  /** Users examined at once. IAM throttles; a few in flight is fast enough. Default 4. */
  concurrency?: number;
  /** Items asked for per page of every list (MaxItems); IAM's default is 100. */
  pageSize?: number;
}

/** The IAM permissions gatherSnapshot uses; docs/audit.md lists them for whoever runs the audit. */
export const REQUIRED_PERMISSIONS = [
  'iam:GetAccountSummary',
  'iam:GetAccountPasswordPolicy',
  'iam:GenerateCredentialReport',
  'iam:GetCredentialReport',
  'iam:ListUsers',
  'iam:ListGroupsForUser',
  'iam:ListAttachedUserPolicies',
  'iam:ListUserPolicies',
  'iam:ListAccessKeys',
  'iam:GetAccessKeyLastUsed',
  'iam:ListPolicies',
  'iam:GetPolicyVersion',
  'iam:GetLoginProfile',
  'iam:ListMFADevices',
] as const;

/**
 * Reads what the checks need through standard IAM calls, paginating every list. The client may
 * point at Gatehouse or at AWS; nothing here is specific to either.
 */
export async function gatherSnapshot(iam: IAMClient, options: GatherOptions = {}): Promise<AccountSnapshot> {
  let completed = 0;
  // account summary, password policy, credential report, user list, policy list; each user and
  // policy adds its own calls once it is known
  let total = 5;
  const done = (activity: string) => {
    completed += 1;
    options.onProgress?.({ completed, total, activity });
  };
  const more = (n: number) => {
    total += n;
  };
  options.onProgress?.({ completed, total, activity: 'Reading the account summary' });

  const { SummaryMap = {} } = await iam.send(new GetAccountSummaryCommand({}));
  done('Read the account summary');
  const passwordPolicy = await readPasswordPolicy(iam);
  done('Read the password policy');
  const credentialReport = await readCredentialReport(iam, options.reportTimeoutMs ?? 120_000, options.freshReport);
  done('Read the credential report');

  const listed: User[] = [];
  for await (const page of paginateListUsers(pager(iam, options), {})) listed.push(...(page.Users ?? []));
  // groups, attached policies, inline policies, access keys, login profile and MFA devices of each user
  more(listed.length * USER_CALLS);
  done(`Listed ${listed.length} IAM users`);
  const users = await mapConcurrently(listed, options.concurrency ?? 4, (user) => readUser(pager(iam, options), user, done, more));

  const policies: { PolicyName?: string; Arn?: string; AttachmentCount?: number; DefaultVersionId?: string }[] = [];
  for await (const page of paginateListPolicies(pager(iam, options), { Scope: 'Local', OnlyAttached: false })) policies.push(...(page.Policies ?? []));
  more(policies.length);
  done(`Listed ${policies.length} customer managed policies`);
  const customerManagedPolicies = await mapConcurrently(policies, options.concurrency ?? 4, async (policy) => {
    const { PolicyVersion } = await iam.send(new GetPolicyVersionCommand({ PolicyArn: policy.Arn, VersionId: policy.DefaultVersionId }));
    done(`Read policy ${policy.PolicyName}`);
    return {
      policyName: policy.PolicyName ?? '',
      arn: policy.Arn ?? '',
      attachmentCount: policy.AttachmentCount ?? 0,
      // IAM returns documents URL-encoded (RFC 3986), as GetPolicyVersion's reference says.
      document: decodeURIComponent(PolicyVersion?.Document ?? ''),
    };
  });

  return {
    ...(credentialReport.root ? { accountId: accountIdOf(credentialReport.root.arn) } : {}),
    rootMfaEnabled: SummaryMap.AccountMFAEnabled === 1,
    rootAccessKeysPresent: (SummaryMap.AccountAccessKeysPresent ?? 0) > 0,
    passwordPolicy,
    credentialReport: reconcileCredentialReport(credentialReport, users),
    users,
    customerManagedPolicies,
  };
}

/** The calls readUser makes for every user, besides one per access key. */
const USER_CALLS = 6;

/**
 * The report with its IAM user rows rebuilt from the live calls made after it: users created
 * since get a row, users deleted since lose theirs, and whether a user has a console password
 * and MFA is what GetLoginProfile and ListMFADevices say now. From the report it keeps only what
 * no other call tells: when a password was last changed (the later of the report's time and the
 * login profile's creation) and last used (the later of the report's and ListUsers'). The root
 * row stays as reported: only the root user itself can list its keys and devices.
 */
export function reconcileCredentialReport(report: CredentialReport, users: readonly UserSnapshot[]): CredentialReport {
  const reported = new Map(report.users.map((row) => [row.arn, row]));
  const later = (a: Date | undefined, b: Date | undefined) => (a && b ? (a > b ? a : b) : (a ?? b));
  const rows = users.map((user): CredentialReportRow => {
    const row = reported.get(user.arn);
    const passwordEnabled = user.loginProfileCreateDate !== undefined;
    const passwordLastChanged = passwordEnabled ? later(row?.passwordEnabled ? row.passwordLastChanged : undefined, user.loginProfileCreateDate) : undefined;
    const passwordLastUsed = later(row?.passwordLastUsed, user.passwordLastUsed);
    // key 1 is the older of the user's keys, as in the report
    const [first, second] = [...user.accessKeys].sort((a, b) => a.createDate.getTime() - b.createDate.getTime());
    const slot = (key: AccessKeySnapshot | undefined): ReportedAccessKey => (key ? { active: key.active, lastRotated: key.createDate, ...(key.lastUsed ? { lastUsed: key.lastUsed } : {}) } : { active: false });
    return {
      user: user.userName,
      arn: user.arn,
      userCreationTime: user.createDate,
      passwordEnabled,
      ...(passwordLastUsed ? { passwordLastUsed } : {}),
      ...(passwordLastChanged ? { passwordLastChanged } : {}),
      mfaActive: user.mfaActive,
      accessKey1: slot(first),
      accessKey2: slot(second),
    };
  });
  return { generatedAt: report.generatedAt, ...(report.root ? { root: report.root } : {}), users: rows };
}

async function readPasswordPolicy(iam: IAMClient): Promise<PasswordPolicySettings | null> {
  try {
    const { PasswordPolicy: p } = await iam.send(new GetAccountPasswordPolicyCommand({}));
    return {
      ...(p?.MinimumPasswordLength !== undefined ? { minimumPasswordLength: p.MinimumPasswordLength } : {}),
      ...(p?.PasswordReusePrevention !== undefined ? { passwordReusePrevention: p.PasswordReusePrevention } : {}),
    };
  } catch (error) {
    // An account that never set a policy answers NoSuchEntity.
    if (error instanceof NoSuchEntityException) return null;
    throw error;
  }
}

/**
 * GenerateCredentialReport starts a report (or reuses one younger than four hours) and says
 * STARTED, INPROGRESS or COMPLETE; it is called again until COMPLETE, then GetCredentialReport
 * returns it. https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 */
async function readCredentialReport(iam: IAMClient, timeoutMs: number, fresh?: () => Promise<string>): Promise<CredentialReport> {
  if (fresh) {
    // Asking for IAM's copy proves the caller may read the report; whether there is one (or
    // it is old) does not matter, and nothing is generated, so reading stays a read.
    try {
      await iam.send(new GetCredentialReportCommand({}));
    } catch (error) {
      if (!/^CredentialReport(NotPresent|Expired|NotReady)Exception$/.test((error as { name?: string }).name ?? '')) throw error;
    }
    return { generatedAt: new Date(), ...parseCredentialReport(await fresh()) };
  }
  const deadline = Date.now() + timeoutMs;
  let wait = 200;
  for (;;) {
    const { State } = await iam.send(new GenerateCredentialReportCommand({}));
    if (State === 'COMPLETE') {
      try {
        const report = await iam.send(new GetCredentialReportCommand({}));
        // The SDK has already decoded the Base64 of Content into bytes.
        const csv = Buffer.from(report.Content ?? new Uint8Array()).toString('utf8');
        return { generatedAt: report.GeneratedTime ?? new Date(), ...parseCredentialReport(csv) };
      } catch (error) {
        // Another caller may have started a new report between the two calls.
        if ((error as { name?: string }).name !== 'CredentialReportNotReadyException') throw error;
      }
    }
    if (Date.now() + wait > deadline) throw new Error(`IAM did not finish the credential report within ${Math.round(timeoutMs / 1000)} seconds; try again later.`);
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait = Math.min(wait * 2, 2000);
  }
}

const ROOT_ACCOUNT = '<root_account>';

/**
 * The report's CSV, typed: `<root_account>` apart, the IAM users in order. Booleans are read
 * whatever their case (AWS writes true/false); N/A, no_information and not_supported become
 * absent times.
 */
export function parseCredentialReport(csv: string): { root?: CredentialReportRow; users: CredentialReportRow[] } {
  const records = parse(csv, { columns: true, skip_empty_lines: true, trim: true }) as Record<string, string | undefined>[];
  const rows = records.map(toRow);
  const root = rows.find((r) => r.user === ROOT_ACCOUNT);
  return { ...(root ? { root } : {}), users: rows.filter((r) => r.user !== ROOT_ACCOUNT) };
}

function toRow(record: Record<string, string | undefined>): CredentialReportRow {
  const key = (n: 1 | 2): ReportedAccessKey => ({
    active: flag(record[`access_key_${n}_active`]),
    ...time('lastRotated', record[`access_key_${n}_last_rotated`]),
    ...time('lastUsed', record[`access_key_${n}_last_used_date`]),
  });
  return {
    user: record.user ?? '',
    arn: record.arn ?? '',
    ...time('userCreationTime', record.user_creation_time),
    passwordEnabled: flag(record.password_enabled),
    ...time('passwordLastUsed', record.password_last_used),
    ...time('passwordLastChanged', record.password_last_changed),
    mfaActive: flag(record.mfa_active),
    accessKey1: key(1),
    accessKey2: key(2),
  };
}

function flag(value: string | undefined): boolean {
  return value?.toLowerCase() === 'true';
}

/** `{ [name]: Date }` for a time, `{}` for N/A, no_information, not_supported or anything unreadable. */
function time<K extends string>(name: K, value: string | undefined): { [P in K]?: Date } {
  if (!value || !/^\d{4}-\d{2}-\d{2}T/.test(value)) return {};
  const t = Date.parse(value);
  return Number.isNaN(t) ? {} : ({ [name]: new Date(t) } as { [P in K]?: Date });
}

function accountIdOf(arn: string): string | undefined {
  return /^arn:[\w-]+:iam::(\d{12}):/.exec(arn)?.[1];
}

async function readUser(paging: Pager, user: User, done: (activity: string) => void, more: (n: number) => void): Promise<UserSnapshot> {
  const iam = paging.client;
  const userName = user.UserName ?? '';
  const groups: string[] = [];
  for await (const page of paginateListGroupsForUser(paging, { UserName: userName })) groups.push(...(page.Groups ?? []).map((g) => g.GroupName ?? ''));
  done(`Read the groups of ${userName}`);
  const attachedPolicies: string[] = [];
  for await (const page of paginateListAttachedUserPolicies(paging, { UserName: userName })) attachedPolicies.push(...(page.AttachedPolicies ?? []).map((p) => p.PolicyName ?? ''));
  done(`Read the attached policies of ${userName}`);
  const inlinePolicies: string[] = [];
  for await (const page of paginateListUserPolicies(paging, { UserName: userName })) inlinePolicies.push(...(page.PolicyNames ?? []));
  done(`Read the inline policies of ${userName}`);
  const keys: { AccessKeyId?: string; Status?: string; CreateDate?: Date }[] = [];
  for await (const page of paginateListAccessKeys(paging, { UserName: userName })) keys.push(...(page.AccessKeyMetadata ?? []));
  more(keys.length);
  done(`Read the access keys of ${userName}`);
  const loginProfileCreateDate = await readLoginProfileDate(iam, userName);
  done(`Read the console password of ${userName}`);
  let mfaActive = false;
  for await (const page of paginateListMFADevices(paging, { UserName: userName })) mfaActive ||= (page.MFADevices ?? []).length > 0;
  done(`Read the MFA devices of ${userName}`);
  const accessKeys: AccessKeySnapshot[] = [];
  for (const key of keys) {
    const { AccessKeyLastUsed } = await iam.send(new GetAccessKeyLastUsedCommand({ AccessKeyId: key.AccessKeyId }));
    done(`Read when ${key.AccessKeyId} was last used`);
    accessKeys.push({
      accessKeyId: key.AccessKeyId ?? '',
      active: key.Status === 'Active',
      createDate: key.CreateDate ?? new Date(0),
      ...(AccessKeyLastUsed?.LastUsedDate ? { lastUsed: AccessKeyLastUsed.LastUsedDate } : {}),
    });
  }
  return {
    userName,
    arn: user.Arn ?? '',
    createDate: user.CreateDate ?? new Date(0),
    groups,
    attachedPolicies,
    inlinePolicies,
    accessKeys,
    ...(loginProfileCreateDate ? { loginProfileCreateDate } : {}),
    ...(user.PasswordLastUsed ? { passwordLastUsed: user.PasswordLastUsed } : {}),
    mfaActive,
  };
}

/** When the user's console password was created, or undefined when it has none (NoSuchEntity). */
async function readLoginProfileDate(iam: IAMClient, userName: string): Promise<Date | undefined> {
  try {
    const { LoginProfile } = await iam.send(new GetLoginProfileCommand({ UserName: userName }));
    return LoginProfile?.CreateDate ?? new Date(0);
  } catch (error) {
    if (error instanceof NoSuchEntityException) return undefined;
    throw error;
  }
}

interface Pager {
  client: IAMClient;
  pageSize?: number;
}

function pager(client: IAMClient, options: GatherOptions): Pager {
  return { client, ...(options.pageSize ? { pageSize: options.pageSize } : {}) };
}

/** `fn` over `items` with at most `limit` in flight, results in the items' order. */
async function mapConcurrently<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
