/**
 * The frame every statutory table is drawn in: column widths, merged title, header and label cells
 * as on the official form. What a value cell shows (a value read, a comparison, an input) and how a
 * row label is marked are the caller's; StatutoryTable, DeltaTable and EditableTable draw through this.
 */
import type { ReactNode } from 'react';
import type { CellRef } from '../lib/cells';
import type { GridCell, TableLayout } from '../lib/layout';

type LabelCell = Extract<GridCell, { kind: 'label' }>;

export interface LayoutTableProps {
  layout: TableLayout;
  className: string;
  testId: string;
  /** The value cell (a `<td>`) for a reference. */
  value: (ref: CellRef, colSpan: number | undefined) => ReactNode;
  /** Extra class and test id of a row label (the report page marks rows with findings). */
  label?: (c: LabelCell) => { className?: string; testId?: string };
}

function Td({ c, p }: { c: GridCell; p: LayoutTableProps }) {
  switch (c.kind) {
    case 'title':
      return (
        <td colSpan={c.colSpan} className="tcell-title">
          {c.text}
        </td>
      );
    case 'head':
      return (
        <th rowSpan={c.rowSpan} colSpan={c.colSpan} className={c.note ? 'tcell-head tcell-note' : 'tcell-head'}>
          {c.text}
        </th>
      );
    case 'label': {
      const extra = p.label?.(c) ?? {};
      return (
        <th
          rowSpan={c.rowSpan}
          colSpan={c.colSpan}
          scope="row"
          data-testid={extra.testId}
          className={`tcell-label tcell-level${c.level}${extra.className ? ` ${extra.className}` : ''}`}
        >
          {c.text}
        </th>
      );
    }
    case 'value':
      return <>{p.value(c.ref, c.colSpan)}</>;
  }
}

export function LayoutTable(p: LayoutTableProps) {
  const { layout } = p;
  const total = layout.widths.reduce((s, w) => s + w, 0);
  const rows = (grid: GridCell[][]) =>
    grid.map((row, i) => (
      <tr key={i}>
        {row.map((c, j) => (
          <Td key={j} c={c} p={p} />
        ))}
      </tr>
    ));
  return (
    <table className={p.className} data-testid={p.testId}>
      <colgroup>
        {layout.widths.map((w, i) => (
          <col key={i} style={{ width: `${((w / total) * 100).toFixed(2)}%` }} />
        ))}
      </colgroup>
      {layout.head.length > 0 && <thead>{rows(layout.head)}</thead>}
      <tbody>{rows(layout.body)}</tbody>
    </table>
  );
}
