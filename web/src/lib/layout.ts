/**
 * The three statutory tables as grids of header, label and value cells with their merges,
 * built from the template definitions (src/model/templates.ts) so the page draws them like
 * the official form: 表二 block by block, 表三 with its three label levels and the 申请人情况
 * header, 表四 with 行政复议 and the two 行政诉讼 groups.
 */
import { T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows, type RowDef, type T3Shape, type TemplateId } from '../../../src/model/templates';
import type { CellRef, TableId } from './cells';

export interface HeadCell {
  kind: 'head';
  text: string;
  rowSpan?: number;
  colSpan?: number;
  /** The small-print note of the top-left cell of 表三. */
  note?: boolean;
}
export interface TitleCell {
  kind: 'title';
  text: string;
  colSpan: number;
}
export interface LabelCell {
  kind: 'label';
  text: string;
  rowSpan?: number;
  colSpan?: number;
  /** Row key the label stands for (a data row, or a group such as `denied`). */
  row: string;
  level: 1 | 2 | 3;
}
export interface ValueCell {
  kind: 'value';
  ref: CellRef;
  colSpan?: number;
}
export type GridCell = HeadCell | TitleCell | LabelCell | ValueCell;

export interface TableLayout {
  table: TableId;
  /** Number of grid columns. */
  columns: number;
  /** Relative column widths (label columns wider). */
  widths: number[];
  head: HeadCell[][];
  body: GridCell[][];
}

const withSpan = <T extends object>(cell: T, key: 'rowSpan' | 'colSpan', n: number): T => (n > 1 ? { ...cell, [key]: n } : cell);

/** 表二: each block a title row, a header row and its data rows; short blocks stretch their last column. */
export function t2Layout(template: TemplateId): TableLayout {
  const blocks = TEMPLATES[template].t2;
  const valueCols = Math.max(...blocks.map((b) => b.columns.length));
  const body: GridCell[][] = [];
  for (const b of blocks) {
    body.push([{ kind: 'title', text: b.title, colSpan: valueCols + 1 }]);
    const stretch = valueCols - b.columns.length + 1;
    body.push([
      { kind: 'head', text: '信息内容' },
      ...b.columns.map((c, i): HeadCell => withSpan({ kind: 'head', text: c.label }, 'colSpan', i === b.columns.length - 1 ? stretch : 1)),
    ]);
    for (const r of b.rows) {
      body.push([
        { kind: 'label', text: r.label, row: r.key, level: 1 },
        ...b.columns.map((c, i): ValueCell =>
          withSpan({ kind: 'value', ref: { table: 't2', row: r.key, col: c.key } }, 'colSpan', i === b.columns.length - 1 ? stretch : 1),
        ),
      ]);
    }
  }
  return { table: 't2', columns: valueCols + 1, widths: [3, ...Array.from({ length: valueCols }, () => 2)], head: [], body };
}

const labelText = (r: RowDef): string => `${r.number ?? ''}${r.label}`;

/** 表三: rows in statutory order; 三、本年度办理结果 and the groups （三）…（六） as merged label cells. */
export function t3Layout(shape: T3Shape): TableLayout {
  const rows = t3Rows(shape);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const dataRows = rows.filter((r) => r.kind === 'data');
  /** The chain of group ancestors of a row, outermost first. */
  const ancestors = (r: RowDef): RowDef[] => {
    const out: RowDef[] = [];
    for (let p = r.parent ? byKey.get(r.parent) : undefined; p; p = p.parent ? byKey.get(p.parent) : undefined) out.unshift(p);
    return out;
  };
  const countUnder = (group: string): number => dataRows.filter((r) => ancestors(r).some((a) => a.key === group)).length;
  const opened = new Set<string>();
  const body: GridCell[][] = [];
  for (const r of dataRows) {
    const line: GridCell[] = [];
    const groups = ancestors(r);
    groups.forEach((g, depth) => {
      if (opened.has(g.key)) return;
      opened.add(g.key);
      line.push(withSpan({ kind: 'label', text: labelText(g), row: g.key, level: (depth + 1) as 1 | 2 | 3 }, 'rowSpan', countUnder(g.key)));
    });
    line.push(withSpan({ kind: 'label', text: labelText(r), row: r.key, level: (groups.length + 1) as 1 | 2 | 3 }, 'colSpan', 3 - groups.length));
    for (const c of T3_COLUMNS) line.push({ kind: 'value', ref: { table: 't3', row: r.key, col: c.key } });
    body.push(line);
  }
  const parts = T3_COLUMNS.slice(1, 6);
  const head: HeadCell[][] = [
    [
      { kind: 'head', text: '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', rowSpan: 3, colSpan: 3, note: true },
      { kind: 'head', text: '申请人情况', colSpan: T3_COLUMNS.length },
    ],
    [
      { kind: 'head', text: T3_COLUMNS[0]!.label, rowSpan: 2 },
      { kind: 'head', text: '法人或其他组织', colSpan: parts.length },
      { kind: 'head', text: T3_COLUMNS[6]!.label, rowSpan: 2 },
    ],
    parts.map((c): HeadCell => ({ kind: 'head', text: c.label })),
  ];
  return { table: 't3', columns: 3 + T3_COLUMNS.length, widths: [1.2, 1.6, 5, ...T3_COLUMNS.map(() => 1.1)], head, body };
}

/** 表四: 行政复议 (5 columns) and 行政诉讼 split into 未经复议直接起诉 and 复议后起诉 (5 each); one row of 15 values. */
export function t4Layout(): TableLayout {
  const n = T4_COLUMNS.length;
  const colHeads = (rowSpan: number): HeadCell[] => T4_COLUMNS.map((c): HeadCell => withSpan({ kind: 'head', text: c.label }, 'rowSpan', rowSpan));
  const head: HeadCell[][] = [
    [
      { kind: 'head', text: '行政复议', colSpan: n },
      { kind: 'head', text: '行政诉讼', colSpan: 2 * n },
    ],
    [...colHeads(2), { kind: 'head', text: '未经复议直接起诉', colSpan: n }, { kind: 'head', text: '复议后起诉', colSpan: n }],
    [...colHeads(1), ...colHeads(1)],
  ];
  const body: GridCell[][] = [T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c): ValueCell => ({ kind: 'value', ref: { table: 't4', row: g.key, col: c.key } })))];
  return { table: 't4', columns: 3 * n, widths: Array.from({ length: 3 * n }, () => 1), head, body };
}

/** Every value cell of a layout, in reading order. */
export const valueRefs = (l: TableLayout): CellRef[] => l.body.flatMap((r) => r.flatMap((c) => (c.kind === 'value' ? [c.ref] : [])));

/** Which shapes to draw: what the record says, else what its template implies, else 2021. */
export function shapesOf(rec: { template: TemplateId | null; layout: { t2: TemplateId | null; t3: T3Shape | null } }): { t2: TemplateId; t3: T3Shape } {
  const t2 = rec.layout.t2 ?? rec.template ?? '2021';
  const t3 = rec.layout.t3 ?? (rec.template === '2019' ? 'single-other' : 'split-other');
  return { t2, t3 };
}

/**
 * Grid check: how many grid columns each row reaches, counting cells that reach down from rows
 * above (rowSpan). Every row of a well-formed layout reaches `columns`.
 */
export function coveredColumns(rows: readonly GridCell[][]): number[] {
  let busy: number[] = []; // busy[c]: further rows column c is taken by a cell from above
  const out: number[] = [];
  for (const row of rows) {
    const next = busy.map((h) => Math.max(0, h - 1));
    let col = 0;
    const skip = (): void => {
      while ((busy[col] ?? 0) > 0) col++;
    };
    for (const cell of row) {
      skip();
      const cs = ('colSpan' in cell ? cell.colSpan : undefined) ?? 1;
      const rs = ('rowSpan' in cell ? cell.rowSpan : undefined) ?? 1;
      for (let k = 0; k < cs; k++) next[col + k] = rs - 1;
      col += cs;
    }
    skip();
    out.push(col);
    busy = next;
  }
  return out;
}
