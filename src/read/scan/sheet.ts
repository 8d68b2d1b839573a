/**
 * The sheet's own edges in a page image. A photographed page lies on a desk, or the camera saw
 * past it; a scanner with its lid open shows black round the paper. Where the paper ends, the
 * brightness steps: to the desk's dark, or to the white of a frame the photo was fitted into
 * while the paper itself lies in shadow. Levelling the background (image.ts `level`) takes each
 * pixel against the brightest of its neighbourhood, so a step beside the paper turns the paper's
 * edge into a broken band of ink — read as stray 1s beside the table's rows.
 *
 * `sheetEdges` finds, for each side of the image, a straight edge along which the paper's
 * brightness steps (the same way all along, at most a fifth of the image in from its border);
 * `fillOutside` paints what lies beyond an edge with the paper's own brightness just inside it,
 * so that levelling sees paper to the border and no band forms. Text is never near a sheet's edge
 * (a printed page keeps margins), so nothing printed is painted over.
 */
import type { Gray } from './image.js';
import { lineFit } from './rules.js';

/** The line through the points (each a block, weight 1). */
const fitted = (pts: { t: number; d: number }[]): { at: number; slope: number } => lineFit(pts.map((p) => ({ at: p.d, from: p.t, to: p.t })));

/** A side's edge: the boundary at `at + slope·t` pixels from that side's border, t along the side. */
export interface SheetEdge {
  side: 'left' | 'right' | 'top' | 'bottom';
  at: number;
  slope: number;
}

/** Brightness step (gray levels, paper's side against the outside) that marks an edge. */
const STEP = 28;
/** Share of a side's blocks that must show the step on one line. */
const ALONG = 0.35;
/** How far in from the border an edge may lie (share of the image across). */
const DEPTH = 0.2;

/**
 * The 90th and 10th percentiles of each block: the paper's brightness there whatever is printed
 * on it, and how dark its darkest strokes are (close to the first where nothing is printed).
 */
function blockLevels(img: Gray, block: number): { bw: number; bh: number; hi: Float32Array; lo: Float32Array } {
  const { width: w, height: h, data } = img;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const hi = new Float32Array(bw * bh);
  const lo = new Float32Array(bw * bh);
  const hist = new Uint32Array(256);
  // Every other pixel each way: plenty for a percentile of a block.
  for (let by = 0; by < bh; by++) {
    for (let bx = 0; bx < bw; bx++) {
      hist.fill(0);
      let n = 0;
      for (let y = by * block; y < Math.min(h, (by + 1) * block); y += 2) {
        for (let x = bx * block; x < Math.min(w, (bx + 1) * block); x += 2) {
          hist[data[y * w + x]!]!++;
          n++;
        }
      }
      const tenth = Math.ceil(n * 0.1);
      let k = tenth;
      let t = 255;
      for (; t > 0 && (k -= hist[t]!) > 0; t--);
      hi[by * bw + bx] = t;
      k = tenth;
      t = 0;
      for (; t < 255 && (k -= hist[t]!) > 0; t++);
      lo[by * bw + bx] = t;
    }
  }
  return { bw, bh, hi, lo };
}

/** Spread between a block's bright and dark tenths beyond which it holds something printed. */
const PRINTED = 45;

/**
 * One side: along each line of blocks across that side, the largest step within the outer part;
 * the edge when enough lines step the same way at places on one straight line (fitted with its
 * outliers dropped). Coordinates are in blocks, `t` along the side and `d` in from the border.
 * A step counts only where nothing is printed beyond it (the outside is bare: desk, frame, the
 * scanner's lid), the outside is white when the paper is the darker side, and the paper does not
 * step back right inside (a shaded header row or a picture near the edge is not the sheet's edge).
 */
function sideEdge(
  hi: (t: number, d: number) => number,
  lo: (t: number, d: number) => number,
  len: number,
  across: number,
): { at: number; slope: number; sign: number } | null {
  const reach = Math.max(3, Math.floor(across * DEPTH));
  const pts: { t: number; d: number; sign: number }[] = [];
  for (let t = 0; t < len; t++) {
    let best = 0;
    let at = -1;
    // The boundary lies between block d-1 (outside) and d+1 (paper): a step over two blocks, so
    // a block the edge runs through does not halve it.
    for (let d = 1; d < reach; d++) {
      const step = hi(t, d + 1) - hi(t, d - 1);
      if (Math.abs(step) > Math.abs(best)) {
        best = step;
        at = d;
      }
    }
    if (Math.abs(best) < STEP) continue;
    if ((best < 0 && hi(t, at - 1) < 235) || Math.abs(hi(t, at + 3) - hi(t, at + 1)) >= STEP) continue;
    pts.push({ t, d: at, sign: Math.sign(best) });
  }
  // Print beyond the line on a line across: no sheet's edge (the page's own margin, a running
  // header or a shaded column beside it).
  const printed = (t: number, edge: number): boolean => {
    for (let d = 0; d < Math.floor(edge); d++) if (hi(t, d) - lo(t, d) >= PRINTED) return true;
    return false;
  };
  // The paper brighter than what is beyond it, or darker: one way along the whole side.
  for (const sign of [1, -1]) {
    let use = pts.filter((p) => p.sign === sign);
    if (use.length < Math.max(4, ALONG * len)) continue;
    let line: { at: number; slope: number } | null = fitted(use);
    for (let k = 0; k < 3 && line; k++) {
      const l = line;
      use = use.filter((p) => Math.abs(l.at + l.slope * p.t - p.d) <= 1.5);
      line = use.length >= Math.max(4, ALONG * len) ? fitted(use) : null;
    }
    if (!line) continue;
    // Straight and inside the outer part along its whole length; a sheet is not tilted much.
    const a = line.at;
    const b = line.at + line.slope * (len - 1);
    if (Math.abs(line.slope) > 0.1 || Math.min(a, b) < 0 || Math.max(a, b) > reach) continue;
    let marked = 0;
    for (let t = 0; t < len; t++) if (printed(t, line.at + line.slope * t)) marked++;
    if (marked > 0.05 * len) continue;
    return { ...line, sign };
  }
  return null;
}

/** The sheet's edges found in `img` (blocks of `block` pixels); none on a page scanned whole. */
export function sheetEdges(img: Gray, block: number): SheetEdge[] {
  const { bw, bh, hi, lo } = blockLevels(img, block);
  if (bw < 8 || bh < 8) return [];
  const of =
    (v: Float32Array) =>
    (x: number, y: number): number =>
      v[Math.min(bh - 1, Math.max(0, y)) * bw + Math.min(bw - 1, Math.max(0, x))]!;
  const [H, L] = [of(hi), of(lo)];
  // Each side as (t along it, d in from its border) → block (x, y).
  const sides: [SheetEdge['side'], (t: number, d: number) => [number, number], number, number][] = [
    ['left', (t, d) => [d, t], bh, bw],
    ['right', (t, d) => [bw - 1 - d, t], bh, bw],
    ['top', (t, d) => [t, d], bw, bh],
    ['bottom', (t, d) => [t, bh - 1 - d], bw, bh],
  ];
  const out: SheetEdge[] = [];
  for (const [side, xy, len, across] of sides) {
    const e = sideEdge(
      (t, d) => H(...xy(t, d)),
      (t, d) => L(...xy(t, d)),
      len,
      across,
    );
    // Block units to pixels: block t's centre is (t + 0.5)·block; the boundary lies at block d's centre.
    if (e) out.push({ side, at: (e.at - e.slope * 0.5 + 0.5) * block, slope: e.slope });
  }
  return out;
}

/**
 * What lies beyond each edge (and `margin` pixels more, for the edge's blur) painted with the
 * paper's brightness `inset` pixels inside it, row by row (column by column). In place.
 */
export function fillOutside(img: Gray, edges: SheetEdge[], margin: number, inset: number): void {
  const { width: w, height: h, data } = img;
  for (const e of edges) {
    const vertical = e.side === 'left' || e.side === 'right';
    const len = vertical ? h : w;
    const across = vertical ? w : h;
    // Pixel index of the point `k` in from this side's border on line `t` along it.
    const idx = (t: number, k: number): number =>
      e.side === 'left' ? t * w + k : e.side === 'right' ? t * w + (w - 1 - k) : e.side === 'top' ? k * w + t : (h - 1 - k) * w + t;
    for (let t = 0; t < len; t++) {
      const d = Math.min(across, Math.max(0, Math.round(e.at + e.slope * t + margin)));
      if (!d) continue;
      // The paper just inside: the brightest of a short run there (ink does not set it).
      let paper = 0;
      for (let k = d + inset; k < Math.min(across, d + 2 * inset); k++) paper = Math.max(paper, data[idx(t, k)]!);
      if (!paper) continue;
      for (let k = 0; k < d; k++) data[idx(t, k)] = paper;
    }
  }
}
