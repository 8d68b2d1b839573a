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
