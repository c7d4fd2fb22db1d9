import { DeactivateMFADeviceCommand, DeleteVirtualMFADeviceCommand, ListMFADevicesCommand, type MFADevice } from '@aws-sdk/client-iam';
import { useState } from 'react';
import { iam } from '../../api/aws';
import { formatDate } from '../../lib/format';
import { useLoad } from '../../lib/hooks';
import { ConfirmButton } from '../confirm-button';
import { EmptyState, ErrorMessage, Loading, Notice } from '../feedback';
import { Section } from '../page';
import { AssignMfa } from './assign-mfa';

/** IAM's quota: up to eight MFA devices per user, the root user included. */
const MAX_DEVICES = 8;

function deviceType(serial: string): string {
  if (serial.includes(':u2f/')) return 'Security key';
  if (serial.includes(':mfa/')) return 'Authenticator app';
  return 'Hardware TOTP token';
}

function deviceName(serial: string): string {
  return serial.slice(serial.lastIndexOf('/') + 1);
}

/** The MFA devices of a user, or of the signed-in root user when `userName` is absent. */
export function MfaSection({ userName, enableUserName, defaultDeviceName }: { userName?: string; enableUserName: string; defaultDeviceName: string }) {
  const devices = useLoad(async () => (await iam().send(new ListMFADevicesCommand(userName === undefined ? {} : { UserName: userName }))).MFADevices ?? [], [userName]);
  const [assigning, setAssigning] = useState(false);
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const count = devices.data?.length ?? 0;

  async function remove(device: MFADevice) {
    const serial = device.SerialNumber ?? '';
    await iam().send(new DeactivateMFADeviceCommand({ ...(userName === undefined ? {} : { UserName: userName }), SerialNumber: serial }));
    // A virtual device outlives its assignment; delete it so its secret is gone too.
    if (serial.includes(':mfa/')) await iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: serial }));
    setNotice(`The MFA device ${deviceName(serial)} was removed.`);
    devices.reload();
  }

  return (
    <Section
      title="Multi-factor authentication (MFA)"
      actions={
        !assigning && (
          <button type="button" className="small primary" onClick={() => { setAssigning(true); setNotice(undefined); }} disabled={count >= MAX_DEVICES}>
            Assign MFA device
          </button>
        )
      }
    >
      {count >= MAX_DEVICES && <p className="hint">The limit of {MAX_DEVICES} MFA devices is reached; remove one to add another.</p>}
      {notice && <Notice>{notice}</Notice>}
      {assigning && (
        <AssignMfa
          userName={userName}
          enableUserName={enableUserName}
          defaultName={count === 0 ? defaultDeviceName : `${defaultDeviceName}-${count + 1}`}
          onDone={() => {
            setAssigning(false);
            setNotice('The MFA device was assigned. It is needed at every console sign-in from now on.');
            devices.reload();
          }}
          onCancel={() => setAssigning(false)}
        />
      )}
      <ErrorMessage error={devices.error} />
      {devices.loading && !devices.data && <Loading />}
      {devices.data?.length === 0 && !assigning && <EmptyState title="No MFA device is assigned.">{<p>Without MFA, a password alone signs in. Assign a device to require a second proof.</p>}</EmptyState>}
      {devices.data && devices.data.length > 0 && (
        <div className="table-wrap">
          <table>
            <caption className="visually-hidden">MFA devices</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Type</th>
                <th scope="col">Identifier</th>
                <th scope="col">Assigned</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {devices.data.map((d) => (
                <tr key={d.SerialNumber}>
                  <th scope="row">{deviceName(d.SerialNumber ?? '')}</th>
                  <td>{deviceType(d.SerialNumber ?? '')}</td>
                  <td>
                    <code className="wrap">{d.SerialNumber}</code>
                  </td>
                  <td>{formatDate(d.EnableDate)}</td>
                  <td className="row-actions">
                    <ConfirmButton label="Remove" buttonLabel={`Remove MFA device ${deviceName(d.SerialNumber ?? '')}`} title="Remove this MFA device?" confirmLabel="Remove" onConfirm={() => remove(d)}>
                      <p>{count === 1 ? 'This is the only MFA device: after removing it, the password alone signs in.' : 'The device no longer signs in.'}</p>
                    </ConfirmButton>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Section>
  );
}
