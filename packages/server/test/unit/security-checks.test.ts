import { describe, expect, it } from 'vitest';
import { parseCredentialReport, reconcileCredentialReport, type AccountSnapshot, type CredentialReportRow, type UserSnapshot } from '../../src/audit/account-snapshot.js';
import { grantsFullAdministration, runSecurityChecks, SECURITY_CHECKS, type CheckResult } from '../../src/audit/security-checks.js';

const NOW = new Date('2025-06-30T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * 24 * 60 * 60 * 1000);
const ACCOUNT = '123456789012';
const arnOf = (name: string) => `arn:aws:iam::${ACCOUNT}:user/${name}`;

const NO_KEY = { active: false };
const rootRow: CredentialReportRow = {
  user: '<root_account>',
  arn: `arn:aws:iam::${ACCOUNT}:root`,
  userCreationTime: daysAgo(400),
  passwordEnabled: false,
  mfaActive: true,
  accessKey1: NO_KEY,
  accessKey2: NO_KEY,
};

function reportRow(name: string, fields: Partial<CredentialReportRow> = {}): CredentialReportRow {
  return { user: name, arn: arnOf(name), userCreationTime: daysAgo(10), passwordEnabled: false, mfaActive: false, accessKey1: NO_KEY, accessKey2: NO_KEY, ...fields };
}

function user(name: string, fields: Partial<UserSnapshot> = {}): UserSnapshot {
  return { userName: name, arn: arnOf(name), createDate: daysAgo(10), groups: ['Developers'], attachedPolicies: [], inlinePolicies: [], accessKeys: [], mfaActive: false, ...fields };
}

/** An account that passes every check. */
function good(): AccountSnapshot {
  return {
    accountId: ACCOUNT,
    rootMfaEnabled: true,
    rootAccessKeysPresent: false,
    passwordPolicy: { minimumPasswordLength: 14, passwordReusePrevention: 24 },
    credentialReport: {
      generatedAt: NOW,
      root: rootRow,
      users: [
        reportRow('admin', { accessKey1: { active: true, lastRotated: daysAgo(30), lastUsed: daysAgo(1) } }),
        reportRow('alice', { passwordEnabled: true, passwordLastUsed: daysAgo(2), passwordLastChanged: daysAgo(20), mfaActive: true }),
      ],
    },
    users: [
      user('admin', { groups: ['Administrators'], accessKeys: [{ accessKeyId: 'AKIAADMIN00000000001', active: true, createDate: daysAgo(30), lastUsed: daysAgo(1) }] }),
      user('alice'),
    ],
    customerManagedPolicies: [{ policyName: 'S3Access', arn: `arn:aws:iam::${ACCOUNT}:policy/S3Access`, attachmentCount: 1, document: JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: '*' }] }) }],
  };
}

function check(snapshot: AccountSnapshot, id: string): CheckResult {
  const result = runSecurityChecks(snapshot, NOW).find((r) => r.id === id);
  if (!result) throw new Error(`no check ${id}`);
  return result;
}

describe('runSecurityChecks', () => {
  it('runs every check, each with a reference, a remediation and a stable id, and a good account passes them all', () => {
    const results = runSecurityChecks(good(), NOW);
    expect(results.map((r) => r.id)).toEqual([
      'root-access-keys',
      'root-mfa',
      'individual-iam-users',
      'groups-for-permissions',
      'password-policy',
      'cis-1.7-root-usage',
      'cis-1.8-password-length',
      'cis-1.9-password-reuse',
      'cis-1.10-mfa-console-users',
      'cis-1.11-keys-at-setup',
      'cis-1.12-unused-credentials',
      'cis-1.13-one-active-key',
      'cis-1.14-key-rotation',
      'cis-1.15-permissions-through-groups',
      'cis-1.16-full-admin-policies',
    ]);
    expect(SECURITY_CHECKS.map((c) => c.id)).toEqual(results.map((r) => r.id));
    for (const r of results) {
      expect(r, r.id).toMatchObject({ status: 'pass', resources: [] });
      expect(r.references.length, r.id).toBeGreaterThan(0);
      expect(r.remediation, r.id).toMatch(/\.$/);
      expect(r.finding, r.id).toMatch(/\.$/);
    }
    // the five checks of the IAM dashboard, and CIS numbers where the benchmark has the control
    expect(results.filter((r) => r.references.some((ref) => ref.source === 'IAM dashboard security status'))).toHaveLength(5);
    expect(check(good(), 'root-access-keys').references.map((ref) => `${ref.source} ${ref.control}`)).toEqual([
      'IAM dashboard security status Delete your root access keys',
      'CIS AWS Foundations Benchmark v3.0.0 1.4',
      'AWS Security Hub IAM.4',
    ]);
  });

  it('root-access-keys: fails when the account summary says root has keys, counting the active ones', () => {
    expect(check(good(), 'root-access-keys').finding).toBe('The root user has no access keys.');
    const s = good();
    const bad: AccountSnapshot = { ...s, rootAccessKeysPresent: true, credentialReport: { ...s.credentialReport, root: { ...rootRow, accessKey1: { active: true, lastRotated: daysAgo(3) } } } };
    expect(check(bad, 'root-access-keys')).toMatchObject({ status: 'fail', finding: 'The root user has 1 active access key.', resources: [rootRow.arn], severity: 'critical' });
    const inactive: AccountSnapshot = { ...s, rootAccessKeysPresent: true };
    expect(check(inactive, 'root-access-keys').finding).toBe('The root user has access keys, all inactive.');
  });

  it('root-mfa: fails without an MFA device on root', () => {
    expect(check(good(), 'root-mfa').finding).toBe('The root user has an MFA device.');
    expect(check({ ...good(), rootMfaEnabled: false }, 'root-mfa')).toMatchObject({ status: 'fail', finding: 'The root user has no MFA device: its password alone signs in.', resources: [rootRow.arn] });
  });

  it('individual-iam-users: fails when the account has no IAM users', () => {
    expect(check(good(), 'individual-iam-users').finding).toBe('The account has 2 IAM users, so no one needs to work as the root user.');
    const empty: AccountSnapshot = { ...good(), users: [], credentialReport: { ...good().credentialReport, users: [] } };
    expect(check(empty, 'individual-iam-users')).toMatchObject({ status: 'fail', finding: 'The account has no IAM users: whoever works in it signs in as the root user.' });
    // nothing to put in groups then
    expect(check(empty, 'groups-for-permissions')).toMatchObject({ status: 'pass', finding: 'There are no IAM users to put in groups.' });
  });

  it('groups-for-permissions: names the users in no group', () => {
    expect(check(good(), 'groups-for-permissions').finding).toBe('All 2 IAM users belong to at least one group.');
    expect(check({ ...good(), users: [user('solo')] }, 'groups-for-permissions').finding).toBe('The one IAM user belongs to a group.');
    const s = { ...good(), users: [...good().users, user('bob', { groups: [] }), user('carol', { groups: [] })] };
    expect(check(s, 'groups-for-permissions')).toMatchObject({ status: 'fail', finding: '2 IAM users belong to no group: bob, carol.', resources: [arnOf('bob'), arnOf('carol')] });
  });

  it('password-policy, CIS 1.8 and 1.9: fail without a policy', () => {
    const none = { ...good(), passwordPolicy: null };
    expect(check(none, 'password-policy')).toMatchObject({ status: 'fail', finding: "The account has no password policy: IAM users' passwords need only meet IAM's default rules (8 characters)." });
    expect(check(none, 'cis-1.8-password-length')).toMatchObject({ status: 'fail', finding: "There is no password policy, so passwords need only IAM's default 8 characters." });
    expect(check(none, 'cis-1.9-password-reuse')).toMatchObject({ status: 'fail', finding: 'There is no password policy, so a user may reuse any earlier password.' });
    expect(check(good(), 'password-policy').finding).toBe('The account has a password policy.');
  });

  it('CIS 1.8: 14 characters or more', () => {
    expect(check(good(), 'cis-1.8-password-length').finding).toBe('The password policy requires at least 14 characters.');
    expect(check({ ...good(), passwordPolicy: { minimumPasswordLength: 13, passwordReusePrevention: 24 } }, 'cis-1.8-password-length')).toMatchObject({
      status: 'fail',
      finding: 'The password policy requires only 13 characters; 14 or more are needed.',
    });
  });

  it('CIS 1.9: reuse of 24 passwords prevented', () => {
    expect(check(good(), 'cis-1.9-password-reuse').finding).toBe('The password policy prevents reuse of the last 24 passwords.');
    expect(check({ ...good(), passwordPolicy: { minimumPasswordLength: 14, passwordReusePrevention: 5 } }, 'cis-1.9-password-reuse').finding).toBe(
      'The password policy prevents reuse of only the last 5 passwords; 24 are needed.',
    );
    expect(check({ ...good(), passwordPolicy: { minimumPasswordLength: 14 } }, 'cis-1.9-password-reuse')).toMatchObject({ status: 'fail', finding: 'The password policy does not prevent password reuse.' });
  });

  it('CIS 1.7: fails when root signed in or used a key within 30 days, naming the latest use', () => {
    expect(check(good(), 'cis-1.7-root-usage').finding).toBe('The credential report records no use of the root user.');
    const withRoot = (root: CredentialReportRow): AccountSnapshot => ({ ...good(), credentialReport: { ...good().credentialReport, root } });
    const old = withRoot({ ...rootRow, passwordLastUsed: daysAgo(31) });
    expect(check(old, 'cis-1.7-root-usage')).toMatchObject({ status: 'pass', finding: 'The root user was last used 31 days ago, on 2025-05-30.' });
    const recent = withRoot({ ...rootRow, passwordLastUsed: daysAgo(20), accessKey1: { active: true, lastUsed: daysAgo(3) } });
    expect(check(recent, 'cis-1.7-root-usage')).toMatchObject({ status: 'fail', finding: 'The root user used access key 1 3 days ago, on 2025-06-27, within the last 30 days.', resources: [rootRow.arn] });
    expect(check(withRoot({ ...rootRow, accessKey2: { active: false, lastUsed: NOW } }), 'cis-1.7-root-usage').finding).toBe('The root user used access key 2 today (2025-06-30), within the last 30 days.');
  });

  it('CIS 1.10: console users without MFA', () => {
    expect(check(good(), 'cis-1.10-mfa-console-users').finding).toBe('The one IAM user with a console password has MFA.');
    const s = good();
    const bad: AccountSnapshot = { ...s, credentialReport: { ...s.credentialReport, users: [...s.credentialReport.users, reportRow('bob', { passwordEnabled: true, passwordLastChanged: daysAgo(1) })] } };
    expect(check(bad, 'cis-1.10-mfa-console-users')).toMatchObject({ status: 'fail', finding: '1 IAM user with a console password has no MFA: bob.', resources: [arnOf('bob')] });
    const noConsole: AccountSnapshot = { ...s, credentialReport: { ...s.credentialReport, users: [reportRow('admin')] } };
    expect(check(noConsole, 'cis-1.10-mfa-console-users').finding).toBe('No IAM user has a console password.');
  });

  it('CIS 1.11: a console user with an active key never used', () => {
    expect(check(good(), 'cis-1.11-keys-at-setup').status).toBe('pass');
    const s = good();
    const bad: AccountSnapshot = {
      ...s,
      users: [...s.users.filter((u) => u.userName !== 'alice'), user('alice', { accessKeys: [{ accessKeyId: 'AKIAALICE00000000001', active: true, createDate: daysAgo(10) }] })],
    };
    expect(check(bad, 'cis-1.11-keys-at-setup')).toMatchObject({
      status: 'fail',
      finding: "1 active access key of console users has never been used: alice's AKIAALICE00000000001.",
      resources: ['AKIAALICE00000000001'],
    });
    // the same key used once is fine, and so is an unused key of a user without a password
    const used: AccountSnapshot = { ...bad, users: bad.users.map((u) => (u.userName === 'alice' ? { ...u, accessKeys: [{ ...u.accessKeys[0]!, lastUsed: daysAgo(1) }] } : u)) };
    expect(check(used, 'cis-1.11-keys-at-setup').status).toBe('pass');
  });

  it('CIS 1.12: passwords and active keys unused for 45 days, a never-used one counted from when it was set', () => {
    expect(check(good(), 'cis-1.12-unused-credentials').status).toBe('pass');
    const s = good();
    const bad: AccountSnapshot = {
      ...s,
      credentialReport: {
        ...s.credentialReport,
        users: [
          reportRow('alice', { passwordEnabled: true, passwordLastUsed: daysAgo(45), passwordLastChanged: daysAgo(100), mfaActive: true }),
          reportRow('bob', { passwordEnabled: true, passwordLastChanged: daysAgo(60), mfaActive: true }),
          reportRow('carol', { passwordEnabled: true, passwordLastChanged: daysAgo(44), mfaActive: true }),
        ],
      },
      users: [
        user('dave', {
          accessKeys: [
            { accessKeyId: 'AKIADAVE000000000001', active: true, createDate: daysAgo(50) },
            { accessKeyId: 'AKIADAVE000000000002', active: true, createDate: daysAgo(80), lastUsed: daysAgo(46) },
          ],
        }),
        // an inactive key is already disabled
        user('erin', { accessKeys: [{ accessKeyId: 'AKIAERIN000000000001', active: false, createDate: daysAgo(300) }] }),
      ],
    };
    expect(check(bad, 'cis-1.12-unused-credentials')).toMatchObject({
      status: 'fail',
      finding:
        "4 credentials unused for 45 days or more: alice's console password (last used 45 days ago, on 2025-05-16), bob's console password (never used, set 60 days ago, on 2025-05-01), dave's access key AKIADAVE000000000001 (never used, created 50 days ago, on 2025-05-11), dave's access key AKIADAVE000000000002 (last used 46 days ago, on 2025-05-15).",
      resources: [arnOf('alice'), arnOf('bob'), 'AKIADAVE000000000001', 'AKIADAVE000000000002'],
    });
  });

  it('CIS 1.13: more than one active key', () => {
    expect(check(good(), 'cis-1.13-one-active-key').finding).toBe('No IAM user has more than one active access key.');
    const keys = [
      { accessKeyId: 'AKIABOB0000000000001', active: true, createDate: daysAgo(1) },
      { accessKeyId: 'AKIABOB0000000000002', active: true, createDate: daysAgo(1) },
    ];
    const bad = { ...good(), users: [...good().users, user('bob', { accessKeys: keys }), user('carol', { accessKeys: [keys[0]!, { ...keys[1]!, active: false }] })] };
    expect(check(bad, 'cis-1.13-one-active-key')).toMatchObject({
      status: 'fail',
      finding: '1 IAM user has more than one active access key: bob (AKIABOB0000000000001, AKIABOB0000000000002).',
      resources: [arnOf('bob')],
    });
  });

  it('CIS 1.14: active keys older than 90 days', () => {
    expect(check(good(), 'cis-1.14-key-rotation').finding).toBe('Every active access key is 90 days old or newer.');
    const bad = {
      ...good(),
      users: [
        user('bob', {
          accessKeys: [
            { accessKeyId: 'AKIABOB0000000000001', active: true, createDate: daysAgo(91), lastUsed: daysAgo(1) },
            { accessKeyId: 'AKIABOB0000000000002', active: true, createDate: daysAgo(90) },
          ],
        }),
        user('carol', { accessKeys: [{ accessKeyId: 'AKIACAROL00000000001', active: false, createDate: daysAgo(400) }] }),
      ],
    };
    expect(check(bad, 'cis-1.14-key-rotation')).toMatchObject({
      status: 'fail',
      finding: "1 active access key is older than 90 days: bob's AKIABOB0000000000001 (created 91 days ago, on 2025-03-31).",
      resources: ['AKIABOB0000000000001'],
    });
  });

  it('CIS 1.15: policies attached to users or inline in them', () => {
    expect(check(good(), 'cis-1.15-permissions-through-groups').finding).toBe('No IAM user has policies of its own.');
    const bad = { ...good(), users: [user('bob', { attachedPolicies: ['ReadOnlyAccess', 'S3Access'] }), user('carol', { inlinePolicies: ['own'], attachedPolicies: ['IAMReadOnlyAccess'] })] };
    expect(check(bad, 'cis-1.15-permissions-through-groups')).toMatchObject({
      status: 'fail',
      finding: '2 IAM users have policies of their own: bob (attached: ReadOnlyAccess, S3Access), carol (attached: IAMReadOnlyAccess; inline: own).',
      resources: [arnOf('bob'), arnOf('carol')],
    });
  });

  it('CIS 1.16: customer managed policies allowing * on *', () => {
    expect(check(good(), 'cis-1.16-full-admin-policies').finding).toBe('No customer managed policy (of 1) allows full "*:*" administrative privileges.');
    expect(check({ ...good(), customerManagedPolicies: [] }, 'cis-1.16-full-admin-policies').finding).toBe('The account has no customer managed policies.');
    const admin = { Version: '2012-10-17', Statement: [{ Sid: 'All', Effect: 'Allow', Action: ['s3:GetObject', '*'], Resource: '*' }] };
    const bad = {
      ...good(),
      customerManagedPolicies: [
        ...good().customerManagedPolicies,
        { policyName: 'Everything', arn: `arn:aws:iam::${ACCOUNT}:policy/Everything`, attachmentCount: 2, document: JSON.stringify(admin) },
        { policyName: 'Spare', arn: `arn:aws:iam::${ACCOUNT}:policy/Spare`, attachmentCount: 0, document: JSON.stringify({ Statement: { Effect: 'Allow', Action: '*:*', Resource: ['*'] } }) },
      ],
    };
    expect(check(bad, 'cis-1.16-full-admin-policies')).toMatchObject({
      status: 'fail',
      severity: 'high',
      finding: '2 customer managed policies allow full "*:*" administrative privileges: Everything (attached to 2 entities), Spare (not attached).',
      resources: [`arn:aws:iam::${ACCOUNT}:policy/Everything`, `arn:aws:iam::${ACCOUNT}:policy/Spare`],
    });
  });
});

describe('grantsFullAdministration', () => {
  const doc = (statement: object) => JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
  it('is an Allow of every action on every resource with no condition', () => {
    expect(grantsFullAdministration(doc({ Effect: 'Allow', Action: '*', Resource: '*' }))).toBe(true);
    expect(grantsFullAdministration(doc({ Effect: 'Deny', Action: '*', Resource: '*' }))).toBe(false);
    expect(grantsFullAdministration(doc({ Effect: 'Allow', Action: 'iam:*', Resource: '*' }))).toBe(false);
    expect(grantsFullAdministration(doc({ Effect: 'Allow', Action: '*', Resource: 'arn:aws:s3:::bucket/*' }))).toBe(false);
    expect(grantsFullAdministration(doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' }))).toBe(false);
    expect(grantsFullAdministration(doc({ Effect: 'Allow', Action: '*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } }))).toBe(false);
    expect(grantsFullAdministration('not json')).toBe(false);
  });
});

describe('parseCredentialReport', () => {
  it("reads AWS's columns: the root row apart, booleans, times, and N/A, no_information and not_supported as absent", () => {
    const csv = [
      'user,arn,user_creation_time,password_enabled,password_last_used,password_last_changed,password_next_rotation,mfa_active,access_key_1_active,access_key_1_last_rotated,access_key_1_last_used_date,access_key_1_last_used_region,access_key_1_last_used_service,access_key_2_active,access_key_2_last_rotated,access_key_2_last_used_date,access_key_2_last_used_region,access_key_2_last_used_service,cert_1_active,cert_1_last_rotated,cert_2_active,cert_2_last_rotated',
      '<root_account>,arn:aws:iam::123456789012:root,2024-01-01T00:00:00+00:00,not_supported,2025-06-01T10:00:00+00:00,not_supported,not_supported,true,true,2025-01-01T00:00:00+00:00,2025-06-29T08:00:00+00:00,us-east-1,iam,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
      'alice,arn:aws:iam::123456789012:user/alice,2025-02-03T04:05:06+00:00,true,no_information,2025-02-03T04:06:00+00:00,N/A,false,false,N/A,N/A,N/A,N/A,false,N/A,N/A,N/A,N/A,false,N/A,false,N/A',
    ].join('\n');
    const { root, users } = parseCredentialReport(csv);
    expect(root).toEqual({
      user: '<root_account>',
      arn: 'arn:aws:iam::123456789012:root',
      userCreationTime: new Date('2024-01-01T00:00:00Z'),
      passwordEnabled: false,
      passwordLastUsed: new Date('2025-06-01T10:00:00Z'),
      mfaActive: true,
      accessKey1: { active: true, lastRotated: new Date('2025-01-01T00:00:00Z'), lastUsed: new Date('2025-06-29T08:00:00Z') },
      accessKey2: { active: false },
    });
    expect(users).toEqual([
      {
        user: 'alice',
        arn: 'arn:aws:iam::123456789012:user/alice',
        userCreationTime: new Date('2025-02-03T04:05:06Z'),
        passwordEnabled: true,
        passwordLastChanged: new Date('2025-02-03T04:06:00Z'),
        mfaActive: false,
        accessKey1: { active: false },
        accessKey2: { active: false },
      },
    ]);
  });
});

describe('reconcileCredentialReport', () => {
  const generatedAt = daysAgo(0.1);
  const report = {
    generatedAt,
    root: rootRow,
    users: [
      reportRow('alice', { passwordEnabled: true, passwordLastUsed: daysAgo(3), passwordLastChanged: daysAgo(20), mfaActive: false }),
      reportRow('gone', { passwordEnabled: true, passwordLastChanged: daysAgo(5) }),
      reportRow('carol', { passwordEnabled: true, passwordLastChanged: daysAgo(30), mfaActive: true }),
    ],
  };

  it('judges passwords and MFA from the live calls, whatever the report says', () => {
    const users = [
      // enabled MFA and signed in after the report
      user('alice', { loginProfileCreateDate: daysAgo(200), passwordLastUsed: daysAgo(0.01), mfaActive: true }),
      // created after the report, with a password and no MFA
      user('bob', { createDate: daysAgo(0.05), loginProfileCreateDate: daysAgo(0.05), mfaActive: false }),
      // password and MFA removed after the report
      user('carol', { mfaActive: false }),
      user('dave', {
        accessKeys: [
          { accessKeyId: 'AKIADAVE000000000002', active: false, createDate: daysAgo(2) },
          { accessKeyId: 'AKIADAVE000000000001', active: true, createDate: daysAgo(9), lastUsed: daysAgo(1) },
        ],
        mfaActive: false,
      }),
    ];
    const reconciled = reconcileCredentialReport(report, users);
    expect(reconciled.generatedAt).toBe(generatedAt);
    expect(reconciled.root).toBe(rootRow);
    expect(reconciled.users).toEqual([
      // the report's last change of the password stands: the login profile is older than it
      { ...report.users[0], passwordLastUsed: daysAgo(0.01), mfaActive: true },
      { user: 'bob', arn: arnOf('bob'), userCreationTime: daysAgo(0.05), passwordEnabled: true, passwordLastChanged: daysAgo(0.05), mfaActive: false, accessKey1: NO_KEY, accessKey2: NO_KEY },
      { user: 'carol', arn: arnOf('carol'), userCreationTime: daysAgo(10), passwordEnabled: false, mfaActive: false, accessKey1: NO_KEY, accessKey2: NO_KEY },
      {
        user: 'dave',
        arn: arnOf('dave'),
        userCreationTime: daysAgo(10),
        passwordEnabled: false,
        mfaActive: false,
        accessKey1: { active: true, lastRotated: daysAgo(9), lastUsed: daysAgo(1) },
        accessKey2: { active: false, lastRotated: daysAgo(2) },
      },
    ]);
    const checked = { ...good(), credentialReport: reconciled, users };
    expect(check(checked, 'cis-1.10-mfa-console-users')).toMatchObject({ status: 'fail', finding: '1 IAM user with a console password has no MFA: bob.' });
  });
});
