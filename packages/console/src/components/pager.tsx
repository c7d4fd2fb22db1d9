import type { PagedList } from '../lib/paged-list';

/** Previous / next page buttons for a list read a page at a time (IAM's Marker and IsTruncated). */
export function Pager({ list, label }: { list: PagedList<unknown>; label: string }) {
  if (!list.hasPrevious && !list.hasNext) return null;
  return (
    <nav className="pager" aria-label={`${label} pages`}>
      <button type="button" onClick={list.previous} disabled={!list.hasPrevious || list.loading}>
        Previous page
      </button>
      <span aria-live="polite">Page {list.page}</span>
      <button type="button" onClick={list.next} disabled={!list.hasNext || list.loading}>
        Next page
      </button>
    </nav>
  );
}
