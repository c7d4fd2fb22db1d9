import { describe, expect, it } from 'vitest';
import { paginate } from '../../src/iam/paginate.js';

const rows = ['a', 'b', 'c', 'd', 'e'];

describe('paginate', () => {
  it('returns everything untruncated when it fits', () => {
    expect(paginate(rows, {}, (r) => r)).toEqual({ items: rows, IsTruncated: false });
  });

  it('walks pages with the returned marker until IsTruncated is false', () => {
    const first = paginate(rows, { MaxItems: 2 }, (r) => r);
    expect(first.items).toEqual(['a', 'b']);
    expect(first.IsTruncated).toBe(true);
    const second = paginate(rows, { MaxItems: 2, Marker: first.Marker }, (r) => r);
    expect(second.items).toEqual(['c', 'd']);
    const third = paginate(rows, { MaxItems: 2, Marker: second.Marker }, (r) => r);
    expect(third).toEqual({ items: ['e'], IsTruncated: false });
  });

  it('continues after the marker even when that item was deleted meanwhile', () => {
    const first = paginate(rows, { MaxItems: 2 }, (r) => r);
    const next = paginate(['a', 'c', 'd'], { MaxItems: 2, Marker: first.Marker }, (r) => r);
    expect(next.items).toEqual(['c', 'd']);
  });

  it('rejects a marker it did not issue', () => {
    expect(() => paginate(rows, { Marker: 'not-a-marker' }, (r) => r)).toThrow(expect.objectContaining({ code: 'InvalidInput' }));
  });
});
