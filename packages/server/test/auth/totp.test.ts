import { describe, expect, it } from 'vitest';
import {
  afterFailure,
  base32Decode,
  base32Encode,
  FIRST_LOCK_MS,
  lockState,
  LONGEST_LOCK_MS,
  matchCode,
  matchConsecutiveCodes,
  MAX_CONSECUTIVE_FAILURES,
  RESYNC_WINDOW_STEPS,
  timeStep,
  totpCode,
  totpCodeAt,
  type FailureState,
} from '../../src/auth/totp.js';

// RFC 6238 Appendix B and RFC 4226 Appendix D use the ASCII seed "12345678901234567890".
const RFC_SEED = new Uint8Array(Buffer.from('12345678901234567890', 'ascii'));
const at = (unixSeconds: number) => new Date(unixSeconds * 1000);

describe('TOTP known answers', () => {
  // https://www.rfc-editor.org/rfc/rfc6238#appendix-B (the SHA-1 rows; 8 digits)
  const appendixB: [number, string, string][] = [
    [59, '0000000000000001', '94287082'],
    [1111111109, '00000000023523EC', '07081804'],
    [1111111111, '00000000023523ED', '14050471'],
    [1234567890, '000000000273EF07', '89005924'],
    [2000000000, '0000000003F940AA', '69279037'],
    [20000000000, '0000000027BC86AA', '65353130'],
  ];

  it.each(appendixB)('matches RFC 6238 Appendix B at T=%i (8 digits)', (time, stepHex, code) => {
    expect(timeStep(at(time))).toBe(parseInt(stepHex, 16));
    expect(totpCodeAt(RFC_SEED, at(time), 8)).toBe(code);
  });

  it.each(appendixB)('gives the last six digits of the RFC 6238 answer at T=%i for the product’s 6 digits', (time, _step, code) => {
    expect(totpCodeAt(RFC_SEED, at(time))).toBe(code.slice(2));
  });

  // https://www.rfc-editor.org/rfc/rfc4226#appendix-D: HOTP values for counters 0–9, 6 digits
  const appendixD = ['755224', '287082', '359152', '969429', '338314', '254676', '287922', '162583', '399871', '520489'];
  it.each(appendixD.map((code, counter) => [counter, code] as const))('matches RFC 4226 Appendix D at counter %i', (counter, code) => {
    expect(totpCode(RFC_SEED, counter)).toBe(code);
  });

  it('encodes seeds as unpadded base32 and back', () => {
    expect(base32Encode(RFC_SEED)).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(Buffer.from(base32Decode('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ')).toString('ascii')).toBe('12345678901234567890');
    const seed = new Uint8Array(40).map((_, i) => i * 7);
    const text = base32Encode(seed);
    expect(text).toMatch(/^[A-Z2-7]{64}$/);
    expect(base32Decode(text)).toEqual(seed);
  });
});

describe('accepting a single code', () => {
  const now = at(1_700_000_015); // mid-step
  const t = timeStep(now);
  const fresh = { driftSteps: 0, lastUsedStep: null };

  it('accepts the codes of one step either side of now and no further', () => {
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t), now, fresh)).toBe(t);
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t - 1), now, fresh)).toBe(t - 1);
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t + 1), now, fresh)).toBe(t + 1);
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t - 2), now, fresh)).toBeUndefined();
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t + 2), now, fresh)).toBeUndefined();
  });

  it('centres the window on the drift learned for the device', () => {
    const drifted = { driftSteps: 10, lastUsedStep: null };
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t + 10), now, drifted)).toBe(t + 10);
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t + 11), now, drifted)).toBe(t + 11);
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t), now, drifted)).toBeUndefined();
  });

  it('refuses a code whose step was already used, and any earlier one', () => {
    const used = { driftSteps: 0, lastUsedStep: t };
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t), now, used)).toBeUndefined();
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t - 1), now, used)).toBeUndefined();
    expect(matchCode(RFC_SEED, totpCode(RFC_SEED, t + 1), now, used)).toBe(t + 1);
  });

  it('refuses anything that is not six digits', () => {
    const code = totpCode(RFC_SEED, t);
    for (const bad of ['', code.slice(1), `${code}0`, ` ${code.slice(1)}`, '12345a', '１２３４５６']) {
      expect(matchCode(RFC_SEED, bad, now, fresh)).toBeUndefined();
    }
  });
});

describe('accepting two consecutive codes (enable and resync)', () => {
  const now = at(1_700_000_015);
  const t = timeStep(now);
  const code = (step: number) => totpCode(RFC_SEED, step);

  it('answers the step of the second code', () => {
    expect(matchConsecutiveCodes(RFC_SEED, code(t - 1), code(t), now, null)).toBe(t);
    expect(matchConsecutiveCodes(RFC_SEED, code(t), code(t + 1), now, null)).toBe(t + 1);
  });

  it('refuses codes that are not consecutive or are in the wrong order', () => {
    expect(matchConsecutiveCodes(RFC_SEED, code(t), code(t), now, null)).toBeUndefined();
    expect(matchConsecutiveCodes(RFC_SEED, code(t - 2), code(t), now, null)).toBeUndefined();
    expect(matchConsecutiveCodes(RFC_SEED, code(t), code(t - 1), now, null)).toBeUndefined();
    expect(matchConsecutiveCodes(RFC_SEED, '000000', code(t), now, null)).toBeUndefined();
  });

  it('finds a device whose clock is off by up to the resync window, and no further', () => {
    const w = RESYNC_WINDOW_STEPS;
    expect(matchConsecutiveCodes(RFC_SEED, code(t + w - 1), code(t + w), now, null)).toBe(t + w);
    expect(matchConsecutiveCodes(RFC_SEED, code(t - w - 1), code(t - w), now, null)).toBe(t - w);
    expect(matchConsecutiveCodes(RFC_SEED, code(t + w), code(t + w + 1), now, null)).toBeUndefined();
    expect(matchConsecutiveCodes(RFC_SEED, code(t - w - 2), code(t - w - 1), now, null)).toBeUndefined();
  });

  it('refuses a pair that reuses a step already accepted', () => {
    expect(matchConsecutiveCodes(RFC_SEED, code(t - 1), code(t), now, t - 1)).toBeUndefined();
    expect(matchConsecutiveCodes(RFC_SEED, code(t), code(t + 1), now, t - 1)).toBe(t + 1);
  });
});

describe('throttling failed codes', () => {
  const now = new Date('2030-01-01T00:00:00Z');
  const fail = (times: number, start: FailureState = { failedAttempts: 0, lockedUntil: null }) => {
    let state = start;
    for (let i = 0; i < times; i++) state = afterFailure(state, now);
    return state;
  };

  it('lets four wrong codes pass without a lock and locks for 15 minutes at the fifth', () => {
    expect(lockState(fail(4), now)).toEqual({ locked: false });
    const fifth = fail(5);
    expect(fifth.lockedUntil).toEqual(new Date(now.getTime() + FIRST_LOCK_MS));
    expect(lockState(fifth, new Date(now.getTime() + FIRST_LOCK_MS - 1))).toEqual({ locked: true, until: fifth.lockedUntil });
    expect(lockState(fifth, new Date(now.getTime() + FIRST_LOCK_MS))).toEqual({ locked: false });
  });

  it('doubles each further lock up to a day', () => {
    const ms = (state: FailureState) => state.lockedUntil!.getTime() - now.getTime();
    expect(ms(fail(6))).toBe(2 * FIRST_LOCK_MS);
    expect(ms(fail(7))).toBe(4 * FIRST_LOCK_MS);
    expect(ms(fail(11))).toBe(64 * FIRST_LOCK_MS);
    expect(ms(fail(12))).toBe(LONGEST_LOCK_MS);
    expect(ms(fail(60))).toBe(LONGEST_LOCK_MS);
  });

  it('refuses every code after 100 consecutive failures until the device is resynchronized', () => {
    const spent = fail(MAX_CONSECUTIVE_FAILURES);
    expect(lockState(spent, new Date(now.getTime() + 365 * LONGEST_LOCK_MS))).toEqual({ locked: true, until: 'resync' });
  });
});
