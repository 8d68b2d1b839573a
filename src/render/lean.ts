/**
 * The lean record: what `nianbao parse --json` writes by default. The same `nianbao.report/1`
 * shape — it validates against schema/report.schema.json — with `cells` cut to the cells that need
 * a reader's attention: derived, missing, or read with a flag (zero inferred, unit stripped, split,
 * placed by a relation, low OCR confidence). A cell read plainly as written is left out: its value
 * is in `tables`, and its place in the source (raw token, span, line, page, box) is what the full
 * record (`--full`) adds. About a tenth of the full record's size on a typical report.
 */
import type { Cell, Report } from '../model/report.js';

/** A cell the lean record keeps: anything but a value read plainly as written. */
export const noteworthyCell = (c: Cell): boolean => c.status !== 'read' || (c.flags?.length ?? 0) > 0;

/** The record without the provenance of plainly read cells. The input is not changed. */
export function leanReport(r: Report): Report {
  return { ...r, cells: r.cells.filter(noteworthyCell) };
}
