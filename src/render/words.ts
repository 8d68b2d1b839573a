/**
 * What the exports say, in the words a reviewer uses. Places: 表三「不予公开-属于国家秘密」行「总计」列,
 * the section 「六、其他需要报告的事项」, 第3页 or 第76行 (of the source) — and 全文 when a finding
 * is about the report as a whole (a missing section, no title); the cell names are the check
 * rules' own (src/check/rules/util.ts). Also severities, reviewer decisions, the state of a
 * table cell, and which findings go to the unit. Shared by the problem list (DOCX) and the
 * data export (XLSX).
 */
import { isInternalNote } from '../check/notes.js';
import { sectionName, t2Cell, t2RowName, t2TemplateOf, t3Cell, t3ColName, t3RowName, t4Cell, t4ColName, t4GroupName } from '../check/rules/util.js';
import type { Cell, Finding, Report, Severity } from '../model/report.js';
import { TABLE_NAMES, TEMPLATES } from '../model/templates.js';

/** The table part of a place: the cell, row or column named, or the table alone; null without a table. */
function tablePlace(f: Finding, r: Report): string | null {
  const { table, row, col } = f;
  if (!table) return null;
  if (table === 't3') {
    if (row && col) return t3Cell(row, col);
    if (row) return `表三${t3RowName(row)}行`;
    return col ? `表三${t3ColName(col)}列` : '表三';
  }
  if (table === 't4') {
    if (row && col) return t4Cell(row, col);
    if (row) return `表四${t4GroupName(row)}`;
    return col ? `表四${t4ColName(col)}列` : '表四';
  }
  const template = t2TemplateOf(r);
  if (row && col && template) return t2Cell(template, row, col);
  if (row) return `表二${template ? t2RowName(template, row) : `「${row}」`}行`;
  if (col && template) {
    const label = TEMPLATES[template].t2.flatMap((b) => b.columns).find((c) => c.key === col)?.label;
    if (label) return `表二「${label}」列`;
  }
  return TABLE_NAMES.t2;
}

/** The section a source line falls in (the last heading at or before it), as 「一、总体情况」. */
function sectionOfLine(r: Report, line: number): string | null {
  let best: { key: string; line: number } | null = null;
  for (const s of r.sections) if (s.line !== null && s.line <= line && (!best || s.line >= best.line)) best = { key: s.key, line: s.line };
  return best ? sectionName(best.key) : null;
}

/**
 * A finding's place: the table cell (or row, column, table) it names, else the section its line
 * falls in; then the page (PDF, image) or the source line in brackets. 全文 when there is none.
 */
export function findingPlace(f: Finding, r: Report): string {
  const name = tablePlace(f, r) ?? (f.line ? sectionOfLine(r, f.line) : null);
  const at = f.page ? `第${f.page}页` : f.line ? `第${f.line}行` : null;
  if (name && at) return `${name}（${at}）`;
  return name ?? at ?? '全文';
}

/**
 * Whether a finding goes into the problem list sent to the unit: what the unit must fix or
 * explain. Notes about how nianbao read the file (LibreOffice conversion, OCR, encoding, digits
 * cut apart — `internal` in src/check/notes.ts) stay with the reviewer; an info finding goes out
 * only from a check of the content (S4.vsS3, X.inForceRoll), never from the read (R.*) or parse
 * (P.*) stages.
 */
export function forUnit(f: Finding): boolean {
  if (isInternalNote(f.rule)) return false;
  return f.severity !== 'info' || !/^[RP]\./.test(f.rule);
}

export const SEVERITY_NAME: Record<Severity, string> = { error: '错误', warning: '警告', info: '提示' };

/** A reviewer's decision on a finding; 未处理 when none was taken. */
export const decisionName = (d: 'confirmed' | 'dismissed' | null | undefined): string =>
  d === 'confirmed' ? '已确认' : d === 'dismissed' ? '已忽略' : '未处理';

/**
 * The state of a table cell as an export shows it: the record's status (docs/record.md), with a
 * read or derived cell whose reading is uncertain (OCR, digits written as look-alike letters:
 * flag `lowConfidence`) set apart.
 */
export type CellState = 'read' | 'derived' | 'lowConfidence' | 'missing';

export const CELL_STATES: readonly { state: CellState; name: string; meaning: string }[] = [
  { state: 'read', name: '已读取', meaning: '原文中读到的数值' },
  { state: 'derived', name: '推算', meaning: '不是原样读出的数值：由勾稽关系唯一确定、从连在一起的数字中切出、空白格按 0 计等' },
  { state: 'lowConfidence', name: '低置信度', meaning: '识别把握不大（扫描件的文字识别，或原文把数字写成形近字母），请与原件核对' },
  { state: 'missing', name: '缺失', meaning: '无法确定，单元格留空（不是 0）' },
];
export const CELL_STATE_NAME = Object.fromEntries(CELL_STATES.map((s) => [s.state, s.name])) as Record<CellState, string>;

export function cellState(c: Pick<Cell, 'status' | 'flags'>): CellState {
  if (c.status === 'missing') return 'missing';
  return c.flags?.includes('lowConfidence') ? 'lowConfidence' : c.status;
}
