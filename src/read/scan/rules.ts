/**
 * Ruling lines of a scanned table, from the black-and-white page.
 *
 * A rule is a long thin run of dark pixels. A scan breaks rules (light toner, JPEG, a fold) and
 * bends them slightly (what deskew left, a photo's perspective), so a pixel counts as on a
 * horizontal rule when its row or a neighbouring row is dark there, short gaps are bridged, and a
 * run must be longer than any character's stroke. Runs that touch make one rule; its position is
 * their median, its extent their union. Vertical rules likewise on the transposed image.
 * The result is axis-parallel segments, the form the PDF grid builder takes (merged cells are
 * read from where a border is missing, as for a text PDF).
 */
import type { Segment } from '../pdf/model.js';
import type { Gray } from './image.js';

export interface PixelRule {
  /** Position across the rule (y of a horizontal rule, x of a vertical one). */
  at: number;
  from: number;
  to: number;
  /** Thickness in pixels. */
  thick: number;
  /**
   * A rule that leans (found with `leaning`): its position across is `base + slope × along`. The
   * segment the grid is built from stays upright at `at`; the lean says which pixels are the rule's,
   * to erase.
   */
  lean?: { slope: number; base: number };
}

/**
 * Rules along rows of `bw` (dark = 1), w × h. `minLen`: the shortest rule; `gap`: the longest break
 * bridged; `maxThick`: thicker dark bands are not rules (a black box, a heading bar). `leaning`:
 * thickness measured across the rule at each place along it, not over its whole length — a rule
 * that leans a few degrees (a column rule of a photo taken at an angle, where the straightening
 * cannot make both sides of the page upright) crosses many rows but is thin at every place.
 */
export function rowRules(bw: Uint8Array, w: number, h: number, minLen: number, gap: number, maxThick: number, leaning = false): PixelRule[] {
  // Per row, runs of pixels dark in this row or the ones above and below, gaps bridged.
  interface Run {
    y: number;
    x0: number;
    x1: number;
  }
  const runs: Run[] = [];
  for (let y = 0; y < h; y++) {
    let start = -1;
    let lastDark = -1;
    for (let x = 0; x <= w; x++) {
      const dark = x < w && (bw[y * w + x] === 1 || (y > 0 && bw[(y - 1) * w + x] === 1) || (y + 1 < h && bw[(y + 1) * w + x] === 1));
      if (dark) {
        if (start < 0) start = x;
        lastDark = x;
      } else if (start >= 0 && (x === w || x - lastDark > gap)) {
        // (a run that reaches the edge ends there: a fold runs from edge to edge)
        if (lastDark - start + 1 >= minLen) runs.push({ y, x0: start, x1: lastDark });
        start = -1;
      }
    }
  }
  // Runs in neighbouring rows that overlap make one rule.
  runs.sort((a, b) => a.y - b.y || a.x0 - b.x0);
  interface Acc {
    ys: number[];
    x0: number;
    x1: number;
    lastY: number;
    runs: Run[];
  }
  const open: Acc[] = [];
  const done: Acc[] = [];
  for (const r of runs) {
    for (let i = open.length - 1; i >= 0; i--) {
      if (open[i]!.lastY < r.y - 1) done.push(...open.splice(i, 1));
    }
    const hit = open.find((a) => a.lastY >= r.y - 1 && r.x0 <= a.x1 && r.x1 >= a.x0);
    if (hit) {
      hit.ys.push(r.y);
      hit.lastY = r.y;
      hit.x0 = Math.min(hit.x0, r.x0);
      hit.x1 = Math.max(hit.x1, r.x1);
      hit.runs.push(r);
    } else open.push({ ys: [r.y], x0: r.x0, x1: r.x1, lastY: r.y, runs: [r] });
  }
  done.push(...open);
  const out: PixelRule[] = [];
  for (const a of done) {
    // The neighbour rows widened every rule by two: its thickness is the rows seen less two.
    const rows = new Set(a.ys).size;
    const across = leaning ? thickest(a.runs, a.x0, a.x1) : rows;
    const thick = Math.max(1, across - 2);
    if (thick > maxThick) continue;
    a.ys.sort((p, q) => p - q);
    const rule: PixelRule = { at: a.ys[a.ys.length >> 1]!, from: a.x0, to: a.x1, thick };
    // It leans when it drifts over rows beyond its own thickness (3 or more); an upright rule
    // with a stroke or its blur beside part of it does not.
    const lean = leaning && rows - across >= 3 ? leanOf(a.runs) : null;
    out.push(lean ? { ...rule, lean } : rule);
  }
  return out;
}

/** The lean of a rule made of runs (fitted through their middles, weighted by length), when it leans at all (over 0.5°). */
function leanOf(runs: { y: number; x0: number; x1: number }[]): { slope: number; base: number } | null {
  const { at, slope } = lineFit(runs.map((r) => ({ at: r.y, from: r.x0, to: r.x1 })));
  return Math.abs(slope) > 0.009 ? { slope, base: at } : null;
}

/** The most rows a rule's runs cover at any one place along it. */
function thickest(runs: { x0: number; x1: number }[], x0: number, x1: number): number {
  const d = new Int32Array(x1 - x0 + 2);
  for (const r of runs) {
    d[r.x0 - x0]!++;
    d[r.x1 - x0 + 1]!--;
  }
  let n = 0;
  let most = 0;
  for (const v of d) most = Math.max(most, (n += v));
  return most;
}

function transpose(bw: Uint8Array, w: number, h: number): Uint8Array {
  const t = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) t[x * h + y] = bw[y * w + x]!;
  return t;
}

/**
 * Mend rules a scan broke: pieces on one line (within `near`) with a break up to `gap` between
 * them are one rule — unless the break runs from one rule across to the next: that is a merged
 * cell's missing border, drawn so. A break longer than `gap` is never mended.
 */
export function joinPieces(rules: PixelRule[], across: PixelRule[], near: number, gap: number, cross: number): PixelRule[] {
  const crossedAt = (r: PixelRule, pos: number): boolean =>
    across.some((c) => Math.abs(c.at - pos) <= 2 * near && c.from - 2 * near <= r.at && c.to + 2 * near >= r.at);
  const sorted = [...rules].sort((a, b) => a.at - b.at || a.from - b.from);
  const lines: PixelRule[][] = [];
  for (const r of sorted) {
    const line = lines.find((l) => Math.abs(l[0]!.at - r.at) <= near);
    if (line) line.push(r);
    else lines.push([r]);
  }
  const out: PixelRule[] = [];
  for (const l of lines) {
    l.sort((a, b) => a.from - b.from);
    let cur = { ...l[0]! };
    for (const r of l.slice(1)) {
      // A break no wider than a rule across is where the two crossed (a crossing is no ridge either way).
      const crossing = r.from - cur.to <= cross;
      const border = !crossing && crossedAt(cur, cur.to) && crossedAt(r, r.from);
      if (r.from - cur.to <= gap && !border) {
        const len = cur.to - cur.from;
        const rl = r.to - r.from;
        // The longer piece says how the rule leans (an upright piece: not at all).
        const lean = len >= rl ? cur.lean : r.lean;
        cur = {
          at: Math.round((cur.at * len + r.at * rl) / Math.max(1, len + rl)),
          from: cur.from,
          to: Math.max(cur.to, r.to),
          thick: Math.max(cur.thick, r.thick),
          ...(lean ? { lean } : {}),
        };
      } else {
        out.push(cur);
        cur = { ...r };
      }
    }
    out.push(cur);
  }
  return out;
}

/** Ends of rules that stop just short of a rule across them are drawn on to it (a scan fades a rule's ends). */
export function reachAcross(rules: PixelRule[], across: PixelRule[], reach: number): PixelRule[] {
  return rules.map((r) => {
    let { from, to } = r;
    for (const c of across) {
      // c runs across r's line at c.at, over [c.from, c.to] along r's position
      if (c.from - reach > r.at || c.to + reach < r.at) continue;
      if (c.at < from && from - c.at <= reach) from = c.at;
      if (c.at > to && c.at - to <= reach) to = c.at;
    }
    return { ...r, from, to };
  });
}

/**
 * A rule shorter than `maxLen` that does not end at a rule across at both ends (within `near`;
 * the rule across reaching its line within `reach`): strokes of characters joined into a line.
 */
export function strokeLine(r: PixelRule, across: PixelRule[], near: number, reach: number, maxLen: number): boolean {
  if (r.to - r.from >= maxLen) return false;
  const endsAt = (pos: number): boolean => across.some((c) => Math.abs(c.at - pos) <= near && c.from - reach <= r.at && c.to + reach >= r.at);
  return !(endsAt(r.from) && endsAt(r.to));
}

/**
 * A short line down is a column rule only when a rule across passes within `tol` of each of its
 * ends (a cell is bounded above and below); a heading's strokes standing on a table's top rule
 * reach up to nothing. A rule across that leans (a photo) is taken where it runs at the line; the
 * tolerance is wider than a short line across is given (`strokeLine`): a photo's rules bow and
 * lean by a few pixels, and a stroke's free end is a fifth of an inch or more from any rule.
 */
export function bounded(r: PixelRule, across: PixelRule[], tol: number, maxLen: number): boolean {
  if (r.to - r.from >= maxLen) return true;
  const at = (c: PixelRule): number => (c.lean ? c.lean.base + c.lean.slope * r.at : c.at);
  const endsAt = (pos: number): boolean => across.some((c) => c.from - tol <= r.at && c.to + tol >= r.at && Math.abs(at(c) - pos) <= tol);
  return endsAt(r.from) && endsAt(r.to);
}

/**
 * A fold or a scanner's shadow: a line across nearly the whole page (its pieces, broken where
 * rules and text cross it, reach over 85% of the page and cover most of that; `foldsOf`). A
 * table's rules stay within the text block. Its pieces are dropped.
 */
export function dropFolds(rules: PixelRule[], size: number, near: number): PixelRule[] {
  return dropOnFolds(rules, foldsOf(rules, size, near), near);
}

/**
 * A fold's crease across the page: where it runs (`at + slope × along`, in pixels across the
 * page at `along` pixels down its length), how far, and how thick its pieces are.
 */
export interface Fold {
  at: number;
  slope: number;
  from: number;
  to: number;
  thick: number;
}

/** Where a fold runs at `along`. */
export const foldAt = (f: Pick<Fold, 'at' | 'slope'>, along: number): number => f.at + f.slope * along;

/**
 * The folds among `pieces`: lines of pieces within `near` of each other that reach over 85% of
 * the page (`size`) and cover most of that — or a fifth of it, reaching from edge to edge — each
 * fitted as a straight line (a page is folded straight). `findRules` gives it pieces as short as
 * a tenth of an inch: a table's rules and text cross a crease, and where the fold's shadow falls
 * the crease is only just darker than around it.
 */
export function foldsOf(pieces: PixelRule[], size: number, near: number): Fold[] {
  const lines: PixelRule[][] = [];
  for (const r of [...pieces].sort((a, b) => a.at - b.at)) {
    const line = lines.find((l) => Math.abs(l[l.length - 1]!.at - r.at) <= near);
    if (line) line.push(r);
    else lines.push([r]);
  }
  const out: Fold[] = [];
  for (const line of lines) {
    // A straight line through the pieces, text strokes beside the crease (which join its line)
    // left out: the pieces within two pixels of the line most of its length is at, fitted, and
    // those within two pixels of that line fitted again.
    const byAt = [...line].sort((a, b) => a.at - b.at);
    const half = line.reduce((s, r) => s + r.to - r.from + 1, 0) / 2;
    let acc = 0;
    const mid = byAt.find((r) => (acc += r.to - r.from + 1) >= half)!.at;
    let l = line.filter((r) => Math.abs(r.at - mid) <= 2);
    let fit = lineFit(l);
    l = line.filter((r) => Math.abs(r.at - foldAt(fit, (r.from + r.to) / 2)) <= 2);
    if (!l.length) continue;
    fit = lineFit(l);
    const from = Math.min(...l.map((r) => r.from));
    const to = Math.max(...l.map((r) => r.to));
    const covered = l.reduce((s, r) => s + (r.to - r.from), 0);
    // From edge to edge, where nothing else is printed, a fifth covered is enough: inside the
    // text block the crease can be lighter than the shadow around it (as the shadow falls).
    const edgeToEdge = from <= 0.05 * size && to >= 0.95 * size;
    if (to - from < 0.85 * size || covered < (edgeToEdge ? 0.2 : 0.6) * (to - from)) continue;
    const thick = l.map((r) => r.thick).sort((x, y) => x - y)[l.length >> 1]!;
    out.push({ ...fit, from, to, thick });
  }
  return out;
}

/** Least squares line through the middles of `l`, each weighted by its length (`at` where along is 0). */
export function lineFit(l: readonly Pick<PixelRule, 'at' | 'from' | 'to'>[]): { at: number; slope: number } {
  let sw = 0;
  let sx = 0;
  let sy = 0;
  let sxx = 0;
  let sxy = 0;
  for (const r of l) {
    const wt = r.to - r.from + 1;
    const x = (r.from + r.to) / 2;
    sw += wt;
    sx += wt * x;
    sy += wt * r.at;
    sxx += wt * x * x;
    sxy += wt * x * r.at;
  }
  const den = sw * sxx - sx * sx;
  const slope = den > 1e-9 * sw * sxx ? (sw * sxy - sx * sy) / den : 0;
  return { at: (sy - slope * sx) / sw, slope };
}

/** `rules` less the pieces that lie on a fold (within `near` of its line, inside its extent). */
export function dropOnFolds(rules: PixelRule[], folds: Fold[], near: number): PixelRule[] {
  return rules.filter(
    (r) => !folds.some((f) => r.from >= f.from - near && r.to <= f.to + near && Math.abs(r.at - foldAt(f, (r.from + r.to) / 2)) <= near + f.thick),
  );
}

/**
 * A fold's crease out of the page: in a band about it, the pixels no darker than the crease
 * mostly is — a light gray, which the threshold keeps as ink here and there and which joins the
 * digits it passes into one piece that reads as nothing — are made paper in `bw` and in `grays`.
 * Ink stays: a pixel darker than that is a character's stroke (the crease is light; a digit's
 * stroke is dark), and so is a stroke that crosses the crease (ink just outside the band on both
 * sides). `levelled`: the page the fold was found in; `thr`: its ink threshold. Returns the
 * pixels made paper.
 */
export function eraseFold(f: Fold, horizontal: boolean, levelled: Gray, thr: number, bw: Uint8Array, grays: Gray[]): number {
  const { width: w, height: h, data } = levelled;
  const len = horizontal ? w : h;
  const across = horizontal ? h : w;
  const idx = (along: number, pos: number): number => (horizontal ? pos * w + along : along * w + pos);
  const r = f.thick + 2;
  const a0 = Math.max(0, f.from);
  const a1 = Math.min(len - 1, f.to);
  // How dark the crease is: the darkest pixel of its band, along its length (its median).
  const darkest: number[] = [];
  for (let a = a0; a <= a1; a++) {
    const c = Math.round(foldAt(f, a));
    let m = 255;
    for (let p = Math.max(0, c - r); p <= Math.min(across - 1, c + r); p++) m = Math.min(m, data[idx(a, p)]!);
    darkest.push(m);
  }
  if (!darkest.length) return 0;
  darkest.sort((x, y) => x - y);
  const cut = Math.max(darkest[darkest.length >> 1]! - 30, thr - 40);
  let erased = 0;
  const inkAt = (a: number, p: number): boolean => p >= 0 && p < across && bw[idx(a, p)] === 1;
  for (let a = a0; a <= a1; a++) {
    const c = Math.round(foldAt(f, a));
    const lo = c - r;
    const hi = c + r;
    if ((inkAt(a, lo - 1) || inkAt(a, lo - 2)) && (inkAt(a, hi + 1) || inkAt(a, hi + 2))) continue;
    for (let p = Math.max(0, lo); p <= Math.min(across - 1, hi); p++) {
      const i = idx(a, p);
      if (data[i]! < cut) continue;
      if (bw[i]) erased++;
      bw[i] = 0;
      for (const g of grays) if (g.data[i]! >= cut) g.data[i] = 255;
    }
  }
  return erased;
}

export interface PageRules {
  h: PixelRule[];
  v: PixelRule[];
  /** The segments in points (scale: points per pixel). */
  segments: Segment[];
  /** Folds across the page (`h`: along rows, their `at` a y; `v`: along columns), dropped from the rules. */
  folds: { h: Fold[]; v: Fold[] };
}

/** Horizontal and vertical rules of a page at `dpi`, and the same as segments in points. */
/**
 * Thin dark lines across one direction: pixels no lighter than `maxGray` and darker by `contrast`
 * than the pixels a few steps to either side (above and below for `horizontal`). The back page's
 * rules showing through are lighter than `maxGray`. A rule that a blurred photo left light is
 * still one; a shaded cell (flat gray) is not, nor a heading bar (too thick).
 */
export function ridges(img: Gray, horizontal: boolean, maxHalf: number, contrast: number, maxGray: number): Uint8Array {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  const step = horizontal ? w : 1;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = data[i]!;
      if (v > maxGray) continue;
      const pos = horizontal ? y : x;
      const lim = horizontal ? h : w;
      for (let d = 2; d <= maxHalf; d++) {
        if (pos - d < 0 || pos + d >= lim) break;
        if (Math.min(data[i - d * step]!, data[i + d * step]!) - v >= contrast) {
          out[i] = 1;
          break;
        }
      }
    }
  }
  return out;
}

export function findRules(img: Gray, dpi: number): PageRules {
  const { width: w, height: h } = img;
  const maxHalf = Math.max(3, Math.round(0.025 * dpi));
  const hBw = ridges(img, true, maxHalf, 40, 200);
  const vBw = ridges(img, false, maxHalf, 40, 200);
  const minLen = Math.round(0.3 * dpi);
  const gap = Math.max(2, Math.round(0.012 * dpi));
  const maxThick = Math.max(3, Math.round(0.04 * dpi));
  const near0 = Math.max(2, Math.round(0.015 * dpi));
  // A fold's crease is broken where text and rules cross it, and where its shadow leaves it only
  // just darker than around it: its pieces are found down to a tenth of an inch.
  const vT = transpose(vBw, w, h);
  const short = Math.round(0.1 * dpi);
  const hFolds = foldsOf(rowRules(hBw, w, h, short, gap, maxThick), w, near0);
  const vFolds = foldsOf(rowRules(vT, h, w, short, gap, maxThick), h, near0);
  const hr = dropOnFolds(dropFolds(rowRules(hBw, w, h, minLen, gap, maxThick), w, near0), hFolds, near0);
  // Vertical rules: a cell can be short (one line of 9 pt text and its padding, about 0.2 inch).
  const vr = dropOnFolds(dropFolds(rowRules(vT, h, w, Math.round(0.16 * dpi), gap, maxThick, true), h, near0), vFolds, near0);
  // Mend what the scan broke.
  const near = Math.max(2, Math.round(0.015 * dpi));
  // A line from edge to edge of the page is a fold or the scanner's shadow, not a table's rule.
  // a crossing leaves a break about a rule's width and its blur
  const cross = Math.max(4, Math.round(0.03 * dpi));
  const hj = joinPieces(hr, vr, near, Math.round(0.3 * dpi), cross).filter((r) => r.to - r.from < 0.92 * w);
  const vj = joinPieces(vr, hr, near, Math.round(0.3 * dpi), cross).filter((r) => r.to - r.from < 0.92 * h);
  const reach = Math.round(0.1 * dpi);
  // Strokes of characters side by side join into a short line at a low resolution (他处理's
  // bottoms at 150 dpi): it is a table's rule only when it runs from a rule across to a rule across.
  const reached = reachAcross(hj, vj, reach);
  const keep = reached.map((r) => !strokeLine(r, vj, near, reach, Math.round(0.6 * dpi)));
  const hk = hj.filter((_, i) => keep[i]);
  const hrM = reached.filter((_, i) => keep[i]);
  // Down a column: a heading's strokes set close above a table (收, 申, 情 in bold) join the gap
  // under them into a short line standing on the table's top rule, which then opened a row above
  // the table and erased the heading's strokes as rules.
  const vReached = reachAcross(vj, hk, reach);
  const vrM = vReached.filter((r) => bounded(r, hrM, reach, Math.round(0.6 * dpi)));
  const s = 72 / dpi;
  const segments: Segment[] = [
    ...hrM.map((r) => ({ x0: r.from * s, y0: r.at * s, x1: r.to * s, y1: r.at * s })),
    ...vrM.map((r) => ({ x0: r.at * s, y0: r.from * s, x1: r.at * s, y1: r.to * s })),
  ];
  return { h: hrM, v: vrM, segments, folds: { h: hFolds, v: vFolds } };
}

/**
 * The pixels of the rules, to erase before the cells are read: dark pixels in a run at least
 * `minH` long along a row (gaps up to `gap` bridged), or `minV` along a column — and the pixel on each
 * side across the rule (its gray edge). A digit touching a rule loses only the pixels it shares
 * with it. `columns`: the column rules found (findRules); a run down a column shorter than three
 * times `minV` is erased only where one of them runs — else it is a character's stroke joined over
 * a pixel or two to the rules of a narrow row above and below it (第二十条第（六）项 in a shaded
 * band, photographed at 150 dpi: its characters' upright strokes were erased and the band read
 * as digits).
 */
export function ruleMask(
  bw: Uint8Array,
  w: number,
  h: number,
  minH: number,
  minV: number,
  gap: number,
  em?: number,
  columns?: readonly PixelRule[],
): Uint8Array {
  const mask = new Uint8Array(w * h);
  const onColumn = (x: number, from: number, to: number): boolean =>
    !columns ||
    to - from + 1 >= 3 * minV ||
    columns.some((r) => {
      if (r.from > to + gap || r.to < from - gap) return false;
      const at = r.lean ? r.lean.base + r.lean.slope * ((from + to) / 2) : r.at;
      return Math.abs(at - x) <= Math.ceil(r.thick / 2) + 2;
    });
  const near = em ? Math.max(2, Math.round(0.12 * em)) : 0;
  const far = em ? Math.max(near + 2, Math.round(0.5 * em)) : 0;
  const inked = (x: number, ya: number, yb: number): boolean => {
    for (let y = Math.max(0, ya); y <= Math.min(h - 1, yb); y++) if (bw[y * w + x]) return true;
    return false;
  };
  // A run shorter than six ems whose columns hold ink above and below it, a little apart (the
  // strokes of characters it passes through): the horizontal strokes of a few characters in a
  // row joined over the gaps between them (这一情形 at 150 dpi), not a rule.
  const inText = (y: number, from: number, to: number): boolean => {
    if (!em || to - from + 1 >= 6 * em) return false;
    let n = 0;
    for (let x = from; x <= to; x++) if (inked(x, y - far, y - near) && inked(x, y + near, y + far)) n++;
    return n > 0.1 * (to - from + 1);
  };
  // rows
  for (let y = 0; y < h; y++) {
    let start = -1;
    let last = -1;
    for (let x = 0; x <= w; x++) {
      const dark = x < w && bw[y * w + x] === 1;
      if (dark) {
        if (start < 0) start = x;
        last = x;
      } else if (start >= 0 && (x === w || x - last > gap)) {
        if (last - start + 1 >= minH && !inText(y, start, last)) {
          for (let k = start; k <= last; k++) {
            if (!bw[y * w + k]) continue;
            mask[y * w + k] = 1;
            if (y > 0) mask[(y - 1) * w + k] = 1;
            if (y + 1 < h) mask[(y + 1) * w + k] = 1;
          }
        }
        start = -1;
      }
    }
  }
  // columns
  for (let x = 0; x < w; x++) {
    let start = -1;
    let last = -1;
    for (let y = 0; y <= h; y++) {
      const dark = y < h && bw[y * w + x] === 1;
      if (dark) {
        if (start < 0) start = y;
        last = y;
      } else if (start >= 0 && (y === h || y - last > gap)) {
        if (last - start + 1 >= minV && onColumn(x, start, last)) {
          for (let k = start; k <= last; k++) {
            if (!bw[k * w + x]) continue;
            mask[k * w + x] = 1;
            if (x > 0) mask[k * w + x - 1] = 1;
            if (x + 1 < w) mask[k * w + x + 1] = 1;
          }
        }
        start = -1;
      }
    }
  }
  return mask;
}
