/**
 * PDF bytes → pages of text runs, ruling segments and images, through pdfjs-dist.
 *
 * pdfjs runs in a worker thread, for three reasons:
 *  - a hard time limit: a hostile file that keeps pdfjs busy is stopped by terminating the
 *    worker (a timer in the same thread could not fire while pdfjs computes);
 *  - memory: the worker has its own heap limit, so a bomb cannot take the process down;
 *  - isolation: pdfjs's legacy build installs polyfills that replace natives (Array.prototype.push,
 *    JSON.parse, JSON.stringify…) with slower script versions for the whole realm. In the worker
 *    they harm nobody (and are put back there after loading).
 *
 * The worker's code is worker.mjs, plain JavaScript, so the same file works from the TypeScript
 * sources (tests) and from dist. It only calls pdfjs and copies out plain data; all geometry is
 * done here, in typed code. Idle workers are kept (unref'd) for the next document.
 *
 * pdfjs is loaded with three small edits that skip work done only for painting (PATCHES in
 * worker.mjs; extract.test.ts checks that they change nothing we read). They halve pdfjs's time on
 * a report; see docs/bench.md.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Box, ImageUse, PageData, Run, Segment } from './model.js';

/** Raw page as the worker sends it. */
export interface RawPage {
  width: number;
  height: number;
  /** Viewport transform: PDF user space → points with the origin top-left. */
  vt: number[];
  /** [str, transform, width, height, fontName] */
  items: [string, number[], number, number, string][];
  /** fontName → [ascent, descent, vertical] */
  styles: Record<string, [number, number, boolean]>;
  /** Compact drawing operations (see compact in worker.mjs). */
  ops: RawOp[];
  /** Set when the page could not be read. */
  error?: string;
}

export type RawOp =
  | ['q']
  | ['Q']
  | ['cm', number[]]
  | ['w', number]
  | ['RG', string]
  | ['rg', string]
  | ['fb', number[] | null]
  | ['fe']
  | ['p', 'S' | 'F' | 'B' | 'N', number[]]
  | ['img', number, number]
  | ['Tr', number]
  | ['t'];

export type ExtractResult =
  | {
      kind: 'ok';
      numPages: number;
      pages: RawPage[];
      /** Time pdfjs took in the worker. */
      ms?: number;
      /** How many of the worker's speed edits to pdfjs are in effect (see PATCHES). */
      patched?: number;
    }
  | { kind: 'password' }
  | { kind: 'invalid'; detail: string }
  | { kind: 'tooManyPages'; numPages: number }
  | { kind: 'tooMuchText'; items: number }
  | { kind: 'timeout' }
  | { kind: 'failed'; detail: string };

export interface ExtractOptions {
  timeoutMs: number;
  maxPages: number;
  /** Text items (runs) allowed in the whole document: more is refused (bounds memory and layout time). */
  maxItems?: number;
  /** Run pdfjs exactly as shipped, without the speed edits (tests compare the two). */
  asShipped?: boolean;
}

interface WorkerInfo {
  worker: Worker;
  dead: boolean;
}

const idle: WorkerInfo[] = [];
/** Idle workers kept for reuse (each holds pdfjs, some tens of MB). */
const MAX_IDLE = 2;
let nextId = 1;

function pdfjsData(): Record<string, string> {
  const require = createRequire(import.meta.url);
  const main = require.resolve('pdfjs-dist/legacy/build/pdf.mjs');
  const root = dirname(require.resolve('pdfjs-dist/package.json'));
  return {
    pdfjsUrl: pathToFileURL(main).href,
    workerUrl: pathToFileURL(join(dirname(main), 'pdf.worker.mjs')).href,
    // pdfjs reads these with fs in Node: plain paths with a trailing slash, not file:// URLs.
    cMapUrl: join(root, 'cmaps') + '/',
    standardFontDataUrl: join(root, 'standard_fonts') + '/',
  };
}

function spawn(asShipped = false): WorkerInfo {
  const worker = new Worker(new URL('./worker.mjs', import.meta.url), {
    workerData: { ...pdfjsData(), asShipped },
    resourceLimits: { maxOldGenerationSizeMb: 1024 },
    // Not the host's flags (--input-type, loaders): the worker needs none.
    execArgv: [],
  });
  const info: WorkerInfo = { worker, dead: false };
  worker.on('exit', () => {
    info.dead = true;
    const i = idle.indexOf(info);
    if (i >= 0) idle.splice(i, 1);
  });
  worker.on('error', () => {
    info.dead = true;
  });
  return info;
}

function acquire(): WorkerInfo {
  while (idle.length) {
    const w = idle.pop()!;
    if (!w.dead) {
      w.worker.ref();
      return w;
    }
  }
  return spawn();
}

function release(w: WorkerInfo): void {
  if (w.dead) return;
  if (idle.length < MAX_IDLE) {
    w.worker.unref();
    idle.push(w);
  } else void w.worker.terminate();
}

/** Documents decoded at the same time (each in its own worker); more wait their turn. */
const MAX_BUSY = 2;
let busy = 0;
const waiting: (() => void)[] = [];

/**
 * Decode a PDF in a worker. Never throws; never takes much longer than `timeoutMs` once its
 * turn has come (at most MAX_BUSY documents are decoded at once, bounding memory).
 */
export async function extractPdf(bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractResult> {
  if (busy >= MAX_BUSY) await new Promise<void>((r) => waiting.push(r));
  busy++;
  try {
    return await extractNow(bytes, opts);
  } finally {
    busy--;
    waiting.shift()?.();
  }
}

function extractNow(bytes: Uint8Array, opts: ExtractOptions): Promise<ExtractResult> {
  return new Promise((resolve) => {
    let w: WorkerInfo;
    try {
      // Workers running pdfjs as shipped are not kept: they serve the odd test.
      w = opts.asShipped ? spawn(true) : acquire();
    } catch (e) {
      resolve({ kind: 'failed', detail: `无法启动 PDF 解析线程：${String((e as Error)?.message ?? e)}` });
      return;
    }
    const id = nextId++;
    let settled = false;
    const done = (res: ExtractResult, reuse: boolean): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      w.worker.off('message', onMessage);
      w.worker.off('error', onError);
      w.worker.off('exit', onExit);
      if (reuse && !opts.asShipped) release(w);
      else void w.worker.terminate();
      resolve(res);
    };
    const onMessage = (m: { id: number; res: ExtractResult }): void => {
      if (m?.id === id) done(m.res, true);
    };
    const onError = (e: Error): void => {
      const oom = (e as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY';
      done({ kind: 'failed', detail: oom ? '解析 PDF 所需内存超过上限' : String(e?.message ?? e) }, false);
    };
    const onExit = (): void => done({ kind: 'failed', detail: 'PDF 解析线程意外退出' }, false);
    const timer = setTimeout(() => done({ kind: 'timeout' }, false), opts.timeoutMs);
    w.worker.on('message', onMessage);
    w.worker.on('error', onError);
    w.worker.on('exit', onExit);
    // A real copy (a Node Buffer's slice() is a view, and its ArrayBuffer may be a shared pool):
    // the copy's memory is handed to the worker, the caller's bytes stay untouched.
    const copy = new Uint8Array(bytes.byteLength);
    copy.set(bytes);
    try {
      w.worker.postMessage({ id, data: copy.buffer, opts: { maxPages: opts.maxPages, maxItems: opts.maxItems ?? 300_000 } }, [copy.buffer]);
    } catch (e) {
      done({ kind: 'failed', detail: String((e as Error)?.message ?? e) }, false);
    }
  });
}

/** Stop the idle workers (tests, or a host that wants a clean exit). */
export async function closePdfWorkers(): Promise<void> {
  const ws = idle.splice(0);
  await Promise.all(ws.map((w) => w.worker.terminate()));
}

// ——— geometry ———

type Mat = [number, number, number, number, number, number];

const mul = (m1: Mat, m2: Mat): Mat => [
  m1[0] * m2[0] + m1[2] * m2[1],
  m1[1] * m2[0] + m1[3] * m2[1],
  m1[0] * m2[2] + m1[2] * m2[3],
  m1[1] * m2[2] + m1[3] * m2[3],
  m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
  m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
];
const apply = (m: Mat, x: number, y: number): [number, number] => [m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]];
const asMat = (a: number[] | null | undefined): Mat | null => {
  if (!a || a.length < 6) return null;
  const m = a.slice(0, 6).map(Number) as Mat;
  return m.every(Number.isFinite) ? m : null;
};

/** Colours drawn on white that a reader does not see as lines. */
function isLight(hex: string): boolean {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!m) return false;
  const [r, g, b] = [m[1], m[2], m[3]].map((h) => parseInt(h!, 16) / 255) as [number, number, number];
  return 0.299 * r + 0.587 * g + 0.114 * b > 0.85;
}

/** Thickness under which a filled rectangle is a rule, not a shaded area. */
const RULE_MAX = 2.5;
/** Shortest segment kept (points). */
const MIN_LEN = 2;

/** Control characters some producers leave in text; a tab or line end inside a run is a space (tabs separate cells). */
function stripControls(s: string): string {
  let out = '';
  for (const ch of s) {
    const c = ch.charCodeAt(0);
    if (c === 0x09 || c === 0x0a || c === 0x0d) out += ' ';
    else if (c >= 0x20 && c !== 0x7f) out += ch;
  }
  return out;
}

/** Text items → runs in top-left page coordinates. */
export function runsOf(raw: RawPage): Run[] {
  const vt = asMat(raw.vt) ?? [1, 0, 0, -1, 0, raw.height];
  const runs: Run[] = [];
  for (const [str, tr, width, height, font] of raw.items) {
    const t = asMat(tr);
    if (!t) continue;
    const m = mul(vt, t);
    const st = raw.styles[font];
    // Ascent/descent as fractions of the size, kept in a sane range (some fonts claim huge ones).
    const asc = Math.min(Math.max(st?.[0] || 0.85, 0.7), 1.0);
    const desc = Math.min(Math.max(-(st?.[1] ?? -0.15) || 0.15, 0.1), 0.3);
    // Unit vectors of the text direction and of "up" in page space.
    const sx = Math.hypot(t[0], t[1]) || 1;
    const sy = Math.hypot(t[2], t[3]) || 1;
    const size = Math.max(Math.abs(height) || 0, Math.hypot(m[2], m[3]) || 0) || sy;
    const w = Math.abs(width) || 0;
    // Corners of the glyph box in text space (x along the baseline, y up), mapped to the page.
    const corners: [number, number][] = [
      [0, -desc * size],
      [w, -desc * size],
      [0, asc * size],
      [w, asc * size],
    ];
    const pts = corners.map(([x, y]) => apply(vt, ...apply(t, x / sx, y / sy)));
    const xs = pts.map((p) => p[0]);
    const ys = pts.map((p) => p[1]);
    const base = apply(vt, t[4], t[5]);
    const fontSize = Math.hypot(m[2], m[3]) || size;
    const r: Run = {
      text: stripControls(str),
      x0: Math.min(...xs),
      x1: Math.max(...xs),
      top: Math.min(...ys),
      bottom: Math.max(...ys),
      base: base[1],
      size: fontSize,
    };
    if (!r.text.trim() || !Number.isFinite(r.x0 + r.x1 + r.top + r.bottom)) continue;
    runs.push(r);
  }
  return runs;
}

/**
 * Drawing operations → ruling segments and images, in top-left page coordinates, and how many
 * text-showing operations drew visible and invisible text (render mode 3 or 7: the text layer a
 * scanner's OCR lays under the page's image).
 */
export function drawingOf(raw: RawPage): { segments: Segment[]; images: ImageUse[]; text: { shown: number; hidden: number } } {
  const vt = asMat(raw.vt) ?? [1, 0, 0, -1, 0, raw.height];
  interface GState {
    ctm: Mat;
    stroke: string;
    fill: string;
    /** Text render mode. */
    tr: number;
  }
  let gs: GState = { ctm: [1, 0, 0, 1, 0, 0], stroke: '#000000', fill: '#000000', tr: 0 };
  const text = { shown: 0, hidden: 0 };
  const stack: GState[] = [];
  const segments: Segment[] = [];
  const images: ImageUse[] = [];
  const page = (x: number, y: number): [number, number] => apply(vt, ...apply(gs.ctm, x, y));
  const pushSeg = (ax: number, ay: number, bx: number, by: number): void => {
    const dx = Math.abs(bx - ax);
    const dy = Math.abs(by - ay);
    if (dy <= 0.8 && dx >= MIN_LEN) {
      const y = (ay + by) / 2;
      segments.push({ x0: Math.min(ax, bx), y0: y, x1: Math.max(ax, bx), y1: y });
    } else if (dx <= 0.8 && dy >= MIN_LEN) {
      const x = (ax + bx) / 2;
      segments.push({ x0: x, y0: Math.min(ay, by), x1: x, y1: Math.max(ay, by) });
    }
  };
  for (const op of raw.ops) {
    if (stack.length > 10_000) break; // unbalanced q on hostile input
    switch (op[0]) {
      case 'q':
        stack.push({ ...gs });
        break;
      case 'Q':
        gs = stack.pop() ?? gs;
        break;
      case 'cm': {
        const m = asMat(op[1]);
        if (m) gs.ctm = mul(gs.ctm, m);
        break;
      }
      case 'RG':
        gs.stroke = op[1];
        break;
      case 'rg':
        gs.fill = op[1];
        break;
      case 'fb': {
        stack.push({ ...gs });
        const m = asMat(op[1]);
        if (m) gs.ctm = mul(gs.ctm, m);
        break;
      }
      case 'fe':
        gs = stack.pop() ?? gs;
        break;
      case 'Tr':
        gs.tr = op[1];
        break;
      case 't':
        if (gs.tr === 3 || gs.tr === 7) text.hidden++;
        else text.shown++;
        break;
      case 'img': {
        const pts = [page(0, 0), page(1, 0), page(0, 1), page(1, 1)];
        const xs = pts.map((p) => p[0]);
        const ys = pts.map((p) => p[1]);
        const box: Box = [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
        if (box.every(Number.isFinite)) images.push({ box, width: op[1], height: op[2] });
        break;
      }
      case 'p': {
        const [, paint, d] = op;
        const stroke = (paint === 'S' || paint === 'B') && !isLight(gs.stroke);
        const fill = (paint === 'F' || paint === 'B') && !isLight(gs.fill);
        if (!stroke && !fill) break;
        // Subpaths as polylines (curves reduced to their end points: not rules anyway).
        const subpaths: [number, number][][] = [];
        let cur: [number, number][] = [];
        const flush = (): void => {
          if (cur.length > 1) subpaths.push(cur);
        };
        for (let i = 0; i < d.length;) {
          const code = d[i]!;
          if (code === 0) {
            flush();
            cur = [page(d[i + 1]!, d[i + 2]!)];
            i += 3;
          } else if (code === 1) {
            cur.push(page(d[i + 1]!, d[i + 2]!));
            i += 3;
          } else if (code === 2) {
            cur.push([NaN, NaN], page(d[i + 5]!, d[i + 6]!));
            i += 7;
          } else if (code === 3) {
            cur.push([NaN, NaN], page(d[i + 3]!, d[i + 4]!));
            i += 5;
          } else if (code === 4) {
            const start = cur[0];
            if (start) cur.push(start);
            flush();
            cur = start ? [start] : [];
            i += 1;
          } else break; // unknown code: stop reading this path
        }
        flush();
        for (const sp of subpaths) {
          if (sp.length < 2) continue;
          if (stroke) {
            for (let k = 1; k < sp.length; k++) {
              const a = sp[k - 1]!;
              const b = sp[k]!;
              if (Number.isFinite(a[0] + b[0])) pushSeg(a[0], a[1], b[0], b[1]);
            }
          }
          if (fill) {
            const xs = sp.map((p) => p[0]).filter(Number.isFinite);
            const ys = sp.map((p) => p[1]).filter(Number.isFinite);
            if (!xs.length) continue;
            const x0 = Math.min(...xs);
            const x1 = Math.max(...xs);
            const y0 = Math.min(...ys);
            const y1 = Math.max(...ys);
            // A thin filled rectangle is a rule; a big one is shading (cell backgrounds, page fill).
            if (y1 - y0 <= RULE_MAX && x1 - x0 >= MIN_LEN) pushSeg(x0, (y0 + y1) / 2, x1, (y0 + y1) / 2);
            else if (x1 - x0 <= RULE_MAX && y1 - y0 >= MIN_LEN) pushSeg((x0 + x1) / 2, y0, (x0 + x1) / 2, y1);
          }
        }
        break;
      }
      default:
        break;
    }
  }
  return { segments, images, text };
}

/**
 * The direction most text runs in on the page as shown: 0 (left to right), 90 (downwards), -90
 * (upwards) or 180 (upside down). A page put in sideways is laid out turned back, so that its
 * lines run left to right; its boxes are turned back again for the caller.
 */
export function dominantTurn(raw: RawPage): 0 | 90 | -90 | 180 {
  const vt = asMat(raw.vt) ?? [1, 0, 0, -1, 0, raw.height];
  const weight = new Map<number, number>();
  let total = 0;
  for (const [str, tr] of raw.items) {
    const t = asMat(tr);
    if (!t) continue;
    const m = mul(vt, t);
    const deg = (Math.atan2(m[1], m[0]) * 180) / Math.PI;
    const q = [0, 90, -90, 180, -180].find((a) => Math.abs(deg - a) < 10);
    total += str.length;
    if (q !== undefined) weight.set(q === -180 ? 180 : q, (weight.get(q === -180 ? 180 : q) ?? 0) + str.length);
  }
  let best: 0 | 90 | -90 | 180 = 0;
  for (const [a, w] of weight) if (a !== 0 && w > 0.5 * total) best = a as 90 | -90 | 180;
  return best;
}

/** Matrix turning the shown page (W × H, origin top-left) so that text of direction `turn` runs left to right. */
function turnMatrix(turn: 90 | -90 | 180, w: number, h: number): Mat {
  if (turn === 90) return [0, -1, 1, 0, 0, w];
  if (turn === -90) return [0, 1, -1, 0, h, 0];
  return [-1, 0, 0, -1, w, h];
}

function invert(m: Mat): Mat {
  const det = m[0] * m[3] - m[1] * m[2];
  return [m[3] / det, -m[1] / det, -m[2] / det, m[0] / det, (m[2] * m[5] - m[3] * m[4]) / det, (m[1] * m[4] - m[0] * m[5]) / det];
}

/** One raw page → the reader's page model. */
export function pageOf(raw: RawPage, page: number): PageData {
  const turn = dominantTurn(raw);
  if (turn === 0) {
    const { segments, images, text } = drawingOf(raw);
    return { page, width: raw.width, height: raw.height, runs: runsOf(raw), segments, images, ...hiddenOf(text) };
  }
  const vt = asMat(raw.vt) ?? [1, 0, 0, -1, 0, raw.height];
  const r = turnMatrix(turn, raw.width, raw.height);
  const back = invert(r);
  const turned: RawPage = { ...raw, vt: mul(r, vt), ...(turn === 180 ? {} : { width: raw.height, height: raw.width }) };
  const { segments, images, text } = drawingOf(turned);
  const unturn = (b: Box): Box => {
    const pts = [apply(back, b[0], b[1]), apply(back, b[2], b[3])];
    return [Math.min(pts[0]![0], pts[1]![0]), Math.min(pts[0]![1], pts[1]![1]), Math.max(pts[0]![0], pts[1]![0]), Math.max(pts[0]![1], pts[1]![1])];
  };
  return { page, width: turned.width, height: turned.height, runs: runsOf(turned), segments, images, unturn, ...hiddenOf(text) };
}

/** A page whose text is (nearly) all drawn invisible. */
const hiddenOf = (t: { shown: number; hidden: number }): { hiddenText?: true } =>
  t.hidden > 0 && t.hidden >= 0.9 * (t.hidden + t.shown) ? { hiddenText: true } : {};
