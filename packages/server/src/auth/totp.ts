import { timingSafeEqual } from 'node:crypto';
import { HOTP, Secret } from 'otpauth';

/**
 * Time-based one-time passwords for virtual MFA devices, per RFC 6238 with the parameters
 * AWS's virtual MFA devices use: HMAC-SHA-1, 6 digits, a 30-second time step from the Unix
 * epoch (https://www.rfc-editor.org/rfc/rfc6238). The HOTP value itself (RFC 4226 §5.3:
 * HMAC, dynamic truncation, modulo 10^digits) comes from the `otpauth` library; what is
 * here is the product's policy around it: which time steps are accepted, that a code is
 * accepted once only, and how failed attempts are throttled.
 */

/** RFC 6238 §4.1: X, the time step in seconds (its recommended default, and AWS's). */
export const TIME_STEP_SECONDS = 30;
/** AWS's virtual MFA codes are six digits (IAM's authenticationCodeType: exactly 6 digits). */
export const CODE_DIGITS = 6;
/**
 * RFC 6238 §5.2 recommends accepting at most one time step of network delay or clock drift
 * either way; a single code is checked against steps t-1, t and t+1 of the device's clock.
 */
export const DRIFT_STEPS = 1;
/**
 * Enabling and resynchronizing take two consecutive codes, so they may search far wider
 * (RFC 6238 §6): the chance that a guessed pair matches anywhere in ±20 steps is about
 * 41 × 10⁻¹², so a wide window costs nothing in security and finds a phone whose clock is
 * up to ten minutes off. The offset found is remembered as the device's drift.
 */
export const RESYNC_WINDOW_STEPS = 20;

/** RFC 6238 §4.2: T = floor((unix time − T0) / X) with T0 = 0. */
export function timeStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TIME_STEP_SECONDS);
}

/**
 * The code for one time step: HOTP(K, T) truncated to `digits` digits (RFC 4226 §5.3).
 * RFC 6238's known answers are 8 digits; the product uses 6.
 */
export function totpCode(seed: Uint8Array, step: number, digits = CODE_DIGITS): string {
  return HOTP.generate({ secret: secretOf(seed), algorithm: 'SHA1', digits, counter: step });
}

/** The code a device shows at a given instant. */
export function totpCodeAt(seed: Uint8Array, at: Date, digits = CODE_DIGITS): string {
  return totpCode(seed, timeStep(at), digits);
}

/** RFC 3548/4648 base32 without padding, as AWS returns Base32StringSeed. */
export function base32Encode(seed: Uint8Array): string {
  return secretOf(seed).base32;
}

export function base32Decode(text: string): Uint8Array {
  return Secret.fromBase32(text).bytes;
}

function secretOf(seed: Uint8Array): Secret {
  return new Secret({ buffer: Uint8Array.from(seed).buffer });
}

/** What a device's verifier remembers between codes; nothing in it reveals a code. */
export interface DeviceClock {
  /** offset of the device's clock from ours, in steps, learned when enabling or resyncing */
  readonly driftSteps: number;
  /** the time step of the last code accepted; a code at or before it is refused (RFC 6238 §5.2) */
  readonly lastUsedStep: number | null;
}

/**
 * The time step a single code belongs to, or undefined. Every candidate step is computed and
 * compared in constant time, without stopping at the first match, so the time taken says
 * nothing about which step (if any) matched. A code for a step already used is refused:
 * "the verifier MUST NOT accept the second attempt of the OTP after the successful validation
 * has been issued for the first OTP" (RFC 6238 §5.2).
 */
export function matchCode(seed: Uint8Array, code: string, now: Date, device: DeviceClock): number | undefined {
  if (!isCodeShaped(code)) return undefined;
  const centre = timeStep(now) + device.driftSteps;
  let found: number | undefined;
  for (let step = centre - DRIFT_STEPS; step <= centre + DRIFT_STEPS; step++) {
    const matches = codesEqual(code, totpCode(seed, step));
    if (matches && found === undefined && isUnused(step, device)) found = step;
  }
  return found;
}

/**
 * For EnableMFADevice and ResyncMFADevice: the step of the second of two consecutive codes,
 * searched within RESYNC_WINDOW_STEPS of our clock, or undefined. Both steps must be unused.
 */
export function matchConsecutiveCodes(seed: Uint8Array, code1: string, code2: string, now: Date, lastUsedStep: number | null): number | undefined {
  if (!isCodeShaped(code1) || !isCodeShaped(code2)) return undefined;
  const centre = timeStep(now);
  const device = { driftSteps: 0, lastUsedStep };
  let found: number | undefined;
  let previousMatched = false;
  // Starts one step early so that the second code may be as old as centre − window.
  for (let step = centre - RESYNC_WINDOW_STEPS - 1; step <= centre + RESYNC_WINDOW_STEPS; step++) {
    const code = totpCode(seed, step);
    const secondMatches = codesEqual(code2, code);
    // The latest pair wins: it is the one closest to the device's present.
    if (previousMatched && secondMatches && isUnused(step - 1, device)) found = step;
    previousMatched = codesEqual(code1, code);
  }
  return found;
}

function isUnused(step: number, device: DeviceClock): boolean {
  return device.lastUsedStep === null || step > device.lastUsedStep;
}

function isCodeShaped(code: string): boolean {
  return code.length === CODE_DIGITS && /^\d+$/.test(code);
}

function codesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Throttling of failed codes, per device. RFC 4226 §7.3 asks the verifier to count failed
 * attempts per device and to lock or delay after a small number T of them, suggesting a
 * delay that grows with each failure; NIST SP 800-63B §5.2.2 caps consecutive failures at
 * 100 before the authenticator must be re-established.
 * https://www.rfc-editor.org/rfc/rfc4226#section-7.3 · https://pages.nist.gov/800-63-3/sp800-63b.html#throttle
 *
 * The rule: four wrong codes in a row are free (typos, a code that just expired); the fifth
 * locks the device for 15 minutes, and every further wrong code after a lock ends locks it
 * again for twice as long as the last time, up to 24 hours. A correct code resets the count.
 * At 100 consecutive failures the device refuses every code until it is resynchronized
 * (ResyncMFADevice) or deactivated and enabled again, which both need two consecutive codes.
 * While locked a code is not even checked, so a lock cannot be used to learn anything.
 * Someone guessing can thus try about 11 codes on the first day and one a day after, and
 * 100 in all; each is right with odds of 3 in a million (three steps are accepted), so the
 * odds of ever getting in by guessing stay below 1 in 3,000.
 */
export const FREE_FAILURES = 4;
export const FIRST_LOCK_MS = 15 * 60_000;
export const LONGEST_LOCK_MS = 24 * 60 * 60_000;
export const MAX_CONSECUTIVE_FAILURES = 100;

export interface FailureState {
  /** consecutive wrong codes since the last accepted one */
  readonly failedAttempts: number;
  readonly lockedUntil: Date | null;
}

export type LockState = { locked: false } | { locked: true; until: Date | 'resync' };

export function lockState(state: FailureState, now: Date): LockState {
  if (state.failedAttempts >= MAX_CONSECUTIVE_FAILURES) return { locked: true, until: 'resync' };
  if (state.lockedUntil && state.lockedUntil.getTime() > now.getTime()) return { locked: true, until: state.lockedUntil };
  return { locked: false };
}

/** The state after one more wrong code at `now`. */
export function afterFailure(state: FailureState, now: Date): FailureState {
  const failedAttempts = state.failedAttempts + 1;
  return { failedAttempts, lockedUntil: lockAfter(failedAttempts, now) };
}

/** How long the device is locked once its count of consecutive failures reaches `failedAttempts` at `now`. */
export function lockAfter(failedAttempts: number, now: Date): Date | null {
  if (failedAttempts <= FREE_FAILURES) return null;
  const lockMs = Math.min(FIRST_LOCK_MS * 2 ** Math.min(failedAttempts - FREE_FAILURES - 1, 20), LONGEST_LOCK_MS);
  return new Date(now.getTime() + lockMs);
}
