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
import type { TableLayout } from '../lib/layout';
import { LayoutTable } from './LayoutTable';

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

export const EditableTable = memo(function EditableTable({ layout, view }: { layout: TableLayout; view: EditView }) {
  return (
    <LayoutTable
      layout={layout}
      className={`stat-table stat-${layout.table} edit-table`}
      testId={`edit-${layout.table}`}
      value={(r, colSpan) => <ValueTd r={r} colSpan={colSpan} view={view} />}
    />
  );
});
