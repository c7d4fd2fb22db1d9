import {
  generateAuthenticationOptions,
  generateRegistrationOptions,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
  type AuthenticationResponseJSON,
  type PublicKeyCredentialCreationOptionsJSON,
  type PublicKeyCredentialRequestOptionsJSON,
  type RegistrationResponseJSON,
} from '@simplewebauthn/server';
import type { SecurityKey } from '../storage/schema.js';
import { keyCounter } from '../storage/repositories/security-keys.js';
import { ConsoleError, header, type ConsoleRequest } from './http.js';

/**
 * Security keys with WebAuthn (@simplewebauthn/server): registration of a key for a user or
 * the root user, and its use as the second factor at sign-in. Passkeys are allowed: a
 * discoverable credential is preferred, not required, and user verification (a PIN or a
 * fingerprint) is asked for but not required, since the password is the first factor.
 * https://www.w3.org/TR/webauthn-3/
 */

/** The relying party: this server, as the browser reached it. */
export interface RelyingParty {
  /** the host name the browser used (WebAuthn's RP ID; browsers refuse IP addresses) */
  readonly id: string;
  /** scheme, host and port, as the browser writes it into clientDataJSON */
  readonly origin: string;
}

export const RP_NAME = 'Gatehouse';

/**
 * The RP ID and origin from the request's Host header: the console may be reached under any
 * name (localhost, a DNS name behind a proxy), and a key works for the name it was registered
 * under. The scheme is https when the connection is TLS.
 */
export function relyingParty(req: ConsoleRequest): RelyingParty {
  const host = header(req, 'host');
  const match = host ? /^(\[[0-9a-fA-F:.]+\]|[A-Za-z0-9.-]+)(?::\d{1,5})?$/.exec(host) : null;
  if (!host || !match) throw new ConsoleError(400, 'InvalidRequest', 'The request has no valid Host header, which security keys need to name this server.');
  return { id: match[1]!.toLowerCase(), origin: `${req.secure ? 'https' : 'http'}://${host.toLowerCase()}` };
}

/** A WebAuthn ceremony under way, kept in the console session until it completes. */
export interface Ceremony {
  readonly purpose: 'authenticate' | 'register';
  readonly challenge: string;
  readonly issuedAt: string;
  /** for a registration: whose key it will be (an IAM user's id, or root) */
  readonly owner?: string;
}

// The browser gives the user a minute (the options' timeout); the server waits a little longer.
const OPTIONS_TIMEOUT_MS = 60_000;
const CEREMONY_MS = 5 * 60_000;

/** The session's ceremony, if it is the one expected and still fresh. */
export function openCeremony(stored: string | null, purpose: Ceremony['purpose'], now: Date): Ceremony | undefined {
  if (!stored) return undefined;
  let ceremony: Ceremony;
  try {
    ceremony = JSON.parse(stored) as Ceremony;
  } catch {
    return undefined;
  }
  if (ceremony.purpose !== purpose || typeof ceremony.challenge !== 'string') return undefined;
  if (now.getTime() - Date.parse(ceremony.issuedAt) > CEREMONY_MS) return undefined;
  return ceremony;
}

/** Options for navigator.credentials.get() with the owner's keys, and the ceremony to keep. */
export async function authenticationOptions(rp: RelyingParty, keys: readonly SecurityKey[], now: Date): Promise<{ options: PublicKeyCredentialRequestOptionsJSON; ceremony: Ceremony }> {
  const options = await generateAuthenticationOptions({
    rpID: rp.id,
    allowCredentials: keys.map((k) => ({ id: k.credential_id, transports: transportsOf(k) })),
    userVerification: 'preferred',
    timeout: OPTIONS_TIMEOUT_MS,
  });
  return { options, ceremony: { purpose: 'authenticate', challenge: options.challenge, issuedAt: now.toISOString() } };
}

/**
 * Checks an assertion against one of the owner's keys: the challenge, origin and RP ID, the
 * signature with the stored public key, and the signature counter. Answers the key and its new
 * counter, or undefined for any assertion that does not verify.
 */
export async function verifyAuthentication(
  rp: RelyingParty,
  keys: readonly SecurityKey[],
  ceremony: Ceremony,
  response: unknown,
): Promise<{ key: SecurityKey; newCounter: number } | undefined> {
  if (!isCredentialJson(response)) return undefined;
  const key = keys.find((k) => k.credential_id === response.id);
  if (!key) return undefined;
  try {
    const result = await verifyAuthenticationResponse({
      response: response as unknown as AuthenticationResponseJSON,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      credential: { id: key.credential_id, publicKey: fromBase64url(key.public_key), counter: keyCounter(key), transports: transportsOf(key) as never },
      requireUserVerification: false,
    });
    return result.verified ? { key, newCounter: result.authenticationInfo.newCounter } : undefined;
  } catch {
    // A malformed or forged assertion, a wrong origin or a counter gone backwards: all are a failed MFA.
    return undefined;
  }
}

/** Options for navigator.credentials.create(), excluding the owner's existing keys. */
export async function registrationOptions(
  rp: RelyingParty,
  owner: { readonly id: string; readonly name: string; readonly displayName: string },
  existing: readonly SecurityKey[],
  now: Date,
): Promise<{ options: PublicKeyCredentialCreationOptionsJSON; ceremony: Ceremony }> {
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.id,
    userID: new Uint8Array(Buffer.from(owner.id, 'utf8')),
    userName: owner.name,
    userDisplayName: owner.displayName,
    timeout: OPTIONS_TIMEOUT_MS,
    // Gatehouse trusts any authenticator; it asks for no attestation, so none is stored.
    attestationType: 'none',
    excludeCredentials: existing.map((k) => ({ id: k.credential_id, transports: transportsOf(k) })),
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
  });
  return { options, ceremony: { purpose: 'register', challenge: options.challenge, issuedAt: now.toISOString() } };
}

export interface RegisteredCredential {
  readonly credentialId: string;
  readonly publicKey: string;
  readonly counter: number;
  readonly transports: string[];
}

/** Checks a new credential: challenge, origin, RP ID and user presence. Answers it, or why not. */
export async function verifyRegistration(rp: RelyingParty, ceremony: Ceremony, response: unknown): Promise<RegisteredCredential | { problem: string }> {
  if (!isCredentialJson(response)) return { problem: 'response must be the RegistrationResponseJSON the browser returned (id, rawId, response, type).' };
  try {
    const result = await verifyRegistrationResponse({
      response: response as unknown as RegistrationResponseJSON,
      expectedChallenge: ceremony.challenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.id,
      requireUserVerification: false,
    });
    if (!result.verified) return { problem: 'The security key response did not verify.' };
    const { credential } = result.registrationInfo;
    return {
      credentialId: credential.id,
      publicKey: Buffer.from(credential.publicKey).toString('base64url'),
      counter: credential.counter,
      // what the browser reported (usb, nfc, ble, internal, hybrid), to hint it at sign-in
      transports: Array.isArray(credential.transports) ? credential.transports.filter((t) => typeof t === 'string' && t.length <= 32).slice(0, 10) : [],
    };
  } catch (error) {
    return { problem: `The security key response did not verify: ${error instanceof Error ? error.message : String(error)}` };
  }
}

function isCredentialJson(value: unknown): value is { id: string; rawId: string; type: string; response: Record<string, unknown> } {
  if (value === null || typeof value !== 'object') return false;
  const v = value as Record<string, unknown>;
  return typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 1400 && typeof v.rawId === 'string' && typeof v.type === 'string' && v.response !== null && typeof v.response === 'object';
}

function transportsOf(key: SecurityKey): string[] {
  try {
    const parsed: unknown = JSON.parse(key.transports);
    return Array.isArray(parsed) ? parsed.filter((t): t is string => typeof t === 'string') : [];
  } catch {
    return [];
  }
}

function fromBase64url(text: string): Uint8Array<ArrayBuffer> {
  return new Uint8Array(Buffer.from(text, 'base64url'));
}
