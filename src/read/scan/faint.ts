/**
 * Faint marks in a scanned table's cells: what the ink image lost (a thin face's digits
 * photographed at a low resolution are lighter than the page's ink threshold), found in the
 * levelled image, so a cell is read or flagged instead of read blank — and 0 — or a digit short.
 */
import type { PxBox } from './columns.js';
import { despeckle, type Gray } from './image.js';

/** A mark this much darker (levels) in the gray image than in the ink image is a red seal's. */
const SEAL_DARKER = 40;

/** A faint mark read as a number at least this surely (0–100) is taken. */
export const FAINT_SURE = 85;

export const padded = (b: PxBox, within: PxBox, pad: number): PxBox => [
  Math.max(within[0], b[0] - pad),
  Math.max(within[1], b[1] - pad),
  Math.min(within[2], b[2] + pad),
  Math.min(within[3], b[3] + pad),
];

/** A faint mark: its box, and its cell's paper and darkest levels. */
export interface FaintMark {
  box: PxBox;
  /** The cell's paper and darkest levels there (to stretch the mark to full contrast for reading). */
  paper: number;
  dark: number;
  /** Its pixels: the box looked in, and a mask over it (1: the mark's). */
  own: { box: PxBox; mask: Uint8Array };
}

/**
 * A mark in a cell that the ink image left empty: a thin face's digit photographed at a low
 * resolution is lighter than the page's ink threshold (set by the dark body text) and is whitened
 * with the grain, so the cell would read blank — and a blank cell reads 0. In the levelled image a
 * mark clearly darker than the cell's own paper (half-way from the paper to the cell's darkest
 * pixels, at least 40 levels apart), not a lone speck, a third of an em tall or more, is a mark:
 * its box, else null. `box`: the cell inside its rules (or the part of it beside a number read:
 * `open` names its sides that are no rule). `lum`: the gray image, to tell a red seal's remnant.
 */
export function faintMark(levelled: Gray, box: PxBox, em: number, open: { left?: boolean; right?: boolean } = {}, lum: Gray | null = null): FaintMark | null {
  const [x0, y0, x1, y1] = box;
  const bw = x1 - x0;
  const bh = y1 - y0;
  if (bw < 3 || bh < 3) return null;
  const w = levelled.width;
  const hist = new Uint32Array(256);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) hist[levelled.data[y * w + x]!]!++;
  const n = bw * bh;
  // The paper: the cell's median; its darkest: the 20th darkest pixel (a stroke, not one noisy pixel).
  const at = (k: number): number => {
    let c = 0;
    for (let v = 0; v < 256; v++) if ((c += hist[v]!) > k) return v;
    return 255;
  };
  const paper = at(n / 2);
  const dark = at(Math.min(20, n - 1));
  if (paper - dark < 40) return null;
  const thr = paper - (paper - dark) / 2;
  const mask = new Uint8Array(n);
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (levelled.data[y * w + x]! <= thr) mask[(y - y0) * bw + (x - x0)] = 1;
  despeckle(mask, bw, bh, Math.max(2, Math.round(0.15 * em)), Math.round(0.4 * em));
  // What touches the box's edges is the gray edge of a rule (a leaning one runs into the cell),
  // not a character: cleared, except on a side that is no rule (`open`: beside a number read).
  const stack: number[] = [];
  const edge = (x: number, y: number): void => {
    const i = y * bw + x;
    if (mask[i]) {
      mask[i] = 0;
      stack.push(i);
    }
  };
  for (let x = 0; x < bw; x++) {
    edge(x, 0);
    edge(x, bh - 1);
  }
  for (let y = 0; y < bh; y++) {
    if (!open.left) edge(0, y);
    if (!open.right) edge(bw - 1, y);
  }
  while (stack.length) {
    const i = stack.pop()!;
    const x = i % bw;
    const y = (i / bw) | 0;
    for (let dy = -1; dy <= 1; dy++)
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < bw && ny < bh) edge(nx, ny);
      }
  }
  let [mx0, my0, mx1, my1] = [bw, bh, -1, -1];
  for (let y = 0; y < bh; y++)
    for (let x = 0; x < bw; x++)
      if (mask[y * bw + x]) {
        if (x < mx0) mx0 = x;
        if (x > mx1) mx1 = x;
        if (y < my0) my0 = y;
        if (y > my1) my1 = y;
      }
  if (mx1 < 0 || my1 - my0 + 1 < em / 3) return null;
  // A red seal is paper in the ink image but dark in the gray one (`lum`): what is left of it
  // where it crossed the cell is much darker there than in the ink image. A gray digit is alike in both.
  if (lum) {
    let diff = 0;
    let k = 0;
    for (let i = 0; i < n; i++) {
      if (!mask[i]) continue;
      const j = (y0 + ((i / bw) | 0)) * w + x0 + (i % bw);
      diff += levelled.data[j]! - lum.data[j]!;
      k++;
    }
    if (k && diff / k > SEAL_DARKER) return null;
  }
  return { box: [x0 + mx0, y0 + my0, x0 + mx1 + 1, y0 + my1 + 1], paper, dark, own: { box, mask } };
}

/**
 * Faint marks right beside a number read in a cell (`line`), in the line's band: a digit of the
 * same number the ink image lost. Only a mark a digit's height (half an em or more), mostly level
 * with the line and within an em of it, counts — not the halo a JPEG leaves around the digits read
 * (the look starts a sixth of an em away from them).
 */
export function lostDigits(levelled: Gray, line: PxBox, cell: PxBox, em: number, lum: Gray | null = null): FaintMark[] {
  const pad = Math.max(2, Math.round(em / 6));
  const [top, bottom] = [Math.max(cell[1], line[1] - pad), Math.min(cell[3], line[3] + pad)];
  const out: FaintMark[] = [];
  for (const [side, open, near] of [
    [[line[2] + pad, top, Math.min(cell[2], line[2] + Math.round(1.5 * em)), bottom], { left: true }, (b: PxBox) => b[0] - line[2] <= em],
    [[Math.max(cell[0], line[0] - Math.round(1.5 * em)), top, line[0] - pad, bottom], { right: true }, (b: PxBox) => line[0] - b[2] <= em],
  ] as [PxBox, { left?: boolean; right?: boolean }, (b: PxBox) => boolean][]) {
    const m = faintMark(levelled, side, em, open, lum);
    if (!m) continue;
    const b = m.box;
    const level = Math.min(b[3], line[3]) - Math.max(b[1], line[1]);
    if (b[3] - b[1] >= em / 2 && level >= 0.6 * (b[3] - b[1]) && near(b)) out.push(m);
  }
  return out;
}

/**
 * The page's ink image with each faint mark stretched to full contrast (its paper white, its
 * darkest black), `pad` around it, inside its cell: what the recogniser reads it from.
 */
export function stretchedMarks(ink: Gray, levelled: Gray, marks: { mark: FaintMark; cell: PxBox }[], pad: number, own = false): Gray {
  const data = ink.data.slice();
  const w = ink.width;
  for (const { mark, cell } of marks) {
    const [x0, y0, x1, y1] = padded(mark.box, cell, pad);
    const range = Math.max(1, mark.paper - mark.dark);
    // `own`: only the mark's pixels and those beside them (its gray edges); the rest is paper (the
    // gray edge of a rule beside a number, which the mark left out, would read as a 1).
    const m = mark.own;
    const mw = m.box[2] - m.box[0];
    const near = (x: number, y: number): boolean => {
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const mx = x + dx - m.box[0];
          const my = y + dy - m.box[1];
          if (mx >= 0 && my >= 0 && mx < mw && my < m.box[3] - m.box[1] && m.mask[my * mw + mx]) return true;
        }
      return false;
    };
    for (let y = y0; y < y1; y++)
      for (let x = x0; x < x1; x++) {
        if (own && !near(x, y)) {
          data[y * w + x] = 255;
          continue;
        }
        const v = levelled.data[y * w + x]!;
        data[y * w + x] = v >= mark.paper ? 255 : Math.max(0, Math.round((255 * (v - mark.dark)) / range));
      }
  }
  return { width: w, height: ink.height, data };
}
