/** Dates and durations as people read them, in their own time zone. */

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function formatDate(value: Date | string | undefined | null): string {
  if (value === undefined || value === null || value === '') return '—';
  const date = typeof value === 'string' ? new Date(value) : value;
  return Number.isNaN(date.getTime()) ? String(value) : DATE_TIME.format(date);
}

const DAY = 24 * 60 * 60 * 1000;

/** "today", "yesterday", "12 days ago", or "Never" for no date. */
export function formatAge(value: Date | string | undefined | null, now = new Date()): string {
  if (value === undefined || value === null || value === '') return 'Never';
  const date = typeof value === 'string' ? new Date(value) : value;
  const days = Math.floor((now.getTime() - date.getTime()) / DAY);
  if (days <= 0) return 'Today';
  if (days === 1) return 'Yesterday';
  return `${days} days ago`;
}

/** "1 user", "3 users". */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/** "45 seconds", "2 minutes", "1 hour and 5 minutes": a wait, in words. */
export function formatWait(seconds: number): string {
  const s = Math.max(0, Math.ceil(seconds));
  if (s < 120) return plural(s, 'second');
  const minutes = Math.ceil(s / 60);
  if (minutes < 60) return plural(minutes, 'minute');
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? plural(hours, 'hour') : `${plural(hours, 'hour')} and ${plural(rest, 'minute')}`;
}
