import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../api/console-api';
import { fixFor } from './check-fixes';

const check = (id: string, resources: string[] = []): CheckResult => ({ id, title: id, severity: 'medium', references: [], remediation: '', status: 'fail', finding: '', resources });

describe('fixFor', () => {
  it("opens the one user a check names on the tab that fixes it", () => {
    expect(fixFor(check('cis-1.10-mfa-console-users', ['arn:aws:iam::111122223333:user/ops/alice']))).toEqual({ label: 'Assign MFA', to: '/iam/users/details/alice?tab=security' });
  });

  it('falls back to the list when a check names several', () => {
    expect(fixFor(check('cis-1.10-mfa-console-users', ['arn:aws:iam::111122223333:user/a', 'arn:aws:iam::111122223333:user/b']))?.to).toBe('/iam/users');
  });

  it('sends root checks to My security credentials and password checks to the account settings', () => {
    expect(fixFor(check('root-mfa'))?.to).toBe('/iam/security-credentials');
    expect(fixFor(check('cis-1.8-password-length'))?.to).toBe('/iam/account-settings');
  });

  it('opens the offending policy when one is named', () => {
    const arn = 'arn:aws:iam::111122223333:policy/Admin';
    expect(fixFor(check('cis-1.16-full-admin-policies', [arn]))?.to).toBe(`/iam/policies/details/${encodeURIComponent(arn)}`);
  });

  it('offers no button for a check it does not know', () => {
    expect(fixFor(check('some-newer-check'))).toBeUndefined();
  });
});
