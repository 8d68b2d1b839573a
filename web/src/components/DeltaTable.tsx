/**
 * One statutory table of two reports at once: the official grid (lib/layout.ts), each value cell
 * showing A → B and the change B − A, coloured when it changed; 「—」 where a report lacks the
 * cell (no change is computed from an absent value). Clicking a cell's value opens that report at it.
 */
import { memo } from 'react';
import { Tooltip } from 'antd';
import type { ComparisonResult } from '../lib/api';
import { deltaText, reportAt, trend } from '../lib/analysis';
import { cellKey, type CellRef } from '../lib/cells';
import type { TableLayout } from '../lib/layout';
import { LayoutTable } from './LayoutTable';

type CellCmp = ComparisonResult['cells'][number];

const show = (v: number | null | undefined): string => (v === null || v === undefined ? '—' : String(v));

function ValueTd({
  r,
  colSpan,
  cmp,
  ids,
  name,
}: {
  r: CellRef;
  colSpan: number | undefined;
  cmp: CellCmp | undefined;
  ids: { a: number; b: number };
  name: string;
}) {
  const t = cmp ? trend(cmp.delta) : 'none';
  const oneSided = cmp && (cmp.a === null) !== (cmp.b === null);
  return (
    <td
      colSpan={colSpan}
      className={`dcell dcell-${oneSided ? 'onesided' : t}`}
      data-testid={`dcell-${r.table}-${r.row}-${r.col}`}
      data-a={cmp?.a ?? ''}
      data-b={cmp?.b ?? ''}
      data-delta={cmp?.delta ?? ''}
    >
      <Tooltip
        title={
          <div className="small">
            <div>{name}</div>
            <div>A：{show(cmp?.a)}</div>
            <div>B：{show(cmp?.b)}</div>
            <div>B − A：{cmp ? deltaText(cmp.delta) : '—'}</div>
          </div>
        }
        mouseEnterDelay={0.25}
      >
        <div className="dcell-ab">
          <a href={reportAt(ids.a, [r])}>{show(cmp?.a)}</a>
          <span className="dcell-arrow">→</span>
          <a href={reportAt(ids.b, [r])}>{show(cmp?.b)}</a>
        </div>
        {t !== 'none' && t !== 'same' && <div className={`delta delta-${t}`}>{deltaText(cmp!.delta)}</div>}
      </Tooltip>
    </td>
  );
}

export interface DeltaView {
  cells: Map<string, CellCmp>;
  ids: { a: number; b: number };
  name: (r: CellRef) => string;
}

export const DeltaTable = memo(function DeltaTable({ layout, view }: { layout: TableLayout; view: DeltaView }) {
  return (
    <LayoutTable
      layout={layout}
      className={`stat-table delta-table stat-${layout.table}`}
      testId={`compare-table-${layout.table}`}
      value={(r, colSpan) => <ValueTd r={r} colSpan={colSpan} cmp={view.cells.get(cellKey(r))} ids={view.ids} name={view.name(r)} />}
    />
  );
});
