import { stringify } from 'csv-stringify/sync';
import type { Kysely } from 'kysely';
import { securityKeyOwners } from '../storage/repositories/security-keys.js';
import type { Database } from '../storage/schema.js';

/**
 * IAM's credential report, column by column as AWS writes it:
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_getting-report.html
 * The first row is the account's root user, named `<root_account>`; then every IAM user.
 */
export const CREDENTIAL_REPORT_COLUMNS = [
  'user',
  'arn',
  'user_creation_time',
  'password_enabled',
  'password_last_used',
  'password_last_changed',
  'password_next_rotation',
  'mfa_active',
  'access_key_1_active',
  'access_key_1_last_rotated',
  'access_key_1_last_used_date',
  'access_key_1_last_used_region',
  'access_key_1_last_used_service',
  'access_key_2_active',
  'access_key_2_last_rotated',
  'access_key_2_last_used_date',
  'access_key_2_last_used_region',
  'access_key_2_last_used_service',
  'cert_1_active',
  'cert_1_last_rotated',
  'cert_2_active',
  'cert_2_last_rotated',
] as const;

export type CredentialReportColumn = (typeof CREDENTIAL_REPORT_COLUMNS)[number];

/** One line of the report, every value the text AWS writes (`true`, `N/A`, a time...). */
export type CredentialReportRow = Readonly<Record<CredentialReportColumn, string>>;

export const ROOT_ACCOUNT_USER = '<root_account>';

// The doc's words for what a field cannot hold: N/A where it does not apply (no password, no
// key, a key never used), no_information where a password exists but no use of it is known,
// not_supported for what the root user does not have in IAM's model.
const NA = 'N/A';
const NO_INFORMATION = 'no_information';
const NOT_SUPPORTED = 'not_supported';
const DAY_MS = 24 * 60 * 60 * 1000;

interface KeyFacts {
  readonly status: 'Active' | 'Inactive';
  readonly created_at: string;
  readonly last_used_at: string | null;
  readonly last_used_region: string | null;
  readonly last_used_service: string | null;
}

/**
 * The report's rows for one account, read from `db` (the database or an open transaction):
 * the root user's row first, then the IAM users in name order.
 */
export async function credentialReportRows(db: Kysely<Database>, accountId: string): Promise<CredentialReportRow[]> {
  const account = await db.selectFrom('accounts').select(['id', 'created_at', 'root_password_last_used']).where('id', '=', accountId).executeTakeFirstOrThrow();
  const policy = await db.selectFrom('password_policies').select('max_password_age').where('account_id', '=', accountId).executeTakeFirst();
  const users = await db
    .selectFrom('users')
    .leftJoin('login_profiles', 'login_profiles.user_id', 'users.id')
    .select(['users.id', 'users.name', 'users.path', 'users.created_at', 'users.password_last_used', 'login_profiles.password_changed_at'])
    .where('users.account_id', '=', accountId)
    .orderBy('users.name_key')
    .orderBy('users.name')
    .execute();
  const keys = await db
    .selectFrom('access_keys')
    .select(['user_id', 'status', 'created_at', 'last_used_at', 'last_used_region', 'last_used_service'])
    .where('account_id', '=', accountId)
    // key 1 is the older of a user's two keys
    .orderBy('created_at')
    .orderBy('id')
    .execute();
  const mfa = await db
    .selectFrom('mfa_devices')
    .select(['user_id', 'assigned_to_root'])
    .where('account_id', '=', accountId)
    .where('enabled_at', 'is not', null)
    .execute();

  const keysOf = new Map<string | null, KeyFacts[]>();
  for (const key of keys) {
    const list = keysOf.get(key.user_id) ?? [];
    list.push(key);
    keysOf.set(key.user_id, list);
  }
  // Security keys (WebAuthn, registered in the console) are MFA devices as virtual ones are.
  const keyOwners = await securityKeyOwners(db, accountId);
  const usersWithMfa = new Set([...mfa, ...keyOwners].map((d) => d.user_id));
  const rootHasMfa = [...mfa, ...keyOwners].some((d) => d.assigned_to_root === 1);
  const maxPasswordAge = policy?.max_password_age ?? null;

  const root: CredentialReportRow = {
    user: ROOT_ACCOUNT_USER,
    arn: `arn:aws:iam::${account.id}:root`,
    user_creation_time: reportTime(account.created_at),
    password_enabled: NOT_SUPPORTED,
    // The root user's last console sign-in; never signed in is the doc's "no sign-in data".
    password_last_used: account.root_password_last_used ? reportTime(account.root_password_last_used) : NO_INFORMATION,
    password_last_changed: NOT_SUPPORTED,
    password_next_rotation: NOT_SUPPORTED,
    mfa_active: flag(rootHasMfa),
    ...keyColumns(keysOf.get(null) ?? []),
    ...NO_CERTIFICATES,
  };
  const rows = users.map((user): CredentialReportRow => {
    const changedAt = user.password_changed_at;
    return {
      user: user.name,
      arn: `arn:aws:iam::${account.id}:user${user.path}${user.name}`,
      user_creation_time: reportTime(user.created_at),
      password_enabled: flag(changedAt !== null),
      // IAM keeps a password's last use after the password is deleted (GetUser still answers
      // PasswordLastUsed); a password never used reads no_information, no password N/A.
      password_last_used: user.password_last_used ? reportTime(user.password_last_used) : changedAt !== null ? NO_INFORMATION : NA,
      password_last_changed: changedAt !== null ? reportTime(changedAt) : NA,
      // Only a password policy with MaxPasswordAge makes passwords rotate.
      password_next_rotation: changedAt !== null && maxPasswordAge !== null ? reportTime(new Date(Date.parse(changedAt) + maxPasswordAge * DAY_MS).toISOString()) : NA,
      mfa_active: flag(usersWithMfa.has(user.id)),
      ...keyColumns(keysOf.get(user.id) ?? []),
      ...NO_CERTIFICATES,
    };
  });
  return [root, ...rows];
}

/** The report as IAM serves it: CSV with a header line, lines ending in \n, none after the last. */
export function credentialReportCsv(rows: readonly CredentialReportRow[]): string {
  return stringify(
    rows.map((row) => CREDENTIAL_REPORT_COLUMNS.map((column) => row[column])),
    { header: true, columns: [...CREDENTIAL_REPORT_COLUMNS], record_delimiter: 'unix', eof: false },
  );
}

export async function buildCredentialReport(db: Kysely<Database>, accountId: string): Promise<string> {
  return credentialReportCsv(await credentialReportRows(db, accountId));
}

/**
 * A user's two access key slots. A key's rotation time is when it was created (IAM keys are
 * never re-keyed); an inactive key still shows it, as AWS's reports do. Last use is N/A for a
 * key never used, and so are its region and service.
 */
function keyColumns(keys: readonly KeyFacts[]) {
  const [first, second] = keys;
  const slot = (key: KeyFacts | undefined) => ({
    active: flag(key?.status === 'Active'),
    last_rotated: key ? reportTime(key.created_at) : NA,
    last_used_date: key?.last_used_at ? reportTime(key.last_used_at) : NA,
    last_used_region: (key?.last_used_at && key.last_used_region) || NA,
    last_used_service: (key?.last_used_at && key.last_used_service) || NA,
  });
  const one = slot(first);
  const two = slot(second);
  return {
    access_key_1_active: one.active,
    access_key_1_last_rotated: one.last_rotated,
    access_key_1_last_used_date: one.last_used_date,
    access_key_1_last_used_region: one.last_used_region,
    access_key_1_last_used_service: one.last_used_service,
    access_key_2_active: two.active,
    access_key_2_last_rotated: two.last_rotated,
    access_key_2_last_used_date: two.last_used_date,
    access_key_2_last_used_region: two.last_used_region,
    access_key_2_last_used_service: two.last_used_service,
  };
}

// Gatehouse has no X.509 signing certificates: every row reads as a user without any.
const NO_CERTIFICATES = { cert_1_active: 'false', cert_1_last_rotated: NA, cert_2_active: 'false', cert_2_last_rotated: NA } as const;

function flag(value: boolean): string {
  return value ? 'true' : 'false';
}

/** ISO 8601 to the second with an explicit UTC offset, as the report writes times: 2015-02-23T00:34:01+00:00. */
export function reportTime(iso: string): string {
  return `${new Date(iso).toISOString().slice(0, 19)}+00:00`;
}
