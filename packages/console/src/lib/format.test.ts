import { describe, expect, it } from 'vitest';
import { formatAge, formatWait } from './format';

describe('formatWait', () => {
  it('says seconds up to two minutes, then minutes and hours', () => {
    expect(formatWait(1)).toBe('1 second');
    expect(formatWait(60)).toBe('60 seconds');
    expect(formatWait(150)).toBe('3 minutes');
    expect(formatWait(3600)).toBe('1 hour');
    expect(formatWait(3700)).toBe('1 hour and 2 minutes');
  });
});

describe('formatAge', () => {
  it('counts whole days back from now', () => {
    const now = new Date('2025-06-30T12:00:00Z');
    expect(formatAge(undefined, now)).toBe('Never');
    expect(formatAge(new Date('2025-06-30T01:00:00Z'), now)).toBe('Today');
    expect(formatAge(new Date('2025-06-29T11:00:00Z'), now)).toBe('Yesterday');
    expect(formatAge('2025-06-20T12:00:00Z', now)).toBe('10 days ago');
  });
});
