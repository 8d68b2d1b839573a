/**
 * OCR of scanned PDF pages: poppler gets the page image, tesseract reads it.
 *
 *  1. `pdfimages -f N -l N` (native resolution, netpbm output) when `pdfimages -list` shows the
 *     page is one upright image covering it; otherwise `pdftoppm -r 300 -gray` renders the page
 *     (several images, a turned scan, text drawn as outlines). A blank page is left alone.
 *  2. Table rules are erased from the image (long dark runs): tesseract reads a digit in a ruled
 *     box as a character (0 in a cell becomes 国) and a rule as 1 or |.
 *  3. `tesseract IMG stdout -l chi_sim --dpi D --psm 6 tsv` (OMP_THREAD_LIMIT=1, the DPI always
 *     given) → word boxes → runs in PDF points, laid out by the same code as a text layer (no
 *     rules on a scan: columns by alignment).
 *
 * Every word keeps its confidence; words with digits below OCR_MIN_CONFIDENCE are reported
 * (R.ocrLowConfidence) by the PDF reader with their place. OCR is optional: without tesseract the
 * reader says what to install.
 */
import { execFile } from 'node:child_process';
import { accessSync, constants, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import type { Finding } from '../model/report.js';
import type { Box, PageData, Run, Segment } from './pdf/model.js';
import type { Gray } from './scan/image.js';

export { OCR_MIN_CONFIDENCE } from './types.js';
export const OCR_INSTALL = 'apt-get install tesseract-ocr tesseract-ocr-chi-sim poppler-utils';

/** An executable on PATH, or null. */
export function which(name: string, path = process.env.PATH ?? ''): string | null {
  for (const dir of path.split(delimiter)) {
    if (!dir) continue;
    const f = join(dir, name);
    try {
      accessSync(f, constants.X_OK);
      return f;
    } catch {
      // not here
    }
  }
  return null;
}

export function ocrAvailability(): { ok: boolean; missing: string[] } {
  const missing: string[] = [];
  if (!which('tesseract')) missing.push('tesseract（tesseract-ocr）');
  if (!which('pdftoppm')) missing.push('pdftoppm（poppler-utils）');
  return { ok: missing.length === 0, missing };
}

// ——— images ———

export type { Gray } from './scan/image.js';

/** Read a netpbm image (P4 bitmap, P5 gray, P6 colour) as 8-bit gray. Null when it is not one. */
export function readNetpbm(b: Uint8Array): Gray | null {
  let pos = 0;
  const isSpace = (c: number): boolean => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
  const token = (): string => {
    for (;;) {
      while (pos < b.length && isSpace(b[pos]!)) pos++;
      if (b[pos] !== 0x23) break; // '#' comment
      while (pos < b.length && b[pos] !== 0x0a) pos++;
    }
    let s = '';
    while (pos < b.length && !isSpace(b[pos]!) && s.length < 12) s += String.fromCharCode(b[pos++]!);
    return s;
  };
  const magic = token();
  if (magic !== 'P4' && magic !== 'P5' && magic !== 'P6') return null;
  const width = Number(token());
  const height = Number(token());
  const max = magic === 'P4' ? 1 : Number(token());
  pos++; // the single whitespace before the raster
  if (!(width > 0 && height > 0 && max > 0) || width * height > 200_000_000) return null;
  const data = new Uint8Array(width * height);
  if (magic === 'P4') {
    const rb = (width + 7) >> 3;
    if (pos + rb * height > b.length) return null;
    for (let y = 0; y < height; y++) {
      const row = pos + y * rb;
      for (let x = 0; x < width; x++) data[y * width + x] = (b[row + (x >> 3)]! >> (7 - (x & 7))) & 1 ? 0 : 255;
    }
  } else {
    const bpc = max > 255 ? 2 : 1;
    const ch = magic === 'P6' ? 3 : 1;
    if (pos + width * height * ch * bpc > b.length) return null;
    const scale = 255 / max;
    for (let i = 0; i < width * height; i++) {
      let v = 0;
      for (let k = 0; k < ch; k++) {
        const o = pos + (i * ch + k) * bpc;
        const s = bpc === 2 ? (b[o]! << 8) | b[o + 1]! : b[o]!;
        v += ch === 3 ? s * [0.299, 0.587, 0.114][k]! : s;
      }
      data[i] = Math.round(v * scale);
    }
  }
  return { width, height, data };
}

export function writePgm(img: Gray): Uint8Array {
  const head = new TextEncoder().encode(`P5\n${img.width} ${img.height}\n255\n`);
  const out = new Uint8Array(head.length + img.data.length);
  out.set(head);
  out.set(img.data, head.length);
  return out;
}

/**
 * Erase table rules: horizontal dark runs longer than ~0.45 inch, and vertical ones that either
 * meet an erased horizontal rule or are longer than ~0.6 inch (a character's strokes are shorter
 * and do not touch the rules). Returns how many pixels were erased.
 */
export function eraseRules(img: Gray, dpi: number): number {
  const { width: w, height: h, data } = img;
  const dark = (i: number): boolean => data[i]! < 128;
  const hLen = Math.round(0.45 * dpi);
  const vShort = Math.round(0.08 * dpi);
  const vLong = Math.round(0.6 * dpi);
  const near = Math.max(2, Math.round(0.02 * dpi));
  const hMask = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    let x = 0;
    while (x < w) {
      if (!dark(y * w + x)) {
        x++;
        continue;
      }
      let e = x;
      while (e < w && dark(y * w + e)) e++;
      if (e - x >= hLen) hMask.fill(1, y * w + x, y * w + e);
      x = e;
    }
  }
  const touchesRule = (x: number, y: number): boolean => {
    for (let yy = Math.max(0, y - near); yy <= Math.min(h - 1, y + near); yy++) {
      for (let xx = Math.max(0, x - near); xx <= Math.min(w - 1, x + near); xx++) if (hMask[yy * w + xx]) return true;
    }
    return false;
  };
  const vMask = new Uint8Array(w * h);
  for (let x = 0; x < w; x++) {
    let y = 0;
    while (y < h) {
      if (!dark(y * w + x)) {
        y++;
        continue;
      }
      let e = y;
      while (e < h && dark(e * w + x)) e++;
      const len = e - y;
      if (len >= vLong || (len >= vShort && (touchesRule(x, y) || touchesRule(x, e - 1)))) {
        for (let k = y; k < e; k++) vMask[k * w + x] = 1;
      }
      y = e;
    }
  }
  let n = 0;
  for (let i = 0; i < w * h; i++) {
    if (hMask[i] || vMask[i]) {
      data[i] = 255;
      n++;
    }
  }
  return n;
}

// ——— processes ———

export function run(
  cmd: string,
  args: string[],
  timeoutMs: number,
  env?: NodeJS.ProcessEnv,
): Promise<{ ok: boolean; stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve) => {
    if (timeoutMs <= 0) {
      resolve({ ok: false, stdout: '', stderr: '', timedOut: true });
      return;
    }
    execFile(
      cmd,
      args,
      { timeout: timeoutMs, killSignal: 'SIGKILL', maxBuffer: 64 << 20, encoding: 'utf8', env: env ?? process.env },
      (err, stdout, stderr) => {
        const timedOut = !!err && ((err as { killed?: boolean }).killed === true || (err as { signal?: string }).signal === 'SIGKILL');
        resolve({ ok: !err, stdout: String(stdout ?? ''), stderr: String(stderr ?? ''), timedOut });
      },
    );
  });
}

interface PageImage {
  img: Gray;
  dpi: number;
  /** Where the image lies on the page, in points, origin top-left. */
  box: Box;
}

/**
 * `pdfimages -list` rows of one page: [type, width, height, x-ppi, y-ppi] of each image.
 * Columns: page num type width height color comp bpc enc interp object ID x-ppi y-ppi size ratio.
 */
export function parseImageList(out: string): { type: string; width: number; height: number; xppi: number; yppi: number }[] {
  const rows = [];
  for (const line of out.split('\n')) {
    const f = line.trim().split(/\s+/);
    if (f.length < 14 || !/^\d+$/.test(f[0]!)) continue;
    rows.push({ type: f[2]!, width: Number(f[3]), height: Number(f[4]), xppi: Number(f[12]), yppi: Number(f[13]) });
  }
  return rows;
}

export type ImageRow = ReturnType<typeof parseImageList>[number];

/**
 * The images of a page (`pdfimages -list`), and the one image that covers the page upright at
 * `minPpi` or more (or `minPixels` or more across its short side, whatever size the page says),
 * if there is one: a scan's own pixels can then be taken out as they are.
 */
export async function pageImages(
  pdf: string,
  p: { page: number; width: number; height: number },
  deadline: number,
  minPpi: number,
  minPixels = Infinity,
): Promise<{ images: ImageRow[]; covering: ImageRow | null } | 'timeout'> {
  const list = await run('pdfimages', ['-list', '-f', String(p.page), '-l', String(p.page), pdf], deadline - Date.now());
  if (list.timedOut) return 'timeout';
  const images = list.ok ? parseImageList(list.stdout).filter((im) => im.type === 'image') : [];
  const im = images.length === 1 ? images[0]! : null;
  const covers =
    im !== null &&
    (im.xppi >= minPpi || Math.min(im.width, im.height) >= minPixels) &&
    im.xppi <= 1200 &&
    Math.abs((im.width / im.xppi) * 72 - p.width) < 0.03 * p.width &&
    Math.abs((im.height / im.yppi) * 72 - p.height) < 0.03 * p.height;
  return { images, covering: covers ? im : null };
}

async function pageImage(dir: string, pdf: string, p: PageData, deadline: number): Promise<PageImage | 'timeout' | null> {
  // 1. The scanned image itself, at its own resolution, when the page is one upright image covering it.
  if (which('pdfimages')) {
    const found = await pageImages(pdf, p, deadline, 150);
    if (found === 'timeout') return 'timeout';
    const im = found.covering;
    if (im) {
      const prefix = join(dir, `img-${p.page}`);
      const r = await run('pdfimages', ['-f', String(p.page), '-l', String(p.page), pdf, prefix], deadline - Date.now());
      if (r.timedOut) return 'timeout';
      const files = r.ok ? readdirSync(dir).filter((f) => f.startsWith(`img-${p.page}-`)) : [];
      let best: Gray | null = null;
      for (const f of files) {
        const g = readNetpbm(readFileSync(join(dir, f)));
        if (g && (!best || g.width * g.height > best.width * best.height)) best = g;
        rmSync(join(dir, f), { force: true });
      }
      if (best && best.width === im.width && best.height === im.height) return { img: best, dpi: Math.round(im.xppi), box: [0, 0, p.width, p.height] };
    }
  }
  // 2. Render the page (several images, a turned scan, text drawn as outlines).
  const prefix = join(dir, `page-${p.page}`);
  const r = await run('pdftoppm', ['-r', '300', '-gray', '-f', String(p.page), '-l', String(p.page), '-singlefile', pdf, prefix], deadline - Date.now());
  if (r.timedOut) return 'timeout';
  if (!r.ok) return null;
  let g: Gray | null = null;
  try {
    g = readNetpbm(readFileSync(`${prefix}.pgm`));
  } catch {
    g = null;
  }
  return g ? { img: g, dpi: 300, box: [0, 0, p.width, p.height] } : null;
}

/** Nearly no dark pixel: a blank page, nothing to read. */
export function isBlank(img: Gray): boolean {
  let dark = 0;
  const { data } = img;
  for (let i = 0; i < data.length; i += 7) if (data[i]! < 128) dark++;
  return dark < (data.length / 7) * 0.0005;
}

// ——— tesseract TSV ———

interface Word {
  line: string;
  left: number;
  top: number;
  width: number;
  height: number;
  conf: number;
  text: string;
}

export function parseTsv(tsv: string): Word[] {
  const words: Word[] = [];
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f.slice(11).join('\t').trim();
    const conf = Number(f[10]);
    if (!text || !(conf >= 0)) continue;
    words.push({
      line: `${f[1]}.${f[2]}.${f[3]}.${f[4]}`,
      left: Number(f[6]),
      top: Number(f[7]),
      width: Number(f[8]),
      height: Number(f[9]),
      conf,
      text,
    });
  }
  return words;
}

/** Word boxes (pixels) → runs (points). Words of one tesseract line share the line's baseline. */
export function wordsToRuns(words: Word[], image: { width: number; height: number }, box: Box): Run[] {
  const sx = (box[2] - box[0]) / image.width;
  const sy = (box[3] - box[1]) / image.height;
  const lines = new Map<string, Word[]>();
  for (const w of words) {
    if (!lines.has(w.line)) lines.set(w.line, []);
    lines.get(w.line)!.push(w);
  }
  const runs: Run[] = [];
  for (const ws of lines.values()) {
    // The line's extent; its height is about one em (CJK glyphs fill most of it).
    const heights = ws.map((w) => w.height).sort((a, b) => a - b);
    const em = heights[Math.floor(heights.length * 0.75)]! / 0.9;
    const bottom = Math.max(...ws.map((w) => w.top + w.height));
    const top = bottom - em * 0.95;
    for (const w of ws) {
      runs.push({
        text: w.text,
        x0: box[0] + w.left * sx,
        x1: box[0] + (w.left + w.width) * sx,
        top: box[1] + top * sy,
        bottom: box[1] + bottom * sy,
        base: box[1] + bottom * sy,
        size: em * sy,
        conf: w.conf,
      });
    }
  }
  return runs;
}

// ——— pages ———

/** What OCR made of a page: its runs, and for the scan reader the rules it found and the turn it undid. */
export interface OcrPage {
  runs: Run[];
  segments?: Segment[];
  unturn?: (b: Box) => Box;
  /** The page as read, in points, where it is not the PDF page's size (a scan placed at 72 ppi, read as an A4 sheet). */
  size?: { width: number; height: number };
}

export interface OcrResult {
  runs: Map<number, OcrPage>;
  findings: Finding[];
  timedOut: boolean;
}

/** OCR the given pages of a PDF. Never throws. */
export async function ocrPages(bytes: Uint8Array, pages: PageData[], opts: { deadline: number }): Promise<OcrResult> {
  const out: OcrResult = { runs: new Map(), findings: [], timedOut: false };
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-ocr-'));
  try {
    const pdf = join(dir, 'in.pdf');
    writeFileSync(pdf, bytes);
    for (const p of pages) {
      const im = await pageImage(dir, pdf, p, opts.deadline);
      if (im === 'timeout') {
        out.timedOut = true;
        break;
      }
      if (!im) {
        out.findings.push({
          rule: 'R.ocrFailed',
          severity: 'warning',
          page: p.page,
          message: `第${p.page}页是扫描图像，但无法提取该页图像进行文字识别，该页内容未读取`,
        });
        continue;
      }
      if (isBlank(im.img)) {
        out.runs.set(p.page, { runs: [] });
        continue;
      }
      eraseRules(im.img, im.dpi);
      const png = join(dir, `ocr-${p.page}.pgm`);
      writeFileSync(png, writePgm(im.img));
      const r = await run('tesseract', [png, 'stdout', '-l', 'chi_sim', '--dpi', String(im.dpi), '--psm', '6', 'tsv'], opts.deadline - Date.now(), {
        ...process.env,
        OMP_THREAD_LIMIT: '1',
      });
      rmSync(png, { force: true });
      if (r.timedOut) {
        out.timedOut = true;
        break;
      }
      if (!r.ok) {
        const lang = /chi_sim|language/i.test(r.stderr);
        out.findings.push({
          rule: lang ? 'R.ocrMissing' : 'R.ocrFailed',
          severity: 'warning',
          page: p.page,
          message: lang
            ? `第${p.page}页是扫描图像；文字识别需要中文语言包，但本机未安装（tesseract-ocr-chi-sim），该页内容未读取`
            : `第${p.page}页文字识别（OCR）失败，该页内容未读取`,
          note: lang ? `请安装：${OCR_INSTALL}` : r.stderr.trim().slice(0, 300),
        });
        continue;
      }
      const words = parseTsv(r.stdout);
      const runs = wordsToRuns(words, im.img, im.box);
      out.runs.set(p.page, { runs });
      const mean = words.length ? Math.round(words.reduce((s, w) => s + w.conf, 0) / words.length) : 0;
      out.findings.push({
        rule: 'R.ocr',
        severity: 'info',
        page: p.page,
        message: `第${p.page}页是扫描图像，已用文字识别（OCR）读取（平均置信度 ${mean}%），识别结果请与原件核对`,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return out;
}
