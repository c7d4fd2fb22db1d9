/**
 * The periods the event history is sealed in. Every period starts at a multiple of its length
 * since midnight UTC, so anyone who knows the length can tell which periods a history must
 * have a digest for: that is what lets verify-events notice a digest that was deleted.
 */

export const DEFAULT_EVENT_DIGEST_MINUTES = 5;
const DAY_MINUTES = 24 * 60;

/** A period is sealed a little after it ends, so calls that started inside it have committed. */
export const SEAL_DELAY_MS = 60_000;
/** The server looks for periods to seal this often (http/server.ts runs it every minute). */
export const SEAL_INTERVAL_MS = 60_000;
/**
 * A period is overdue this long after it ends: the seal delay, the wait for the next run, and
 * as long again for a slow run. A running server has sealed every period that is overdue.
 */
export const OVERDUE_AFTER_MS = SEAL_DELAY_MS + 2 * SEAL_INTERVAL_MS;

/** The period length in minutes from a flag or environment variable, or why it cannot be one. */
export function parseDigestMinutes(text: string, name: string): number {
  const minutes = Number(text);
  if (!Number.isInteger(minutes) || minutes < 1 || DAY_MINUTES % minutes !== 0) {
    throw new Error(
      `${name} ${text} is not a digest period: use a whole number of minutes that divides an hour or a day evenly, ` +
        `such as 1, 5, 15, 60 or 1440 (default ${DEFAULT_EVENT_DIGEST_MINUTES}).`,
    );
  }
  return minutes;
}

/** Milliseconds in a period of this many minutes. */
export function periodMs(minutes: number): number {
  return minutes * 60_000;
}

/** The start of the period that holds `at` (ms since the epoch). */
export function periodStartOf(at: number, length: number): number {
  return Math.floor(at / length) * length;
}

/**
 * The end of the period that begins at `start`. A digest sealed with another period length
 * (an hourly store that now seals every 5 minutes, or the other way round) may end off this
 * length's boundaries; the next period then ends at the next boundary, so the chain stays
 * contiguous and is aligned again from there on.
 */
export function periodEndAfter(start: number, length: number): number {
  return periodStartOf(start, length) + length;
}

/** Whether the period ending at `end` should have been sealed by `now`. */
export function isOverdue(end: number, now: number): boolean {
  return end + OVERDUE_AFTER_MS <= now;
}
