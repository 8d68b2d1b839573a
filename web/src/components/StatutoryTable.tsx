/**
 * One statutory table drawn from its layout: merged header and label cells as on the official
 * form; every value cell coloured by its state, with its raw text, status and place on hover.
 */
import { memo } from 'react';
import { Tooltip } from 'antd';
import type { RecordCell } from '../lib/api';
import { cellClass, cellKey, cellState, cellTestId, printedRow, type CellRef, type CellState } from '../lib/cells';
import { CELL_STATUS_LABEL, FLAG_LABEL, SEVERITY_LABEL, type Severity } from '../lib/labels';
import type { TableLayout } from '../lib/layout';
import { LayoutTable } from './LayoutTable';

export interface TableView {
  /** Cell records by cell key. */
  cells: Map<string, RecordCell>;
  /** Values from record.tables, for cells without a cell record. */
  values: (ref: CellRef) => number | null | undefined;
  /** Worst live finding severity per cell key. */
  severity: Map<string, Severity>;
  /** Worst live finding severity per row key (findings naming a row or a group subtotal). */
  rowSeverity: Map<string, Severity>;
  /** Cell keys to outline (the selection). */
  selected: ReadonlySet<string>;
  name: (ref: CellRef) => string;
}

function CellTip({
  at: c,
  cell,
  state,
  view,
  value,
}: {
  at: CellRef;
  cell: RecordCell | undefined;
  state: CellState;
  view: TableView;
  value: number | null | undefined;
}) {
  const sev = view.severity.get(cellKey(c));
  return (
    <div className="cell-tip">
      <div className="cell-tip-name">{view.name(c)}</div>
      <div>数值：{value === null || value === undefined ? '（无）' : String(value)}</div>
      <div>原文：{cell?.raw !== null && cell?.raw !== undefined ? `「${cell.raw}」` : '（未读到）'}</div>
      <div>状态：{cell ? CELL_STATUS_LABEL[cell.status] : state === 'absent' ? '未读取' : '已读取'}</div>
      {cell?.unit && <div>单位：{cell.unit}</div>}
      {cell && (cell.line !== null || cell.page !== undefined) && (
        <div>
          位置：{cell.page !== undefined ? `第 ${cell.page} 页 ` : ''}
          {cell.line !== null ? `第 ${cell.line} 行` : ''}
        </div>
      )}
      {(cell?.flags ?? []).map((f) => (
        <div key={f}>· {FLAG_LABEL[f] ?? f}</div>
      ))}
      {sev && <div className="cell-tip-sev">有{SEVERITY_LABEL[sev]}，见右上问题列表</div>}
    </div>
  );
}

function ValueTd({ r, colSpan, view, onPick }: { r: CellRef; colSpan: number | undefined; view: TableView; onPick: (ref: CellRef) => void }) {
  const k = cellKey(r);
  const cell = view.cells.get(k);
  const value = cell ? cell.value : view.values(r);
  const state = cellState(cell ?? (value !== undefined ? { ...r, status: value === null ? 'missing' : 'read', value } : undefined), view.severity.get(k));
  const text = value === null || value === undefined ? (state === 'absent' ? '' : '空') : String(value);
  return (
    <td
      colSpan={colSpan}
      data-testid={cellTestId(r)}
      data-state={state}
      data-derived={cell?.status === 'derived' ? 'true' : undefined}
      data-selected={view.selected.has(k) ? 'true' : undefined}
      className={cellClass(cell?.status, state, view.selected.has(k))}
      onClick={() => onPick(r)}
    >
      <Tooltip title={<CellTip at={r} cell={cell} state={state} view={view} value={value} />} mouseEnterDelay={0.25} placement="top">
        <span className="vcell-text">{text}</span>
      </Tooltip>
    </td>
  );
}

export const StatutoryTable = memo(function StatutoryTable({ layout, view, onPick }: { layout: TableLayout; view: TableView; onPick: (ref: CellRef) => void }) {
  return (
    <LayoutTable
      layout={layout}
      className={`stat-table stat-${layout.table}`}
      testId={`table-${layout.table}`}
      value={(r, colSpan) => <ValueTd r={r} colSpan={colSpan} view={view} onPick={onPick} />}
      label={(c) => {
        const sev = view.rowSeverity.get(c.row);
        return { testId: `label-${c.row}`, className: sev === 'error' || sev === 'warning' ? `tcell-label-${sev}` : undefined };
      }}
    />
  );
});

/** Worst live severity per printed row key, from findings naming a row (any column) of a table. */
export function rowSeverities(
  findings: readonly { severity: Severity; table?: string | undefined; row?: string | undefined; decision?: { decision: string } | null | undefined }[],
  table: string,
): Map<string, Severity> {
  const rank: Record<Severity, number> = { error: 3, warning: 2, info: 1 };
  const out = new Map<string, Severity>();
  for (const f of findings) {
    if (f.table !== table || f.row === undefined || f.decision?.decision === 'dismissed') continue;
    const row = printedRow(f.row);
    const had = out.get(row);
    if (!had || rank[f.severity] > rank[had]) out.set(row, f.severity);
  }
  return out;
}
