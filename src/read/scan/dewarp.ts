/**
 * Pages that do not lie flat in the picture: a photo taken at an angle (keystone: the far edge
 * narrower, the table's vertical rules converging) or of a sheet that bows (its rules curve). One
 * affine map (page.ts) cannot straighten either; the table's own rules can.
 *
 *   1. Rules are followed as chains of points: the page is cut into strips half an inch wide; in
 *      each strip a rule is a peak of the row profile of thin dark ridges (a rule crossing the
 *      strip, whatever its slope or bend, is nearly level over half an inch); peaks of
 *      neighbouring strips at the place the chain predicts are linked. Vertical rules likewise.
 *   2. Each long chain (over two inches) is fitted with a quadratic: y(x) for a horizontal rule,
 *      x(y) for a vertical one. A chain that the quadratic does not fit (a line of text taken
 *      for a rule) is dropped.
 *   3. Where the fits say the rules are not straight (more than a hundredth of an inch off), the
 *      page is remapped so that each becomes straight: the vertical displacement of a column is
 *      interpolated between the horizontal rules above and below the pixel, the horizontal one
 *      between the vertical rules left and right of it; beyond the outermost rules it is theirs.
 *      That is the four-point perspective correction from the table's outer rulings, and a
 *      curved page's per-rule correction, in one mesh.
 *   4. Where the rules across do not reach over most of the page's text (a table drawn without
 *      rules, or with rules between its columns only; a ruled table above an unruled one), the
 *      lines of text are followed instead (`followText`: the centres of their characters, strip
 *      by strip) and the vertical displacement is fitted to them, each line keeping its own
 *      height at the page's middle; over the rules' extent the rules' surface stays.
 */
import type { Gray } from './image.js';
import { ridges } from './rules.js';

/** A rule followed across the page: a quadratic across `from`..`to` along it. */
export interface Chain {
  from: number;
  to: number;
  /** position across = c[0] + c[1]·t + c[2]·t² with t = (along − mid) / half */
  c: [number, number, number];
  mid: number;
  half: number;
}

const at = (ch: Chain, along: number): number => {
  const t = (Math.min(ch.to, Math.max(ch.from, along)) - ch.mid) / ch.half;
  return ch.c[0] + ch.c[1] * t + ch.c[2] * t * t;
};

/** Least squares quadratic fit of (t, v) pairs; with the RMS residual. */
function quadFit(ts: number[], vs: number[]): { c: [number, number, number]; rms: number } | null {
  const n = ts.length;
  if (n < 4) return null;
  // normal equations, 3×3
  const S = [0, 0, 0, 0, 0];
  const R = [0, 0, 0];
  for (let i = 0; i < n; i++) {
    const t = ts[i]!;
    let p = 1;
    for (let k = 0; k < 5; k++) {
      S[k]! += p;
      if (k < 3) R[k]! += p * vs[i]!;
      p *= t;
    }
  }
  const A = [
    [S[0]!, S[1]!, S[2]!, R[0]!],
    [S[1]!, S[2]!, S[3]!, R[1]!],
    [S[2]!, S[3]!, S[4]!, R[2]!],
  ];
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    if (Math.abs(A[c]![c]!) < 1e-12) return null;
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < 4; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  const c: [number, number, number] = [A[0]![3]! / A[0]![0]!, A[1]![3]! / A[1]![1]!, A[2]![3]! / A[2]![2]!];
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (vs[i]! - (c[0] + c[1] * ts[i]! + c[2] * ts[i]! ** 2)) ** 2;
  return { c, rms: Math.sqrt(ss / n) };
}

/**
 * Rules of a ridge mask followed as chains. `horizontal`: rules along x (their y found per strip
 * of columns); else along y. Image `w` × `h`.
 */
export function followRules(mask: Uint8Array, w: number, h: number, horizontal: boolean, dpi: number): Chain[] {
  const along = horizontal ? w : h;
  const across = horizontal ? h : w;
  const strip = Math.max(16, Math.round(0.3 * dpi));
  const get = (a: number, c: number): number => (horizontal ? mask[c * w + a]! : mask[a * w + c]!);
  const tol = Math.max(3, Math.round(0.03 * dpi));
  const chains: Open[] = [];
  const live: Open[] = [];
  const prof = new Float64Array(across);
  // How many positions along the strip have ridge within two lines of `c`: a rule is unbroken
  // (but where a rule crosses it), a line of text is not, however many strokes it has.
  const covered = (s0: number, c: number): number => {
    let n = 0;
    for (let a = s0; a < s0 + strip; a++) {
      for (let k = Math.max(0, c - 2); k <= Math.min(across - 1, c + 2); k++) {
        if (get(a, k)) {
          n++;
          break;
        }
      }
    }
    return n;
  };
  for (let s0 = 0; s0 + strip <= along; s0 += strip) {
    prof.fill(0);
    for (let a = s0; a < s0 + strip; a++) for (let c = 0; c < across; c++) if (get(a, c)) prof[c]!++;
    // A rule crossing the strip: five neighbouring lines of the profile holding most of the strip
    // (a rule leaning or bowing by a few degrees crosses several).
    const peaks: number[] = [];
    const win = (k: number): number => prof[k - 2]! + prof[k - 1]! + prof[k]! + prof[k + 1]! + prof[k + 2]!;
    let c = 2;
    while (c < across - 2) {
      if (win(c) < 0.6 * strip) {
        c++;
        continue;
      }
      // the run of lines above the bar; its weighted centre
      let e = c;
      while (e + 1 < across - 2 && win(e + 1) >= 0.6 * strip) e++;
      let sw = 0;
      let sp = 0;
      for (let k = c - 2; k <= e + 2; k++) {
        sw += prof[k]!;
        sp += prof[k]! * k;
      }
      if (e - c < 0.05 * dpi && sw > 0 && covered(s0, Math.round(sp / sw)) >= 0.9 * strip) peaks.push(sp / sw);
      c = e + 3;
    }
    const mid = s0 + strip / 2;
    const taken = new Set<Open>();
    for (const p of peaks) {
      link({ live, chains, taken }, mid, p, tol, 1, 2.5 * strip);
    }
  }
  return fitted(chains, strip, 2 * dpi, 4, Math.max(1.5, 0.008 * dpi));
}

/** A chain being followed strip by strip: its points (along, across) and the last strip it was seen in. */
interface Open {
  pts: [number, number][];
  last: number;
}

/**
 * A peak found at `p` across, in the strip centred at `mid` along: it continues the live chain
 * that predicts it best within `tol` (each chain carried on along its slope over its last `back`
 * steps, none not seen within `reach`), else it starts a chain of its own.
 */
function link(at: { live: Open[]; chains: Open[]; taken: Set<Open> }, mid: number, p: number, tol: number, back: number, reach: number): void {
  let best: Open | null = null;
  let bestD = tol;
  for (const o of at.live) {
    if (at.taken.has(o) || mid - o.last > reach) continue;
    const n = o.pts.length;
    const [la, lc] = o.pts[n - 1]!;
    const [fa, fc] = o.pts[Math.max(0, n - 1 - back)]!;
    const slope = la > fa ? (lc - fc) / (la - fa) : 0;
    const d = Math.abs(lc + slope * (mid - la) - p);
    if (d <= bestD) {
      bestD = d;
      best = o;
    }
  }
  if (best) {
    best.pts.push([mid, p]);
    best.last = mid;
    at.taken.add(best);
  } else {
    const o: Open = { pts: [[mid, p]], last: mid };
    at.live.push(o);
    at.chains.push(o);
    at.taken.add(o);
  }
}

/** The chains followed over at least `span` with `pts` points, each fitted with a quadratic within `rms`. */
function fitted(chains: Open[], strip: number, span: number, pts: number, rms: number): Chain[] {
  const out: Chain[] = [];
  for (const o of chains) {
    const from = o.pts[0]![0] - strip / 2;
    const to = o.pts[o.pts.length - 1]![0] + strip / 2;
    if (to - from < span || o.pts.length < pts) continue;
    const mid = (from + to) / 2;
    const half = (to - from) / 2;
    const fit = quadFit(
      o.pts.map((q) => (q[0] - mid) / half),
      o.pts.map((q) => q[1]),
    );
    if (!fit || fit.rms > rms) continue;
    out.push({ from, to, c: fit.c, mid, half });
  }
  return out;
}

export interface Dewarp {
  /** Source position of each output pixel: x + dx, y + dy (Float32, w × h each). */
  dx: Float32Array;
  dy: Float32Array;
  /** The largest displacement, pixels. */
  most: number;
}

/** Solve the least squares problem rows·a ≈ b (normal equations); null when singular. */
function leastSquares(rows: number[][], b: number[]): number[] | null {
  const m = rows[0]?.length ?? 0;
  const A = Array.from({ length: m }, () => new Array<number>(m + 1).fill(0));
  rows.forEach((r, n) => {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < m; j++) A[i]![j]! += r[i]! * r[j]!;
      A[i]![m]! += r[i]! * b[n]!;
    }
  });
  for (let c = 0; c < m; c++) {
    let p = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    if (Math.abs(A[c]![c]!) < 1e-9) return null;
    for (let r = 0; r < m; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k <= m; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => row[m]! / row[i]!);
}

/**
 * A smooth displacement across the page from the rules of one direction: for horizontal rules the
 * vertical displacement d(along, across) = Σ a·along^j·across^k (j ≤ 3 along a rule, k ≤ 2
 * across the rules, fewer when there are few rules), fitted to every rule's displacement from
 * straight. A rule the surface does not fit (a line of text taken for a rule) is dropped and the
 * rest fitted again. Coordinates are scaled to −1…1 over the rules' extent and held there beyond it.
 */
interface Surface {
  a: number[];
  terms: [number, number][];
  lo: [number, number];
  hi: [number, number];
  /** Where along is zero, scaled (−1…1); 0 when not given. */
  centre?: number;
}

function surfaceOf(chains: Chain[], ref: number[], dpi: number): Surface | null {
  if (chains.length < 3) return null;
  const step = Math.max(8, Math.round(0.25 * dpi));
  const samples = chains.map((c, i) => {
    const pts: [number, number, number][] = [];
    for (let t = c.from; t <= c.to; t += step) pts.push([t, ref[i]!, at(c, t) - ref[i]!]);
    return pts;
  });
  const all = samples.flat();
  const lo: [number, number] = [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1]))];
  const hi: [number, number] = [Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
  let keep = samples.map((_, i) => i);
  let fit: Surface | null = null;
  for (let round = 0; round < 3; round++) {
    const ky = Math.min(2, keep.length - 1);
    const terms: [number, number][] = [];
    for (let j = 0; j <= 3; j++) for (let k = 0; k <= ky; k++) terms.push([j, k]);
    const sf: Surface = { a: [], terms, lo, hi };
    const rows: number[][] = [];
    const b: number[] = [];
    for (const i of keep) {
      for (const [u, v, d] of samples[i]!) {
        rows.push(basis(sf, u, v));
        b.push(d);
      }
    }
    const a = rows.length > terms.length ? leastSquares(rows, b) : null;
    if (!a) return fit;
    sf.a = a;
    fit = sf;
    // Rules the surface misses by more than a rule's blur: not rules of this page's surface.
    const off = keep.filter((i) => {
      const e = samples[i]!.map(([u, v, d]) => (evalSurface(sf, u, v) - d) ** 2);
      return Math.sqrt(e.reduce((x, y) => x + y, 0) / e.length) > Math.max(1.5, 0.01 * dpi);
    });
    if (!off.length) break;
    if (keep.length - off.length < 3) return null;
    keep = keep.filter((i) => !off.includes(i));
  }
  return fit;
}

function scaledU(sf: Surface, u: number): number {
  return sf.hi[0] > sf.lo[0] ? (2 * (Math.min(sf.hi[0], Math.max(sf.lo[0], u)) - sf.lo[0])) / (sf.hi[0] - sf.lo[0]) - 1 : 0;
}

function basis(sf: Surface, u: number, v: number): number[] {
  const su = scaledU(sf, u) - (sf.centre ?? 0);
  const sv = sf.hi[1] > sf.lo[1] ? (2 * (Math.min(sf.hi[1], Math.max(sf.lo[1], v)) - sf.lo[1])) / (sf.hi[1] - sf.lo[1]) - 1 : 0;
  return sf.terms.map(([j, k]) => su ** j * sv ** k);
}

function evalSurface(sf: Surface, u: number, v: number): number {
  const b = basis(sf, u, v);
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i]! * sf.a[i]!;
  return s;
}

/**
 * The remap that makes the page's rules straight and axis-parallel, or null when they already are
 * (within a hundredth of an inch) or too few are found to tell. With `text` (the page's ink with
 * its rules out, and the em): where the rules across do not reach over most of the page's lines of
 * text (a table drawn without rules; a ruled table at the top of a page whose lower part is not
 * ruled), the lines of text say how the page bows — each straightened where it crosses the page's
 * middle.
 */
export function dewarpOf(img: Gray, dpi: number, text?: Uint8Array): Dewarp | null {
  const { width: w, height: h } = img;
  const maxHalf = Math.max(3, Math.round(0.025 * dpi));
  const hc = followRules(ridges(img, true, maxHalf, 40, 200), w, h, true, dpi);
  const vc = followRules(ridges(img, false, maxHalf, 40, 200), w, h, false, dpi);
  // Where each rule should lie: its position at the middle of the page (or its nearest end).
  const hs = surfaceOf(
    hc,
    hc.map((c) => at(c, w / 2)),
    dpi,
  );
  const vs = surfaceOf(
    vc,
    vc.map((c) => at(c, h / 2)),
    dpi,
  );
  // The lines of text where the rules do not reach: the rules' surface over the rules' extent (and
  // a third of an inch beyond, fading), the text's elsewhere; both are 0 at the page's middle.
  let ts: Surface | null = null;
  if (text) {
    const { chains: tc, em } = followText(text, w, h, dpi);
    const span = (cs: Chain[]): number => {
      const ys = cs.map((c) => at(c, (c.from + c.to) / 2));
      return ys.length ? Math.max(...ys) - Math.min(...ys) : 0;
    };
    if (tc.length >= 3 && (!hs || span(hc) < 0.6 * span(tc))) ts = offsetSurfaceOf([...hc, ...tc], w / 2, dpi, Math.max(1.5, 0.12 * em));
  }
  const fade = Math.max(1, dpi / 3);
  const ruleShare = (y: number): number => (!hs ? 0 : !ts ? 1 : Math.max(0, 1 - Math.max(hs.lo[1] - y, y - hs.hi[1], 0) / fade));
  if (!hs && !vs && !ts) return null;
  // Evaluated on a coarse grid, then interpolated (the surfaces are smooth).
  const g = 8;
  const gw = Math.ceil(w / g) + 1;
  const gh = Math.ceil(h / g) + 1;
  const gy = new Float32Array(gw * gh);
  const gx = new Float32Array(gw * gh);
  let most = 0;
  for (let j = 0; j < gh; j++) {
    for (let i = 0; i < gw; i++) {
      const x = i * g;
      const y = j * g;
      // horizontal rules: along = x, across = y; vertical rules: along = y, across = x
      const r = ruleShare(y);
      const vy = (r > 0 ? r * evalSurface(hs!, x, y) : 0) + (r < 1 && ts ? (1 - r) * evalSurface(ts, x, y) : 0);
      const vx = vs ? evalSurface(vs, y, x) : 0;
      gy[j * gw + i] = vy;
      gx[j * gw + i] = vx;
      most = Math.max(most, Math.abs(vy), Math.abs(vx));
    }
  }
  if (most < Math.max(2, 0.01 * dpi)) return null;
  const dy = new Float32Array(w * h);
  const dx = new Float32Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = y / g;
    const j0 = Math.floor(fy);
    const ty = fy - j0;
    for (let x = 0; x < w; x++) {
      const fx = x / g;
      const i0 = Math.floor(fx);
      const tx = fx - i0;
      const k = j0 * gw + i0;
      const lerp = (a: Float32Array): number => a[k]! * (1 - tx) * (1 - ty) + a[k + 1]! * tx * (1 - ty) + a[k + gw]! * (1 - tx) * ty + a[k + gw + 1]! * tx * ty;
      dy[y * w + x] = lerp(gy);
      dx[y * w + x] = lerp(gx);
    }
  }
  return { dx, dy, most };
}

/** The image remapped (bilinear; outside it white). */
export function applyDewarp(img: Gray, d: Dewarp): Gray {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const sx = x + d.dx[i]!;
      const sy = y + d.dy[i]!;
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        out[i] = 255;
        continue;
      }
      const tx = sx - x0;
      const ty = sy - y0;
      const j = y0 * w + x0;
      out[i] = data[j]! * (1 - tx) * (1 - ty) + data[j + 1]! * tx * (1 - ty) + data[j + w]! * (1 - tx) * ty + data[j + w + 1]! * tx * ty;
    }
  }
  return { width: w, height: h, data: out };
}

/**
 * Lines of text followed across the page (where no rule is there to straighten from): the page is
 * cut into strips a fifth of an inch wide; in each strip a line of text is a band of rows with ink
 * about an em tall (a character cut by the strip's edge keeps its height; over a fifth of an inch
 * a line is level however the page leans or bows); bands of later strips at the place the chain
 * predicts (within a quarter of an em) are linked, across gaps of up to eight ems (the values of
 * a table row drawn without rules, apart by their columns' width). A chain over an inch and a half
 * that a quadratic fits within a tenth of an em is a line's middle. `bw`: ink 1, rules out. The em
 * is the bands' median height.
 */
export function followText(bw: Uint8Array, w: number, h: number, dpi: number): { chains: Chain[]; em: number } {
  // The bands of rows with ink in each strip (a character's strokes can leave gaps, 三: joined
  // while the whole is no taller than a line); the em is their median height (in a strip a line
  // of text is level however the page leans or bows).
  const strip = Math.max(8, Math.round(0.2 * dpi));
  const prof = new Int32Array(h);
  const perStrip: [number, number, number][][] = [];
  for (let s0 = 0; s0 + strip <= w; s0 += strip) {
    prof.fill(0);
    for (let y = 0; y < h; y++) {
      let n = 0;
      const row = y * w;
      for (let x = s0; x < s0 + strip; x++) n += bw[row + x]!;
      prof[y] = n;
    }
    const bands: [number, number, number][] = [];
    let s = -1;
    let mass = 0;
    for (let y = 0; y <= h; y++) {
      const ink = y < h && prof[y]! > 0;
      if (ink) {
        if (s < 0) {
          s = y;
          mass = 0;
        }
        mass += prof[y]!;
      } else if (s >= 0) {
        const prev = bands[bands.length - 1];
        if (prev && s - prev[1] < 0.04 * dpi && y - prev[0] <= 0.2 * dpi) {
          prev[1] = y;
          prev[2] += mass;
        } else bands.push([s, y, mass]);
        s = -1;
      }
    }
    perStrip.push(bands);
  }
  const hs = perStrip
    .flat()
    .map((b) => b[1] - b[0])
    .filter((x) => x > 0.07 * dpi && x < 0.3 * dpi)
    .sort((a, b) => a - b);
  if (hs.length < 20) return { chains: [], em: 0.15 * dpi };
  const em = hs[hs.length >> 1]!;
  const tol = Math.max(2, 0.25 * em);
  const chains: Open[] = [];
  let live: Open[] = [];
  perStrip.forEach((bands, k) => {
    const mid = k * strip + strip / 2;
    live = live.filter((o) => mid - o.last <= 8 * em);
    const taken = new Set<Open>();
    for (const [a, b, m] of bands) {
      // one line of characters: about an em tall, with a stroke's worth of ink
      if (b - a < 0.55 * em || b - a > 1.35 * em || m < 0.05 * em * em) continue;
      // the slope over the chain's last five steps (a line's points are noisy one by one)
      link({ live, chains, taken }, mid, (a + b) / 2, tol, 5, Infinity);
    }
  });
  return { chains: fitted(chains, strip, 1.5 * dpi, 6, Math.max(1.5, 0.1 * em)), em };
}

/**
 * A displacement surface from chains whose straight position is not known (lines of text: where a
 * line should lie is wherever it lies at the page's middle): d(along, across) = Σ a·along^j·across^k
 * with j ≥ 1 (none at the page's middle, `centre`), and an offset of its own for each chain. Chains
 * the surface misses by more than `miss` are dropped and the rest fitted again.
 */
function offsetSurfaceOf(chains: Chain[], centre: number, dpi: number, miss: number): Surface | null {
  if (chains.length < 3) return null;
  const step = Math.max(8, Math.round(0.25 * dpi));
  const samples = chains.map((c) => {
    const pts: [number, number, number][] = [];
    const base = at(c, (c.from + c.to) / 2);
    for (let t = c.from; t <= c.to; t += step) pts.push([t, base, at(c, t)]);
    return pts;
  });
  const all = samples.flat();
  const lo: [number, number] = [Math.min(centre, ...all.map((p) => p[0])), Math.min(...all.map((p) => p[1]))];
  const hi: [number, number] = [Math.max(centre, ...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))];
  let keep = samples.map((_, i) => i);
  let fit: Surface | null = null;
  for (let round = 0; round < 4; round++) {
    const ky = keep.length >= 6 ? 2 : keep.length >= 4 ? 1 : 0;
    const terms: [number, number][] = [];
    for (let j = 1; j <= 3; j++) for (let k = 0; k <= ky; k++) terms.push([j, k]);
    // along is measured from the page's middle: scaled so that `centre` is 0
    const sf: Surface = { a: [], terms, lo, hi };
    sf.centre = scaledU(sf, centre);
    const rows: number[][] = [];
    const b: number[] = [];
    keep.forEach((i, n) => {
      for (const [u, v, d] of samples[i]!) {
        const r = basis(sf, u, v);
        const off = new Array<number>(keep.length).fill(0);
        off[n] = 1;
        rows.push([...r, ...off]);
        b.push(d);
      }
    });
    const a = rows.length > terms.length + keep.length ? leastSquares(rows, b) : null;
    if (!a) return fit;
    const offs = a.slice(terms.length);
    const cur: Surface = { ...sf, a: a.slice(0, terms.length) };
    fit = cur;
    const off = keep.filter((i, n) => {
      const e = samples[i]!.map(([u, v, d]) => (evalSurface(cur, u, v) + offs[n]! - d) ** 2);
      return Math.sqrt(e.reduce((x, y) => x + y, 0) / e.length) > miss;
    });
    if (!off.length) break;
    if (keep.length - off.length < 3) return null;
    keep = keep.filter((i) => !off.includes(i));
  }
  return fit;
}
