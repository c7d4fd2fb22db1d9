import { AwsError } from '../protocol/errors.js';

export interface PageInput {
  Marker?: string | undefined;
  MaxItems?: number | undefined;
}

export interface Page<T> {
  items: T[];
  IsTruncated: boolean;
  Marker?: string;
}

/**
 * IAM's Marker/MaxItems paging over rows ordered by the unique `keyOf`. The marker is opaque
 * to clients: the key of the last item returned, so a page stays correct when items before
 * it are added or removed between calls. MaxItems defaults to 100 as in IAM. Rows are sorted
 * here by code point because SQLite's and PostgreSQL's collations disagree, and the marker
 * comparison must agree with the order.
 */
export function paginate<T>(unsorted: readonly T[], input: PageInput, keyOf: (row: T) => string): Page<T> {
  const max = input.MaxItems ?? 100;
  const rows = unsorted
    .map((row) => ({ row, key: keyOf(row) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  let start = 0;
  if (input.Marker !== undefined) {
    const after = decodeMarker(input.Marker);
    start = rows.findIndex((r) => r.key > after);
    if (start < 0) start = rows.length;
  }
  const page = rows.slice(start, start + max);
  const items = page.map((r) => r.row);
  const last = page[page.length - 1];
  return start + max < rows.length && last !== undefined ? { items, IsTruncated: true, Marker: encodeMarker(last.key) } : { items, IsTruncated: false };
}

function encodeMarker(key: string): string {
  return Buffer.from(`gh1:${key}`, 'utf8').toString('base64url');
}

function decodeMarker(marker: string): string {
  const text = Buffer.from(marker, 'base64url').toString('utf8');
  if (!text.startsWith('gh1:')) {
    throw new AwsError('InvalidInput', `The marker ${marker} is not valid. Pass the Marker value returned by the previous call unchanged.`);
  }
  return text.slice(4);
}

/** Pages a list that has no natural key (tags, simulation results) by position. */
export function paginateInOrder<T>(rows: readonly T[], input: PageInput): Page<T> {
  const { items, ...more } = paginate(
    rows.map((row, i) => ({ row, key: String(i).padStart(10, '0') })),
    input,
    (e) => e.key,
  );
  return { items: items.map((e) => e.row), ...more };
}
