/**
 * Lines of text cut at the column rules they cross. A table drawn with its column rules but
 * without row rules makes no grid (scan/rules.ts `buildGrids` needs both): its rules are erased
 * with the rest of the page's long lines, and the text beside a rule then joins the text across
 * it into one line (「（三）不」 and 「1.属于国家秘」, two columns of a label, read as one run
 * that names no row). A rule that runs the whole height of a line is a cell's edge: the line is
 * read as the pieces on each side of it, as the cells of a grid are.
 */
import type { PixelRule } from './rules.js';

export type PxBox = [number, number, number, number];

/**
 * The line boxes cut at every vertical rule (x = `at`, or along its lean) that crosses one from top to bottom and
 * is at least three ems long (`em` in pixels: the strokes of characters stacked in a wrapped label
 * can line up into a short "rule" of two lines, and must not cut a character). Each piece is
 * narrowed to its ink in `bw` (dark = 1, `w` wide); a piece without ink is dropped. Lines no rule
 * crosses are returned as they were.
 */
export function cutAtColumnRules(lines: readonly PxBox[], rules: readonly PixelRule[], bw: Uint8Array, w: number, em: number): PxBox[] {
  const long = rules.filter((r) => r.to - r.from >= 3 * em);
  if (!long.length) return [...lines];
  const out: PxBox[] = [];
  for (const box of lines) {
    const [x0, y0, x1, y1] = box;
    // Where the rule runs at the line (a rule that leans: along its lean).
    const at = (r: PixelRule): number => (r.lean ? Math.round(r.lean.base + r.lean.slope * ((y0 + y1) / 2)) : r.at);
    const cuts = long
      .filter((r) => at(r) > x0 && at(r) < x1 && r.from <= y0 + 1 && r.to >= y1 - 1)
      .map((r) => [at(r) - Math.ceil(r.thick / 2) - 1, at(r) + Math.ceil(r.thick / 2) + 1] as const)
      .sort((a, b) => a[0] - b[0]);
    if (!cuts.length) {
      out.push(box);
      continue;
    }
    let from = x0;
    for (const [a, b] of [...cuts, [x1, x1] as const]) {
      const piece = inkSpan(bw, w, [from, y0, Math.min(a, x1), y1]);
      if (piece) out.push(piece);
      from = Math.max(from, b);
    }
  }
  return out;
}

/** The box narrowed to the columns and rows that hold ink, or null when it holds none. */
function inkSpan(bw: Uint8Array, w: number, box: PxBox): PxBox | null {
  const [x0, y0, x1, y1] = box;
  let l = Infinity;
  let r = -Infinity;
  let t = Infinity;
  let b = -Infinity;
  for (let y = y0; y < y1; y++) {
    for (let x = x0; x < x1; x++) {
      if (bw[y * w + x] !== 1) continue;
      if (x < l) l = x;
      if (x > r) r = x;
      if (y < t) t = y;
      if (y > b) b = y;
    }
  }
  return r - l >= 1 ? [l, t, r + 1, b + 1] : null;
}
