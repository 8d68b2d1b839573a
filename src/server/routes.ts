/**
 * Every route of the HTTP API, once: the server registers its handlers on `pattern` (hono's
 * syntax) and the web app builds its URLs with `path`. Neither writes an /api/ string of its
 * own, so the two cannot drift apart (the page images were once asked for at a path the
 * server did not serve). No imports: the web app bundles this file as it is.
 */

type Query = URLSearchParams | Record<string, string | number | boolean | null | undefined> | undefined;

/** A path with its query string ('' and null values left out). */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const q = query instanceof URLSearchParams ? new URLSearchParams(query) : new URLSearchParams();
  if (!(query instanceof URLSearchParams)) for (const [k, v] of Object.entries(query)) if (v !== null && v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

const ID = ':id{[0-9]+}';
const CELL = `/api/reports/${ID}/cells/:table{t[234]}/:row/:col/review`;
const cellPath = (id: number, table: string, row: string, col: string): string =>
  `/api/reports/${id}/cells/${table}/${encodeURIComponent(row)}/${encodeURIComponent(col)}/review`;

export const ROUTES = {
  health: { method: 'GET', pattern: '/healthz', path: () => '/healthz' },
  login: { method: 'POST', pattern: '/api/login', path: () => '/api/login' },
  logout: { method: 'POST', pattern: '/api/logout', path: () => '/api/logout' },
  me: { method: 'GET', pattern: '/api/me', path: () => '/api/me' },
  audit: { method: 'GET', pattern: '/api/audit', path: (q?: Query) => withQuery('/api/audit', q) },
  upload: { method: 'POST', pattern: '/api/reports', path: () => '/api/reports' },
  reports: { method: 'GET', pattern: '/api/reports', path: (q?: Query) => withQuery('/api/reports', q) },
  report: { method: 'GET', pattern: `/api/reports/${ID}`, path: (id: number) => `/api/reports/${id}` },
  source: {
    method: 'GET',
    pattern: `/api/reports/${ID}/source`,
    path: (id: number, download = false) => withQuery(`/api/reports/${id}/source`, { download: download ? 1 : null }),
  },
  page: { method: 'GET', pattern: `/api/reports/${ID}/pages/:n{[0-9]+}`, path: (id: number, n: number) => `/api/reports/${id}/pages/${n}` },
  problems: { method: 'GET', pattern: `/api/reports/${ID}/problems.docx`, path: (id: number) => `/api/reports/${id}/problems.docx` },
  problemsZip: { method: 'GET', pattern: '/api/problems.zip', path: (q: { ids: number[] }) => withQuery('/api/problems.zip', { ids: q.ids.join(',') }) },
  decision: {
    method: 'PUT',
    pattern: `/api/reports/${ID}/findings/:key/decision`,
    path: (id: number, key: string) => `/api/reports/${id}/findings/${encodeURIComponent(key)}/decision`,
  },
  reportUnit: { method: 'PUT', pattern: `/api/reports/${ID}/unit`, path: (id: number) => `/api/reports/${id}/unit` },
  cellReview: { method: 'PUT', pattern: CELL, path: cellPath },
  cellReviewDelete: { method: 'DELETE', pattern: CELL, path: cellPath },
  review: { method: 'PUT', pattern: `/api/reports/${ID}/review`, path: (id: number) => `/api/reports/${id}/review` },
  bulk: { method: 'POST', pattern: '/api/reports/bulk', path: () => '/api/reports/bulk' },
  regions: { method: 'GET', pattern: '/api/regions', path: () => '/api/regions' },
  units: { method: 'GET', pattern: '/api/units', path: (q?: Query) => withQuery('/api/units', q) },
  unit: { method: 'PUT', pattern: `/api/units/${ID}`, path: (id: number) => `/api/units/${id}` },
  unitDelete: { method: 'DELETE', pattern: `/api/units/${ID}`, path: (id: number) => `/api/units/${id}` },
  register: { method: 'GET', pattern: `/api/units/${ID}/register`, path: (id: number, q?: Query) => withQuery(`/api/units/${id}/register`, q) },
  registerImport: { method: 'POST', pattern: `/api/units/${ID}/register`, path: (id: number) => `/api/units/${id}/register` },
  registerXlsx: { method: 'GET', pattern: `/api/units/${ID}/register.xlsx`, path: (id: number) => `/api/units/${id}/register.xlsx` },
  registerTables: {
    method: 'GET',
    pattern: `/api/units/${ID}/register/tables`,
    path: (id: number, year: number) => `/api/units/${id}/register/tables?year=${year}`,
  },
  registerTemplate: { method: 'GET', pattern: '/api/register/template.xlsx', path: () => '/api/register/template.xlsx' },
  unitImport: { method: 'POST', pattern: '/api/units/import', path: () => '/api/units/import' },
  reviewQueue: { method: 'GET', pattern: '/api/units/review', path: () => '/api/units/review' },
  coverage: { method: 'GET', pattern: '/api/coverage', path: (q?: Query) => withQuery('/api/coverage', q) },
  exportCsv: { method: 'GET', pattern: '/api/export.csv', path: (q?: Query) => withQuery('/api/export.csv', q) },
  exportXlsx: { method: 'GET', pattern: '/api/export.xlsx', path: (q?: Query) => withQuery('/api/export.xlsx', q) },
  unitYears: { method: 'GET', pattern: `/api/units/${ID}/years`, path: (id: number) => `/api/units/${id}/years` },
  compare: {
    method: 'GET',
    pattern: '/api/compare',
    path: (q: { a?: number | null; b: number }) => withQuery('/api/compare', { a: q.a ?? null, b: q.b }),
  },
  analysis: {
    method: 'GET',
    pattern: '/api/analysis',
    path: (q: { region?: string | null; year: number }) => withQuery('/api/analysis', { region: q.region ?? null, year: q.year }),
  },
  rollup: {
    method: 'GET',
    pattern: '/api/analysis/rollup',
    path: (q: { region?: string | null; year: number }) => withQuery('/api/analysis/rollup', { region: q.region ?? null, year: q.year }),
  },
  analysisFigure: {
    method: 'GET',
    pattern: '/api/analysis/figure',
    path: (q: { report: number; id: string }) => withQuery('/api/analysis/figure', { report: q.report, id: q.id }),
  },
  rollupCell: {
    method: 'GET',
    pattern: '/api/analysis/rollup/cell',
    path: (q: { region?: string | null; year: number; scope: string; table: string; row: string; col: string }) =>
      withQuery('/api/analysis/rollup/cell', { region: q.region ?? null, year: q.year, scope: q.scope, table: q.table, row: q.row, col: q.col }),
  },
  rollupCheck: {
    method: 'GET',
    pattern: '/api/analysis/rollup/check',
    path: (q: { region?: string | null; year: number; parent: number }) =>
      withQuery('/api/analysis/rollup/check', { region: q.region ?? null, year: q.year, parent: q.parent }),
  },
  comparisonXlsx: {
    method: 'GET',
    pattern: '/api/comparison.xlsx',
    path: (q: { region?: string | null; year?: number | null; ids?: number[] }) =>
      withQuery('/api/comparison.xlsx', { region: q.region ?? null, year: q.year ?? null, ids: q.ids?.length ? q.ids.join(',') : null }),
  },
  summaryDocx: {
    method: 'GET',
    pattern: '/api/summary.docx',
    path: (q: { region?: string | null; year?: number | null; ids?: number[] }) =>
      withQuery('/api/summary.docx', { region: q.region ?? null, year: q.year ?? null, ids: q.ids?.length ? q.ids.join(',') : null }),
  },
  rules: { method: 'GET', pattern: '/api/rules', path: () => '/api/rules' },
  docs: { method: 'GET', pattern: '/api/docs', path: () => '/api/docs' },
  queue: { method: 'GET', pattern: '/api/queue', path: () => '/api/queue' },
  queueRetry: { method: 'POST', pattern: '/api/queue/retry', path: () => '/api/queue/retry' },
} as const;

export type RouteName = keyof typeof ROUTES;
