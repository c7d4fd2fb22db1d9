import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A very small client-side router over the History API: the server answers index.html for
 * every page path (contract: "Static files"), and the app picks the page from the path.
 */

const NAVIGATED = 'gatehouse:navigated';

let moved = false;

function subscribe(onChange: () => void): () => void {
  const onPop = () => {
    moved = true;
    onChange();
  };
  window.addEventListener('popstate', onPop);
  window.addEventListener(NAVIGATED, onChange);
  return () => {
    window.removeEventListener('popstate', onPop);
    window.removeEventListener(NAVIGATED, onChange);
  };
}

const currentUrl = () => location.pathname + location.search;

/**
 * Whether the person has moved within the app since it loaded. Pages take focus only then: on
 * the first load the browser's own focus order (skip link first) is left alone.
 */
export function hasNavigated(): boolean {
  return moved;
}

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; query: URLSearchParams } {
  const url = useSyncExternalStore(subscribe, currentUrl);
  const at = url.indexOf('?');
  return { path: at < 0 ? url : url.slice(0, at), query: new URLSearchParams(at < 0 ? '' : url.slice(at)) };
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === currentUrl()) return;
  moved = true;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(NAVIGATED));
  if (!options.replace) window.scrollTo(0, 0);
}

/** Replaces one query parameter of the current page (tabs, filters) without a new history entry. */
export function setQueryParam(name: string, value: string | undefined): void {
  const query = new URLSearchParams(location.search);
  if (value === undefined || value === '') query.delete(name);
  else query.set(name, value);
  const search = query.toString();
  navigate(location.pathname + (search ? `?${search}` : ''), { replace: true });
}

type LinkProps = AnchorHTMLAttributes<HTMLAnchorElement> & { to: string };

/** A real link (it opens in a new tab, it can be copied) that navigates in place on a plain click. */
export function Link({ to, onClick, ...rest }: LinkProps) {
  function follow(event: MouseEvent<HTMLAnchorElement>) {
    onClick?.(event);
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    navigate(to);
  }
  return <a href={to} onClick={follow} {...rest} />;
}

/** Path of an IAM entity's page, with the name encoded. */
export const pagePath = {
  user: (name: string) => `/iam/users/details/${encodeURIComponent(name)}`,
  group: (name: string) => `/iam/groups/details/${encodeURIComponent(name)}`,
  role: (name: string) => `/iam/roles/details/${encodeURIComponent(name)}`,
  policy: (arn: string) => `/iam/policies/details/${encodeURIComponent(arn)}`,
};
