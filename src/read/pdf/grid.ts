/**
 * Ruling segments → table grids.
 *
 * Segments that touch form a component; a component with at least two horizontal and two vertical
 * lines is a table. Its distinct line positions cut it into slots; two neighbouring slots belong to
 * the same cell when the border between them is missing (merged cells: rowspan and colspan are
 * read from the drawing, since a PDF has no table structure).
 */
import type { Box, Segment } from './model.js';

export interface GridCell {
  /** Slot rectangle [r0, r1) × [c0, c1). */
  r0: number;
  r1: number;
  c0: number;
  c1: number;
  box: Box;
}

export interface Grid {
  xs: number[];
  ys: number[];
  box: Box;
  cells: GridCell[];
  /** Cell index of slot (r, c). */
  slot: Int32Array;
  rows: number;
  cols: number;
  /** True when vertical line i is drawn at height y (used to split runs that cross a border). */
  hasVAt(i: number, y: number): boolean;
}

interface HLine {
  y: number;
  x0: number;
  x1: number;
}
interface VLine {
  x: number;
  y0: number;
  y1: number;
}

/** Lines closer than this are one line (double borders, anti-aliasing offsets). */
const SAME_LINE = 3.5;
/** How far a line may stop short of another and still touch it. */
const TOUCH = 2.5;
/** At most this many segments per page are considered (hostile files draw millions). */
const MAX_SEGMENTS = 5_000;

function mergeH(segs: HLine[]): HLine[] {
  segs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  const out: HLine[] = [];
  // bucket by y, then merge overlapping x intervals
  let i = 0;
  while (i < segs.length) {
    let j = i;
    const y0 = segs[i]!.y;
    while (j < segs.length && segs[j]!.y - y0 <= 1) j++;
    const bucket = segs.slice(i, j).sort((a, b) => a.x0 - b.x0);
    const y = bucket.reduce((s, l) => s + l.y, 0) / bucket.length;
    let cur: HLine | null = null;
    for (const l of bucket) {
      if (cur && l.x0 <= cur.x1 + 1.5) cur.x1 = Math.max(cur.x1, l.x1);
      else {
        if (cur) out.push(cur);
        cur = { y, x0: l.x0, x1: l.x1 };
      }
    }
    if (cur) out.push(cur);
    i = j;
  }
  return out;
}

function mergeV(segs: VLine[]): VLine[] {
  const asH = mergeH(segs.map((v) => ({ y: v.x, x0: v.y0, x1: v.y1 })));
  return asH.map((h) => ({ x: h.y, y0: h.x0, y1: h.x1 }));
}

/** Cluster sorted values: members closer than `tol` to the previous one join its cluster. */
function cluster(values: number[], tol: number): number[] {
  const v = [...values].sort((a, b) => a - b);
  const out: number[] = [];
  let group: number[] = [];
  for (const x of v) {
    if (group.length && x - group[group.length - 1]! > tol) {
      out.push(group.reduce((s, a) => s + a, 0) / group.length);
      group = [];
    }
    group.push(x);
  }
  if (group.length) out.push(group.reduce((s, a) => s + a, 0) / group.length);
  return out;
}

class UnionFind {
  private p: Int32Array;
  constructor(n: number) {
    this.p = new Int32Array(n).map((_, i) => i);
  }
  find(a: number): number {
    while (this.p[a] !== a) {
      this.p[a] = this.p[this.p[a]!]!;
      a = this.p[a]!;
    }
    return a;
  }
  reset(): void {
    for (let i = 0; i < this.p.length; i++) this.p[i] = i;
  }
  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.p[Math.max(ra, rb)] = Math.min(ra, rb);
  }
}

export interface GridOptions {
  /**
   * Merged cells are rectangles: slots joined through borders missing in an L or a ring (a seal
   * printed black over a scanned table breaks the rules under it) are not one cell — each row's
   * run of them is a cell of its own. Without it such a join is one cell, its box their bounds.
   */
  rectangular?: boolean;
}

/** Build the table grids of one page. */
export function buildGrids(segments: Segment[], opts: GridOptions = {}): Grid[] {
  if (segments.length > MAX_SEGMENTS) return [];
  const hs = mergeH(segments.filter((s) => s.y0 === s.y1).map((s) => ({ y: s.y0, x0: s.x0, x1: s.x1 })));
  const vs = mergeV(segments.filter((s) => s.x0 === s.x1 && s.y0 !== s.y1).map((s) => ({ x: s.x0, y0: s.y0, y1: s.y1 })));
  if (hs.length < 2 || vs.length < 2) return [];
  // Components: a horizontal and a vertical line are connected when they cross or touch.
  const uf = new UnionFind(hs.length + vs.length);
  for (let i = 0; i < hs.length; i++) {
    const h = hs[i]!;
    for (let j = 0; j < vs.length; j++) {
      const v = vs[j]!;
      if (v.x >= h.x0 - TOUCH && v.x <= h.x1 + TOUCH && h.y >= v.y0 - TOUCH && h.y <= v.y1 + TOUCH) uf.union(i, hs.length + j);
    }
  }
  const comps = new Map<number, { h: HLine[]; v: VLine[] }>();
  hs.forEach((h, i) => {
    const r = uf.find(i);
    if (!comps.has(r)) comps.set(r, { h: [], v: [] });
    comps.get(r)!.h.push(h);
  });
  vs.forEach((v, j) => {
    const r = uf.find(hs.length + j);
    if (!comps.has(r)) comps.set(r, { h: [], v: [] });
    comps.get(r)!.v.push(v);
  });
  const grids: Grid[] = [];
  for (const { h, v } of comps.values()) {
    if (h.length < 2 || v.length < 2) continue;
    const g = gridOf(h, v, opts);
    if (g) grids.push(g);
  }
  return grids;
}

function gridOf(h: HLine[], v: VLine[], opts: GridOptions): Grid | null {
  let ys = cluster(
    h.map((l) => l.y),
    SAME_LINE,
  );
  let xs = cluster(
    v.map((l) => l.x),
    SAME_LINE,
  );
  // Open sides: lines that reach past the outermost perpendicular line mark the table's edge.
  const minX = Math.min(...h.map((l) => l.x0));
  const maxX = Math.max(...h.map((l) => l.x1));
  const minY = Math.min(...v.map((l) => l.y0));
  const maxY = Math.max(...v.map((l) => l.y1));
  const virtX = new Set<number>();
  const virtY = new Set<number>();
  if (minX < xs[0]! - 6) {
    xs = [minX, ...xs];
    virtX.add(0);
  }
  if (maxX > xs[xs.length - 1]! + 6) {
    xs = [...xs, maxX];
    virtX.add(xs.length - 1);
  }
  if (minY < ys[0]! - 6) {
    ys = [minY, ...ys];
    virtY.add(0);
  }
  if (maxY > ys[ys.length - 1]! + 6) {
    ys = [...ys, maxY];
    virtY.add(ys.length - 1);
  }
  const rows = ys.length - 1;
  const cols = xs.length - 1;
  if (rows < 1 || cols < 1 || rows * cols > 100_000) return null;
  const vAt = (i: number): VLine[] => v.filter((l) => Math.abs(l.x - xs[i]!) <= SAME_LINE);
  const hAt = (i: number): HLine[] => h.filter((l) => Math.abs(l.y - ys[i]!) <= SAME_LINE);
  const vLines = xs.map((_, i) => vAt(i));
  const hLines = ys.map((_, i) => hAt(i));
  /** Border drawn along line i over the middle of [a, b]. */
  const covers = (lines: { a: number; b: number }[], a: number, b: number): boolean => {
    const m0 = a + (b - a) * 0.3;
    const m1 = b - (b - a) * 0.3;
    return lines.some((l) => l.a <= m0 + 0.5 && l.b >= m1 - 0.5);
  };
  const vSpans = vLines.map((ls) => ls.map((l) => ({ a: l.y0, b: l.y1 })));
  const hSpans = hLines.map((ls) => ls.map((l) => ({ a: l.x0, b: l.x1 })));
  const hasV = (i: number, a: number, b: number): boolean => virtX.has(i) || i === 0 || i === cols || covers(vSpans[i]!, a, b);
  const hasH = (i: number, a: number, b: number): boolean => virtY.has(i) || i === 0 || i === rows || covers(hSpans[i]!, a, b);
  const uf = new UnionFind(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (c + 1 < cols && !hasV(c + 1, ys[r]!, ys[r + 1]!)) uf.union(r * cols + c, r * cols + c + 1);
      if (r + 1 < rows && !hasH(r + 1, xs[c]!, xs[c + 1]!)) uf.union(r * cols + c, (r + 1) * cols + c);
    }
  }
  if (opts.rectangular) splitRagged(uf, rows, cols);
  const byRoot = new Map<number, number>();
  const slot = new Int32Array(rows * cols);
  const cells: GridCell[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const root = uf.find(r * cols + c);
      let k = byRoot.get(root);
      if (k === undefined) {
        k = cells.length;
        byRoot.set(root, k);
        cells.push({ r0: r, r1: r + 1, c0: c, c1: c + 1, box: [0, 0, 0, 0] });
      }
      const cell = cells[k]!;
      cell.r1 = Math.max(cell.r1, r + 1);
      cell.c0 = Math.min(cell.c0, c);
      cell.c1 = Math.max(cell.c1, c + 1);
      slot[r * cols + c] = k;
    }
  }
  if (cells.length < 2) return null;
  for (const cell of cells) cell.box = [xs[cell.c0]!, ys[cell.r0]!, xs[cell.c1]!, ys[cell.r1]!];
  return {
    xs,
    ys,
    box: [xs[0]!, ys[0]!, xs[cols]!, ys[rows]!],
    cells,
    slot,
    rows,
    cols,
    hasVAt: (i, y) => i > 0 && i < cols && !virtX.has(i) && vSpans[i]!.some((l) => l.a <= y && l.b >= y),
  };
}

/**
 * Joins of slots that do not fill their bounding rectangle, split into each row's runs of
 * neighbouring slots (GridOptions.rectangular). `uf` is rebuilt in place.
 */
function splitRagged(uf: UnionFind, rows: number, cols: number): void {
  const bounds = new Map<number, { r0: number; r1: number; c0: number; c1: number; n: number }>();
  const root = new Int32Array(rows * cols);
  for (let i = 0; i < rows * cols; i++) {
    const k = uf.find(i);
    root[i] = k;
    const r = Math.floor(i / cols);
    const c = i % cols;
    const b = bounds.get(k);
    if (!b) bounds.set(k, { r0: r, r1: r + 1, c0: c, c1: c + 1, n: 1 });
    else {
      b.r0 = Math.min(b.r0, r);
      b.r1 = Math.max(b.r1, r + 1);
      b.c0 = Math.min(b.c0, c);
      b.c1 = Math.max(b.c1, c + 1);
      b.n++;
    }
  }
  const ragged = (k: number): boolean => {
    const b = bounds.get(k)!;
    return b.n < (b.r1 - b.r0) * (b.c1 - b.c0);
  };
  if (![...bounds.keys()].some(ragged)) return;
  uf.reset();
  for (let r = 0; r < rows; r++)
    for (let c = 0; c < cols; c++) {
      const i = r * cols + c;
      const k = root[i]!;
      if (ragged(k)) {
        if (c > 0 && root[i - 1] === k) uf.union(i - 1, i);
      } else {
        if (c > 0 && root[i - 1] === k) uf.union(i - 1, i);
        if (r > 0 && root[i - cols] === k) uf.union(i - cols, i);
      }
    }
}

/** Cell index at a point, or -1 outside the grid. */
export function cellAt(g: Grid, x: number, y: number): number {
  if (x < g.box[0] || x > g.box[2] || y < g.box[1] || y > g.box[3]) return -1;
  let c = 0;
  while (c < g.cols - 1 && x > g.xs[c + 1]!) c++;
  let r = 0;
  while (r < g.rows - 1 && y > g.ys[r + 1]!) r++;
  return g.slot[r * g.cols + c]!;
}
