/**
 * The report list's filters ⇄ the hash query (so Back restores them) ⇄ the API query string.
 */
import { ROUTES } from '../../../src/server/routes';
import { LIST_STATUSES, type ListStatus } from './labels';

export type SortKey = 'createdAt' | 'agency' | 'region' | 'year' | 'errors' | 'warnings';
export const SORT_KEYS: readonly SortKey[] = ['createdAt', 'agency', 'region', 'year', 'errors', 'warnings'];

export interface ListFilters {
  q: string;
  year: number | null;
  region: string | null;
  status: ListStatus | null;
  /** Show unreadable files too when no status is chosen (they are hidden by default). */
  showUnreadable: boolean;
  /** List versions a newer file of the same unit and year replaced (hidden by default). */
  showSuperseded: boolean;
  rule: string | null;
  /** 待审核 (not yet marked reviewed) or 已审核; null: both. */
  review: 'pending' | 'reviewed' | null;
  sort: SortKey;
  order: 'asc' | 'desc';
  page: number;
  pageSize: number;
}

export const DEFAULT_FILTERS: ListFilters = {
  q: '',
  year: null,
  region: null,
  status: null,
  showUnreadable: false,
  showSuperseded: false,
  rule: null,
  review: null,
  sort: 'createdAt',
  order: 'desc',
  page: 1,
  pageSize: 20,
};

const posInt = (s: string | null): number | null => {
  if (s === null || !/^\d+$/.test(s)) return null;
  const n = Number(s);
  return n > 0 ? n : null;
};

/** Filters from the hash query; anything missing or malformed takes its default. */
export function filtersFrom(params: URLSearchParams): ListFilters {
  const status = params.get('status');
  const sort = params.get('sort');
  const pageSize = posInt(params.get('pageSize'));
  return {
    q: params.get('q') ?? '',
    year: posInt(params.get('year')),
    region: params.get('region') || null,
    status: LIST_STATUSES.includes(status as ListStatus) ? (status as ListStatus) : null,
    showUnreadable: params.get('unreadable') === '1',
    showSuperseded: params.get('old') === '1',
    rule: params.get('rule') || null,
    review: params.get('review') === 'pending' || params.get('review') === 'reviewed' ? (params.get('review') as 'pending' | 'reviewed') : null,
    sort: SORT_KEYS.includes(sort as SortKey) ? (sort as SortKey) : DEFAULT_FILTERS.sort,
    order: params.get('order') === 'asc' ? 'asc' : 'desc',
    page: posInt(params.get('page')) ?? 1,
    pageSize: pageSize && pageSize <= 200 ? pageSize : DEFAULT_FILTERS.pageSize,
  };
}

/** Filters → hash query, leaving out defaults so links stay short. */
export function filtersTo(f: ListFilters): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.year !== null) p.set('year', String(f.year));
  if (f.region) p.set('region', f.region);
  if (f.status) p.set('status', f.status);
  if (f.showUnreadable) p.set('unreadable', '1');
  if (f.showSuperseded) p.set('old', '1');
  if (f.rule) p.set('rule', f.rule);
  if (f.review) p.set('review', f.review);
  if (f.sort !== DEFAULT_FILTERS.sort) p.set('sort', f.sort);
  if (f.order !== DEFAULT_FILTERS.order) p.set('order', f.order);
  if (f.page !== 1) p.set('page', String(f.page));
  if (f.pageSize !== DEFAULT_FILTERS.pageSize) p.set('pageSize', String(f.pageSize));
  return p;
}

/**
 * Filters → the API's query string (GET /api/reports and the exports). Without a chosen status
 * and with unreadable files hidden, asks for `status=ok,warnings,errors` (a comma list). `withPaging`
 * false for the exports, which take the whole filtered set.
 */
export function apiQuery(f: ListFilters, withPaging = true): URLSearchParams {
  const p = new URLSearchParams();
  if (f.q.trim()) p.set('q', f.q.trim());
  if (f.year !== null) p.set('year', String(f.year));
  if (f.region) p.set('region', f.region);
  if (f.status) p.set('status', f.status);
  else if (!f.showUnreadable) p.set('status', 'ok,warnings,errors');
  if (f.showSuperseded) p.set('includeSuperseded', '1');
  if (f.rule) p.set('rule', f.rule);
  if (f.review) p.set('review', f.review);
  p.set('sort', f.sort);
  p.set('order', f.order);
  if (withPaging) {
    p.set('page', String(f.page));
    p.set('pageSize', String(f.pageSize));
  }
  return p;
}

/** Export URL for chosen reports only: the list filters do not apply, `ids` does. */
export function exportUrl(kind: 'xlsx' | 'csv', ids: readonly number[] | null, f: ListFilters | null): string {
  const p = ids ? new URLSearchParams({ ids: ids.join(',') }) : f ? apiQuery(f, false) : new URLSearchParams();
  return (kind === 'xlsx' ? ROUTES.exportXlsx : ROUTES.exportCsv).path(p);
}
