/**
 * Scans as offices make them, from clean page images (a fixture PDF rendered by poppler), so the
 * scan reader can be measured with every value known. Each kind is one way a printed report
 * reaches a reviewer:
 *
 *   clean      a flatbed scan: slight skew (±1.5°), a little noise, JPEG 80
 *   skewed     fed crooked: skew ±5°, JPEG 60
 *   photo      a phone photo: perspective, uneven light, blur, noise, JPEG 50
 *   sealed     the signed copy: a red seal over part of the table and a blue signature
 *   worn       a copy of a copy: bleed-through from the back, a fold line, noise, JPEG 40
 *   sideways   put in turned by 90° (or 180°), slight skew
 *   angled     a phone photo taken at an angle: keystone (the far edge 3–6% narrower), uneven light, blur, JPEG 60
 *   curved     a photo of a page that does not lie flat: its lines bow (up to 0.8–1.4% of the page's
 *              height), a little perspective, uneven light, blur, JPEG 60
 *   desk       a phone photo of the page lying on a desk: the sheet fills 84–92% of the frame, the
 *              desk (dark wood, a gray or green mat, black) round it, perspective, uneven light,
 *              blur, noise, JPEG 60
 *   bilevel    the signed copy through an office scanner's black-and-white (text) mode: slight skew,
 *              a seal and a signature, every pixel black or white at the scanner's threshold — the
 *              red seal comes out black over the table, thin strokes break or fill in; a 1-bit
 *              image (Flate) in the PDF, a 1-bit PNG as a file
 *   gray       the signed copy scanned in grayscale (many scanners' default): slight skew, a seal and
 *              a signature — the seal a middle gray over the table, no red to drop it by — JPEG 70
 *
 * at 150, 200 or 300 dpi (the caller renders the pages at the spec's dpi). Every effect is
 * seeded; `scanPages` returns JPEG pages, `imagePdf` wraps them in an image-only PDF.
 */
import { deflateSync } from 'node:zlib';
import sharp, { type OverlayOptions } from 'sharp';
import { Rng } from './rng.js';

export type ScanKind = 'clean' | 'skewed' | 'photo' | 'sealed' | 'worn' | 'sideways' | 'angled' | 'curved' | 'desk' | 'bilevel' | 'gray';
// New kinds go last: a kind's place seeds its effects.
export const SCAN_KINDS: readonly ScanKind[] = ['clean', 'skewed', 'photo', 'sealed', 'worn', 'sideways', 'angled', 'curved', 'desk', 'bilevel', 'gray'];

export interface ScanSpec {
  kind: ScanKind;
  dpi: 150 | 200 | 300;
  seed: number;
}

export interface ScanEffects {
  skew: number;
  quarters: number;
  perspective: number;
  /** Keystone: how much narrower the far edge is (0: none); `keystoneEdge` which edge is far (0 top, 1 right, 2 bottom, 3 left). */
  keystone: number;
  keystoneEdge: number;
  /** A page that does not lie flat: how far its lines bow, as a share of the page's height. */
  curl: number;
  light: number;
  blur: number;
  noise: number;
  quality: number;
  seal: boolean;
  signature: boolean;
  bleed: number;
  fold: boolean;
  /** On a desk: the sheet's size in the frame (0: the page fills the image). */
  desk: number;
  /** Black and white: the gray level (0–255) below which a pixel is black (0: a gray or colour image). */
  threshold: number;
  /** Grayscale: one channel, no colour. */
  gray: boolean;
}

/** The effects a spec stands for (drawn from its seed). */
export function effectsOf(spec: ScanSpec): ScanEffects {
  const r = new Rng(spec.seed * 7919 + SCAN_KINDS.indexOf(spec.kind));
  const between = (a: number, b: number): number => a + r.next() * (b - a);
  const sign = (): number => (r.chance(0.5) ? -1 : 1);
  const base: ScanEffects = {
    skew: 0,
    quarters: 0,
    perspective: 0,
    keystone: 0,
    keystoneEdge: 0,
    curl: 0,
    light: 0,
    blur: 0,
    noise: 4,
    quality: 80,
    seal: false,
    signature: false,
    bleed: 0,
    fold: false,
    desk: 0,
    threshold: 0,
    gray: false,
  };
  switch (spec.kind) {
    case 'clean':
      return { ...base, skew: sign() * between(0.2, 1.5) };
    case 'skewed':
      return { ...base, skew: sign() * between(2.5, 5), noise: 6, quality: 60 };
    case 'photo':
      return {
        ...base,
        skew: sign() * between(0.5, 3),
        perspective: between(0.006, 0.015),
        light: between(0.25, 0.4),
        blur: between(0.5, 0.9),
        noise: 8,
        quality: 50,
      };
    case 'sealed':
      return { ...base, skew: sign() * between(0.3, 2), seal: true, signature: true, quality: 70 };
    case 'worn':
      return { ...base, skew: sign() * between(0.3, 2), bleed: between(0.08, 0.15), fold: true, noise: 10, quality: 40 };
    case 'sideways':
      return { ...base, skew: sign() * between(0.2, 1.5), quarters: r.chance(0.7) ? (r.chance(0.5) ? 1 : 3) : 2, quality: 70 };
    case 'angled':
      return {
        ...base,
        skew: sign() * between(0.3, 2.5),
        keystone: between(0.03, 0.06),
        keystoneEdge: r.int(0, 3),
        light: between(0.2, 0.35),
        blur: between(0.4, 0.7),
        noise: 6,
        quality: 60,
      };
    case 'curved':
      return {
        ...base,
        skew: sign() * between(0.3, 2),
        perspective: between(0.004, 0.01),
        curl: sign() * between(0.008, 0.014),
        light: between(0.2, 0.35),
        blur: between(0.4, 0.7),
        noise: 6,
        quality: 60,
      };
    case 'desk':
      return {
        ...base,
        skew: sign() * between(0.5, 3),
        desk: between(0.84, 0.92),
        perspective: between(0.006, 0.015),
        light: between(0.2, 0.35),
        blur: between(0.4, 0.8),
        noise: 8,
        quality: 60,
      };
    case 'bilevel':
      // Scanners' text mode thresholds at about the middle gray; some set it lighter, some darker.
      return { ...base, skew: sign() * between(0.2, 1.5), seal: true, signature: true, noise: 6, blur: 0.2, threshold: Math.round(between(115, 160)) };
    case 'gray':
      return { ...base, skew: sign() * between(0.2, 1.5), seal: true, signature: true, quality: 70, gray: true };
  }
}

interface Rgb {
  width: number;
  height: number;
  data: Uint8Array;
}

async function rgbOf(png: Uint8Array): Promise<Rgb> {
  const { data, info } = await sharp(png).removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
}

/** A round red seal (ring, star, the agency's name round the edge) and a signature, as SVG. */
function sealSvg(size: number, name: string): string {
  const c = size / 2;
  const rr = size * 0.46;
  const chars = [...name].slice(0, 14);
  const letters = chars
    .map((ch, i) => {
      const a = Math.PI * (1.15 + (0.7 * i) / Math.max(1, chars.length - 1)) - Math.PI / 2;
      const x = c + Math.cos(a) * rr * 0.75;
      const y = c + Math.sin(a) * rr * 0.75;
      const rot = (a * 180) / Math.PI + 90;
      return `<text x="${x.toFixed(1)}" y="${y.toFixed(1)}" font-size="${(size * 0.11).toFixed(1)}" fill="#d01818" font-family="Noto Sans CJK SC, sans-serif" text-anchor="middle" transform="rotate(${rot.toFixed(1)} ${x.toFixed(1)} ${y.toFixed(1)})">${ch}</text>`;
    })
    .join('');
  const star = Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const rad = i % 2 ? size * 0.05 : size * 0.12;
    return `${(c + Math.cos(a) * rad).toFixed(1)},${(c + Math.sin(a) * rad).toFixed(1)}`;
  }).join(' ');
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}"><g opacity="0.82"><circle cx="${c}" cy="${c}" r="${rr}" fill="none" stroke="#d41a1a" stroke-width="${(size * 0.03).toFixed(1)}"/><polygon points="${star}" fill="#d41a1a"/>${letters}</g></svg>`;
}

function signatureSvg(w: number, h: number, r: Rng): string {
  let d = `M ${w * 0.05} ${h * 0.6}`;
  for (let i = 1; i <= 12; i++) d += ` Q ${(w * (i - 0.5)) / 12} ${h * (0.1 + 0.8 * r.next())} ${(w * i) / 12} ${h * (0.3 + 0.4 * r.next())}`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><path d="${d}" fill="none" stroke="#1a2a8a" stroke-width="${Math.max(2, h * 0.05).toFixed(1)}" stroke-linecap="round"/></svg>`;
}

/** The darkest band of rows with ink in the middle of the page: where a table is likely (for the seal). */
function tableBand(img: Rgb): number {
  const { width: w, height: h, data } = img;
  let best = h / 2;
  let most = -1;
  const step = Math.max(1, Math.round(h / 40));
  for (let y = Math.round(h * 0.15); y < h * 0.85; y += step) {
    let n = 0;
    for (let yy = y; yy < Math.min(h, y + step); yy++) for (let x = 0; x < w; x += 3) if (data[(yy * w + x) * 3]! < 128) n++;
    if (n > most) {
      most = n;
      best = y;
    }
  }
  return best;
}

const WHITE = [255, 255, 255] as const;

/** Projective warp: the page's corners moved inwards by up to `k` of its size (a photo taken at an angle). */
function perspective(img: Rgb, k: number, r: Rng, fill: readonly [number, number, number] = WHITE): Rgb {
  const { width: w, height: h } = img;
  // Destination corners (where the page's corners land), then the inverse map dest → source.
  const j = (): number => k * (0.5 + 0.5 * r.next());
  const dst: [number, number][] = [
    [w * j(), h * j()],
    [w * (1 - j()), h * j()],
    [w * (1 - j()), h * (1 - j())],
    [w * j(), h * (1 - j())],
  ];
  return projected(img, dst, fill);
}

/**
 * Keystone: the page photographed from below one edge, that edge nearer: the far edge `k` of the
 * page's width narrower on each side, the corners jittered a little.
 */
function keystone(img: Rgb, k: number, edge: number, r: Rng): Rgb {
  const { width: w, height: h } = img;
  const jit = (): number => 0.004 * (r.next() - 0.5);
  const m = 0.02;
  // Corners top-left, top-right, bottom-right, bottom-left as fractions, the far edge (top) narrowed.
  const base: [number, number][] = [
    [m + k, m],
    [1 - m - k, m],
    [1 - m, 1 - m],
    [m, 1 - m],
  ];
  // Put the far edge where asked by turning the pattern (about the centre).
  const turn = ([x, y]: [number, number]): [number, number] => [1 - y, x];
  let pts = base;
  for (let i = 0; i < edge; i++) pts = pts.map(turn);
  // The corner list must stay top-left, top-right, bottom-right, bottom-left.
  pts = [...pts.slice(4 - edge), ...pts.slice(0, 4 - edge)];
  return projected(
    img,
    pts.map(([x, y]) => [w * (x + jit()), h * (y + jit())]),
  );
}

/** The page's corners drawn at `dst` (top-left, top-right, bottom-right, bottom-left), bilinear. */
function projected(img: Rgb, dst: [number, number][], fill: readonly [number, number, number] = WHITE): Rgb {
  const { width: w, height: h } = img;
  const src: [number, number][] = [
    [0, 0],
    [w, 0],
    [w, h],
    [0, h],
  ];
  const H = homography(dst, src);
  return remap(
    img,
    (x, y) => {
      const z = H[6]! * x + H[7]! * y + 1;
      return [(H[0]! * x + H[1]! * y + H[2]!) / z, (H[3]! * x + H[4]! * y + H[5]!) / z];
    },
    fill,
  );
}

/**
 * A page that does not lie flat (lifted along the middle, or curling at one side): each line bows,
 * the most across the middle of the page, more towards the bottom; the sides are drawn in a
 * little where the paper rises.
 */
function curled(img: Rgb, k: number, r: Rng): Rgb {
  const { width: w, height: h } = img;
  const amp = k * h;
  const phase = r.next() * 0.6 - 0.3;
  const lean = 0.5 + r.next();
  return remap(img, (x, y) => {
    const u = x / w;
    const v = y / h;
    const bow = Math.sin(Math.PI * Math.min(1, Math.max(0, u + phase * u * (1 - u))));
    const dy = amp * bow * (lean * 0.5 + (1 - lean * 0.5) * v);
    const dx = 0.004 * w * Math.sin(2 * Math.PI * u) * bow;
    return [x + dx, y - dy];
  });
}

/** out(x, y) = img(at(x, y)), bilinear; outside the image `fill` (white). */
function remap(img: Rgb, at: (x: number, y: number) => [number, number], fill: readonly [number, number, number] = WHITE): Rgb {
  const { width: w, height: h, data } = img;
  const out = new Uint8Array(w * h * 3).fill(255);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const [sx, sy] = at(x, y);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= w - 1 || y0 >= h - 1) {
        if (fill !== WHITE) for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = fill[c]!;
        continue;
      }
      const tx = sx - x0;
      const ty = sy - y0;
      for (let c = 0; c < 3; c++) {
        const a = data[(y0 * w + x0) * 3 + c]!;
        const b = data[(y0 * w + x0 + 1) * 3 + c]!;
        const d = data[((y0 + 1) * w + x0) * 3 + c]!;
        const e = data[((y0 + 1) * w + x0 + 1) * 3 + c]!;
        out[(y * w + x) * 3 + c] = a * (1 - tx) * (1 - ty) + b * tx * (1 - ty) + d * (1 - tx) * ty + e * tx * ty;
      }
    }
  }
  return { width: w, height: h, data: out };
}

/** The 3×3 projective map (h33 = 1) taking four points `from` to `to`. */
function homography(from: [number, number][], to: [number, number][]): number[] {
  const A: number[][] = [];
  for (let i = 0; i < 4; i++) {
    const [x, y] = from[i]!;
    const [u, v] = to[i]!;
    A.push([x, y, 1, 0, 0, 0, -u * x, -u * y, u]);
    A.push([0, 0, 0, x, y, 1, -v * x, -v * y, v]);
  }
  // Gaussian elimination on the 8×9 augmented matrix.
  for (let c = 0; c < 8; c++) {
    let p = c;
    for (let r = c + 1; r < 8; r++) if (Math.abs(A[r]![c]!) > Math.abs(A[p]![c]!)) p = r;
    [A[c], A[p]] = [A[p]!, A[c]!];
    for (let r = 0; r < 8; r++) {
      if (r === c) continue;
      const f = A[r]![c]! / A[c]![c]!;
      for (let k = c; k < 9; k++) A[r]![k]! -= f * A[c]![k]!;
    }
  }
  return A.map((row, i) => row[8]! / row[i]!);
}

/** Desks a page is photographed on: dark wood, a gray mat, a green mat, black. */
const DESKS: readonly (readonly [number, number, number])[] = [
  [96, 68, 46],
  [88, 90, 96],
  [52, 84, 62],
  [34, 32, 32],
];

/**
 * The page shrunk to `scale` of the frame at a random place in it, a desk round it: its colour,
 * a grain along it, and noise. Returns the image and the desk's colour (for what later effects
 * uncover).
 */
async function onDesk(img: Rgb, scale: number, r: Rng): Promise<{ img: Rgb; colour: readonly [number, number, number] }> {
  const { width: w, height: h } = img;
  const base = DESKS[Math.floor(r.next() * DESKS.length)]!;
  const pw = Math.round(w * scale);
  const ph = Math.round(h * scale);
  const left = Math.round((w - pw) * (0.3 + 0.4 * r.next()));
  const top = Math.round((h - ph) * (0.3 + 0.4 * r.next()));
  const turn = r.next() * Math.PI;
  const out = new Uint8Array(w * h * 3);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const u = x * Math.cos(turn) + y * Math.sin(turn);
      const v = -x * Math.sin(turn) + y * Math.cos(turn);
      const g = 6 * Math.sin(v * 0.05 + 2.5 * Math.sin(u * 0.004)) + (r.next() - 0.5) * 12;
      for (let c = 0; c < 3; c++) out[(y * w + x) * 3 + c] = Math.max(0, Math.min(255, base[c]! + g));
    }
  }
  const { data } = await sharp(img.data, { raw: { width: w, height: h, channels: 3 } })
    .resize(pw, ph)
    .raw()
    .toBuffer({ resolveWithObject: true });
  for (let y = 0; y < ph; y++) out.set(data.subarray(y * pw * 3, (y + 1) * pw * 3), ((top + y) * w + left) * 3);
  return { img: { width: w, height: h, data: out }, colour: base };
}

/** One page scanned as the spec says: a JPEG (gray for `gray`; a 1-bit PNG for `bilevel`). `back`: the page printed on the other side (bleed-through). */
export async function scanPage(png: Uint8Array, spec: ScanSpec, pageNo: number, back: Uint8Array | null, agency = '人民政府办公室'): Promise<Uint8Array> {
  const fx = effectsOf(spec);
  const r = new Rng(spec.seed * 104729 + pageNo);
  let img = await rgbOf(png);
  const { width: w, height: h } = img;
  const composites: OverlayOptions[] = [];
  if (fx.seal) {
    const size = Math.round(spec.dpi * 1.6);
    const top = Math.max(0, Math.min(h - size, Math.round(tableBand(img) - size * (0.2 + 0.4 * r.next()))));
    const left = Math.round(w * (0.45 + 0.3 * r.next()) - size / 2);
    composites.push({ input: Buffer.from(sealSvg(size, agency)), top, left, blend: 'multiply' });
  }
  if (fx.signature && back === null) {
    // Signed beside the date at the end, as a head of office signs.
    const sw = Math.round(spec.dpi * 1.3);
    const sh = Math.round(spec.dpi * 0.4);
    composites.push({
      input: Buffer.from(signatureSvg(sw, sh, r)),
      top: Math.round(h * (0.75 + 0.15 * r.next())),
      left: Math.round(w * (0.5 + 0.3 * r.next())),
      blend: 'multiply',
    });
  }
  if (fx.bleed && back) {
    // The back page shows through mirrored and faint.
    const b = await sharp(back)
      .flop()
      .resize(w, h, { fit: 'fill' })
      .linear(fx.bleed, 255 * (1 - fx.bleed))
      .removeAlpha()
      .png()
      .toBuffer();
    composites.push({ input: b, blend: 'multiply' });
  }
  if (fx.fold) {
    // A fold across the page, edge to edge: a soft shadow with a thin crease in it.
    const y = Math.round(h * (0.4 + 0.2 * r.next()));
    const band = Math.round(spec.dpi * 0.05);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${band * 2}"><defs><linearGradient id="g" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="#fff"/><stop offset="0.5" stop-color="#d4d4d4"/><stop offset="1" stop-color="#fff"/></linearGradient></defs><rect width="${w}" height="${band * 2}" fill="url(#g)"/><rect y="${band - 1}" width="${w}" height="2" fill="#b0b0b0"/></svg>`;
    composites.push({ input: Buffer.from(svg), top: Math.max(0, y - band), left: 0, blend: 'multiply' });
  }
  if (fx.light) {
    // Light falling off across the page (a photo under a desk lamp).
    const angle = r.next() * 360;
    const dark = Math.round(255 * (1 - fx.light));
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><defs><linearGradient id="l" gradientTransform="rotate(${angle.toFixed(0)} .5 .5)"><stop offset="0" stop-color="rgb(255,255,250)"/><stop offset="1" stop-color="rgb(${dark},${dark},${dark - 10})"/></linearGradient></defs><rect width="${w}" height="${h}" fill="url(#l)"/></svg>`;
    composites.push({ input: Buffer.from(svg), blend: 'multiply' });
  }
  if (composites.length) {
    const { data } = await sharp(img.data, { raw: { width: w, height: h, channels: 3 } })
      .composite(composites)
      .removeAlpha()
      .raw()
      .toBuffer({ resolveWithObject: true });
    img = { width: w, height: h, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  }
  let around: readonly [number, number, number] = WHITE;
  if (fx.desk) ({ img, colour: around } = await onDesk(img, fx.desk, r));
  if (fx.curl) img = curled(img, fx.curl, r);
  if (fx.keystone) img = keystone(img, fx.keystone, fx.keystoneEdge, r);
  if (fx.perspective) img = perspective(img, fx.perspective, r, around);
  if (fx.noise) {
    const d = img.data;
    for (let i = 0; i < d.length; i += 3) {
      // the same noise on the three channels (sensor grain), roughly normal
      const n = (r.next() + r.next() + r.next() - 1.5) * 2 * fx.noise;
      for (let c = 0; c < 3; c++) d[i + c] = Math.max(0, Math.min(255, d[i + c]! + n));
    }
  }
  let s = sharp(img.data, { raw: { width: w, height: h, channels: 3 } });
  if (fx.blur) s = s.blur(fx.blur * (spec.dpi / 200) + 0.3);
  const turn = fx.quarters * 90 + fx.skew;
  const bg = fx.desk ? { r: around[0], g: around[1], b: around[2] } : { r: 250, g: 250, b: 248 };
  if (turn) s = s.rotate(turn, { background: bg });
  if (fx.threshold) {
    // The scanner decides black or white on the skewed page as it lies on the glass.
    const { data, info } = await s.greyscale().raw().toBuffer({ resolveWithObject: true });
    return new Uint8Array(
      await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
        .threshold(fx.threshold)
        .png({ palette: true, colours: 2, compressionLevel: 9 })
        .withMetadata({ density: spec.dpi })
        .toBuffer(),
    );
  }
  if (fx.gray) s = s.greyscale();
  return new Uint8Array(await s.jpeg({ quality: fx.quality, chromaSubsampling: '4:2:0' }).withMetadata({ density: spec.dpi }).toBuffer());
}

/** Every page of a document scanned as the spec says. */
export async function scanPages(pngs: Uint8Array[], spec: ScanSpec, agency?: string): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for (let i = 0; i < pngs.length; i++) {
    const last = i === pngs.length - 1;
    // the back of each sheet (for bleed-through); none behind the last page
    out.push(await scanPage(pngs[i]!, spec, i + 1, last ? null : (pngs[i + 1] ?? null), agency));
  }
  return out;
}

/** Text drawn invisible over a page (render mode 3), in points from the page's bottom left. */
export interface HiddenText {
  x: number;
  y: number;
  text: string;
}

const isPng = (b: Uint8Array): boolean => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47;

/** A black-and-white PNG as a PDF image's 1-bit samples, deflated. */
async function oneBit(png: Uint8Array): Promise<Uint8Array> {
  const { data, info } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
  const row = Math.ceil(info.width / 8);
  const out = new Uint8Array(row * info.height);
  for (let y = 0; y < info.height; y++)
    for (let x = 0; x < info.width; x++) if (data[(y * info.width + x) * info.channels]! >= 128) out[y * row + (x >> 3)]! |= 0x80 >> (x & 7);
  return new Uint8Array(deflateSync(out));
}

/**
 * An image-only PDF: each JPEG (or black-and-white PNG) on a page of its own size at `dpi` (what a scanner's "save as PDF"
 * writes). `hidden`: text laid invisible under a page's image, as a scanner's or converter's OCR
 * does ("searchable PDF"; Helvetica, so ASCII only).
 */
export async function imagePdf(jpegs: Uint8Array[], dpi: number, hidden: (HiddenText[] | undefined)[] = []): Promise<Uint8Array> {
  const enc = new TextEncoder();
  const chunks: Uint8Array[] = [];
  const offsets: number[] = [];
  let pos = 0;
  const push = (b: Uint8Array | string): void => {
    const u = typeof b === 'string' ? enc.encode(b) : b;
    chunks.push(u);
    pos += u.length;
  };
  const obj = (n: number, body: string | Uint8Array[], dict?: string): void => {
    offsets[n] = pos;
    if (typeof body === 'string') push(`${n} 0 obj\n${body}\nendobj\n`);
    else {
      push(`${n} 0 obj\n${dict}\nstream\n`);
      for (const b of body) push(b);
      push('\nendstream\nendobj\n');
    }
  };
  push('%PDF-1.4\n%\xE2\xE3\xCF\xD3\n');
  const n = jpegs.length;
  const font = 3 + n * 3;
  const kids = Array.from({ length: n }, (_, i) => `${3 + i * 3} 0 R`).join(' ');
  obj(1, '<< /Type /Catalog /Pages 2 0 R >>');
  obj(2, `<< /Type /Pages /Kids [${kids}] /Count ${n} >>`);
  for (let i = 0; i < n; i++) {
    const meta = await sharp(jpegs[i]!).metadata();
    const W = meta.width!;
    const H = meta.height!;
    const pw = (W / dpi) * 72;
    const ph = (H / dpi) * 72;
    const p = 3 + i * 3;
    obj(
      p,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw.toFixed(2)} ${ph.toFixed(2)}] /Resources << /XObject << /Im0 ${p + 1} 0 R >> /Font << /F1 ${font} 0 R >> >> /Contents ${p + 2} 0 R >>`,
    );
    if (isPng(jpegs[i]!)) {
      // A black-and-white scan: one bit a pixel (1 white), rows padded to a byte, deflated.
      const bits = await oneBit(jpegs[i]!);
      obj(
        p + 1,
        [bits],
        `<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /DeviceGray /BitsPerComponent 1 /Filter /FlateDecode /Length ${bits.length} >>`,
      );
    } else
      obj(
        p + 1,
        [jpegs[i]!],
        `<< /Type /XObject /Subtype /Image /Width ${W} /Height ${H} /ColorSpace /${meta.channels === 1 ? 'DeviceGray' : 'DeviceRGB'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpegs[i]!.length} >>`,
      );
    const layer = (hidden[i] ?? [])
      .map((t) => `BT 3 Tr /F1 10 Tf 1 0 0 1 ${t.x.toFixed(2)} ${t.y.toFixed(2)} Tm (${t.text.replace(/[()\\]/g, '\\$&')}) Tj ET`)
      .join('\n');
    const content = `q ${pw.toFixed(2)} 0 0 ${ph.toFixed(2)} 0 0 cm /Im0 Do Q${layer ? '\n' + layer : ''}`;
    obj(p + 2, [enc.encode(content)], `<< /Length ${content.length} >>`);
  }
  obj(font, '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  const xref = pos;
  const total = font + 1;
  push(`xref\n0 ${total}\n0000000000 65535 f \n`);
  for (let k = 1; k < total; k++) push(`${String(offsets[k]).padStart(10, '0')} 00000 n \n`);
  push(`trailer\n<< /Size ${total} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
  const out = new Uint8Array(pos);
  let o = 0;
  for (const c of chunks) {
    out.set(c, o);
    o += c.length;
  }
  return out;
}
