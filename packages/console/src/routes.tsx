import type { ReactNode } from 'react';
import { AccountSettingsPage } from './pages/account-settings';
import { AlreadySignedInPage, NotFoundPage } from './pages/not-found';
import { CredentialReportPage } from './pages/credential-report';
import { DashboardPage } from './pages/dashboard';
import { EventHistoryPage } from './pages/event-history';
import { CreateGroupPage } from './pages/groups/create-group';
import { GroupDetailPage } from './pages/groups/group-detail';
import { GroupsPage } from './pages/groups/groups-list';
import { MySecurityCredentialsPage } from './pages/my-security-credentials';
import { CreatePolicyPage } from './pages/policies/create-policy';
import { PoliciesPage } from './pages/policies/policies-list';
import { PolicyDetailPage } from './pages/policies/policy-detail';
import { CreateRolePage } from './pages/roles/create-role';
import { RoleDetailPage } from './pages/roles/role-detail';
import { RolesPage } from './pages/roles/roles-list';
import { SimulatorPage } from './pages/simulator';
import { CreateUserPage } from './pages/users/create-user';
import { UserDetailPage } from './pages/users/user-detail';
import { UsersPage } from './pages/users/users-list';

type Route = [RegExp, (...params: string[]) => ReactNode];

// An entity's page is under details/ (as in AWS's console), so a user named "create" never
// collides with the create page.
const ROUTES: Route[] = [
  [/^\/(iam\/?)?$/, () => <DashboardPage />],
  [/^\/iam\/users\/?$/, () => <UsersPage />],
  [/^\/iam\/users\/create$/, () => <CreateUserPage />],
  [/^\/iam\/users\/details\/([^/]+)$/, (name) => <UserDetailPage key={name} userName={name} />],
  [/^\/iam\/groups\/?$/, () => <GroupsPage />],
  [/^\/iam\/groups\/create$/, () => <CreateGroupPage />],
  [/^\/iam\/groups\/details\/([^/]+)$/, (name) => <GroupDetailPage key={name} groupName={name} />],
  [/^\/iam\/roles\/?$/, () => <RolesPage />],
  [/^\/iam\/roles\/create$/, () => <CreateRolePage />],
  [/^\/iam\/roles\/details\/([^/]+)$/, (name) => <RoleDetailPage key={name} roleName={name} />],
  [/^\/iam\/policies\/?$/, () => <PoliciesPage />],
  [/^\/iam\/policies\/create$/, () => <CreatePolicyPage />],
  [/^\/iam\/policies\/details\/([^/]+)$/, (arn) => <PolicyDetailPage key={arn} policyArn={arn} />],
  [/^\/iam\/account-settings\/?$/, () => <AccountSettingsPage />],
  [/^\/iam\/credential-report\/?$/, () => <CredentialReportPage />],
  [/^\/iam\/event-history\/?$/, () => <EventHistoryPage />],
  [/^\/iam\/simulator\/?$/, () => <SimulatorPage />],
  [/^\/iam\/security-credentials\/?$/, () => <MySecurityCredentialsPage />],
];

/** The page for a path, for a signed-in person. */
export function routePage(path: string, accountInPath: string | undefined): ReactNode {
  for (const [pattern, page] of ROUTES) {
    const match = pattern.exec(path);
    if (match) {
      try {
        return page(...match.slice(1).map((p) => decodeURIComponent(p ?? '')));
      } catch {
        // A malformed %-escape in the address.
        return <NotFoundPage />;
      }
    }
  }
  if (accountInPath) return <AlreadySignedInPage account={accountInPath} />;
  return <NotFoundPage />;
}
