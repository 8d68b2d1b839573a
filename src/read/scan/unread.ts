/**
 * Ink in a cell's line at which the recogniser read no character: a digit it dropped. A thin
 * face's 2 photographed at 150 dpi comes out of the ink image broken, and beside a clean 5 the
 * line reads a sure `5` (99 %) — 25 read as 5, in table 二, which no relation checks.
 */
import type { PxBox } from './columns.js';
import { lineMargin, type LineRead } from './recognise.js';

/**
 * Stretches of ink in the line `box` (columns of `bw` with ink, apart by a white column) that no
 * character read covers, where a digit could stand: as tall as half an em, as wide as an eighth.
 * A character covers the columns of the time steps it was read at (`steps`), a step either side:
 * the model sees the line with a margin of a quarter of its height each side, its `T` steps spread
 * evenly over it. Each stretch is returned as its box (its ink's extent), for reading alone.
 */
export function unreadInk(bw: Uint8Array, w: number, box: PxBox, read: LineRead, T: number, em: number): PxBox[] {
  const [x0, y0, x1, y1] = box;
  if (!T || !read.chars.length || read.chars.some((c) => !c.steps)) return [];
  const pad = lineMargin(box);
  const step = (x1 - x0 + 2 * pad) / T;
  const covered = read.chars.map((c) => [x0 - pad + (c.steps![0] - 0.25) * step, x0 - pad + (c.steps![1] + 1.25) * step] as const);
  const out: PxBox[] = [];
  let from = -1;
  let top = y1;
  let bottom = y0;
  for (let x = x0; x <= x1; x++) {
    let ink = false;
    if (x < x1)
      for (let y = y0; y < y1; y++)
        if (bw[y * w + x]) {
          ink = true;
          if (y < top) top = y;
          if (y + 1 > bottom) bottom = y + 1;
        }
    if (ink && from < 0) from = x;
    if (ink || from < 0) continue;
    if (x - from >= Math.max(2, em / 8) && bottom - top >= em / 2 && !covered.some(([a, b]) => a < x && from < b)) out.push([from, top, x, bottom]);
    from = -1;
    top = y1;
    bottom = y0;
  }
  return out;
}
