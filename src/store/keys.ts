/** Pure helpers of the store: finding keys, report status, text safe for both databases. */
import type { Finding, Report } from '../model/report.js';

/**
 * Stable keys of a report's findings: `rule|table|row|col|n`, n numbering findings that share the
 * rest (0 for the first). The same problem in a re-parse or a corrected file gets the same key,
 * so a reviewer's decision on it carries over.
 */
export function findingKeys(findings: readonly Finding[]): string[] {
  const seen = new Map<string, number>();
  return findings.map((f) => {
    const base = `${f.rule}|${f.table ?? ''}|${f.row ?? ''}|${f.col ?? ''}`;
    const n = seen.get(base) ?? 0;
    seen.set(base, n + 1);
    return `${base}|${n}`;
  });
}

export type ReportStatus = 'ok' | 'errors' | 'unreadable';
/**
 * What the list filters by: 正常 (`ok`: no open error or warning), 有警告 (`warnings`: open
 * warnings, no open error), 有错误, 无法读取. The stored status has no `warnings`: it is `ok` with
 * warnings above 0.
 */
export type ListStatus = ReportStatus | 'warnings';
export const LIST_STATUSES: readonly ListStatus[] = ['ok', 'warnings', 'errors', 'unreadable'];

export function statusOf(r: Pick<Report, 'findings'>): ReportStatus {
  if (r.findings.some((f) => f.fatal)) return 'unreadable';
  return r.findings.some((f) => f.severity === 'error') ? 'errors' : 'ok';
}

export function countBySeverity(r: Pick<Report, 'findings'>): { errors: number; warnings: number; infos: number } {
  let errors = 0;
  let warnings = 0;
  let infos = 0;
  for (const f of r.findings) {
    if (f.severity === 'error') errors++;
    else if (f.severity === 'warning') warnings++;
    else infos++;
  }
  return { errors, warnings, infos };
}

/** PostgreSQL text and jsonb cannot hold U+0000; replace it (on both databases, so they agree). */
export const clean = (s: string): string => (s.includes('\0') ? s.replaceAll('\0', '\uFFFD') : s);
export const cleanOrNull = (s: string | null | undefined): string | null => (s === null || s === undefined ? null : clean(s));

/** JSON text of a value with every string cleaned. */
export const toJson = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' ? clean(x) : x));

/** What the analysis of many reports reads of a record (records.analysis): its tables, year and layout. */
export const analysisJson = (r: Pick<Report, 'tables' | 'year' | 'layout'>): string => toJson({ tables: r.tables, year: r.year, layout: r.layout });

/** A JSON column as read back: text on SQLite, already parsed on PostgreSQL. */
export const fromJson = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

/** A LIKE pattern matching `s` anywhere, with the wildcards of `s` escaped (ESCAPE '\'). */
export const likeAnywhere = (s: string): string => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
