import { CreateVirtualMFADeviceCommand, DeleteVirtualMFADeviceCommand, EnableMFADeviceCommand } from '@aws-sdk/client-iam';
import { startRegistration } from '@simplewebauthn/browser';
import { useEffect, useState, type FormEvent } from 'react';
import { iam } from '../../api/aws';
import { registerSecurityKey, securityKeyOptions } from '../../api/console-api';
import { describeWebAuthnError } from '../../lib/webauthn-errors';
import { ErrorMessage } from '../feedback';

type Kind = 'virtual' | 'security-key';

interface VirtualDevice {
  serialNumber: string;
  qrCodeUrl: string;
  secret: string;
}

/**
 * Assigns an MFA device, as IAM's console does:
 * - an authenticator app: CreateVirtualMFADevice, scan the QR code (or type the secret key),
 *   then two consecutive codes to EnableMFADevice
 *   (https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_mfa_enable_virtual.html);
 * - a security key or passkey: WebAuthn registration through the console API, since IAM's API
 *   has no call for it.
 * `userName` is absent for the root user; `enableUserName` is what EnableMFADevice is given
 * (the root user names itself by the account id).
 */
export function AssignMfa({ userName, enableUserName, defaultName, onDone, onCancel }: { userName?: string; enableUserName: string; defaultName: string; onDone: () => void; onCancel: () => void }) {
  const [kind, setKind] = useState<Kind>('virtual');
  const [name, setName] = useState(defaultName);
  const [device, setDevice] = useState<VirtualDevice | undefined>(undefined);
  const [showSecret, setShowSecret] = useState(false);
  const [code1, setCode1] = useState('');
  const [code2, setCode2] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);

  useEffect(() => () => {
    if (device) URL.revokeObjectURL(device.qrCodeUrl);
  }, [device]);

  async function run(work: () => Promise<void>) {
    setBusy(true);
    setError(undefined);
    try {
      await work();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  }

  function start(event: FormEvent) {
    event.preventDefault();
    if (kind === 'virtual') {
      void run(async () => {
        const created = (await iam().send(new CreateVirtualMFADeviceCommand({ VirtualMFADeviceName: name.trim() }))).VirtualMFADevice;
        if (!created?.SerialNumber || !created.QRCodePNG || !created.Base32StringSeed) throw new Error('The server created the device but did not return its QR code and secret.');
        setDevice({
          serialNumber: created.SerialNumber,
          qrCodeUrl: URL.createObjectURL(new Blob([new Uint8Array(created.QRCodePNG)], { type: 'image/png' })),
          // The blob holds the base32 text itself (AWS's Base32StringSeed).
          secret: new TextDecoder().decode(created.Base32StringSeed),
        });
      });
    } else {
      void run(async () => {
        const options = await securityKeyOptions(userName);
        let response;
        try {
          response = await startRegistration({ optionsJSON: options });
        } catch (e) {
          throw describeWebAuthnError(e, 'The security key was not registered');
        }
        await registerSecurityKey({ ...(userName === undefined ? {} : { userName }), name: name.trim(), response });
        onDone();
      });
    }
  }

  function enable(event: FormEvent) {
    event.preventDefault();
    if (!device) return;
    void run(async () => {
      await iam().send(new EnableMFADeviceCommand({ UserName: enableUserName, SerialNumber: device.serialNumber, AuthenticationCode1: code1, AuthenticationCode2: code2 }));
      onDone();
    });
  }

  async function cancel() {
    // A created but unassigned virtual device would only take up the account's quota.
    if (device) await iam().send(new DeleteVirtualMFADeviceCommand({ SerialNumber: device.serialNumber })).catch(() => undefined);
    onCancel();
  }

  if (!device) {
    return (
      <form onSubmit={start} className="panel" aria-label="Assign MFA device">
        <label htmlFor="mfa-device-name">Device name</label>
        <input id="mfa-device-name" required maxLength={64} pattern="[\w+=,.@\-]+" value={name} onChange={(e) => setName(e.target.value)} aria-describedby="mfa-device-name-hint" />
        <p id="mfa-device-name-hint" className="hint">
          A name to tell your devices apart: letters, digits and + = , . @ _ -.
        </p>
        <fieldset className="choice">
          <legend>MFA device type</legend>
          <label>
            <input type="radio" name="mfa-kind" checked={kind === 'virtual'} onChange={() => setKind('virtual')} /> Authenticator app
          </label>
          <label>
            <input type="radio" name="mfa-kind" checked={kind === 'security-key'} onChange={() => setKind('security-key')} /> Security key or passkey
          </label>
        </fieldset>
        <p className="hint">{kind === 'virtual' ? 'An app on your phone or computer that shows six-digit codes (TOTP).' : 'A hardware key, or a passkey kept by your device or password manager.'}</p>
        <ErrorMessage error={error} />
        <div className="actions">
          <button type="submit" className="primary" disabled={busy}>
            {kind === 'virtual' ? 'Next' : busy ? 'Waiting for the security key…' : 'Register security key'}
          </button>
          <button type="button" onClick={onCancel} disabled={busy}>
            Cancel
          </button>
        </div>
      </form>
    );
  }

  return (
    <form onSubmit={enable} className="panel" aria-label="Set up authenticator app">
      <ol className="steps">
        <li>Install an authenticator app on your phone or computer.</li>
        <li>
          <p>Open the app and scan this QR code.</p>
          <img className="qr" src={device.qrCodeUrl} alt={`QR code for the MFA device ${name}`} width={200} height={200} />
          <p>
            <button type="button" className="link-button" onClick={() => setShowSecret((s) => !s)} aria-expanded={showSecret} aria-controls="mfa-secret">
              {showSecret ? 'Hide secret key' : 'Show secret key'}
            </button>
          </p>
          <p id="mfa-secret" hidden={!showSecret}>
            Or type this secret key into the app: <code className="secret" data-testid="mfa-secret-key">{device.secret}</code>
          </p>
        </li>
        <li>
          <p>Enter two consecutive codes from the app: type the first, wait for the next to appear, then type that one.</p>
          <label htmlFor="mfa-code-1">MFA code 1</label>
          <input id="mfa-code-1" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code1} onChange={(e) => setCode1(e.target.value.replace(/\D/g, ''))} />
          <label htmlFor="mfa-code-2">MFA code 2</label>
          <input id="mfa-code-2" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]{6}" maxLength={6} required value={code2} onChange={(e) => setCode2(e.target.value.replace(/\D/g, ''))} />
        </li>
      </ol>
      <ErrorMessage error={error} />
      <div className="actions">
        <button type="submit" className="primary" disabled={busy || code1.length !== 6 || code2.length !== 6}>
          Add MFA
        </button>
        <button type="button" onClick={() => void cancel()} disabled={busy}>
          Cancel
        </button>
      </div>
    </form>
  );
}
