import type { Insertable, Selectable, Updateable } from 'kysely';

/**
 * The one schema, shared by SQLite and PostgreSQL. Column types are chosen to mean the same
 * thing on both: ids and timestamps are text (ISO 8601 UTC, which sorts correctly as text),
 * booleans are integers 0/1, secrets are base64 text of their ciphertext.
 */
export interface Database {
  accounts: AccountsTable;
  password_policies: PasswordPoliciesTable;
  users: UsersTable;
  groups: GroupsTable;
  group_members: GroupMembersTable;
  tags: TagsTable;
  access_keys: AccessKeysTable;
  login_profiles: LoginProfilesTable;
  password_history: PasswordHistoryTable;
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  policy_attachments: PolicyAttachmentsTable;
  inline_policies: InlinePoliciesTable;
  roles: RolesTable;
  instance_profiles: InstanceProfilesTable;
  instance_profile_roles: InstanceProfileRolesTable;
  mfa_devices: MfaDevicesTable;
  settings: SettingsTable;
  sessions: SessionsTable;
  workload_tokens: WorkloadTokensTable;
  oidc_providers: OidcProvidersTable;
  credential_reports: CredentialReportsTable;
  events: EventsTable;
  event_resources: EventResourcesTable;
  event_chains: EventChainsTable;
  event_digests: EventDigestsTable;
  last_accessed: LastAccessedTable;
  last_accessed_jobs: LastAccessedJobsTable;
  console_sessions: ConsoleSessionsTable;
  console_sign_in_failures: ConsoleSignInFailuresTable;
  security_keys: SecurityKeysTable;
}

/**
 * A web console session (console-api/sessions.ts). The cookie's token and the CSRF token are
 * kept only as their SHA-256. `pending` while MFA or a new password is still owed.
 */
export interface ConsoleSessionsTable {
  token_hash: string;
  csrf_hash: string;
  account_id: string;
  /** null for the root user */
  user_id: string | null;
  state: 'pending' | 'active';
  next_step: 'mfa' | 'change-password' | null;
  change_reason: 'reset-required' | 'expired' | null;
  mfa_authenticated_at: string | null;
  /** JSON of the WebAuthn ceremony under way (console-api/webauthn.ts) */
  webauthn_challenge: string | null;
  source_ip: string;
  created_at: string;
  last_seen_at: string;
  /** the absolute timeout */
  expires_at: string;
}

/** Failed sign-ins per user and per source address (console-api/brute-force.ts); `key` is a SHA-256. */
export interface ConsoleSignInFailuresTable {
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

/** Security keys (WebAuthn credentials): MFA devices of an IAM user or of the root user. */
export interface SecurityKeysTable {
  credential_id: string;
  account_id: string;
  user_id: string | null;
  assigned_to_root: number;
  serial_number: string;
  serial_key: string;
  name: string;
  /** the COSE public key, base64url */
  public_key: string;
  /** bigint: PostgreSQL answers it as text */
  counter: number | string;
  /** JSON array */
  transports: string;
  created_at: string;
  last_used_at: string | null;
}

/** Access Advisor: the last attempt of each IAM user or role at each action (audit/access-advisor.ts). */
export interface LastAccessedTable {
  entity_id: string;
  /** the typed entity: the one entity_type names equals entity_id */
  user_id: string | null;
  role_id: string | null;
  /** the service namespace, lower case */
  service: string;
  /** the action name, lower case */
  action: string;
  account_id: string;
  entity_type: 'user' | 'role';
  /** the action as last spelled, e.g. GetObject */
  action_name: string;
  last_accessed_at: string;
  region: string;
}

/** A report of GenerateServiceLastAccessedDetails; `report` is its JSON snapshot. */
export interface LastAccessedJobsTable {
  id: string;
  account_id: string;
  requester: string;
  arn: string;
  granularity: 'SERVICE_LEVEL' | 'ACTION_LEVEL';
  created_at: string;
  completed_at: string;
  report: string;
}

/** One CloudTrail record; every column but `record`, `prev_hash` and `hash` is derived from `record`. */
export interface EventsTable {
  account_id: string;
  seq: number;
  event_id: string;
  event_time: string;
  event_name: string;
  event_source: string;
  read_only: number;
  username: string | null;
  access_key_id: string | null;
  /** JSON array of { type, name } */
  resources: string;
  record: string;
  prev_hash: string;
  hash: string;
}

export interface EventResourcesTable {
  account_id: string;
  seq: number;
  resource_type: string;
  resource_name: string;
}

export interface EventChainsTable {
  account_id: string;
  head_seq: number;
  head_hash: string;
}

/** A signed hourly digest; `digest` is the canonical JSON that was hashed and signed. */
export interface EventDigestsTable {
  account_id: string;
  period_start: string;
  period_end: string;
  first_seq: number;
  last_seq: number;
  digest: string;
  digest_hash: string;
  signature: string;
}

/**
 * IAM OIDC identity providers. `url_key` is the URL without its scheme (host and path, the
 * ARN's resource part and the prefix of its condition keys), unique per account; `url` keeps
 * the scheme, to reach the issuer. Client ids and thumbprints are JSON arrays.
 */
export interface OidcProvidersTable {
  id: string;
  account_id: string;
  url: string;
  url_key: string;
  client_ids: string;
  thumbprints: string;
  created_at: string;
}

export interface WorkloadTokensTable {
  id: string;
  account_id: string;
  instance_profile_id: string;
  name: string;
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface SessionsTable {
  access_key_id: string;
  account_id: string;
  secret_ciphertext: string;
  token_hash: string;
  /** session: GetSessionToken; role: AssumeRole*; federated: GetFederationToken */
  kind: 'session' | 'role' | 'federated';
  user_id: string | null;
  role_id: string | null;
  session_name: string | null;
  source_identity: string | null;
  mfa_authenticated_at: string | null;
  /** JSON array of session policy documents, already resolved */
  session_policies: string | null;
  /** JSON object of session tags */
  session_tags: string | null;
  /** JSON array */
  transitive_tag_keys: string | null;
  chained: number;
  issued_at: string;
  expires_at: string;
}


/**
 * Each account's credential report: the generation last started (`generation_id`, `state`,
 * `started_at`) and the last report finished (`content`, the CSV, made at `generated_at`).
 * See iam/account/credential-report.ts.
 */
export interface CredentialReportsTable {
  account_id: string;
  generation_id: string;
  state: 'STARTED' | 'COMPLETE' | 'FAILED';
  started_at: string;
  generated_at: string | null;
  content: string | null;
}

export interface SettingsTable {
  key: string;
  value: string;
}

export interface AccountsTable {
  id: string;
  alias: string | null;
  root_email: string;
  root_password_hash: string;
  created_at: string;
  /** when the root user last signed in to the console with its password */
  root_password_last_used: string | null;
}

export interface PasswordPoliciesTable {
  account_id: string;
  minimum_password_length: number;
  require_symbols: number;
  require_numbers: number;
  require_uppercase_characters: number;
  require_lowercase_characters: number;
  allow_users_to_change_password: number;
  max_password_age: number | null;
  password_reuse_prevention: number | null;
  hard_expiry: number;
}

export interface UsersTable {
  id: string;
  account_id: string;
  name: string;
  /** IAM names are unique without regard to case; this column carries that uniqueness. */
  name_key: string;
  path: string;
  permissions_boundary_arn: string | null;
  created_at: string;
  password_last_used: string | null;
}

export interface GroupsTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  created_at: string;
}

export interface GroupMembersTable {
  group_id: string;
  user_id: string;
  added_at: string;
}

/** Tags of every taggable resource; `position` keeps the order the caller gave. */
export interface TagsTable {
  /** the owner's id, whichever kind it is; exactly one of the typed columns below equals it */
  resource_id: string;
  user_id: string | null;
  role_id: string | null;
  policy_id: string | null;
  instance_profile_id: string | null;
  oidc_provider_id: string | null;
  mfa_device_key: string | null;
  key: string;
  key_lower: string;
  value: string;
  position: number;
}

export interface AccessKeysTable {
  id: string;
  account_id: string;
  /** null for the root user's own keys */
  user_id: string | null;
  secret_ciphertext: string;
  status: 'Active' | 'Inactive';
  created_at: string;
  last_used_at: string | null;
  last_used_service: string | null;
  last_used_region: string | null;
}

export interface LoginProfilesTable {
  user_id: string;
  password_hash: string;
  password_reset_required: number;
  created_at: string;
  password_changed_at: string;
}

export interface PasswordHistoryTable {
  id: string;
  user_id: string;
  password_hash: string;
  created_at: string;
}

export interface PoliciesTable {
  id: string;
  arn: string;
  /** null for AWS managed policies, which every account sees */
  account_id: string | null;
  name: string;
  path: string;
  description: string | null;
  default_version_id: string;
  created_at: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  policy_id: string;
  version_id: string;
  document: string;
  created_at: string;
}

export interface PolicyAttachmentsTable {
  account_id: string;
  policy_arn: string;
  principal_type: PrincipalType;
  principal_id: string;
  /** the typed owner: the one that principal_type names equals principal_id, the others are null */
  user_id: string | null;
  group_id: string | null;
  role_id: string | null;
  attached_at: string;
}

export interface InlinePoliciesTable {
  principal_type: PrincipalType;
  principal_id: string;
  /** the typed owner, as in PolicyAttachmentsTable */
  user_id: string | null;
  group_id: string | null;
  role_id: string | null;
  name: string;
  document: string;
}

export type PrincipalType = 'user' | 'group' | 'role';

export interface RolesTable {
  id: string;
  account_id: string;
  name: string;
  /** IAM names are unique without regard to case; this column carries that uniqueness. */
  name_key: string;
  path: string;
  /** the trust policy, as the caller wrote it */
  assume_role_policy: string;
  description: string | null;
  /** seconds, 3,600 to 43,200 */
  max_session_duration: number;
  permissions_boundary_arn: string | null;
  created_at: string;
  /** when a session of the role last made a request, and in which region (RoleLastUsed) */
  last_used_at: string | null;
  last_used_region: string | null;
}

export interface InstanceProfilesTable {
  id: string;
  account_id: string;
  name: string;
  name_key: string;
  path: string;
  created_at: string;
}

export interface InstanceProfileRolesTable {
  instance_profile_id: string;
  role_id: string;
  added_at: string;
}

/** Virtual MFA devices; `serial_key` is the serial number in lower case. */
export interface MfaDevicesTable {
  serial_key: string;
  serial_number: string;
  account_id: string;
  name: string;
  path: string;
  /** the base32 TOTP seed, sealed and bound to serial_key */
  seed_ciphertext: string;
  /** the IAM user it is assigned to; null when unassigned or assigned to the root user */
  user_id: string | null;
  assigned_to_root: number;
  /** when it was assigned (EnableDate); null while unassigned */
  enabled_at: string | null;
  /** the device clock's offset from ours, in 30-second steps, learned when enabling or resyncing */
  drift_steps: number;
  /** the time step of the last code accepted: no code at or before it is accepted again */
  last_used_step: number | null;
  failed_attempts: number;
  locked_until: string | null;
  created_at: string;
}

export type Account = Selectable<AccountsTable>;
export type User = Selectable<UsersTable>;
export type NewUser = Insertable<UsersTable>;
export type UserUpdate = Updateable<UsersTable>;
export type Group = Selectable<GroupsTable>;
export type AccessKey = Selectable<AccessKeysTable>;
export type LoginProfile = Selectable<LoginProfilesTable>;
export type PasswordPolicy = Selectable<PasswordPoliciesTable>;
export type MfaDevice = Selectable<MfaDevicesTable>;
export type SecurityKey = Selectable<SecurityKeysTable>;
export type ConsoleSession = Selectable<ConsoleSessionsTable>;
export type Role = Selectable<RolesTable>;
export type NewRole = Insertable<RolesTable>;
export type InstanceProfile = Selectable<InstanceProfilesTable>;
export type OidcProvider = Selectable<OidcProvidersTable>;
