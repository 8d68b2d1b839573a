/**
 * Cell references of the analysis: `t3:granted|total` (table, row, column; table 四: group as the
 * row), and their values in a record, with the cells each value was read from. A derived row
 * (`denied.subtotal`, `unable.subtotal`, `declined.subtotal`, `other.subtotal` of a 2021 table
 * 三) is the sum of its printed rows. A value is null when any cell it needs is absent: never 0
 * for absent.
 */
import type { Report, Table } from '../model/report.js';
import { T3_COLUMNS, T3_OTHER_SPLIT, T3_SUBTOTALS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3RowName, type TableId } from '../model/templates.js';

export interface CellRef {
  table: TableId;
  row: string;
  col: string;
}

/** A cell a figure was computed from, with its value. `year` marks cells of another report (year-over-year). */
export interface CellUse extends CellRef {
  value: number;
  year?: number | null;
}

/** `t3:granted|total` → its parts (null when the text is not a reference). */
export function parseRef(ref: string): CellRef | null {
  const m = /^(t[234]):([^|]+)\|(.+)$/.exec(ref);
  return m ? { table: m[1] as TableId, row: m[2]!, col: m[3]! } : null;
}

export const refOf = (c: CellRef): string => `${c.table}:${c.row}|${c.col}`;

/** Printed rows of each derived row of table 三. */
export const DERIVED_ROWS: Readonly<Record<string, readonly string[]>> = {
  ...T3_SUBTOTALS,
  'other.subtotal': T3_OTHER_SPLIT.filter((r) => r.kind === 'data').map((r) => r.key),
};

/** A cell's value in a table, or null when the table, row or cell is absent. */
export const valueIn = (t: Table | null | undefined, row: string, col: string): number | null => {
  const v = t?.[row]?.[col];
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
};

export interface Resolved {
  value: number | null;
  /** The printed cells read (empty when the value is null). */
  cells: CellUse[];
  /** References that were absent (the reason for a null value). */
  missing: string[];
}

/**
 * The value of a reference in a record: a printed cell as read, or a derived row as the sum of
 * its printed rows (the row itself when the record prints it, as a 2019 table 三 prints
 * （六）其他处理).
 */
export function resolve(r: Pick<Report, 'tables'>, ref: string, opts: { cells?: boolean } = {}): Resolved {
  // Without the cells (opts.cells false) the value alone: a region's table of indicators sends
  // values only, and the cells of thousands of reports were most of its time (their garbage).
  const keep = opts.cells !== false;
  const c = parseRef(ref);
  if (!c) return { value: null, cells: [], missing: [ref] };
  const t = r.tables[c.table];
  const direct = valueIn(t, c.row, c.col);
  if (direct !== null) return { value: direct, cells: keep ? [{ ...c, value: direct }] : [], missing: [] };
  const parts = c.table === 't3' ? DERIVED_ROWS[c.row] : undefined;
  if (!parts) return { value: null, cells: [], missing: [ref] };
  const cells: CellUse[] = [];
  const values: number[] = [];
  const missing: string[] = [];
  for (const row of parts) {
    const v = valueIn(t, row, c.col);
    if (v === null) missing.push(refOf({ table: 't3', row, col: c.col }));
    else {
      values.push(v);
      if (keep) cells.push({ table: 't3', row, col: c.col, value: v });
    }
  }
  if (missing.length) return { value: null, cells: [], missing };
  return { value: roundSum(values), cells, missing: [] };
}

/** Sum without floating-point noise (amounts in 万元 have decimals). */
export function roundSum(xs: number[]): number {
  return Math.round(xs.reduce((s, x) => s + x, 0) * 1e6) / 1e6;
}

const T3_COL_NAME: Record<string, string> = Object.fromEntries(T3_COLUMNS.map((c) => [c.key, c.key === 'otherOrg' ? '法人或其他组织-其他' : c.label]));
const T4_GROUP_NAME: Record<string, string> = {
  review: '行政复议',
  litigationDirect: '行政诉讼-未经复议直接起诉',
  litigationAfterReview: '行政诉讼-复议后起诉',
};
const T4_COL_NAME: Record<string, string> = Object.fromEntries(T4_COLUMNS.map((c) => [c.key, c.label]));

/** A cell as a reviewer names it: 表三「（一）予以公开」行「自然人」列. */
export function cellName(c: CellRef): string {
  if (c.table === 't3') return `表三「${t3RowName(c.row, { numbers: true })}」行「${T3_COL_NAME[c.col] ?? c.col}」列`;
  if (c.table === 't4') return `表四「${T4_GROUP_NAME[c.row] ?? c.row}」「${T4_COL_NAME[c.col] ?? c.col}」列`;
  for (const t of Object.values(TEMPLATES)) {
    const hit = t.t2Rows.find((x) => x.row.key === c.row);
    const col = hit?.block.columns.find((x) => x.key === c.col);
    if (hit && col) return `表二「${hit.row.label}」行「${col.label}」列`;
  }
  return `表二「${c.row}」行「${c.col}」列`;
}

/** Table 四 groups in printed order (for iterating a table). */
export const T4_GROUP_KEYS = T4_GROUPS.map((g) => g.key);
