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
 * IAM's Marker/MaxItems paging over rows already sorted by `keyOf`. The marker is opaque to
 * clients: the sort key of the last item returned, so a page stays correct when items before
 * it are added or removed between calls. MaxItems defaults to 100 as in IAM.
 */
export function paginate<T>(rows: readonly T[], input: PageInput, keyOf: (row: T) => string): Page<T> {
  const max = input.MaxItems ?? 100;
  let start = 0;
  if (input.Marker !== undefined) {
    const after = decodeMarker(input.Marker);
    start = rows.findIndex((row) => keyOf(row) > after);
    if (start < 0) start = rows.length;
  }
  const items = rows.slice(start, start + max);
  const truncated = start + max < rows.length;
  const last = items[items.length - 1];
  return truncated && last !== undefined ? { items, IsTruncated: true, Marker: encodeMarker(keyOf(last)) } : { items, IsTruncated: false };
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
