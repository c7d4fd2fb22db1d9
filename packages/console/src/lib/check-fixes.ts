import type { CheckResult } from '../api/console-api';
import { pageForArn, parseIamArn } from './arn';

/** Where a failed Security Status check is fixed, and what the button says. */
export interface Fix {
  label: string;
  to: string;
}

/** The one user a check names, if it names exactly one, so the fix opens that user's page. */
function singleUser(check: CheckResult): string | undefined {
  const users = check.resources.map(parseIamArn).filter((a) => a?.type === 'user');
  return users.length === 1 && check.resources.length === 1 ? users[0]?.name : undefined;
}

function userTab(check: CheckResult, tab: string, otherwise: string): string {
  const name = singleUser(check);
  return name ? `${pageForArn(check.resources[0] as string)}?tab=${tab}` : otherwise;
}

/**
 * The fix for each check id (security-checks.ts on the server). Unknown ids (a newer server)
 * get no button rather than a wrong one: the remediation text still says what to do.
 */
export function fixFor(check: CheckResult): Fix | undefined {
  switch (check.id) {
    case 'root-access-keys':
      return { label: 'Delete root access keys', to: '/iam/security-credentials' };
    case 'root-mfa':
      return { label: 'Assign MFA for the root user', to: '/iam/security-credentials' };
    case 'individual-iam-users':
    case 'cis-1.7-root-usage':
      return { label: 'Create an IAM user', to: '/iam/users/create' };
    case 'groups-for-permissions':
      return { label: 'Add users to groups', to: userTab(check, 'groups', '/iam/groups') };
    case 'password-policy':
    case 'cis-1.8-password-length':
    case 'cis-1.9-password-reuse':
      return { label: 'Edit the password policy', to: '/iam/account-settings' };
    case 'cis-1.10-mfa-console-users':
      return { label: 'Assign MFA', to: userTab(check, 'security', '/iam/users') };
    case 'cis-1.11-keys-at-setup':
    case 'cis-1.13-one-active-key':
      return { label: 'Manage access keys', to: userTab(check, 'security', '/iam/credential-report') };
    case 'cis-1.12-unused-credentials':
    case 'cis-1.14-key-rotation':
      return { label: 'Review credentials', to: userTab(check, 'security', '/iam/credential-report') };
    case 'cis-1.15-permissions-through-groups':
      return { label: 'Review permissions', to: userTab(check, 'permissions', '/iam/users') };
    case 'cis-1.16-full-admin-policies': {
      const only = check.resources.length === 1 ? pageForArn(check.resources[0] as string) : undefined;
      return { label: 'Review the policy', to: only ?? '/iam/policies?scope=Local' };
    }
    default:
      return undefined;
  }
}
