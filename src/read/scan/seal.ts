/**
 * A seal scanned in gray. In a colour scan the seal's red is paper in the red channel (image.ts);
 * a grayscale scan — what many office scanners save by default — has no red: the seal is a ring,
 * a star and the agency's name in a middle gray over the table, lighter than the print and darker
 * than the paper. Its ring crosses rules and cells, where it reads as column rules and as 1s, and
 * its gray joins the digits under it.
 *
 * What is taken out is only what is thick and middle gray over an area the size of a seal: the
 * ring and the star (a stroke of print is dark; a thin stroke of middle gray — a light face's
 * digit, a blurred character's edge — is thinner than the ring and is left). Print over the seal
 * is darker than the seal (the seal's ink multiplies the print's) and stays.
 */
import { sampledHistogram, type Gray } from './image.js';

type Box = [number, number, number, number];

/** The seal's ring is about a millimetre wide: a square this wide (inches) fits in it, even where it runs at 45°; print's light strokes are thinner. */
const THICK_IN = 0.018;
/** A seal is 3.8–4.5 cm across; a piece of its ring crossed by rules is still this big (inches) each way. */
const SEAL_MIN_IN = 0.5;
const SEAL_MAX_IN = 2.4;
/** Thick middle-gray pieces a page may have for a seal to be looked for among them. */
const MAX_PIECES = 300;

/** Box filter over a binary mask: `all` (erosion) or any (dilation) within `r` pixels each way. */
function boxFilter(m: Uint8Array, w: number, h: number, r: number, all: boolean): Uint8Array {
  const tmp = new Uint8Array(m.length);
  const out = new Uint8Array(m.length);
  const want = all ? 2 * r + 1 : 1;
  for (let y = 0; y < h; y++) {
    const row = y * w;
    let n = 0;
    // Window [x - r, x + r], clipped: outside the image counts as not set.
    for (let x = 0; x < Math.min(w, r); x++) n += m[row + x]!;
    for (let x = 0; x < w; x++) {
      if (x + r < w) n += m[row + x + r]!;
      if (x - r - 1 >= 0) n -= m[row + x - r - 1]!;
      tmp[row + x] = n >= want ? 1 : 0;
    }
  }
  for (let x = 0; x < w; x++) {
    let n = 0;
    for (let y = 0; y < Math.min(h, r); y++) n += tmp[y * w + x]!;
    for (let y = 0; y < h; y++) {
      if (y + r < h) n += tmp[(y + r) * w + x]!;
      if (y - r - 1 >= 0) n -= tmp[(y - r - 1) * w + x]!;
      out[y * w + x] = n >= want ? 1 : 0;
    }
  }
  return out;
}

/** A gray level's share of the image: the level below which `share` of the pixels lie. */
function percentile(img: Gray, share: number): number {
  const { hist, n } = sampledHistogram(img, 1_000_000);
  let c = 0;
  for (let v = 0; v < 256; v++) if ((c += hist[v]!) >= share * n) return v;
  return 255;
}

/**
 * The seal's thick middle-gray parts (ring, star) of a levelled page: a mask of the pixels to
 * paint paper, or null when the page has none. `dpi`: the page's resolution.
 */
export function grayMarkMask(img: Gray, dpi: number): Uint8Array | null {
  const { width: w, height: h, data } = img;
  // The print's darkest (its strokes' cores; at most near-black — a light face's print can be
  // lighter than the seal, which is then the darkest thing on the page) and the paper (levelled).
  const dark = Math.min(30, percentile(img, 0.003));
  const paper = 255;
  if (paper - dark < 120) return null;
  const lo = dark + 0.25 * (paper - dark);
  const hi = paper - 0.22 * (paper - dark);
  const mid = new Uint8Array(w * h);
  let any = 0;
  for (let i = 0; i < mid.length; i++) {
    const v = data[i]!;
    if (v > lo && v < hi) {
      mid[i] = 1;
      any++;
    }
  }
  if (!any) return null;
  // Thick: what a square of the ring's width fits into (an opening; JPEG's grain leaves holes of
  // a pixel in the ring's gray, closed first). Its pieces: the ring is broken where print
  // crosses it (rules, digits). Pieces within a fifth of an inch of one another are one mark; a
  // mark of a seal's size, about as tall as wide, is a seal (a band of shading under a header row
  // is not). Only pieces of a ring's or a star's size take part: a blot of a character that is
  // dense and light (a light face's 量) is smaller, and would chain lines of text into one mark.
  const r = Math.max(1, Math.round((THICK_IN * dpi) / 2));
  const opened = (m: Uint8Array): Uint8Array => boxFilter(boxFilter(m, w, h, r, true), w, h, r, false);
  const piece = 0.12 * dpi;
  const bigOf = (boxes: Box[]): number[] => boxes.flatMap((b, i) => (b[2] - b[0] >= piece || b[3] - b[1] >= piece ? [i] : []));
  let thick = opened(boxFilter(boxFilter(mid, w, h, 1, false), w, h, 1, true));
  let { label, boxes } = piecesOf(thick, w, h);
  let big = bigOf(boxes);
  if (big.length > MAX_PIECES) {
    // Text at a low resolution: the closing joined a character's light strokes into blots. Not closed.
    thick = opened(mid);
    ({ label, boxes } = piecesOf(thick, w, h));
    big = bigOf(boxes);
  }
  // (A page with this many is no page with a seal on white paper: left as it is.)
  if (!big.length || big.length > MAX_PIECES) return null;
  const group = clusterBoxes(
    big.map((i) => boxes[i]!),
    Math.round(0.2 * dpi),
  ).map((g) => ({ box: g.box, members: g.members.map((k) => big[k]!) }));
  const min = SEAL_MIN_IN * dpi;
  const max = SEAL_MAX_IN * dpi;
  const keep = group.map(({ box: [x0, y0, x1, y1], members }) => {
    const bw = x1 - x0;
    const bh = y1 - y0;
    if (!(bw >= min && bh >= min && bw <= max && bh <= max && Math.max(bw, bh) <= 1.6 * Math.min(bw, bh))) return false;
    return ringLike(thick, label, new Set(members), w, [x0, y0, x1, y1]);
  });
  const kept = new Uint8Array(boxes.length);
  group.forEach((g, k) => {
    if (keep[k]) for (const i of g.members) kept[i] = 1;
  });
  if (!kept.some((k) => k)) return null;
  // The thick parts of a seal, grown by their soft edge (a pixel or two of lighter gray).
  const seal = new Uint8Array(w * h);
  for (let i = 0; i < seal.length; i++) if (thick[i] && kept[label[i]!]) seal[i] = 1;
  const edge = boxFilter(seal, w, h, Math.max(1, Math.round(0.012 * dpi)), false);
  for (let i = 0; i < edge.length; i++) if (edge[i] && data[i]! <= lo) edge[i] = 0;
  return edge;
}

/** Share of a mark's thick pixels (away from its centre) that must lie along its edge, as a ring's do. */
const RING_SHARE = 0.6;
/** Of 36 directions from the centre, how many the ring must show in (print crossing it leaves gaps). */
const RING_DIRECTIONS = 20;

/**
 * The mark's thick pixels make a ring round its box's centre (a star or nothing inside it): most of
 * them, away from the centre, lie near the box's edge, in most directions. Shaded cells, a band
 * of blurred print, grouped into a box of a seal's size, fill it instead.
 */
function ringLike(thick: Uint8Array, label: Int32Array, members: Set<number>, w: number, box: [number, number, number, number]): boolean {
  const [x0, y0, x1, y1] = box;
  const cx = (x0 + x1) / 2;
  const cy = (y0 + y1) / 2;
  const r = (x1 - x0 + (y1 - y0)) / 4;
  let edge = 0;
  let other = 0;
  const seen = new Uint8Array(36);
  for (let y = y0; y <= y1; y++)
    for (let x = x0; x <= x1; x++) {
      const i = y * w + x;
      if (!thick[i] || !members.has(label[i]!)) continue;
      const d = Math.hypot(x - cx, y - cy) / r;
      if (d < 0.45) continue;
      if (d >= 0.78 && d <= 1.08) {
        edge++;
        seen[Math.min(35, Math.floor(((Math.atan2(y - cy, x - cx) + Math.PI) / (2 * Math.PI)) * 36))] = 1;
      } else other++;
    }
  return edge >= RING_SHARE * (edge + other) && seen.reduce((a, b) => a + b, 0) >= RING_DIRECTIONS;
}

/** The 4-connected pieces of a mask: each pixel's piece (or -1) and each piece's bounds. */
function piecesOf(thick: Uint8Array, w: number, h: number): { label: Int32Array; boxes: Box[] } {
  const label = new Int32Array(w * h).fill(-1);
  const boxes: Box[] = [];
  const stack: number[] = [];
  for (let s = 0; s < thick.length; s++) {
    if (!thick[s] || label[s]! >= 0) continue;
    const id = boxes.length;
    const b: Box = [w, h, 0, 0];
    label[s] = id;
    stack.push(s);
    while (stack.length) {
      const i = stack.pop()!;
      const x = i % w;
      const y = (i / w) | 0;
      if (x < b[0]) b[0] = x;
      if (x > b[2]) b[2] = x;
      if (y < b[1]) b[1] = y;
      if (y > b[3]) b[3] = y;
      for (const j of [x > 0 ? i - 1 : -1, x < w - 1 ? i + 1 : -1, y > 0 ? i - w : -1, y < h - 1 ? i + w : -1]) {
        if (j < 0 || !thick[j] || label[j]! >= 0) continue;
        label[j] = id;
        stack.push(j);
      }
    }
    boxes.push(b);
  }
  return { label, boxes };
}

/** Boxes whose bounds come within `near` of one another, as groups: each group's bounds and members. */
function clusterBoxes(boxes: [number, number, number, number][], near: number): { box: [number, number, number, number]; members: number[] }[] {
  const groups = boxes.map((b, i) => ({ box: [...b] as [number, number, number, number], members: [i] }));
  for (let joined = true; joined;) {
    joined = false;
    for (let a = 0; a < groups.length; a++)
      for (let b = a + 1; b < groups.length; b++) {
        const p = groups[a]!.box;
        const q = groups[b]!.box;
        if (p[0] - near > q[2] || q[0] - near > p[2] || p[1] - near > q[3] || q[1] - near > p[3]) continue;
        groups[a] = {
          box: [Math.min(p[0], q[0]), Math.min(p[1], q[1]), Math.max(p[2], q[2]), Math.max(p[3], q[3])],
          members: [...groups[a]!.members, ...groups[b]!.members],
        };
        groups.splice(b, 1);
        joined = true;
        b--;
      }
  }
  return groups;
}

/** Paint the mask's pixels paper in each image. */
export function paintPaper(mask: Uint8Array, imgs: Gray[]): void {
  for (const g of imgs) for (let i = 0; i < mask.length; i++) if (mask[i]) g.data[i] = 255;
}
