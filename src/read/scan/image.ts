/**
 * Page images for the scan reader: decode (sharp), gray that drops a red seal, an even
 * background, a black-and-white version, orientation and fine skew.
 *
 *   - `ink` is the red channel made whiter where the pixel is red: black and blue ink stay dark, a red seal's red turns white,
 *     so a seal stamped over the table does not hide or add a digit. `lum` (ordinary luminance)
 *     keeps red text for the rest of the page.
 *   - The background is levelled by dividing by a local maximum (uneven lighting of a photo, a
 *     scanner's shadow at the fold), then Otsu's threshold gives the black-and-white image the rules and
 *     lines are found in. Faint bleed-through from the back of the page falls above the threshold.
 *   - Skew: the angle (±8°, to 0.05°) at which the dark pixels' row profile is sharpest. A page
 *     put in sideways shows a sharper column profile: it is turned by 90° first.
 */
import sharp from 'sharp';

export interface Gray {
  width: number;
  height: number;
  /** 0 = black … 255 = white */
  data: Uint8Array;
}

export interface Raster {
  width: number;
  height: number;
  /** Ink without red (the red channel). */
  ink: Gray;
  /** Luminance. */
  lum: Gray;
  /** Pixels per inch the file says, when it says one. */
  density?: number;
}

/** The short side of the largest sheet a report is printed on, in inches (A3: 11.7), with a margin. */
const PAPER_SHORT_INCHES = 13;

/**
 * The resolution of a page image: the one it states (the file's, or a PDF page's size across its
 * pixels) unless that makes the sheet larger than any paper; else an A4 page's short side (595
 * points) across the image's short side. Phones and many tools write 72 or 96 dpi into every
 * photo, and image-to-PDF converters place a scan at a pixel a point (a page two to four feet
 * wide): taken as stated, a 200 dpi scan's text was three times the size looked for and the page
 * read nothing. (A resolution that makes the sheet small is believed: a crop of one table.)
 */
export function imageDpi(width: number, height: number, stated?: number): number {
  const short = Math.min(width, height);
  if (stated && stated > 30 && short / stated <= PAPER_SHORT_INCHES) return stated;
  return (short / 595) * 72;
}

/** Pages scanned finer than this are read at READ_DPI. */
export const MOST_DPI = 400;
const READ_DPI = 300;

/**
 * The page shrunk to 300 dpi where it is finer than MOST_DPI (`dpi`: its resolution, imageDpi).
 * A 600 dpi scan read as it is took 25 s and 900 MB a page, against 9 s at 300 dpi, where the
 * thinnest strokes are still two pixels wide; the PDF's page or the file's stated resolution
 * gives the same page in points either way.
 */
export async function atReadingDpi(r: Raster, dpi: number): Promise<Raster> {
  if (dpi <= MOST_DPI) return r;
  const f = READ_DPI / dpi;
  const width = Math.max(1, Math.round(r.width * f));
  const height = Math.max(1, Math.round(r.height * f));
  const shrink = async (g: Gray): Promise<Gray> => {
    const data = await sharp(g.data, { raw: { width: g.width, height: g.height, channels: 1 } })
      .resize(width, height, { fit: 'fill' })
      .toColourspace('b-w')
      .raw()
      .toBuffer();
    return { width, height, data: new Uint8Array(data.buffer, data.byteOffset, data.length) };
  };
  return { width, height, ink: await shrink(r.ink), lum: await shrink(r.lum), ...(r.density ? { density: (r.density * width) / r.width } : {}) };
}

/** Decode an image file (PNG, JPEG, TIFF, GIF, WebP), turned upright by its EXIF orientation; `page`: of a multi-page TIFF (0-based). */
export async function decodeImage(bytes: Uint8Array, maxPixels = 60_000_000, page = 0): Promise<Raster> {
  const img = sharp(bytes, { limitInputPixels: maxPixels, failOn: 'none', page }).rotate();
  const meta = await img.metadata();
  const { data, info } = await img.removeAlpha().toColourspace('srgb').raw().toBuffer({ resolveWithObject: true });
  return rasterOf(data, info.width, info.height, info.channels, meta.density);
}

export function rasterOf(data: Uint8Array, width: number, height: number, channels: number, density?: number): Raster {
  const n = width * height;
  const ink = new Uint8Array(n);
  const lum = new Uint8Array(n);
  for (let i = 0, o = 0; i < n; i++, o += channels) {
    if (channels >= 3) {
      const r = data[o]!;
      const g = data[o + 1]!;
      const b = data[o + 2]!;
      lum[i] = (r * 299 + g * 587 + b * 114) / 1000;
      // The red channel, pushed to white by how much redder than the rest the pixel is: a seal's
      // red (and its JPEG-smeared edges) goes, black and blue ink stay. The push is in proportion
      // to the red itself: black print under the seal (a rule, a digit the seal is stamped over)
      // is dark red, and stays ink.
      ink[i] = Math.min(255, r + (2 * Math.max(0, r - ((g + b) >> 1)) * r) / 255);
    } else {
      lum[i] = data[o]!;
      ink[i] = data[o]!;
    }
  }
  return { width, height, ink: { width, height, data: ink }, lum: { width, height, data: lum }, ...(density && density > 30 ? { density } : {}) };
}

/** The background levelled to white: each pixel divided by the brightest of its neighbourhood. */
export function level(img: Gray, block: number): Gray {
  const { width: w, height: h, data } = img;
  const bw = Math.ceil(w / block);
  const bh = Math.ceil(h / block);
  const mx = new Float32Array(bw * bh);
  for (let y = 0; y < h; y++) {
    const by = Math.floor(y / block) * bw;
    for (let x = 0; x < w; x++) {
      const k = by + Math.floor(x / block);
      const v = data[y * w + x]!;
      if (v > mx[k]!) mx[k] = v;
    }
  }
  // The paper is the brightest thing near every pixel: a 3×3 block maximum, then a 3×3 mean.
  const mx2 = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let m = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) m = Math.max(m, mx[yy * bw + xx]!);
        }
      mx2[y * bw + x] = m;
    }
  }
  const bg = new Float32Array(bw * bh);
  for (let y = 0; y < bh; y++) {
    for (let x = 0; x < bw; x++) {
      let s = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++)
        for (let dx = -1; dx <= 1; dx++) {
          const yy = y + dy;
          const xx = x + dx;
          if (yy >= 0 && yy < bh && xx >= 0 && xx < bw) {
            s += mx2[yy * bw + xx]!;
            n++;
          }
        }
      bg[y * bw + x] = Math.max(40, s / n);
    }
  }
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    const fy = Math.min(bh - 1, Math.max(0, (y + 0.5) / block - 0.5));
    const y0 = Math.floor(fy);
    const y1 = Math.min(bh - 1, y0 + 1);
    const ty = fy - y0;
    for (let x = 0; x < w; x++) {
      const fx = Math.min(bw - 1, Math.max(0, (x + 0.5) / block - 0.5));
      const x0 = Math.floor(fx);
      const x1 = Math.min(bw - 1, x0 + 1);
      const tx = fx - x0;
      const b = bg[y0 * bw + x0]! * (1 - tx) * (1 - ty) + bg[y0 * bw + x1]! * tx * (1 - ty) + bg[y1 * bw + x0]! * (1 - tx) * ty + bg[y1 * bw + x1]! * tx * ty;
      out[y * w + x] = Math.min(255, Math.round((data[y * w + x]! / b) * 255));
    }
  }
  return { width: w, height: h, data: out };
}

/** The histogram of a sample of an image's pixels (at most about `most`, evenly spaced) and the sample's size. */
export function sampledHistogram(img: Gray, most: number): { hist: Float64Array; n: number } {
  const hist = new Float64Array(256);
  const step = Math.max(1, Math.floor(img.data.length / most));
  let n = 0;
  for (let i = 0; i < img.data.length; i += step) {
    hist[img.data[i]!]!++;
    n++;
  }
  return { hist, n };
}

/** Otsu's threshold of a gray image (over a sample of its pixels). */
export function otsu(img: Gray): number {
  const { hist, n } = sampledHistogram(img, 2_000_000);
  let sum = 0;
  for (let t = 0; t < 256; t++) sum += t * hist[t]!;
  let sumB = 0;
  let wB = 0;
  let best = 0;
  let at = 128;
  for (let t = 0; t < 256; t++) {
    wB += hist[t]!;
    if (!wB) continue;
    const wF = n - wB;
    if (!wF) break;
    sumB += t * hist[t]!;
    const mB = sumB / wB;
    const mF = (sum - sumB) / wF;
    const between = wB * wF * (mB - mF) ** 2;
    if (between > best) {
      best = between;
      at = t;
    }
  }
  // Never call the paper or a cell's gray shading ink (Word's 15–25% shading levels to 190–220).
  return Math.min(at, 160);
}

/** Dark pixels: 1, else 0. */
export function binarise(img: Gray, threshold: number): Uint8Array {
  const out = new Uint8Array(img.data.length);
  for (let i = 0; i < out.length; i++) out[i] = img.data[i]! <= threshold ? 1 : 0;
  return out;
}

/** How much lighter than the ink threshold a thin stroke may be, and how much darker than the paper on both sides of it. */
const THIN_LIGHTER = 40;
const THIN_CONTRAST = 40;
/** How far a print pixel's red-free and luminance values may stand apart (gray, not coloured). */
const THIN_COLOUR = 24;

/**
 * The pixels of thin strokes lighter than the ink threshold: pixels no lighter than `threshold` +
 * 40 with the pixels two or three steps above and below them (or left and right) 40 lighter
 * still. At 150 dpi a serif face's horizontal strokes (一 二 三, the bars of 本 and 7) are a pixel
 * or two of light gray that the threshold drops: 一 vanished, 二 read as 4. A flat gray (a shaded
 * cell, the back page showing through) has no such sides; a stroke's gray edge has ink on one side.
 * `other`: the same page in the other channel (luminance for the red-free ink, and back); where
 * the two differ the pixel has colour — the edge of a seal's red ring, whose red a JPEG smeared
 * off it, is a thin gray line in the red-free image — and is no print. `longest`: the longest
 * stroke in pixels (0: any); see `strokeRuns`. Only strokes joined to dark ink are kept (`joinedToInk`).
 */
export function thinStrokes(img: Gray, threshold: number, other?: Gray, longest = 0): Uint8Array {
  const { width: w, height: h, data } = img;
  // 1: lighter above and below (a stroke along the row); 2: left and right (down the column).
  const dir = new Uint8Array(w * h);
  const max = Math.min(254, threshold + THIN_LIGHTER);
  const neutral = other && other.width === w && other.height === h ? other.data : null;
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const i = y * w + x;
      const v = data[i]!;
      if (v <= threshold || v > max) continue;
      if (neutral && Math.abs(neutral[i]! - v) > THIN_COLOUR) continue;
      const need = v + THIN_CONTRAST;
      let bits = 0;
      for (let d = 2; d <= 3; d++) {
        if (y - d >= 0 && y + d < h && data[i - d * w]! >= need && data[i + d * w]! >= need) bits |= 1;
        if (x - d >= 0 && x + d < w && data[i - d]! >= need && data[i + d]! >= need) bits |= 2;
      }
      dir[i] = bits;
    }
  }
  const out = new Uint8Array(w * h);
  strokeRuns(dir, out, w, h, longest);
  joinedToInk(out, data, w, h, threshold);
  return out;
}

/** How far apart (pixels) the pieces of a blurred thin stroke may lie and still be one stroke. */
const JOIN = 2;

/**
 * Only the marked pixels joined (within JOIN pixels, through marked pixels) to a dark one: a printed
 * character's thin strokes meet its dark ones (a serif 一's foot, the bars of 本 on its stem); the
 * back page showing through, all of it light, has none, nor has grain.
 */
function joinedToInk(m: Uint8Array, data: Uint8Array, w: number, h: number, threshold: number): void {
  const keep = new Uint8Array(m.length);
  const stack: number[] = [];
  for (let i = 0; i < m.length; i++) {
    if (!m[i] || keep[i]) continue;
    const x = i % w;
    const y = (i / w) | 0;
    let dark = false;
    for (let dy = -JOIN; dy <= JOIN && !dark; dy++)
      for (let dx = -JOIN; dx <= JOIN && !dark; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if (nx >= 0 && ny >= 0 && nx < w && ny < h && data[ny * w + nx]! <= threshold) dark = true;
      }
    if (!dark) continue;
    keep[i] = 1;
    stack.push(i);
    while (stack.length) {
      const j = stack.pop()!;
      const jx = j % w;
      const jy = (j / w) | 0;
      for (let dy = -JOIN; dy <= JOIN; dy++)
        for (let dx = -JOIN; dx <= JOIN; dx++) {
          const nx = jx + dx;
          const ny = jy + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const k = ny * w + nx;
          if (m[k] && !keep[k]) {
            keep[k] = 1;
            stack.push(k);
          }
        }
    }
  }
  m.set(keep);
}

/**
 * The marked pixels that make strokes: along its own direction (`dir` bit 1 along rows, 2 down
 * columns) a run no longer than `longest` when it is given (gaps of a pixel bridged) — no
 * character's stroke is longer: a light line beside a rule (a JPEG's ringing), a fold's crease, a
 * faint rule itself.
 */
function strokeRuns(dir: Uint8Array, out: Uint8Array, w: number, h: number, longest: number): void {
  const scan = (n: number, len: number, bit: number, at: (k: number, t: number) => number): void => {
    for (let k = 0; k < n; k++) {
      let start = -1;
      let last = -1;
      const close = (): void => {
        const run = last - start + 1;
        if (start < 0 || (longest && run > longest)) return;
        for (let u = start; u <= last; u++) if (dir[at(k, u)]! & bit) out[at(k, u)] = 1;
      };
      for (let t = 0; t < len; t++) {
        if (!(dir[at(k, t)]! & bit)) continue;
        if (start < 0 || t - last > 2) {
          close();
          start = t;
        }
        last = t;
      }
      close();
    }
  };
  scan(h, w, 1, (y, x) => y * w + x);
  scan(w, h, 2, (x, y) => y * w + x);
}

/** Ink: the dark pixels and the thin strokes lighter than them (`thinStrokes`). */
export function inkPixels(img: Gray, threshold: number, thin: Uint8Array = thinStrokes(img, threshold)): Uint8Array {
  const out = binarise(img, threshold);
  for (let i = 0; i < out.length; i++) if (thin[i]) out[i] = 1;
  return out;
}

/**
 * Specks out of a black-and-white image: a piece of ink (8-connected) no bigger than `size` each
 * way with no other ink within `clear` of it — what a seal's red leaves after the seal filter, or
 * grain. Never a character (a character's strokes are bigger) nor a decimal point (its digits are
 * beside it). Returns how many were erased.
 */
export function despeckle(bw: Uint8Array, w: number, h: number, size: number, clear: number): number {
  const seen = new Uint8Array(bw.length);
  const stack: number[] = [];
  const px: number[] = [];
  let erased = 0;
  for (let start = 0; start < bw.length; start++) {
    if (!bw[start] || seen[start]) continue;
    // The piece: flood fill, given up once it is bigger than a speck.
    px.length = 0;
    stack.push(start);
    seen[start] = 1;
    let [x0, y0, x1, y1] = [start % w, (start / w) | 0, start % w, (start / w) | 0];
    let big = false;
    while (stack.length) {
      const i = stack.pop()!;
      px.push(i);
      const x = i % w;
      const y = (i / w) | 0;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      if (x1 - x0 >= size || y1 - y0 >= size) big = true;
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = x + dx;
          const ny = y + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const j = ny * w + nx;
          if (bw[j] && !seen[j]) {
            seen[j] = 1;
            stack.push(j);
          }
        }
      }
    }
    if (big) continue;
    // Alone: no other ink around it.
    let alone = true;
    for (let y = Math.max(0, y0 - clear); y <= Math.min(h - 1, y1 + clear) && alone; y++) {
      for (let x = Math.max(0, x0 - clear); x <= Math.min(w - 1, x1 + clear); x++) {
        const j = y * w + x;
        if (bw[j] && !(x >= x0 && x <= x1 && y >= y0 && y <= y1 && px.includes(j))) {
          alone = false;
          break;
        }
      }
    }
    if (!alone) continue;
    for (const i of px) bw[i] = 0;
    erased++;
  }
  return erased;
}

/** Sharpness of the row profile of dark points sheared by `tan`: the sum of squared differences of neighbouring rows. */
function profileScore(pts: Int32Array, n: number, tan: number, h: number, w: number): number {
  const pad = Math.ceil(Math.abs(tan) * w) + 2;
  const bins = new Float64Array(h + 2 * pad);
  for (let i = 0; i < n; i++) {
    const x = pts[2 * i]!;
    const y = pts[2 * i + 1]!;
    bins[Math.round(y - x * tan) + pad]!++;
  }
  let s = 0;
  for (let i = 1; i < bins.length; i++) s += (bins[i]! - bins[i - 1]!) ** 2;
  return s;
}

/** Dark points of a black-and-white image, on a coarse grid (every `step` pixels), transposed when asked. */
function darkPoints(bw: Uint8Array, w: number, h: number, step: number, transpose: boolean): { pts: Int32Array; n: number } {
  let n = 0;
  for (let y = 0; y < h; y += step) for (let x = 0; x < w; x += step) if (bw[y * w + x]) n++;
  const pts = new Int32Array(2 * n);
  let k = 0;
  for (let y = 0; y < h; y += step) {
    for (let x = 0; x < w; x += step) {
      if (!bw[y * w + x]) continue;
      pts[k++] = transpose ? y / step : x / step;
      pts[k++] = transpose ? x / step : y / step;
    }
  }
  return { pts, n };
}

function bestAngle(pts: Int32Array, n: number, w: number, h: number): { deg: number; score: number } {
  let best = { deg: 0, score: -1 };
  const tryAt = (deg: number): void => {
    const score = profileScore(pts, n, Math.tan((deg * Math.PI) / 180), h, w);
    if (score > best.score) best = { deg, score };
  };
  for (let d = -8; d <= 8; d += 0.5) tryAt(d);
  const c = best.deg;
  for (let d = c - 0.5; d <= c + 0.5; d += 0.05) tryAt(Math.round(d * 100) / 100);
  return best;
}

/**
 * How the page's text runs: `sideways` is how much sharper the column profile is than the row
 * profile (above 1: the page lies turned by 90°), the fine skew in degrees of the rows
 * (positive: the text falls to the right, y growing downwards) and of the columns (positive: a
 * vertical rule leans right going down). A turned page has colDeg = −deg; a photo taken at an
 * angle, or a sheet pulled crooked through a feeder, has them differ (shear).
 */
export function skewOf(bw: Uint8Array, w: number, h: number): { sideways: number; deg: number; colDeg: number } {
  const step = Math.max(1, Math.round(Math.max(w, h) / 1400));
  const sw = Math.ceil(w / step);
  const sh = Math.ceil(h / step);
  const a = darkPoints(bw, w, h, step, false);
  if (a.n < 50) return { sideways: 0, deg: 0, colDeg: 0 };
  const rows = bestAngle(a.pts, a.n, sw, sh);
  const b = darkPoints(bw, w, h, step, true);
  const cols = bestAngle(b.pts, b.n, sh, sw);
  // Normalised by the number of bins: a column profile of a portrait page has fewer, longer ones.
  return { sideways: cols.score / sw / Math.max(1e-9, rows.score / sh), deg: rows.deg, colDeg: cols.deg };
}

/**
 * Straighten a gray image whose rows fall by `rowDeg` and whose columns lean by `colDeg` (an
 * affine map through sharp: rotation and shear in one), keeping its size about its centre;
 * uncovered corners white.
 */
export async function straightenGray(img: Gray, rowDeg: number, colDeg: number): Promise<Gray> {
  if (Math.abs(rowDeg) < 0.02 && Math.abs(colDeg) < 0.02) return img;
  const ta = Math.tan((rowDeg * Math.PI) / 180);
  const tb = Math.tan((colDeg * Math.PI) / 180);
  // The page's (u, v) appears at x = u + v·tb, y = v + u·ta; the inverse of that map straightens it.
  const det = 1 - ta * tb;
  const { data, info } = await sharp(img.data, { raw: { width: img.width, height: img.height, channels: 1 } })
    .affine([1 / det, -tb / det, -ta / det, 1 / det], { background: { r: 255, g: 255, b: 255 }, interpolator: 'bilinear' })
    .raw()
    .toBuffer({ resolveWithObject: true });
  // The output is the bounding box of the mapped page; its centre is the page's centre.
  const left = Math.round((info.width - img.width) / 2);
  const top = Math.round((info.height - img.height) / 2);
  const out = new Uint8Array(img.width * img.height).fill(255);
  const ch = info.channels;
  for (let y = 0; y < img.height; y++) {
    const sy = y + top;
    if (sy < 0 || sy >= info.height) continue;
    for (let x = 0; x < img.width; x++) {
      const sx = x + left;
      if (sx >= 0 && sx < info.width) out[y * img.width + x] = data[(sy * info.width + sx) * ch]!;
    }
  }
  return { width: img.width, height: img.height, data: out };
}

/** Turn a gray image by a multiple of 90° clockwise. */
export function quarterTurn(img: Gray, quarters: number): Gray {
  const q = ((quarters % 4) + 4) % 4;
  if (q === 0) return img;
  const { width: w, height: h, data } = img;
  const W = q === 2 ? w : h;
  const H = q === 2 ? h : w;
  const out = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) {
      const v = data[y * w + x]!;
      let nx: number;
      let ny: number;
      if (q === 1) {
        nx = h - 1 - y;
        ny = x;
      } else if (q === 2) {
        nx = w - 1 - x;
        ny = h - 1 - y;
      } else {
        nx = y;
        ny = w - 1 - x;
      }
      out[ny * W + nx] = v;
    }
  }
  return { width: W, height: H, data: out };
}
