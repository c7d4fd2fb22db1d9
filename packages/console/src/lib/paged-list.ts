import { useEffect, useMemo, useRef, useState } from 'react';

/** One page of an IAM list: its items and, when IsTruncated, the Marker of the next page. */
export interface ListPage<T> {
  items: T[];
  marker?: string;
}

export type PageFetcher<T> = (marker: string | undefined, maxItems: number) => Promise<ListPage<T>>;

/** Follows Marker until IsTruncated is false: the whole list (an account holds a few thousand entities at most). */
export async function fetchAll<T>(fetchPage: PageFetcher<T>, maxItems = 1000): Promise<T[]> {
  const all: T[] = [];
  let marker: string | undefined;
  do {
    const page = await fetchPage(marker, maxItems);
    all.push(...page.items);
    marker = page.marker;
  } while (marker);
  return all;
}

export interface PagedList<T> {
  items: T[];
  loading: boolean;
  error: unknown;
  /** 1-based */
  page: number;
  hasPrevious: boolean;
  hasNext: boolean;
  previous: () => void;
  next: () => void;
  reload: () => void;
  /** With a search, how many items matched in the whole list. */
  matches?: number;
}

/**
 * A long IAM list shown a page at a time. Without a search, pages come from the server
 * (MaxItems, then Marker while IsTruncated). A search must see every item, so it reads the
 * whole list once, then filters and pages it in the browser as the person types.
 */
export function usePagedList<T>(
  fetchPage: PageFetcher<T>,
  deps: readonly unknown[],
  options: { pageSize?: number; search?: string; matches?: (item: T, search: string) => boolean } = {},
): PagedList<T> {
  const pageSize = options.pageSize ?? 25;
  const search = options.search?.trim().toLowerCase() ?? '';
  const [generation, setGeneration] = useState(0);
  const [markers, setMarkers] = useState<(string | undefined)[]>([undefined]);
  const [page, setPage] = useState(1);
  const [state, setState] = useState<{ items: T[]; nextMarker?: string; all?: T[]; loading: boolean; error: unknown }>({ items: [], loading: true, error: undefined });
  const latest = useRef(0);
  const searching = search !== '';

  // A new list (other deps, a reload) starts again at page 1.
  useEffect(() => {
    setMarkers([undefined]);
    setPage(1);
    setState((s) => ({ ...s, all: undefined }));
  }, [...deps, generation]);

  useEffect(() => {
    setPage(1);
  }, [search]);

  const marker = markers[page - 1];
  const haveAll = state.all !== undefined;
  useEffect(() => {
    if (searching && haveAll) return;
    const request = ++latest.current;
    setState((s) => ({ ...s, loading: true }));
    const work = searching ? fetchAll(fetchPage).then((all) => ({ all, items: [] as T[], nextMarker: undefined })) : fetchPage(marker, pageSize).then((p) => ({ all: undefined, items: p.items, nextMarker: p.marker }));
    work.then(
      (result) => {
        if (request === latest.current) setState({ ...result, loading: false, error: undefined });
      },
      (error: unknown) => {
        if (request === latest.current) setState((s) => ({ ...s, loading: false, error }));
      },
    );
  }, [...deps, generation, searching, haveAll, marker, pageSize]);

  const matcher = options.matches;
  const filtered = useMemo(() => (searching && state.all ? state.all.filter((item) => (matcher ? matcher(item, search) : true)) : undefined), [searching, state.all, search, matcher]);

  if (filtered) {
    const pages = Math.max(1, Math.ceil(filtered.length / pageSize));
    const current = Math.min(page, pages);
    return {
      items: filtered.slice((current - 1) * pageSize, current * pageSize),
      loading: state.loading,
      error: state.error,
      page: current,
      hasPrevious: current > 1,
      hasNext: current < pages,
      previous: () => setPage(current - 1),
      next: () => setPage(current + 1),
      reload: () => setGeneration((g) => g + 1),
      matches: filtered.length,
    };
  }
  return {
    items: searching ? [] : state.items,
    loading: state.loading || searching,
    error: state.error,
    page,
    hasPrevious: page > 1,
    hasNext: !searching && state.nextMarker !== undefined,
    previous: () => setPage((p) => Math.max(1, p - 1)),
    next: () => {
      const nextMarker = state.nextMarker;
      if (nextMarker === undefined) return;
      setMarkers((m) => [...m.slice(0, page), nextMarker]);
      setPage(page + 1);
    },
    reload: () => setGeneration((g) => g + 1),
  };
}
