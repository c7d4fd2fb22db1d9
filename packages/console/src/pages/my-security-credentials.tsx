import { ChangeOwnPassword } from '../components/credentials/change-own-password';
import { AccessKeysSection } from '../components/credentials/access-keys-section';
import { MfaSection } from '../components/credentials/mfa-section';
import { Page } from '../components/page';
import { useSession } from '../session';

/**
 * The signed-in principal's own credentials. For the root user the IAM calls name no user (the
 * caller's own devices and keys) and EnableMFADevice names the account id, as Gatehouse allows
 * root to manage its MFA through the API (AWS does it only in its console).
 */
export function MySecurityCredentialsPage() {
  const { principal } = useSession();
  if (principal.type === 'Root') {
    return (
      <Page title="My security credentials" description={`Root user of account ${principal.accountAlias ?? principal.accountId}`}>
        <MfaSection enableUserName={principal.accountId} defaultDeviceName="root-account-mfa-device" />
        <AccessKeysSection />
      </Page>
    );
  }
  const userName = principal.userName ?? '';
  return (
    <Page title="My security credentials" description={`IAM user ${userName}`}>
      <ChangeOwnPassword />
      <MfaSection userName={userName} enableUserName={userName} defaultDeviceName={userName} />
      <AccessKeysSection userName={userName} />
    </Page>
  );
}
