/** Shared helpers of the rules: reading values, naming places as a reviewer would. */
import type { Place, Report, Table } from '../../model/report.js';
import {
  SECTIONS,
  T3_COLUMNS,
  T4_COLUMNS,
  TEMPLATES,
  t3RowName as baseT3RowName,
  type ColumnDef,
  type RowDef,
  type T3Shape,
  type Table2Block,
  type TemplateId,
} from '../../model/templates.js';

/** A table cell's value, or null when absent. */
export const t3Value = (t: Table, row: string, col: string): number | null => t[row]?.[col] ?? null;

/** A cell's value from any table (null when the table, row or cell is absent). */
export const valueOf = (t: Table | null, row: string, col: string): number | null => t?.[row]?.[col] ?? null;

/** True when the document could not be read as a report at all: structure rules stay silent then. */
export const isUnreadable = (r: Report): boolean => r.findings.some((f) => f.fatal);

/** Numbers as written in messages: no floating-point noise (0.1 + 0.2 → 0.3). */
export const round = (x: number): number => Math.round(x * 1e6) / 1e6;
export const fmt = (x: number): string => String(round(x));
export const sum = (xs: number[]): number => round(xs.reduce((s, x) => s + x, 0));
export const same = (a: number, b: number): boolean => Math.abs(a - b) < 1e-9;

/** Values of the given cells of one row, or null when any of them is missing (never read as 0). */
export function rowValues(t: Table, row: string, cols: string[]): number[] | null {
  const out: number[] = [];
  for (const c of cols) {
    const v = t3Value(t, row, c);
    if (v === null) return null;
    out.push(v);
  }
  return out;
}

/** Table 三 shape: as the parser found it, else from the row keys the table holds. */
export function t3ShapeOf(r: Report): T3Shape | null {
  if (r.layout.t3) return r.layout.t3;
  const t = r.tables.t3;
  if (!t) return null;
  if ('other.overdueCorrection' in t || 'other.overdueFee' in t || 'other.other' in t) return 'split-other';
  if ('other.subtotal' in t) return 'single-other';
  return null;
}

/** Table 二 template: as the parser found it, else the report's template, else from the column keys. */
export function t2TemplateOf(r: Report): TemplateId | null {
  if (r.layout.t2) return r.layout.t2;
  const t = r.tables.t2;
  if (!t) return null;
  if (r.template) return r.template;
  const cols = new Set(Object.values(t).flatMap((row) => Object.keys(row)));
  if (cols.has('issued') || cols.has('feesWan')) return '2021';
  if (cols.has('newlyMade') || cols.has('prevYearItems')) return '2019';
  return null;
}

// ——— names of places ———

/** Table 三 row as a reviewer names it, in brackets: 「不予公开-属于国家秘密」 (see the model's t3RowName). */
export function t3RowName(key: string): string {
  const name = baseT3RowName(key, { numbers: true });
  // a derived subtotal: 「（三）不予公开」小计
  return key.endsWith('.subtotal') && name.endsWith('小计') ? `「${name.slice(0, -2)}」小计` : `「${name}」`;
}

/** Table 三 column: 「自然人」…; 其他 under 法人或其他组织 with its group, so it is not read as a row. */
export function t3ColName(col: string): string {
  if (col === 'otherOrg') return '「法人或其他组织-其他」';
  const c = T3_COLUMNS.find((x) => x.key === col);
  return `「${c ? c.label : col}」`;
}

/** 表三「（七）总计」行「自然人」列 */
export const t3Cell = (row: string, col: string): string => `表三${t3RowName(row)}行${t3ColName(col)}列`;

const T4_GROUP_NAMES: Record<string, string> = {
  review: '行政复议',
  litigationDirect: '行政诉讼-未经复议直接起诉',
  litigationAfterReview: '行政诉讼-复议后起诉',
};
export const t4GroupName = (g: string): string => `「${T4_GROUP_NAMES[g] ?? g}」`;
export const t4ColName = (col: string): string => `「${T4_COLUMNS.find((c) => c.key === col)?.label ?? col}」`;
/** 表四「行政复议」的「总计」列 */
export const t4Cell = (group: string, col: string): string => `表四${t4GroupName(group)}的${t4ColName(col)}列`;

/** The block, row and column definitions of a table 二 cell in a template. */
export function t2Def(template: TemplateId, row: string, col: string): { block: Table2Block; row: RowDef; col: ColumnDef } | null {
  const hit = TEMPLATES[template].t2Rows.find((x) => x.row.key === row);
  const c = hit?.block.columns.find((x) => x.key === col);
  return hit && c ? { block: hit.block, row: hit.row, col: c } : null;
}
export const t2RowName = (template: TemplateId, row: string): string => `「${TEMPLATES[template].t2Rows.find((x) => x.row.key === row)?.row.label ?? row}」`;
/** 表二「行政规范性文件」行「本年制发件数」列 */
export function t2Cell(template: TemplateId, row: string, col: string): string {
  const d = t2Def(template, row, col);
  return `表二${t2RowName(template, row)}行「${d?.col.label ?? col}」列`;
}

/** 「四、政府信息公开行政复议、行政诉讼情况」 */
export function sectionName(key: string): string {
  const s = SECTIONS.find((x) => x.key === key);
  return s ? `「${s.no}、${s.label}」` : `「${key}」`;
}

/** Where a narrative fact was read, for a finding (empty when unknown). */
export function narrativePlace(r: Report, key: string): { span?: [number, number]; line?: number; page?: number } {
  const p: Place | undefined = r.narrative.places[key];
  return p ? { span: p.span, line: p.line, ...(p.page !== undefined ? { page: p.page } : {}) } : {};
}

/** Where a section heading is, for a finding (empty when the section was not found). */
export function sectionPlace(r: Report, key: string): { span?: [number, number]; line?: number } {
  const s = r.sections.find((x) => x.key === key);
  return s && s.span ? { span: s.span, ...(s.line !== null ? { line: s.line } : {}) } : {};
}

/** The previous report, when it really is the year before this one (cross-year rules). */
export function previousYear(r: Report, prev: Report | null): Report | null {
  if (!prev || r.year === null || prev.year === null) return null;
  return prev.year === r.year - 1 ? prev : null;
}
