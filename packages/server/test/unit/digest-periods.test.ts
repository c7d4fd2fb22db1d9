import { describe, expect, it } from 'vitest';
import { isOverdue, parseDigestMinutes, periodEndAfter, periodMs, periodStartOf } from '../../src/audit/digest-periods.js';
import { resolveConfig } from '../../src/config.js';

const at = (iso: string) => Date.parse(iso);

describe('event digest periods', () => {
  it('default to 5 minutes; the flag wins over GATEHOUSE_EVENT_DIGEST_MINUTES', () => {
    expect(resolveConfig({}, {}).eventDigestMinutes).toBe(5);
    expect(resolveConfig({}, { GATEHOUSE_EVENT_DIGEST_MINUTES: '15' }).eventDigestMinutes).toBe(15);
    expect(resolveConfig({ eventDigestMinutes: '60' }, { GATEHOUSE_EVENT_DIGEST_MINUTES: '15' }).eventDigestMinutes).toBe(60);
  });

  it('must divide an hour or a day evenly', () => {
    for (const ok of [1, 2, 5, 10, 15, 30, 60, 120, 480, 1440]) expect(parseDigestMinutes(String(ok), 'x')).toBe(ok);
    for (const bad of ['7', '0', '-5', '2.5', '2880', 'five', '']) expect(() => parseDigestMinutes(bad, '--event-digest-minutes')).toThrow(/is not a digest period: use a whole number of minutes that divides an hour or a day evenly/);
    expect(() => resolveConfig({}, { GATEHOUSE_EVENT_DIGEST_MINUTES: '7' })).toThrow('GATEHOUSE_EVENT_DIGEST_MINUTES 7 is not a digest period');
  });

  it('are aligned on multiples of their length since midnight UTC', () => {
    const five = periodMs(5);
    expect(periodStartOf(at('2026-03-01T10:07:59Z'), five)).toBe(at('2026-03-01T10:05:00Z'));
    expect(periodEndAfter(at('2026-03-01T10:05:00Z'), five)).toBe(at('2026-03-01T10:10:00Z'));
    expect(periodStartOf(at('2026-03-01T10:07:59Z'), periodMs(1440))).toBe(at('2026-03-01T00:00:00Z'));
  });

  it('continue from a digest of another length at the next boundary of the new one', () => {
    // sealed hourly, now every 5 minutes: the next period is the first 5 minutes of the hour
    expect(periodEndAfter(at('2026-03-01T11:00:00Z'), periodMs(5))).toBe(at('2026-03-01T11:05:00Z'));
    // sealed every 5 minutes, now every 2 hours: the next period is shortened to the boundary
    expect(periodEndAfter(at('2026-03-01T11:05:00Z'), periodMs(120))).toBe(at('2026-03-01T12:00:00Z'));
  });

  it('are overdue 3 minutes after they end: the seal delay, a sealing run and a slow one', () => {
    const end = at('2026-03-01T10:10:00Z');
    expect(isOverdue(end, end + 3 * 60_000 - 1)).toBe(false);
    expect(isOverdue(end, end + 3 * 60_000)).toBe(true);
  });
});
