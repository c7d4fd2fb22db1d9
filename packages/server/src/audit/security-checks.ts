import type { AccessKeySnapshot, AccountSnapshot, CredentialReportRow, UserSnapshot } from './account-snapshot.js';

/**
 * The Security Status checks: the five of the IAM console dashboard's security status
 * (https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html) and the IAM controls of
 * the CIS AWS Foundations Benchmark v3.0.0 that IAM's own API can decide. Pure: a function of
 * an account snapshot and the time, so the console and `gatehouse audit` show the same results.
 *
 * Not checked: CIS 1.1–1.3 (contact details and security questions live outside IAM), 1.6
 * (hardware MFA for root), 1.17 onwards (support role, instance roles, certificates, Access
 * Analyzer, federation, CloudShell).
 */

export type CheckStatus = 'pass' | 'fail';

/** Security Hub's severities; a check with no Security Hub control has the one nearest in kind. */
export type CheckSeverity = 'critical' | 'high' | 'medium' | 'low';

export interface CheckReference {
  /** e.g. "CIS AWS Foundations Benchmark v3.0.0" */
  readonly source: string;
  /** the control's number or name in that source, e.g. "1.12" or "IAM.22" */
  readonly control: string;
  readonly url: string;
}

export interface SecurityCheck {
  /** stable: scripts and SARIF rules refer to it */
  readonly id: string;
  readonly title: string;
  readonly severity: CheckSeverity;
  readonly references: readonly CheckReference[];
  /** what to do when the check fails, in one sentence */
  readonly remediation: string;
}

export interface CheckResult extends SecurityCheck {
  readonly status: CheckStatus;
  /** one line in plain words, naming what offends */
  readonly finding: string;
  /** ARNs, names or access key ids of what makes the check fail; empty when it passes */
  readonly resources: readonly string[];
}

interface Outcome {
  readonly passed: boolean;
  readonly finding: string;
  readonly resources?: readonly string[];
}

interface CheckDefinition extends SecurityCheck {
  evaluate(snapshot: AccountSnapshot, now: Date): Outcome;
}

const DAY_MS = 24 * 60 * 60 * 1000;
/** CIS 1.12: credentials unused for 45 days or more. */
export const UNUSED_CREDENTIAL_DAYS = 45;
/** CIS 1.14: access keys rotated every 90 days or less. */
export const KEY_ROTATION_DAYS = 90;
/** CIS 1.7 names no period; use within the last 30 days is read as regular use. */
export const ROOT_RECENT_USE_DAYS = 30;
/** CIS 1.8 */
export const MIN_PASSWORD_LENGTH = 14;
/** CIS 1.9: the benchmark's audit expects PasswordReusePrevention 24, IAM's maximum. */
export const PASSWORD_REUSE_PREVENTION = 24;
/** IAM's own minimum when the account has no password policy. */
const IAM_DEFAULT_PASSWORD_LENGTH = 8;

const CIS = 'CIS AWS Foundations Benchmark v3.0.0';
const CIS_URL = 'https://www.cisecurity.org/benchmark/amazon_web_services';
const DASHBOARD = 'IAM dashboard security status';
const SECURITY_HUB = 'AWS Security Hub';
const SECURITY_HUB_URL = 'https://docs.aws.amazon.com/securityhub/latest/userguide/iam-controls.html';
const ROOT_USER_URL = 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_root-user.html';
const cis = (control: string): CheckReference => ({ source: CIS, control, url: CIS_URL });
const hub = (control: string): CheckReference => ({ source: SECURITY_HUB, control, url: `${SECURITY_HUB_URL}#${control.toLowerCase().replace('.', '-')}` });
const dashboard = (control: string, url: string): CheckReference => ({ source: DASHBOARD, control, url });

const CHECKS: readonly CheckDefinition[] = [
  {
    id: 'root-access-keys',
    title: 'The root user has no access keys',
    severity: 'critical',
    references: [dashboard('Delete your root access keys', ROOT_USER_URL), cis('1.4'), hub('IAM.4')],
    remediation: 'Sign in as the root user and delete its access keys (Security credentials); give programs IAM users or roles instead.',
    evaluate(s) {
      if (!s.rootAccessKeysPresent) return { passed: true, finding: 'The root user has no access keys.' };
      const root = s.credentialReport.root;
      const active = root ? [root.accessKey1, root.accessKey2].filter((k) => k.active).length : undefined;
      const detail = active === undefined ? 'access keys' : active === 0 ? 'access keys, all inactive' : `${plural(active, 'active access key')}`;
      return { passed: false, finding: `The root user has ${detail}.`, resources: [rootArn(s)] };
    },
  },
  {
    id: 'root-mfa',
    title: 'The root user has MFA',
    severity: 'critical',
    references: [dashboard('Activate MFA on your root account', ROOT_USER_URL), cis('1.5'), hub('IAM.9')],
    remediation: 'Sign in as the root user and assign it an MFA device (Security credentials, Assign MFA device).',
    evaluate(s) {
      return s.rootMfaEnabled ? { passed: true, finding: 'The root user has an MFA device.' } : { passed: false, finding: 'The root user has no MFA device: its password alone signs in.', resources: [rootArn(s)] };
    },
  },
  {
    id: 'individual-iam-users',
    title: 'People work as individual IAM users, not as the root user',
    severity: 'medium',
    references: [dashboard('Create individual IAM users', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html')],
    remediation: 'Create an IAM user (or a role to assume) for each person and program, and keep the root user for the tasks only it can do.',
    evaluate(s) {
      const n = s.users.length;
      return n > 0
        ? { passed: true, finding: `The account has ${plural(n, 'IAM user')}, so no one needs to work as the root user.` }
        : { passed: false, finding: 'The account has no IAM users: whoever works in it signs in as the root user.', resources: [rootArn(s)] };
    },
  },
  {
    id: 'groups-for-permissions',
    title: 'Every IAM user gets its permissions from groups',
    severity: 'low',
    references: [dashboard('Use groups to assign permissions', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html')],
    remediation: 'Create a group for each job function, attach the policies to the groups, and add every user to the groups it needs.',
    evaluate(s) {
      if (s.users.length === 0) return { passed: true, finding: 'There are no IAM users to put in groups.' };
      const alone = s.users.filter((u) => u.groups.length === 0);
      if (alone.length === 0) return { passed: true, finding: s.users.length === 1 ? 'The one IAM user belongs to a group.' : `All ${s.users.length} IAM users belong to at least one group.` };
      return { passed: false, finding: `${plural(alone.length, 'IAM user')} ${alone.length === 1 ? 'belongs' : 'belong'} to no group: ${names(alone.map((u) => u.userName))}.`, resources: alone.map((u) => u.arn) };
    },
  },
  {
    id: 'password-policy',
    title: 'The account has a password policy',
    severity: 'medium',
    references: [dashboard('Apply an IAM password policy', 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_passwords_account-policy.html')],
    remediation: `Set a password policy (IAM Account settings, or aws iam update-account-password-policy) that requires at least ${MIN_PASSWORD_LENGTH} characters and prevents reuse of the last ${PASSWORD_REUSE_PREVENTION} passwords (CIS 1.8 and 1.9).`,
    evaluate(s) {
      return s.passwordPolicy
        ? { passed: true, finding: 'The account has a password policy.' }
        : { passed: false, finding: `The account has no password policy: IAM users' passwords need only meet IAM's default rules (${IAM_DEFAULT_PASSWORD_LENGTH} characters).` };
    },
  },
  {
    id: 'cis-1.7-root-usage',
    title: 'The root user is not used for everyday tasks',
    severity: 'medium',
    references: [cis('1.7')],
    remediation: "Do administrative and daily work as IAM users or roles; keep the root user for the few tasks that need it, and change its password if you do not recognise its use.",
    evaluate(s, now) {
      const root = s.credentialReport.root;
      if (!root) return { passed: true, finding: 'The credential report has no root user row, so no use of the root user is recorded.' };
      const uses = [
        { what: 'signed in with its password', at: root.passwordLastUsed },
        { what: 'used access key 1', at: root.accessKey1.lastUsed },
        { what: 'used access key 2', at: root.accessKey2.lastUsed },
      ].filter((u): u is { what: string; at: Date } => u.at !== undefined);
      const recent = uses.filter((u) => daysBetween(u.at, now) < ROOT_RECENT_USE_DAYS).sort((a, b) => b.at.getTime() - a.at.getTime());
      const last = recent[0];
      if (last) return { passed: false, finding: `The root user ${last.what} ${ago(last.at, now)}, within the last ${ROOT_RECENT_USE_DAYS} days.`, resources: [root.arn] };
      const latest = uses.sort((a, b) => b.at.getTime() - a.at.getTime())[0];
      return { passed: true, finding: latest ? `The root user was last used ${ago(latest.at, now)}.` : 'The credential report records no use of the root user.' };
    },
  },
  {
    id: 'cis-1.8-password-length',
    title: `The password policy requires at least ${MIN_PASSWORD_LENGTH} characters`,
    severity: 'medium',
    references: [cis('1.8'), hub('IAM.15')],
    remediation: `Set the password policy's minimum length to ${MIN_PASSWORD_LENGTH} or more (aws iam update-account-password-policy --minimum-password-length ${MIN_PASSWORD_LENGTH}, with your other settings: the call replaces the whole policy).`,
    evaluate(s) {
      const p = s.passwordPolicy;
      if (!p) return { passed: false, finding: `There is no password policy, so passwords need only IAM's default ${IAM_DEFAULT_PASSWORD_LENGTH} characters.` };
      const length = p.minimumPasswordLength ?? IAM_DEFAULT_PASSWORD_LENGTH;
      return length >= MIN_PASSWORD_LENGTH
        ? { passed: true, finding: `The password policy requires at least ${length} characters.` }
        : { passed: false, finding: `The password policy requires only ${length} characters; ${MIN_PASSWORD_LENGTH} or more are needed.` };
    },
  },
  {
    id: 'cis-1.9-password-reuse',
    title: `The password policy prevents reuse of the last ${PASSWORD_REUSE_PREVENTION} passwords`,
    severity: 'low',
    references: [cis('1.9'), hub('IAM.16')],
    remediation: `Set the password policy to remember ${PASSWORD_REUSE_PREVENTION} passwords (aws iam update-account-password-policy --password-reuse-prevention ${PASSWORD_REUSE_PREVENTION}, with your other settings).`,
    evaluate(s) {
      const p = s.passwordPolicy;
      if (!p) return { passed: false, finding: 'There is no password policy, so a user may reuse any earlier password.' };
      const n = p.passwordReusePrevention;
      if (n === undefined) return { passed: false, finding: 'The password policy does not prevent password reuse.' };
      return n >= PASSWORD_REUSE_PREVENTION
        ? { passed: true, finding: `The password policy prevents reuse of the last ${n} passwords.` }
        : { passed: false, finding: `The password policy prevents reuse of only the last ${plural(n, 'password')}; ${PASSWORD_REUSE_PREVENTION} are needed.` };
    },
  },
  {
    id: 'cis-1.10-mfa-console-users',
    title: 'Every IAM user with a console password has MFA',
    severity: 'medium',
    references: [cis('1.10'), hub('IAM.5')],
    remediation: 'Have each listed user assign an MFA device (or assign one for them), or remove the console password of users who do not sign in.',
    evaluate(s) {
      const withPassword = s.credentialReport.users.filter((r) => r.passwordEnabled);
      if (withPassword.length === 0) return { passed: true, finding: 'No IAM user has a console password.' };
      const without = withPassword.filter((r) => !r.mfaActive);
      if (without.length === 0) return { passed: true, finding: withPassword.length === 1 ? 'The one IAM user with a console password has MFA.' : `All ${withPassword.length} IAM users with a console password have MFA.` };
      return { passed: false, finding: `${plural(without.length, 'IAM user')} with a console password ${without.length === 1 ? 'has' : 'have'} no MFA: ${names(without.map((r) => r.user))}.`, resources: without.map((r) => r.arn) };
    },
  },
  {
    id: 'cis-1.11-keys-at-setup',
    title: 'Console users were not given access keys they never used',
    severity: 'low',
    references: [cis('1.11')],
    remediation: 'Delete the listed keys; a user who needs an access key creates it when needed.',
    evaluate(s) {
      // The benchmark's command-line audit: a console password and an active key never used
      // mean the key was handed out with the user rather than asked for.
      const offenders: string[] = [];
      const found: string[] = [];
      for (const row of s.credentialReport.users.filter((r) => r.passwordEnabled)) {
        const keys = accessKeysOf(s, row);
        for (const key of keys.filter((k) => k.active && !k.lastUsed)) {
          offenders.push(key.accessKeyId);
          found.push(`${row.user}'s ${key.accessKeyId}`);
        }
      }
      return offenders.length === 0
        ? { passed: true, finding: 'No IAM user with a console password has an active access key that was never used.' }
        : { passed: false, finding: `${plural(found.length, 'active access key')} of console users ${found.length === 1 ? 'has' : 'have'} never been used: ${names(found)}.`, resources: offenders };
    },
  },
  {
    id: 'cis-1.12-unused-credentials',
    title: `Credentials unused for ${UNUSED_CREDENTIAL_DAYS} days or more are disabled`,
    severity: 'medium',
    references: [cis('1.12'), hub('IAM.22')],
    remediation: 'Remove the console password and deactivate or delete the access keys listed (aws iam delete-login-profile, aws iam update-access-key --status Inactive).',
    evaluate(s, now) {
      // The benchmark's audit: a password or active key last used 45 days ago or more; one never
      // used counts from when it was set (the password's last change, the key's creation).
      const stale: string[] = [];
      const resources: string[] = [];
      for (const row of s.credentialReport.users) {
        if (!row.passwordEnabled) continue;
        const since = row.passwordLastUsed ?? row.passwordLastChanged ?? row.userCreationTime;
        if (since && daysBetween(since, now) >= UNUSED_CREDENTIAL_DAYS) {
          stale.push(`${row.user}'s console password (${row.passwordLastUsed ? `last used ${ago(row.passwordLastUsed, now)}` : `never used, set ${ago(since, now)}`})`);
          resources.push(row.arn);
        }
      }
      for (const user of s.users) {
        for (const key of user.accessKeys.filter((k) => k.active)) {
          const since = key.lastUsed ?? key.createDate;
          if (daysBetween(since, now) >= UNUSED_CREDENTIAL_DAYS) {
            stale.push(`${user.userName}'s access key ${key.accessKeyId} (${key.lastUsed ? `last used ${ago(key.lastUsed, now)}` : `never used, created ${ago(key.createDate, now)}`})`);
            resources.push(key.accessKeyId);
          }
        }
      }
      return stale.length === 0
        ? { passed: true, finding: `Every console password and active access key was used in the last ${UNUSED_CREDENTIAL_DAYS} days, or is newer than that.` }
        : { passed: false, finding: `${plural(stale.length, 'credential')} unused for ${UNUSED_CREDENTIAL_DAYS} days or more: ${names(stale)}.`, resources };
    },
  },
  {
    id: 'cis-1.13-one-active-key',
    title: 'No IAM user has more than one active access key',
    severity: 'medium',
    references: [cis('1.13')],
    remediation: 'Keep one active key per user: deactivate the others once nothing uses them (aws iam update-access-key --status Inactive).',
    evaluate(s) {
      const offenders = s.users.map((u) => ({ user: u, active: u.accessKeys.filter((k) => k.active) })).filter((o) => o.active.length > 1);
      return offenders.length === 0
        ? { passed: true, finding: 'No IAM user has more than one active access key.' }
        : {
            passed: false,
            finding: `${plural(offenders.length, 'IAM user')} ${offenders.length === 1 ? 'has' : 'have'} more than one active access key: ${names(offenders.map((o) => `${o.user.userName} (${o.active.map((k) => k.accessKeyId).join(', ')})`))}.`,
            resources: offenders.map((o) => o.user.arn),
          };
    },
  },
  {
    id: 'cis-1.14-key-rotation',
    title: `Active access keys are rotated every ${KEY_ROTATION_DAYS} days or less`,
    severity: 'medium',
    references: [cis('1.14'), hub('IAM.3')],
    remediation: 'Rotate each listed key: create a second key, move its users to it, then deactivate and delete the old one.',
    evaluate(s, now) {
      const old = s.users.flatMap((u) => u.accessKeys.filter((k) => k.active && daysBetween(k.createDate, now) > KEY_ROTATION_DAYS).map((k) => ({ user: u, key: k })));
      return old.length === 0
        ? { passed: true, finding: `Every active access key is ${KEY_ROTATION_DAYS} days old or newer.` }
        : {
            passed: false,
            finding: `${plural(old.length, 'active access key')} ${old.length === 1 ? 'is' : 'are'} older than ${KEY_ROTATION_DAYS} days: ${names(old.map((o) => `${o.user.userName}'s ${o.key.accessKeyId} (created ${ago(o.key.createDate, now)})`))}.`,
            resources: old.map((o) => o.key.accessKeyId),
          };
    },
  },
  {
    id: 'cis-1.15-permissions-through-groups',
    title: 'IAM users receive permissions only through groups',
    severity: 'low',
    references: [cis('1.15'), hub('IAM.2')],
    remediation: "Move each listed user's policies to a group the user belongs to, then detach or delete them from the user.",
    evaluate(s) {
      const direct = s.users.filter((u) => u.attachedPolicies.length > 0 || u.inlinePolicies.length > 0);
      const describe = (u: UserSnapshot) =>
        `${u.userName} (${[u.attachedPolicies.length > 0 ? `attached: ${u.attachedPolicies.join(', ')}` : '', u.inlinePolicies.length > 0 ? `inline: ${u.inlinePolicies.join(', ')}` : ''].filter(Boolean).join('; ')})`;
      return direct.length === 0
        ? { passed: true, finding: 'No IAM user has policies of its own.' }
        : { passed: false, finding: `${plural(direct.length, 'IAM user')} ${direct.length === 1 ? 'has' : 'have'} policies of ${direct.length === 1 ? 'its' : 'their'} own: ${names(direct.map(describe))}.`, resources: direct.map((u) => u.arn) };
    },
  },
  {
    id: 'cis-1.16-full-admin-policies',
    title: 'No customer managed policy allows "*" actions on "*" resources',
    severity: 'high',
    references: [cis('1.16'), hub('IAM.1')],
    remediation: 'Replace the listed policies with ones that allow only the actions and resources needed, or use the AWS managed AdministratorAccess where full access is truly meant.',
    evaluate(s) {
      const admin = s.customerManagedPolicies.filter((p) => grantsFullAdministration(p.document));
      const where = (n: number) => (n === 0 ? 'not attached' : `attached to ${plural(n, 'entity', 'entities')}`);
      return admin.length === 0
        ? { passed: true, finding: s.customerManagedPolicies.length === 0 ? 'The account has no customer managed policies.' : `No customer managed policy (of ${s.customerManagedPolicies.length}) allows full "*:*" administrative privileges.` }
        : {
            passed: false,
            finding: `${plural(admin.length, 'customer managed policy', 'customer managed policies')} ${admin.length === 1 ? 'allows' : 'allow'} full "*:*" administrative privileges: ${names(admin.map((p) => `${p.policyName} (${where(p.attachmentCount)})`))}.`,
            resources: admin.map((p) => p.arn),
          };
    },
  },
];

/** The checks without their results: for SARIF's rules and the console's list. */
export const SECURITY_CHECKS: readonly SecurityCheck[] = CHECKS.map(({ evaluate: _evaluate, ...check }) => check);

export function runSecurityChecks(snapshot: AccountSnapshot, now: Date): CheckResult[] {
  return CHECKS.map(({ evaluate, ...check }) => {
    const outcome = evaluate(snapshot, now);
    return { ...check, status: outcome.passed ? 'pass' : 'fail', finding: outcome.finding, resources: outcome.passed ? [] : [...(outcome.resources ?? [])] };
  });
}

/**
 * CIS 1.16 and Security Hub IAM.1: a statement with "Effect": "Allow", "Action": "*" (or
 * "*:*") and "Resource": "*", without a condition. Read from the JSON itself rather than a
 * stricter parser so a document IAM accepted is never skipped.
 */
export function grantsFullAdministration(document: string): boolean {
  let json: unknown;
  try {
    json = JSON.parse(document);
  } catch {
    return false;
  }
  if (typeof json !== 'object' || json === null) return false;
  const statement = (json as { Statement?: unknown }).Statement;
  const statements = Array.isArray(statement) ? statement : [statement];
  const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  return statements.some((st) => {
    if (typeof st !== 'object' || st === null) return false;
    const s = st as Record<string, unknown>;
    const hasCondition = typeof s.Condition === 'object' && s.Condition !== null && Object.keys(s.Condition).length > 0;
    return s.Effect === 'Allow' && list(s.Action).some((a) => a === '*' || a === '*:*') && list(s.Resource).includes('*') && !hasCondition;
  });
}

/** The access keys of a credential report row's user, from the live key list when there is one. */
function accessKeysOf(s: AccountSnapshot, row: CredentialReportRow): readonly AccessKeySnapshot[] {
  return s.users.find((u) => u.arn === row.arn || u.userName === row.user)?.accessKeys ?? [];
}

function rootArn(s: AccountSnapshot): string {
  return s.credentialReport.root?.arn ?? (s.accountId ? `arn:aws:iam::${s.accountId}:root` : 'root');
}

function daysBetween(then: Date, now: Date): number {
  return Math.floor((now.getTime() - then.getTime()) / DAY_MS);
}

/** "today (2025-01-02)", "1 day ago, on 2025-01-01", "120 days ago, on 2024-09-04" */
function ago(then: Date, now: Date): string {
  const days = daysBetween(then, now);
  const date = then.toISOString().slice(0, 10);
  if (days <= 0) return `today (${date})`;
  return `${plural(days, 'day')} ago, on ${date}`;
}

function plural(n: number, singular: string, pluralForm = `${singular}s`): string {
  return `${n} ${n === 1 ? singular : pluralForm}`;
}

function names(items: readonly string[]): string {
  return items.join(', ');
}
