/**
 * The report editor's routes (issue 12), in the style of ./routes.ts: the server registers
 * `pattern`, the web app builds URLs with `path`. No imports: the web app bundles this file.
 */
const UNIT = ':id{[0-9]+}';
const YEAR = ':year{[0-9]{4}}';
const base = (id: number, year: number): string => `/api/units/${id}/editor/${year}`;

export const EDITOR_FORMATS = ['docx', 'html', 'md', 'pdf'] as const;

export const EDITOR_ROUTES = {
  /** What came in: drafts by status in the user's scope (?status=submitted,returned). */
  queue: {
    method: 'GET',
    pattern: '/api/editor/queue',
    path: (status?: string) => `/api/editor/queue${status ? `?status=${encodeURIComponent(status)}` : ''}`,
  },
  /** The report of a unit and year: the saved draft, else one prefilled from last year and the register. */
  open: { method: 'GET', pattern: `/api/units/${UNIT}/editor/${YEAR}`, path: base },
  save: { method: 'PUT', pattern: `/api/units/${UNIT}/editor/${YEAR}`, path: base },
  /** Every rule on the tables and sections as they stand (nothing saved). */
  check: { method: 'POST', pattern: `/api/units/${UNIT}/editor/${YEAR}/check`, path: (id: number, year: number) => `${base(id, year)}/check` },
  submit: { method: 'POST', pattern: `/api/units/${UNIT}/editor/${YEAR}/submit`, path: (id: number, year: number) => `${base(id, year)}/submit` },
  return: { method: 'POST', pattern: `/api/units/${UNIT}/editor/${YEAR}/return`, path: (id: number, year: number) => `${base(id, year)}/return` },
  approve: { method: 'POST', pattern: `/api/units/${UNIT}/editor/${YEAR}/approve`, path: (id: number, year: number) => `${base(id, year)}/approve` },
  publish: { method: 'POST', pattern: `/api/units/${UNIT}/editor/${YEAR}/publish`, path: (id: number, year: number) => `${base(id, year)}/publish` },
  /** The report in the statutory layout: docx, html, md or pdf. */
  render: {
    method: 'GET',
    pattern: `/api/units/${UNIT}/editor/${YEAR}/report/:format{docx|html|md|pdf}`,
    path: (id: number, year: number, format: (typeof EDITOR_FORMATS)[number]) => `${base(id, year)}/report/${format}`,
  },
  /** The problem list DOCX a return attached. */
  attachment: {
    method: 'GET',
    pattern: `/api/units/${UNIT}/editor/${YEAR}/events/:event{[0-9]+}/attachment`,
    path: (id: number, year: number, event: number) => `${base(id, year)}/events/${event}/attachment`,
  },
} as const;
