/**
 * A flat piece of a line — 一、 at a label's start, under half an em tall — is cut from the text it
 * leads where a gap of half an em follows it (the 、 leaves the right of its cell white): cut
 * so, it stands alone as a line of its own, which the recogniser reads as nothing, and the label
 * loses its number (一、本年新收… read as 本年新收…). Such a piece goes back on the piece it
 * leads: the nearest starting less than an em to its right, level with it, of full height.
 */
import type { PxBox } from './columns.js';

export function joinFlat(boxes: readonly PxBox[], em: number): PxBox[] {
  const out = boxes.map((b) => [...b] as PxBox);
  const flat = (b: PxBox): boolean => b[3] - b[1] < 0.5 * em;
  const gone = new Set<number>();
  out.forEach((b, i) => {
    if (!flat(b)) return;
    const mid = (b[1] + b[3]) / 2;
    let into = -1;
    out.forEach((o, j) => {
      if (j === i || gone.has(j) || flat(o) || mid < o[1] || mid > o[3]) return;
      const gap = o[0] - b[2];
      if (gap >= 0 && gap <= em && (into < 0 || o[0] < out[into]![0])) into = j;
    });
    if (into < 0) return;
    const o = out[into]!;
    out[into] = [Math.min(o[0], b[0]), Math.min(o[1], b[1]), Math.max(o[2], b[2]), Math.max(o[3], b[3])];
    gone.add(i);
  });
  return out.filter((_, i) => !gone.has(i));
}
