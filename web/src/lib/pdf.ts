/**
 * PDF page images and cell boxes. Boxes are [x0, y0, x1, y1] in PDF points, origin top-left.
 * The server renders pages at PAGE_PX_PER_PT image pixels per point (144 dpi) unless the
 * detail says otherwise, so a box maps onto the image by that factor, then by how much the
 * browser shrank the image to fit the pane.
 */

/** Image pixels per PDF point of /api/reports/:id/pages/:n (144 dpi ÷ 72 pt per inch). */
export const PAGE_PX_PER_PT = 2;

export interface Rect {
  left: number;
  top: number;
  width: number;
  height: number;
}

/**
 * A box in points → a rectangle in CSS pixels over the image as shown.
 * `shown` / `natural` is the image's displayed width over its pixel width.
 */
export function boxToRect(box: readonly [number, number, number, number], naturalWidth: number, shownWidth: number, pxPerPt = PAGE_PX_PER_PT): Rect | null {
  if (!(naturalWidth > 0) || !(shownWidth > 0) || !(pxPerPt > 0)) return null;
  const k = (shownWidth / naturalWidth) * pxPerPt;
  const [x0, y0, x1, y1] = box;
  const left = Math.min(x0, x1) * k;
  const top = Math.min(y0, y1) * k;
  return { left, top, width: Math.abs(x1 - x0) * k, height: Math.abs(y1 - y0) * k };
}

/** Grow a rectangle by `pad` pixels each side, so a box around a digit is easy to see. */
export const padRect = (r: Rect, pad: number): Rect => ({ left: r.left - pad, top: r.top - pad, width: r.width + 2 * pad, height: r.height + 2 * pad });

interface Placed {
  table: string;
  row: string;
  col: string;
  status?: string;
  page?: number;
  box?: readonly [number, number, number, number];
}

/**
 * Where a cell is on the page: its own box when it was read; for a cell that was not read
 * (derived, missing) the box where its row and its column cross, from the boxes of the cells
 * read in the same row and the same column on the same page (its own box, when it has one, is
 * the whole row's); else its own box. Null when nothing is known.
 */
export function cellPlace(c: Placed, cells: readonly Placed[]): { page: number; box: [number, number, number, number] } | null {
  const own = c.page !== undefined && c.box ? { page: c.page, box: [...c.box] as [number, number, number, number] } : null;
  if (own && (c.status === undefined || c.status === 'read')) return own;
  return (
    crossing(
      c,
      cells.filter((x) => x.status === undefined || x.status === 'read'),
    ) ?? own
  );
}

function crossing(c: Placed, cells: readonly Placed[]): { page: number; box: [number, number, number, number] } | null {
  const inRow = cells.filter((x) => x.table === c.table && x.row === c.row && x.page !== undefined && x.box);
  for (const page of [...new Set(inRow.map((x) => x.page!))]) {
    const row = inRow.filter((x) => x.page === page);
    const col = cells.filter((x) => x.table === c.table && x.col === c.col && x.page === page && x.box);
    if (!col.length) continue;
    const y0 = Math.min(...row.map((x) => x.box![1]));
    const y1 = Math.max(...row.map((x) => x.box![3]));
    // The column's width from its cells: the median of their left and right edges.
    const mid = (vs: number[]): number => vs.sort((a, b) => a - b)[Math.floor(vs.length / 2)]!;
    const x0 = mid(col.map((x) => x.box![0]));
    const x1 = mid(col.map((x) => x.box![2]));
    if (x1 > x0 && y1 > y0) return { page, box: [x0, y0, x1, y1] };
  }
  return null;
}
