/**
 * A statutory table with every value cell editable (the report editor): the same layout as the
 * reviewer's StatutoryTable (merged header and label cells from web/src/lib/layout.ts), an input
 * in each value cell. A cell left empty stays blank (null); 0 is written as 0. A cell a finding
 * names is coloured by its worst severity and carries the findings' messages.
 */
import { memo } from 'react';
import { Tooltip } from 'antd';
import { cellKey, cellTestId, type CellRef } from '../lib/cells';
import type { Severity } from '../lib/labels';
import type { GridCell, TableLayout } from '../lib/layout';

export type Grid = Record<string, Record<string, number | null>>;

export interface EditView {
  /** The text of each cell as typed, by cell key (what the input shows). */
  text: (ref: CellRef) => string;
  /** Worst severity and the messages of the findings naming each cell, by cell key. */
  marks: Map<string, { severity: Severity; messages: string[] }>;
  readOnly: boolean;
  onChange: (ref: CellRef, text: string) => void;
  /** The cell's name as a reviewer says it (表三「…」行「…」列), for screen readers. */
  name: (ref: CellRef) => string;
}

function ValueTd({ r, colSpan, view }: { r: CellRef; colSpan: number | undefined; view: EditView }) {
  const k = cellKey(r);
  const mark = view.marks.get(k);
  const text = view.text(r);
  const input = (
    <input
      className="edit-cell-input"
      inputMode="decimal"
      value={text}
      placeholder="空"
      readOnly={view.readOnly}
      aria-label={view.name(r)}
      onChange={(e) => view.onChange(r, e.target.value.replace(/[^\d.]/g, ''))}
    />
  );
  return (
    <td
      colSpan={colSpan}
      data-testid={cellTestId(r)}
      data-state={mark ? mark.severity : text === '' ? 'missing' : 'read'}
      className={`vcell edit-cell${mark ? ` vcell-${mark.severity}` : text === '' ? ' edit-cell-blank' : ''}`}
    >
      {mark ? (
        <Tooltip
          title={
            <div data-testid={`${cellTestId(r)}-findings`}>
              {mark.messages.map((m, i) => (
                <div key={i}>{m}</div>
              ))}
            </div>
          }
          placement="top"
        >
          {input}
        </Tooltip>
      ) : (
        input
      )}
    </td>
  );
}

function Td({ c, view }: { c: GridCell; view: EditView }) {
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
    case 'label':
      return (
        <th rowSpan={c.rowSpan} colSpan={c.colSpan} scope="row" className={`tcell-label tcell-level${c.level}`}>
          {c.text}
        </th>
      );
    case 'value':
      return <ValueTd r={c.ref} colSpan={c.colSpan} view={view} />;
  }
}

export const EditableTable = memo(function EditableTable({ layout, view }: { layout: TableLayout; view: EditView }) {
  const total = layout.widths.reduce((s, w) => s + w, 0);
  return (
    <table className={`stat-table stat-${layout.table} edit-table`} data-testid={`edit-${layout.table}`}>
      <colgroup>
        {layout.widths.map((w, i) => (
          <col key={i} style={{ width: `${((w / total) * 100).toFixed(2)}%` }} />
        ))}
      </colgroup>
      {layout.head.length > 0 && (
        <thead>
          {layout.head.map((row, i) => (
            <tr key={i}>
              {row.map((c, j) => (
                <Td key={j} c={c} view={view} />
              ))}
            </tr>
          ))}
        </thead>
      )}
      <tbody>
        {layout.body.map((row, i) => (
          <tr key={i}>
            {row.map((c, j) => (
              <Td key={j} c={c} view={view} />
            ))}
          </tr>
        ))}
      </tbody>
    </table>
  );
});
