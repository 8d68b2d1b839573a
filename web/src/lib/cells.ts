/**
 * Which table cells a finding names, and the colour state of every cell: pure functions, so
 * the tables, the source view and the findings list agree on one answer.
 */
import type { CellStatus, Severity } from './labels';

export type TableId = 't2' | 't3' | 't4';

export interface CellRef {
  table: TableId;
  row: string;
  col: string;
}

/** Only the finding fields these functions read (works for stored and record findings). */
export interface FindingLike {
  severity: Severity;
  table?: TableId | undefined;
  row?: string | undefined;
  col?: string | undefined;
  decision?: { decision: 'confirmed' | 'dismissed' } | null | undefined;
}

export interface CellLike extends CellRef {
  status: CellStatus;
  value: number | null;
}

export const cellKey = (c: CellRef): string => `${c.table}|${c.row}|${c.col}`;

/** data-testid of a table cell: cell-t3-granted-total, cell-t3-denied.stateSecret-naturalPerson. */
export const cellTestId = (c: CellRef): string => `cell-${c.table}-${c.row}-${c.col}`;

/**
 * The printed row a finding's row key stands for. Table 三's derived subtotals
 * (denied.subtotal …) are not printed: they stand for their group, whose label cell is shown.
 */
export function printedRow(row: string): string {
  const m = /^(.+)\.subtotal$/.exec(row);
  return m && m[1] !== 'other' ? m[1]! : row;
}

/**
 * Does the finding name this cell? A finding names a cell when it gives the table and at least
 * a row or a column: table+row+col is one cell, table+row the whole row, table+col the column.
 * A finding that names only a table (or nothing) names no cell.
 */
export function names(f: FindingLike, c: CellRef): boolean {
  if (!f.table || f.table !== c.table) return false;
  if (f.row === undefined && f.col === undefined) return false;
  if (f.row !== undefined && f.row !== c.row && printedRow(f.row) !== c.row) return false;
  if (f.col !== undefined && f.col !== c.col) return false;
  return true;
}

/** A finding the reviewer dismissed no longer colours its cells. */
export const isLive = (f: FindingLike): boolean => f.decision?.decision !== 'dismissed';

/** How a cell is drawn: findings first (error over warning), then how the value was obtained. */
export type CellState = 'error' | 'warning' | 'info' | 'missing' | 'derived' | 'read' | 'absent';

const RANK: Record<Severity, number> = { error: 3, warning: 2, info: 1 };

/** The worst live finding severity for each cell key that some finding names. */
export function severityIndex(findings: readonly FindingLike[], cells: readonly CellRef[]): Map<string, Severity> {
  const out = new Map<string, Severity>();
  const live = findings.filter((f) => isLive(f) && f.table && (f.row !== undefined || f.col !== undefined));
  for (const c of cells) {
    for (const f of live) {
      if (!names(f, c)) continue;
      const k = cellKey(c);
      const had = out.get(k);
      if (!had || RANK[f.severity] > RANK[had]) out.set(k, f.severity);
    }
  }
  return out;
}

export function cellState(cell: CellLike | undefined, severity: Severity | undefined): CellState {
  if (severity === 'error' || severity === 'warning') return severity;
  if (!cell) return severity === 'info' ? 'info' : 'absent';
  if (cell.status === 'missing') return 'missing';
  if (severity === 'info') return 'info';
  if (cell.status === 'derived') return 'derived';
  return 'read';
}

/**
 * The class of a value cell: its state's colour, and the 推算 mark kept when a finding's colour
 * covers a derived value (a derived 0 in an error cell must not look read).
 */
export function cellClass(status: string | undefined, state: CellState, selected: boolean): string {
  return `vcell vcell-${state}${status === 'derived' && state !== 'derived' ? ' vcell-derived-mark' : ''}${selected ? ' vcell-selected' : ''}`;
}

/** A value as the table shows it: integers plain, decimals as written (no rounding), null → null. */
export function valueText(v: number | null | undefined): string | null {
  return v === null || v === undefined ? null : String(v);
}

/** All cells a finding names among the given ones (in their order). */
export function cellsNamedBy(f: FindingLike, cells: readonly CellRef[]): CellRef[] {
  return cells.filter((c) => names(f, c));
}
