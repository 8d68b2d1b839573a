/**
 * The web app's view of the HTTP API. Types come from src/server/contract.ts as type-only
 * imports, so zod is never bundled; the server validates what it sends.
 */
import { ROUTES } from '../../../src/server/routes';
import type { z } from 'zod';
import type {
  coverage,
  bulkResult,
  cellReview,
  decision,
  health,
  reportDetail,
  reportList,
  reportStatus,
  reportSummary,
  regionList,
  reviewQueue,
  ruleList,
  storedFinding,
  unit,
  unitImportResult,
  me,
  auditList,
  unitSaved,
  unitDeleted,
  unitConflict,
  unitList,
  uploadResult,
  unitYears,
  registerView,
  registerImportResult,
  registerTables,
  comparisonResult,
  analysis,
  rollupResult,
  rollupCell,
  wholeAreaCheck,
  indicatorValue,
  indicatorFigure,
  indicatorDefinition,
  sectionComparison,
} from '../../../src/server/contract';

export type ReportSummary = z.infer<typeof reportSummary>;
export type ReportList = z.infer<typeof reportList>;
export type ReportDetail = z.infer<typeof reportDetail>;
export type ReportStatus = z.infer<typeof reportStatus>;
export type StoredFinding = z.infer<typeof storedFinding>;
export type Decision = z.infer<typeof decision>;
export type UploadResult = z.infer<typeof uploadResult>;
export type UploadOne = UploadResult['results'][number];
export type Unit = z.infer<typeof unit>;
export type UnitList = z.infer<typeof unitList>;
export type UnitImportResult = z.infer<typeof unitImportResult>;
export type Me = z.infer<typeof me>;
export type AuditList = z.infer<typeof auditList>;
export type UnitSaved = z.infer<typeof unitSaved>;
export type UnitDeleted = z.infer<typeof unitDeleted>;
export type ReviewQueue = z.infer<typeof reviewQueue>;
export type ReviewItem = ReviewQueue['items'][number];
export type Coverage = z.infer<typeof coverage>;
export type CoverageState = Coverage['rows'][number]['cells'][number]['state'];
export type RuleList = z.infer<typeof ruleList>;
export type Health = z.infer<typeof health>;
export type RegionList = z.infer<typeof regionList>;
export type CellReview = z.infer<typeof cellReview>;
export type BulkResult = z.infer<typeof bulkResult>;
export type UnitConflict = z.infer<typeof unitConflict>;
export type ReportRecord = ReportDetail['record'];
export type RecordCell = ReportRecord['cells'][number];
export type UnitYears = z.infer<typeof unitYears>;
export type RegisterView = z.infer<typeof registerView>;
export type RegisterImportResult = z.infer<typeof registerImportResult>;
export type RegisterTables = z.infer<typeof registerTables>;
export type ComparisonResult = z.infer<typeof comparisonResult>;
export type Analysis = z.infer<typeof analysis>;
export type AnalysisRow = Analysis['rows'][number];
export type RollupResult = z.infer<typeof rollupResult>;
export type IndicatorValue = z.infer<typeof indicatorValue>;
/** An indicator value of a region's answer: without its cells (ROUTES.analysisFigure gives them). */
export type IndicatorFigureValue = z.infer<typeof indicatorFigure>;
export type RollupCell = z.infer<typeof rollupCell>;
export type WholeAreaCheck = z.infer<typeof wholeAreaCheck>;
export type IndicatorDefinition = z.infer<typeof indicatorDefinition>;
export type SectionComparison = z.infer<typeof sectionComparison>;

/** An HTTP failure with a message fit to show (Chinese when the server sent one). */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** The server's own message from an error body ({error} or {message}), else a generic one. */
/** Sent on window when a request meets 401 (the session ended): the app asks who is logged in again. */
export const UNAUTHORIZED_EVENT = 'nianbao:unauthorized';

export async function errorOf(res: Response): Promise<ApiError> {
  if (res.status === 401 && !/\/api\/(?:login|me)$/.test(new URL(res.url || 'http://x/', 'http://x/').pathname))
    window.dispatchEvent(new Event(UNAUTHORIZED_EVENT));
  let text = '';
  try {
    text = await res.text();
    const body = JSON.parse(text) as { error?: unknown; message?: unknown };
    const m = typeof body.error === 'string' ? body.error : typeof body.message === 'string' ? body.message : null;
    if (m) return new ApiError(m, res.status);
  } catch {
    // not JSON: fall through to the plain text or the status
  }
  const plain = text && text.length < 200 && !text.trimStart().startsWith('<') ? text : '';
  return new ApiError(plain || `请求失败（HTTP ${res.status}）`, res.status);
}

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { headers: { accept: 'application/json' }, ...(signal ? { signal } : {}) });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export async function sendJson<T>(method: 'PUT' | 'POST' | 'DELETE', url: string, body?: unknown): Promise<T> {
  const res = await fetch(url, {
    method,
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

export async function postFile<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  const res = await fetch(url, { method: 'POST', body: form });
  if (!res.ok) throw await errorOf(res);
  return (await res.json()) as T;
}

/**
 * Upload one file with progress (fetch has no upload progress, so XMLHttpRequest).
 * One request per file, so every file has its own progress bar and outcome.
 */
export function uploadReport(file: File, onProgress: (percent: number) => void): { promise: Promise<UploadResult>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<UploadResult>((resolve, reject) => {
    xhr.open(ROUTES.upload.method, ROUTES.upload.path());
    xhr.setRequestHeader('accept', 'application/json');
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(Math.round((e.loaded / e.total) * 100));
    };
    xhr.onload = () => {
      const res = new Response(xhr.responseText, { status: xhr.status });
      if (xhr.status >= 200 && xhr.status < 300) {
        try {
          resolve(JSON.parse(xhr.responseText) as UploadResult);
        } catch {
          reject(new ApiError('服务器返回的内容无法识别', xhr.status));
        }
      } else void errorOf(res).then(reject);
    };
    xhr.onerror = () => reject(new ApiError('网络错误，上传未完成', 0));
    xhr.onabort = () => reject(new ApiError('已取消', 0));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Save a URL as a file without leaving the page (the server sets Content-Disposition). */
export async function downloadUrl(url: string, fallbackName: string): Promise<void> {
  const res = await fetch(url);
  if (!res.ok) throw await errorOf(res);
  const blob = await res.blob();
  const name = fileNameOf(res.headers.get('content-disposition')) ?? fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
}

/** File name from a Content-Disposition header (RFC 6266 filename* first). */
export function fileNameOf(header: string | null): string | null {
  if (!header) return null;
  const star = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(header);
  if (star?.[1]) {
    try {
      return decodeURIComponent(star[1].trim());
    } catch {
      return null;
    }
  }
  const plain = /filename\s*=\s*"?([^";]+)"?/.exec(header);
  return plain?.[1]?.trim() ?? null;
}

/** URLs of one report's routes (all from the route table the server registers). */
export const api = {
  report: ROUTES.report.path,
  source: ROUTES.source.path,
  page: ROUTES.page.path,
  problems: ROUTES.problems.path,
  decision: ROUTES.decision.path,
  unitOf: ROUTES.reportUnit.path,
};
