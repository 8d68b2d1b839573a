/**
 * A tiny hash router: #/path?query. Hash routes need nothing from the server beyond serving
 * index.html at `/`, and a page reload keeps the place.
 */
import { useSyncExternalStore } from 'react';

export type Route =
  | { page: 'list'; params: URLSearchParams }
  | { page: 'report'; id: number; params: URLSearchParams }
  | { page: 'coverage'; params: URLSearchParams }
  | { page: 'units'; params: URLSearchParams }
  | { page: 'unit'; id: number; params: URLSearchParams }
  | { page: 'compare'; params: URLSearchParams }
  | { page: 'analysis'; params: URLSearchParams }
  | { page: 'register'; params: URLSearchParams }
  | { page: 'editor'; params: URLSearchParams }
  | { page: 'queue'; params: URLSearchParams }
  | { page: 'notFound'; path: string; params: URLSearchParams };

/** Parse a location hash ("#/reports/12?finding=…") into a route. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/';
  const q = raw.indexOf('?');
  const path = q < 0 ? raw : raw.slice(0, q);
  const params = new URLSearchParams(q < 0 ? '' : raw.slice(q + 1));
  if (path === '/' || path === '') return { page: 'list', params };
  const m = /^\/reports\/(\d+)\/?$/.exec(path);
  if (m) return { page: 'report', id: Number(m[1]), params };
  if (path === '/coverage') return { page: 'coverage', params };
  if (path === '/units') return { page: 'units', params };
  const u = /^\/units\/(\d+)\/?$/.exec(path);
  if (u) return { page: 'unit', id: Number(u[1]), params };
  if (path === '/compare') return { page: 'compare', params };
  if (path === '/analysis') return { page: 'analysis', params };
  if (path === '/register') return { page: 'register', params };
  if (path === '/editor') return { page: 'editor', params };
  if (path === '/queue') return { page: 'queue', params };
  return { page: 'notFound', path, params };
}

/**
 * The hash for an address typed or linked without '#' (/reports/19, /coverage?years=2024): the
 * app's routes live in the hash, so such an address would silently show the list. Null when
 * the address is already the app's own (/, /index.html, or a hash given).
 */
export function hashForPath(loc: { pathname: string; search: string; hash: string }): string | null {
  if (loc.hash && loc.hash !== '#') return null;
  if (loc.pathname === '/' || loc.pathname === '/index.html') return null;
  return `#${loc.pathname.replace(/\/{2,}/g, '/')}${loc.search}`;
}

export function href(path: string, params?: URLSearchParams): string {
  const qs = params?.toString();
  return `#${path}${qs ? `?${qs}` : ''}`;
}

/** Go to a route; `replace` keeps the history short when only filters change. */
export function navigate(path: string, params?: URLSearchParams, replace = false): void {
  const target = href(path, params);
  if (replace) {
    history.replaceState(null, '', target);
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  } else window.location.hash = target.slice(1);
}

const subscribe = (cb: () => void): (() => void) => {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
};

export function useHash(): string {
  return useSyncExternalStore(subscribe, () => window.location.hash);
}
