/**
 * One scanned page → what the PDF layout works with (runs and ruling segments in points).
 *
 *   1. Level the background of the seal-free gray (`ink`) and of the luminance; threshold.
 *   2. Orientation and skew: turn by 90° when the page lies sideways, straighten the fine skew,
 *      and turn by 180° when the recogniser reads the upside-down page better.
 *   3. Ruling lines → table grids (the PDF grid builder, merged cells included).
 *   4. Each grid cell on its own: its text lines found by the row profile of its dark pixels and
 *      each line recognised by itself — a number never runs into its neighbour cell's, a rule
 *      never becomes a 1. A line that reads as a number is decoded over digits only, with each
 *      digit's runner-up kept (`alts`: the readings the table solver may choose from).
 *   5. Outside the tables: lines of text (the red kept, read from the luminance).
 *
 * Boxes are in points on the straightened page; `unturn` maps them back onto the page as shown.
 */
import { CELL_UNITS } from '../../model/templates.js';
import { buildGrids, type Grid } from '../pdf/grid.js';
import type { Box, Run, Segment } from '../pdf/model.js';
import { applyDewarp, dewarpOf } from './dewarp.js';
import { cutAtColumnRules, type PxBox } from './columns.js';
import { faintMark, FAINT_SURE, lostDigits, padded, stretchedMarks, type FaintMark } from './faint.js';
import { grayMarkMask, paintPaper } from './seal.js';
import { unreadInk } from './unread.js';
import { joinFlat } from './flat.js';
import {
  atReadingDpi,
  binarise,
  despeckle,
  imageDpi,
  inkPixels,
  level,
  otsu,
  quarterTurn,
  straightenGray,
  skewOf,
  thinStrokes,
  type Gray,
  type Raster,
} from './image.js';
import { lineMargin, linesProbs, readProbs, type LineProbs, type LineRead } from './recognise.js';
import { eraseFold, findRules, ruleMask } from './rules.js';
import { fillOutside, sheetEdges } from './sheet.js';

export interface ScanPage {
  /** Page size in points. */
  width: number;
  height: number;
  runs: Run[];
  segments: Segment[];
  /** Maps a box on the straightened page back to the page as shown. */
  unturn?: (b: Box) => Box;
  /** Turn applied (degrees clockwise: quarters and skew). */
  turned: number;
  /** Mean confidence of the lines read (0–100). */
  meanConf: number;
  dpi: number;
  /** Cells (number lines) read, for the record of how the page was read. */
  lines: number;
  /**
   * The PDF page's points per point of the page as read (1 but where the PDF page's size is no
   * paper's: the page is read as an A4 sheet, its boxes shown on the PDF page through `unturn`).
   */
  scale: number;
}

/** A number as a scan shows it (null marks included); such a line is decoded over digits only. */
const NUMBERISH = /^[\s0-9.,，。·:：+＋\-—－–/|lIOo〇()（）]+$/;

interface TextLine {
  box: PxBox;
}

/** Text lines inside a pixel box of a black-and-white image: row profile, then each line's extent. */
export function linesIn(bw: Uint8Array, w: number, box: PxBox, em: number, splitGap: number | null): TextLine[] {
  const [x0, y0, x1, y1] = box;
  const rows: number[] = [];
  for (let y = y0; y < y1; y++) {
    let n = 0;
    for (let x = x0; x < x1; x++) n += bw[y * w + x]!;
    rows.push(n);
  }
  // Bands of rows with ink.
  const bands: [number, number][] = [];
  let s = -1;
  for (let i = 0; i <= rows.length; i++) {
    const ink = i < rows.length && rows[i]! > 0;
    if (ink && s < 0) s = i;
    if (!ink && s >= 0) {
      bands.push([y0 + s, y0 + i]);
      s = -1;
    }
  }
  // A character's strokes can leave gaps (三, 二): join bands while the result is still one line high.
  const merged: [number, number][] = [];
  for (const b of bands) {
    const prev = merged[merged.length - 1];
    if (prev && b[0] - prev[1] < 0.45 * em && b[1] - prev[0] <= 1.35 * em) prev[1] = b[1];
    else merged.push([b[0], b[1]]);
  }
  const out: TextLine[] = [];
  for (const [a, b] of merged) {
    if (b - a < Math.max(2, 0.15 * em)) {
      // a speck or a dash: kept only when it is wide enough to be a dash (a null mark)
      let n = 0;
      for (let y = a; y < b; y++) for (let x = x0; x < x1; x++) n += bw[y * w + x]!;
      if (n < 0.25 * em * (b - a)) continue;
    }
    const cols: boolean[] = [];
    for (let x = x0; x < x1; x++) {
      let ink = false;
      for (let y = a; y < b && !ink; y++) ink = bw[y * w + x] === 1;
      cols.push(ink);
    }
    // Pieces of the line separated by wide gaps (outside tables: text far apart on one line). A
    // white corridor down a band several lines tall is a column's edge even when narrow (a table
    // drawn without rules: its labels wrap onto two or three lines beside the values).
    const gap = splitGap !== null && b - a > 1.6 * em ? Math.min(splitGap, Math.round(0.5 * em)) : splitGap;
    let start = -1;
    let last = -1;
    const flush = (): void => {
      if (start >= 0 && last - start >= 1) out.push({ box: [x0 + start, a, x0 + last + 1, b] });
      start = -1;
    };
    for (let i = 0; i < cols.length; i++) {
      if (!cols[i]) continue;
      if (start >= 0 && gap !== null && i - last > gap) flush();
      if (start < 0) start = i;
      last = i;
    }
    flush();
  }
  return out;
}

/**
 * A cell's line grown past the cell's left or right edge where its ink runs on: a column rule
 * placed a few pixels into the first digit (the columns of a page photographed at an angle lean)
 * cut off the left of an 8, and the rest read as a sure 3. Outward column by column while the
 * line's rows hold ink, to the first white column, when that is an eighth of an em or more and at
 * most an em away; ink that runs on further, or a column whose ink goes on above and below the
 * line (a rule), is not the glyph: the line is kept as it was.
 */
export function spillOver(bw: Uint8Array, w: number, line: PxBox, cell: PxBox, em: number): PxBox {
  const [x0, y0, x1, y1] = line;
  const h = bw.length / w;
  const inkAt = (x: number, y: number): boolean => y >= 0 && y < h && bw[y * w + x] === 1;
  const glyphColumn = (x: number): boolean => {
    let ink = false;
    for (let y = y0; y < y1 && !ink; y++) ink = inkAt(x, y);
    return ink && !(inkAt(x, y0 - 2) && inkAt(x, y1 + 1));
  };
  // Less than an eighth of an em outside is the edge of a stroke, not a part of a character: the
  // recogniser reads the character as it is, and taking the column in takes in specks beside it.
  const least = Math.max(2, Math.round(0.125 * em));
  const grow = (from: number, step: -1 | 1): number => {
    let x = from;
    for (let n = 0; n < em; n++) {
      const next = x + step;
      if (next < 0 || next >= w) return from;
      if (!glyphColumn(next)) return n >= least ? x : from;
      x = next;
    }
    return from;
  };
  return [x0 <= cell[0] ? grow(x0, -1) : x0, y0, x1 >= cell[2] ? grow(x1 - 1, 1) + 1 : x1, y1];
}

/**
 * Punctuation that leaves white after it in its own em (a pause, not a column's edge): a closing
 * bracket's ink lies in the left half of its cell (（四）无 is one label).
 */
const PAUSE = /[、，。；：！？,.;:!?）)〕】」』》”’]$/;

/**
 * A piece of text read as one line, cut where its ink leaves a gap of half an em or more: the
 * pieces of a table drawn without rules whose columns stand closer than the cut between runs
 * (`三、本` beside `（一）予以公开`). The line is read once, in one piece (a bracket or a 、 alone
 * reads badly); the model's steps are divided at each gap, each part decoded on its own. A gap
 * after punctuation (、，。) or a closing bracket is where a sentence pauses: not cut there.
 */
export function cutAtGaps(l: LineProbs, box: PxBox, bw: Uint8Array, w: number, em: number): { probs: LineProbs; box: PxBox }[] {
  const [x0, y0, x1, y1] = box;
  const whole = [{ probs: l, box }];
  if (!l.T || x1 - x0 < 2 * em) return whole;
  const ink: boolean[] = [];
  for (let x = x0; x < x1; x++) {
    let any = false;
    for (let y = y0; y < y1 && !any; y++) any = bw[y * w + x] === 1;
    ink.push(any);
  }
  // Inked stretches apart by at least half an em.
  const spans: [number, number][] = [];
  for (let i = 0; i < ink.length; i++) {
    if (!ink[i]) continue;
    const last = spans[spans.length - 1];
    if (last && i - last[1] <= 0.5 * em) last[1] = i + 1;
    else spans.push([i, i + 1]);
  }
  if (spans.length < 2) return whole;
  // Steps of the model across the crop (its margin of a quarter of the height on each side).
  const pad = lineMargin(box);
  const stepAt = (x: number): number => Math.max(0, Math.min(l.T, Math.floor(((x + pad) / (x1 - x0 + 2 * pad)) * l.T)));
  const cuts = spans.slice(1).map((sp, k) => stepAt((spans[k]![1] + sp[0]) / 2));
  const part = (a: number, b: number): LineProbs => ({ ...l, probs: l.probs.subarray(a * l.C, b * l.C), T: b - a });
  const out: { probs: LineProbs; box: PxBox; from: number; to: number }[] = [];
  let from = 0;
  let startSpan = 0;
  for (let k = 0; k <= cuts.length; k++) {
    const to = k < cuts.length ? cuts[k]! : l.T;
    if (k < cuts.length) {
      const left = readProbs(part(from, to), false).text.trim();
      // Not cut after a pause, nor where a side reads as nothing.
      if (!left || PAUSE.test(left) || !readProbs(part(to, k + 1 < cuts.length ? cuts[k + 1]! : l.T), false).text.trim()) continue;
    }
    out.push({ probs: part(from, to), box: [x0 + spans[startSpan]![0], y0, x0 + spans[k]![1], y1], from, to });
    from = to;
    startSpan = k + 1;
  }
  return out.length > 1 ? out.map((o) => ({ probs: o.probs, box: o.box })) : whole;
}

/**
 * A piece read as a label with a number at its end (`方合法权益0`, `3.补正后申34`): where to cut it —
 * the rightmost gap in its ink at least a third of an em wide whose right part is no wider than
 * the number's digits — as the label's box and the number's; null when it does not read so or no
 * such gap is there.
 */
export function trailingNumber(bw: Uint8Array, w: number, box: PxBox, em: number, text: string): [PxBox, PxBox] | null {
  const m = /[\p{Script=Han}）)」”"]\s*(\d[\d.,]*)$/u.exec(text.trim());
  if (!m) return null;
  const digits = m[1]!.length;
  const [x0, y0, x1, y1] = box;
  let end = -1;
  let gapAt = -1;
  for (let x = x1 - 1; x >= x0; x--) {
    let ink = false;
    for (let y = y0; y < y1 && !ink; y++) ink = bw[y * w + x] === 1;
    if (ink) {
      if (end >= 0 && end - x - 1 >= em / 3) {
        gapAt = x + 1;
        break;
      }
      end = x;
      if (x1 - x > (0.7 * digits + 0.4) * em) return null;
    }
  }
  if (gapAt < 0) return null;
  return [
    [x0, y0, gapAt, y1],
    [end, y0, x1, y1],
  ];
}

/**
 * The pieces of a cell's line that can be characters: its ink in stretches apart by more than
 * half an em, each cut to its own rows of ink, kept when at least half an em tall. A rule the
 * straightening left bowed across the cell (a thin run of ink along the line's top or bottom)
 * stretches the line over the whole cell and the recogniser reads nothing in it; the digits
 * beside it read alone.
 */
export function inkPieces(bw: Uint8Array, w: number, box: PxBox, em: number): PxBox[] {
  const [x0, y0, x1, y1] = box;
  const spans: [number, number][] = [];
  for (let x = x0; x < x1; x++) {
    let n = 0;
    for (let y = y0; y < y1; y++) n += bw[y * w + x]!;
    // A column with ink no taller than a rule's thickness is the rule, not a character's stroke.
    if (n < Math.max(2, 0.2 * em)) continue;
    const last = spans[spans.length - 1];
    if (last && x - last[1] <= 0.5 * em) last[1] = x + 1;
    else spans.push([x, x + 1]);
  }
  const out: PxBox[] = [];
  for (const [a, b] of spans) {
    let top = -1;
    let bottom = -1;
    for (let y = y0; y < y1; y++) {
      let n = 0;
      for (let x = a; x < b; x++) n += bw[y * w + x]!;
      // A row of the piece crossed by ink over most of its width is the rule, not a character —
      // unless the piece is narrower than half an em: then it is a stroke down (a serif 1 at 150
      // dpi is a bar three pixels wide, every row of it full).
      if (n === 0 || (b - a >= 0.5 * em && n > 0.9 * (b - a))) continue;
      if (top < 0) top = y;
      bottom = y + 1;
    }
    // A narrow piece taller than a digit is a column rule's remnant bowed into the cell.
    if (top >= 0 && bottom - top >= 0.5 * em && (b - a >= 0.5 * em || bottom - top <= em)) out.push([a, top, b, bottom]);
  }
  return out;
}

/**
 * A cell's line less the specks at its ends: pieces of ink smaller than half an em each way, more
 * than two ems beyond its characters (grain, the back page showing through a shaded cell — specks
 * close together, which despeckling leaves). Left in, they stretch the line over the cell, and the
 * recogniser reads the faint back page the stretch takes in as text. A line with no piece bigger
 * than that is kept whole (a dash, the null mark, stays).
 */
export function trimSpecks(bw: Uint8Array, w: number, box: PxBox, em: number): PxBox {
  const [x0, y0, x1, y1] = box;
  // Pieces: inked columns apart by no more than a quarter of an em (specks a little apart stay
  // apart), each with its own rows of ink.
  const pieces: { a: number; b: number; top: number; bottom: number }[] = [];
  for (let x = x0; x < x1; x++) {
    let top = -1;
    let bottom = -1;
    for (let y = y0; y < y1; y++) {
      if (!bw[y * w + x]) continue;
      if (top < 0) top = y;
      bottom = y + 1;
    }
    if (top < 0) continue;
    const last = pieces[pieces.length - 1];
    if (last && x - last.b <= 0.25 * em) {
      last.b = x + 1;
      last.top = Math.min(last.top, top);
      last.bottom = Math.max(last.bottom, bottom);
    } else pieces.push({ a: x, b: x + 1, top, bottom });
  }
  const speck = (p: { a: number; b: number; top: number; bottom: number }): boolean => p.b - p.a < 0.5 * em && p.bottom - p.top < 0.5 * em;
  // The characters: the first and the last piece that is not a speck; specks more than two ems
  // beyond them go (however many, and however close together).
  const first = pieces.findIndex((p) => !speck(p));
  if (first < 0) return box;
  const last = pieces.length - 1 - [...pieces].reverse().findIndex((p) => !speck(p));
  let i = 0;
  let j = pieces.length - 1;
  while (i < first && pieces[first]!.a - pieces[i]!.b > 2 * em) i++;
  while (j > last && pieces[j]!.a - pieces[last]!.b > 2 * em) j--;
  if (i === 0 && j === pieces.length - 1) return box;
  const kept = pieces.slice(i, j + 1);
  return [kept[0]!.a, Math.min(...kept.map((p) => p.top)), kept[kept.length - 1]!.b, Math.max(...kept.map((p) => p.bottom))];
}

/**
 * What a cell holds when its ink read as nothing, even piece by piece: not a blank (a blank cell
 * is 0 by convention) but a mark the parser takes for no number, so the cell is missing and its
 * row flagged, never a clean 0.
 */
export const UNREAD = '？';

/** Blank out the pixels of a box (tables, when reading the text around them). */
function clearBox(bw: Uint8Array, w: number, b: PxBox): void {
  for (let y = b[1]; y < b[3]; y++) bw.fill(0, y * w + b[0], y * w + b[2]);
}

/** The alternatives of a number line: the text with one uncertain digit replaced by its runner-up (most likely first). */
export function alternativesOf(read: LineRead): string[] {
  const out: { text: string; p: number }[] = [];
  read.chars.forEach((c, i) => {
    if (!c.alt) return;
    const text = read.chars.map((d, k) => (k === i ? c.alt!.ch : d.ch)).join('');
    out.push({ text, p: c.alt.p });
  });
  return out
    .sort((a, b) => b.p - a.p)
    .slice(0, 3)
    .map((a) => a.text);
}

/** A line as text; a line that reads as a number is decoded over digits only. */
function readAs(l: LineProbs): { read: LineRead; numeric: boolean } {
  const full = readProbs(l, false);
  // A number, or a short line with no Chinese in it (a digit the model took for a letter: 2 as N).
  const t = full.text.trim();
  if (!t || !(NUMBERISH.test(t) || (t.length <= 12 && !/[\p{Script=Han}]/u.test(t)))) return { read: full, numeric: false };
  const digits = readProbs(l, true);
  return digits.text ? { read: digits, numeric: true } : { read: full, numeric: false };
}

function toRun(read: LineRead, box: PxBox, s: number, numeric: boolean): Run {
  const alts = numeric ? alternativesOf(read) : [];
  return {
    text: read.text.trim(),
    x0: box[0] * s,
    x1: box[2] * s,
    top: box[1] * s,
    bottom: box[3] * s,
    base: box[3] * s,
    size: (box[3] - box[1]) * s,
    conf: read.conf,
    ...(alts.length ? { alts } : {}),
  };
}

/** The typical text height (pixels): the median band height of the page's lines outside rules. */
function emOf(bw: Uint8Array, w: number, h: number, dpi: number): number {
  const guess = 0.15 * dpi;
  const lines = linesIn(bw, w, [0, 0, w, h], guess, null);
  const hs = lines.map((l) => l.box[3] - l.box[1]).filter((x) => x > 0.07 * dpi && x < 0.4 * dpi);
  if (hs.length < 3) return guess;
  hs.sort((a, b) => a - b);
  return hs[hs.length >> 1]!;
}

interface Prepared {
  ink: Gray;
  /** The ink before `clean` (rules are found in it: a faint rule keeps its contrast). */
  levelled: Gray;
  lum: Gray;
  bw: Uint8Array;
  turned: number;
}

/** Mean character probability at which a way up is taken at once (upside-down text reads below 0.6). */
const READS_WELL = 0.9;

/** Turned by `quarters` × 90° clockwise, then straightened. */
async function turnAndStraighten(ink0: Gray, lum0: Gray, quarters: number): Promise<Prepared> {
  let ink = quarterTurn(ink0, quarters);
  let lum = quarterTurn(lum0, quarters);
  const sk = skewOf(binarise(ink, otsu(ink)), ink.width, ink.height);
  // Columns lean their own way only by a little (a photo's angle); else the page is simply turned.
  const colDeg = Math.abs(sk.colDeg + sk.deg) <= 2 ? sk.colDeg : -sk.deg;
  if (sk.deg || colDeg) {
    ink = await straightenGray(ink, sk.deg, colDeg);
    lum = await straightenGray(lum, sk.deg, colDeg);
  }
  return prepared(ink, lum, quarters * 90 - sk.deg);
}

/** A straightened page's images: what the recogniser sees, and the ink. */
function prepared(levelled: Gray, lum: Gray, turned: number, lumDone = false): Prepared {
  const thr = otsu(levelled);
  // No character's stroke is longer than a fifth of an inch (an A4 page's width is 8.27 inches).
  const longest = Math.round((0.2 * Math.min(levelled.width, levelled.height)) / 8.27);
  const thin = thinStrokes(levelled, thr, lum, longest);
  const lumThr = otsu(lum);
  return {
    ink: clean(levelled, thr, thin),
    levelled,
    lum: lumDone ? lum : clean(lum, lumThr, thinStrokes(lum, lumThr, levelled, longest)),
    bw: inkPixels(levelled, thr, thin),
    turned,
  };
}

/** The same page turned by 180° (cheap: no new skew). */
function overturned(p: Prepared): Prepared {
  const g = (d: Uint8Array): Gray => quarterTurn({ width: p.ink.width, height: p.ink.height, data: d }, 2);
  return { ink: g(p.ink.data), levelled: g(p.levelled.data), lum: g(p.lum.data), bw: g(p.bw).data, turned: p.turned + 180 };
}

/**
 * Straighten a page: level it, find the axis its text runs along (row and column profiles;
 * both tried when they do not tell, as on a page that is mostly table), straighten the skew, and
 * take the way up the recogniser reads best. `flat`: the page comes flattened already (the way up
 * was judged on the flattened page), not to be flattened twice.
 */
async function straighten(r: Raster): Promise<{ p: Prepared; flat: boolean }> {
  const block = Math.max(16, Math.round(Math.min(r.width, r.height) / 60));
  const { ink: ink0, lum: lum0 } = onSheet(r, block);
  const ink = level(ink0, block);
  const lum = level(lum0, block);
  const { sideways } = skewOf(binarise(ink, otsu(ink)), ink.width, ink.height);
  // The way the line profiles say first; a way up that reads well is taken without trying the
  // others. The profiles alone can be wrong: a page of narrow table columns with wrapped labels
  // has long vertical runs of ink and looks sideways, so the other axis is tried when the first
  // does not read.
  const axes = sideways > 2 ? [1, 0] : [0, 1];
  let best: { p: Prepared; score: number } | null = null;
  let first: Prepared | null = null;
  const tried: Prepared[] = [];
  for (const q of axes) {
    const p = await turnAndStraighten(ink, lum, q);
    first ??= p;
    for (const cand of [p, overturned(p)]) {
      tried.push(cand);
      const score = await readability(cand);
      if (!best || score > best.score) best = { p: cand, score };
      // Upright by the profiles and reading well: done. Sideways by the profiles is taken only
      // after the other axis was tried too — a table page whose value columns are stacks of
      // digits looks sideways, and its labels turned a quarter can still read fairly well.
      if (score >= READS_WELL && q === 0) return { p: cand, flat: false };
    }
  }
  if (best!.score >= 0.5) return { p: best!.p, flat: false };
  // No way reads (a page that is all table, photographed at an angle: its rows slant, each band
  // of ink is several lines tall and the rules' mask misses the slanting rules): judged again
  // with each way flattened first (dewarp.ts), the way that then reads best when it clearly reads.
  const flat: { p: Prepared; score: number }[] = [];
  for (const cand of tried) {
    const f = flatten(cand);
    if (f === cand) continue;
    const score = await readability(f);
    flat.push({ p: f, score });
    if (score >= READS_WELL) break;
  }
  const top = flat.reduce<{ p: Prepared; score: number } | null>((a, b) => (!a || b.score > a.score ? b : a), null);
  // Else what the profiles say.
  return top && top.score >= 0.5 ? { p: top.p, flat: true } : { p: first!, flat: false };
}

/**
 * The page's images with what lies beyond the sheet's edges (a photo's desk, a frame) painted the
 * paper's brightness (sheet.ts), so levelling makes no band of ink along the paper's edge. The
 * raster itself is not changed.
 */
function onSheet(r: Raster, block: number): { ink: Gray; lum: Gray } {
  const edges = sheetEdges(r.lum, block);
  if (!edges.length) return r;
  const copy = (g: Gray): Gray => ({ width: g.width, height: g.height, data: g.data.slice() });
  const ink = copy(r.ink);
  const lum = copy(r.lum);
  for (const g of [ink, lum]) fillOutside(g, edges, block, Math.round(block / 2));
  return { ink, lum };
}

/**
 * A page that does not lie flat (photographed at an angle, or bowing): remapped so that its
 * table's rules are straight and axis-parallel, and where no rule reaches, its lines of text level
 * (dewarp.ts). A page whose rules and lines are straight already is returned as it is.
 */
function flatten(p: Prepared): Prepared {
  const { width: w, height: h } = p.levelled;
  const dpi = Math.min(w, h) / 8.27;
  // The lines of text, where no rule reaches: the ink without its rules.
  const rl = ruleMask(p.bw, w, h, Math.round(0.3 * dpi), Math.round(0.3 * dpi), Math.max(2, Math.round(0.012 * dpi)));
  const bw = p.bw.map((v, i) => (rl[i] ? 0 : v));
  const d = dewarpOf(p.levelled, dpi, bw);
  if (!d) return p;
  // The recogniser's gray page was cleaned already: remapped as it is.
  return prepared(applyDewarp(p.levelled, d), applyDewarp(p.lum, d), p.turned, true);
}

/**
 * The image the recogniser sees: everything lighter than the ink threshold turned white (what is
 * left of a seal, bleed-through, a fold's shadow, grain), the ink kept with its gray edges, and
 * thin strokes lighter than the threshold (`thin`: a serif face's horizontals) kept as they are.
 */
function clean(img: Gray, thr: number, thin: Uint8Array): Gray {
  const out = new Uint8Array(img.data.length);
  const soft = Math.min(255, thr + 25);
  for (let i = 0; i < out.length; i++) {
    const v = img.data[i]!;
    out[i] = v <= thr || thin[i] ? v : v >= soft ? 255 : Math.round(thr + ((v - thr) * (255 - thr)) / (soft - thr));
  }
  return { width: img.width, height: img.height, data: out };
}

/** How well the recogniser reads a few long lines of the page as it stands (mean character probability). */
async function readability(p: Prepared): Promise<number> {
  const { width: w, height: h } = p.ink;
  const em = emOf(p.bw, w, h, Math.min(w, h) / 8.27);
  const linesOf = (bw: Uint8Array, minWidth: number): TextLine[] =>
    linesIn(bw, w, [0, 0, w, h], em, 2 * em)
      .filter((l) => l.box[2] - l.box[0] > minWidth && l.box[3] - l.box[1] < 1.6 * em && l.box[3] - l.box[1] > 0.5 * em)
      .filter((l) => l.box[0] > em && l.box[1] > em && l.box[2] < w - em && l.box[3] < h - em)
      .sort((a, b) => b.box[2] - b.box[0] - (a.box[2] - a.box[0]))
      .slice(0, 4);
  let lines = linesOf(p.bw, 3 * em);
  if (!lines.length) {
    // A page that is all table: its rules join every line into one blob. Without the rules, the
    // short labels of the cells (2–3 characters) tell the way up.
    const mask = ruleMask(p.bw, w, h, Math.round(8 * em), Math.round(4 * em), Math.max(2, Math.round(0.1 * em)));
    const bare = p.bw.map((v, i) => (mask[i] ? 0 : v));
    lines = linesOf(bare, 1.8 * em);
  }
  if (!lines.length) return 0;
  // The first dozen characters of each tell the way up as well as the whole line.
  const probs = await linesProbs(
    p.ink,
    lines.map((l) => [l.box[0], l.box[1], Math.min(l.box[2], l.box[0] + Math.round(12 * em)), l.box[3]] as PxBox),
  );
  // Chinese read surely is the sign of the right way up; digits (0, 1) read well in any turn.
  let sum = 0;
  for (const l of probs ?? []) {
    const a = readProbs(l, false);
    const han = a.chars.filter((c) => /\p{Script=Han}/u.test(c.ch));
    sum += han.length >= 2 ? han.reduce((s, c) => s + c.p, 0) / han.length : 0;
  }
  return sum / lines.length;
}

/**
 * Read one page image. `pageSize`: the page in points when the image is a PDF page (it covers
 * the page); otherwise the image is taken as an A4-wide page.
 */
export async function readScanPage(scan: Raster, pageSize: { width: number; height: number } | null): Promise<ScanPage> {
  const pageShort = pageSize ? Math.min(pageSize.width, pageSize.height) : 0;
  const stated = (g: Raster): number | undefined => (pageSize ? (Math.min(g.width, g.height) / pageShort) * 72 : g.density);
  const r = await atReadingDpi(scan, imageDpi(scan.width, scan.height, stated(scan)));
  const up = await straighten(r);
  const p = up.flat ? up.p : flatten(up.p);
  const short = Math.min(p.ink.width, p.ink.height);
  // Pixels per inch: from the PDF page, else from the file, when either makes the sheet a paper's
  // size; else an A4 page's width. The page is read in points of that sheet; `scale` takes them
  // to the PDF page's own points (not 1 where its size is no paper's: a scan placed at 72 ppi).
  const dpi = imageDpi(p.ink.width, p.ink.height, pageSize ? (short / pageShort) * 72 : r.density);
  const scale = pageSize && Math.abs((short / pageShort) * 72 - dpi) > 1e-6 * dpi ? (pageShort / short) * (dpi / 72) : 1;
  const { width: w, height: h } = p.ink;
  // A seal scanned in gray (no red to drop it by): its ring and star out of the images, the rules
  // and cells looked for without them; a cell they crossed is not read as blank (below). (A colour
  // scan's red seal is paper in the ink image already; taking it out of the gray one too cost a
  // column-ruled table its labels' lines.)
  const sealed = grayMarkMask(p.levelled, dpi);
  if (sealed) {
    paintPaper(sealed, [p.levelled, p.ink, p.lum]);
    for (let i = 0; i < sealed.length; i++) if (sealed[i]) p.bw[i] = 0;
  }
  const em = emOf(p.bw, w, h, dpi);
  const s = 72 / dpi;
  const rules = findRules(p.levelled, dpi);
  // A fold's crease is not ink: out of the images the cells and the text are read from (its
  // light gray; the digits it crosses keep their strokes).
  const thr = otsu(p.levelled);
  for (const f of rules.folds.h) eraseFold(f, true, p.levelled, thr, p.bw, [p.ink, p.lum]);
  for (const f of rules.folds.v) eraseFold(f, false, p.levelled, thr, p.bw, [p.ink, p.lum]);
  if (process.env.SCAN_DEBUG) {
    const img = new Uint8Array(p.bw.length);
    for (let i = 0; i < img.length; i++) img[i] = p.bw[i] ? 0 : 255;
    const sharp = (await import('sharp')).default;
    await sharp(img, { raw: { width: w, height: h, channels: 1 } })
      .png()
      .toFile(process.env.SCAN_DEBUG);
  }
  const grids: Grid[] = buildGrids(rules.segments, { rectangular: true });
  if (grids.length) {
    // The rules out of the images the cells are read from (a rule's end would read as 1 or [).
    // Only inside the tables, and with short gaps bridged: a line of dense text is not a rule.
    const mask = ruleMask(p.bw, w, h, Math.round(0.3 * dpi), Math.round(0.16 * dpi), Math.max(2, Math.round(0.012 * dpi)), undefined, rules.v);
    const m = Math.round(0.05 * dpi);
    for (const g of grids) {
      const [x0, y0, x1, y1] = [
        Math.max(0, Math.round(g.box[0] / s) - m),
        Math.max(0, Math.round(g.box[1] / s) - m),
        Math.min(w, Math.round(g.box[2] / s) + m),
        Math.min(h, Math.round(g.box[3] / s) + m),
      ];
      for (let y = y0; y < y1; y++) {
        for (let x = x0; x < x1; x++) {
          const i = y * w + x;
          if (!mask[i]) continue;
          p.bw[i] = 0;
          p.ink.data[i] = 255;
        }
      }
      // A column rule that leans (a photo at an angle) has no long run down a column for the mask:
      // its own pixels, along its line.
      for (const r of rules.v) {
        if (!r.lean || r.at < x0 || r.at >= x1) continue;
        const half = Math.ceil(r.thick / 2) + 2;
        for (let y = Math.max(y0, r.from); y <= Math.min(y1 - 1, r.to); y++) {
          const xc = Math.round(r.lean.base + r.lean.slope * y);
          for (let x = Math.max(x0, xc - half); x <= Math.min(x1 - 1, xc + half); x++) {
            const i = y * w + x;
            if (!p.bw[i]) continue;
            p.bw[i] = 0;
            p.ink.data[i] = 255;
          }
        }
      }
    }
    // Lone specks (grain, the back page showing through a shaded cell) stretch a cell's line over
    // the whole cell, and the recogniser then reads the faint back page inside it as text.
    despeckle(p.bw, w, h, Math.max(2, Math.round(0.15 * em)), Math.round(0.4 * em));
  }
  const px = (v: number): number => Math.round(v / s);
  // A cell's side on a column rule that leans (a photo at an angle) lies where the rule runs at the
  // cell's middle, not where the upright segment the grid was built from stands: at a tall
  // table's top and bottom rows that is a character's width away.
  const leaning = (x: number, top: number, bottom: number): number => {
    const mid = (top + bottom) / 2;
    const r = rules.v.find((v) => v.lean && Math.abs(v.at - x) <= 2 && v.from <= mid && v.to >= mid);
    return r?.lean ? Math.round(r.lean.base + r.lean.slope * mid) : x;
  };
  // Each cell's lines, then the lines of the rest of the page; all read in batches.
  const cellLines: PxBox[] = [];

  /** Every cell, inside its rules; the cell of each of `cellLines`. */
  const cells: PxBox[] = [];
  const cellOf = new Map<number, PxBox>();
  /** Faint marks beside a number read in its cell: a digit of it the ink image lost. */
  const lost: { mark: FaintMark; cell: PxBox }[] = [];
  /** Each number read in a cell: its run, its line and its cell (read again from the levelled image below). */
  const numbers: { run: Run; box: PxBox; cell: PxBox }[] = [];
  /** Ink in a number's line that no character read covers (a digit the recogniser dropped), and the number's run. */
  const dropped: { ink: PxBox; run: Run }[] = [];
  const text = p.bw.slice();
  for (const g of grids) {
    for (const c of g.cells) {
      // Inside the cell, clear of its rules.
      const inset = Math.max(2, Math.round(0.02 * dpi));
      const [top, bottom] = [px(c.box[1]), px(c.box[3])];
      const box: PxBox = [leaning(px(c.box[0]), top, bottom) + inset, top + inset, leaning(px(c.box[2]), top, bottom) - inset, bottom - inset];
      if (box[2] - box[0] < 3 || box[3] - box[1] < 3) continue;
      // A column rule that does not reach the cell's top (a label column split further down) crosses its lines.
      const lines = cutAtColumnRules(
        linesIn(p.bw, w, box, em, null).map((l) => l.box),
        rules.v,
        p.bw,
        w,
        em,
      );
      for (const l of lines) {
        cellLines.push(spillOver(p.bw, w, trimSpecks(p.bw, w, l, em), box, em));
        cellOf.set(cellLines.length - 1, box);
      }
      cells.push(box);
    }
    const gb = g.box;
    clearBox(text, w, [Math.max(0, px(gb[0]) - 3), Math.max(0, px(gb[1]) - 3), Math.min(w, px(gb[2]) + 3), Math.min(h, px(gb[3]) + 3)]);
  }
  // The rest of the page: rules outside tables (underlines, a border) are not text.
  for (const rl of rules.h) clearBox(text, w, [rl.from, Math.max(0, rl.at - rl.thick - 1), rl.to + 1, Math.min(h, rl.at + rl.thick + 2)]);
  // Rules of a table that did not make a grid (a table continued from the page before has no top
  // rule; one drawn with its columns only): no character is a third of an inch long. Left in, they
  // join the table's rows and columns into one piece that reads as nothing.
  const lines = ruleMask(text, w, h, Math.round(0.3 * dpi), Math.round(0.3 * dpi), Math.max(2, Math.round(0.012 * dpi)), em);
  for (let i = 0; i < text.length; i++) if (lines[i]) text[i] = 0;
  // Specks (a seal's remnants, grain) join a table's lines and break the corridors between its columns.
  despeckle(text, w, h, Math.max(2, Math.round(0.15 * em)), Math.round(0.4 * em));
  // Pieces of a line apart by more than an em are runs of their own (an unruled table's cells; a date set right).
  // Each piece is cut again into its own lines: in a table drawn without rules, the labels of
  // neighbouring columns wrap onto different lines (an XY cut, two levels).
  // Cut again while a piece is more than a line tall and the cut still splits it (a recursive
  // XY cut): a two-line label with its values between the lines comes apart only at the second
  // or third level.
  const cut = (box: PxBox, depth: number): PxBox[] => {
    const inner = linesIn(text, w, box, em, Math.round(1.2 * em));
    if (inner.length <= 1) return inner.length ? [inner[0]!.box] : [];
    return inner.flatMap((l) => (depth < 6 && l.box[3] - l.box[1] > 1.6 * em ? cut(l.box, depth + 1) : [l.box]));
  };
  const textLines = cutAtColumnRules(
    joinFlat(
      cut([0, 0, w, h], 0)
        // Nothing is printed within a fifth of an inch of the paper's edge: what is there is the edge of
        // the sheet in a photo, or the scanner's shadow.
        .filter((b) => {
          const m = 0.2 * dpi;
          return b[0] > m && b[1] > m && b[2] < w - m && b[3] < h - m;
        }),
      em,
    ),
    // A table's column rules where it made no grid (columns drawn, rows not): a line across one is two cells' text.
    rules.v,
    text,
    w,
    em,
  );
  const runs: Run[] = [];
  /** A cell's mark not read (flagged, never blank). */
  const unreadRun = (box: PxBox): Run => toRun({ text: UNREAD, conf: 0, chars: [] }, box, s, false);
  const unreadText: PxBox[] = [];
  let confSum = 0;
  let confN = 0;
  const take = (got: { read: LineRead; numeric: boolean }, box: PxBox): Run | null => {
    if (!got.read.text.trim()) return null;
    // A speck of grain (smaller than half an em each way) that the recogniser reads unsurely as
    // something (a 0): not text. A digit is two thirds of an em tall or more.
    if (box[2] - box[0] < 0.5 * em && box[3] - box[1] < 0.5 * em && got.read.conf < 50) return null;
    const run = toRun(got.read, box, s, got.numeric);
    runs.push(run);
    confSum += got.read.conf;
    confN++;
    return run;
  };
  for (const [img, boxes] of [
    [p.ink, cellLines],
    [p.lum, textLines],
  ] as const) {
    const probs = await linesProbs(img, boxes);
    if (!probs) continue;
    // Cells' lines (ink image) with ink that read as nothing.
    const silent: PxBox[] = [];
    // A label and the number beside it closer than the cut's gap (a table drawn without rules,
    // its label's last line ending near the value column) are read as one piece: cut apart at
    // the gap before the number and read again, the number over digits only.
    const halves: { i: number; parts: [PxBox, PxBox] }[] = [];
    boxes.forEach((box, i) => {
      const got = readAs(probs[i]!);
      const parts = img === p.lum ? trailingNumber(text, w, box, em, got.read.text) : null;
      if (parts) halves.push({ i, parts });
      else if (!got.read.text.trim() && box[3] - box[1] >= 0.5 * em) (img === p.lum ? unreadText : silent).push(box);
      else if (img === p.lum) for (const piece of cutAtGaps(probs[i]!, box, text, w, em)) take(readAs(piece.probs), piece.box);
      else if (cellOf.has(i) && !got.numeric && numberUnderMark(got.read)) runs.push(unreadRun(box));
      else {
        const run = take(got, box);
        const cell = cellOf.get(i);
        if (cell && got.numeric && got.read.text.trim()) {
          lost.push(...lostDigits(p.levelled, box, cell, em, p.lum).map((mark) => ({ mark, cell })));
          if (run) dropped.push(...unreadInk(p.bw, w, box, got.read, probs[i]!.T, em).map((ink) => ({ ink, run })));
          if (run) numbers.push({ run, box, cell });
        }
      }
    });
    // A cell's line with ink that read as nothing: read again piece by piece (a bowed rule left
    // across it); what still reads as nothing is marked unread, not left blank.
    if (silent.length) {
      const pieces = silent.map((box) => inkPieces(p.bw, w, box, em));
      const pieceReads = pieces.some((ps) => ps.length) ? await linesProbs(img, pieces.flat()) : null;
      let k = 0;
      silent.forEach((box, j) => {
        let read = 0;
        for (const piece of pieces[j]!) {
          const got = pieceReads ? readAs(pieceReads[k]!) : null;
          k++;
          if (got?.read.text.trim()) {
            take(got, piece);
            read++;
          }
        }
        if (!read && pieces[j]!.length) runs.push(unreadRun(box));
      });
    }
    if (!halves.length) continue;
    const again = await linesProbs(
      img,
      halves.flatMap((x) => x.parts),
    );
    halves.forEach((x, k) => {
      if (!again) return take(readAs(probs[x.i]!), boxes[x.i]!);
      // The label's part may itself be two columns' pieces (三、本年度办理结果's 理结果 beside 理的，只计这一情形，不).
      for (const piece of cutAtGaps(again[2 * k]!, x.parts[0], text, w, em)) take(readAs(piece.probs), piece.box);
      take(readAs(again[2 * k + 1]!), x.parts[1]);
    });
  }
  // A piece of text with ink that read as nothing: read again from the ink image, where a seal's
  // red over it is paper (the gray one keeps the seal as a smear the recogniser reads as nothing).
  const inkReads = unreadText.length ? await linesProbs(p.ink, unreadText) : null;
  if (inkReads) unreadText.forEach((box, i) => take(readAs(inkReads[i]!), box));
  // A cell where nothing was read may hold a faint mark (a thin face's digit photographed at a low
  // resolution is lighter than the page's ink threshold, set by the dark body text, and is
  // whitened with the grain), and a number read may have one beside it (a digit of it lost: 48.0042
  // read 48.004, 25 read 5). Each mark is read stretched to full contrast. What reads as no digit
  // at all is no number (a seal's remnant, a shadow): left as it was. A cell's only mark read
  // surely as a number is taken (a thin 0 or 2 the ink image lost); any other digit is a cell, or
  // a part of a number, not read — flagged, never a blank read as 0 nor a number short of a digit.
  const inside = (r: Run, c: PxBox): boolean => {
    const x = (r.x0 + r.x1) / 2 / s;
    const y = (r.top + r.bottom) / 2 / s;
    return x >= c[0] && x < c[2] && y >= c[1] && y < c[3];
  };
  const faint = [
    ...cells.flatMap((cell) => {
      if (runs.some((r) => inside(r, cell))) return [];
      const mark = faintMark(p.levelled, cell, em, {}, p.lum);
      return mark ? [{ mark, cell, whole: true }] : [];
    }),
    ...lost.map((l) => ({ ...l, whole: false })),
  ];
  const pad = Math.max(2, Math.round(0.2 * em));
  const faintReads = faint.length
    ? await linesProbs(
        stretchedMarks(p.ink, p.levelled, faint, pad),
        faint.map((f) => padded(f.mark.box, f.cell, pad)),
      )
    : null;
  faint.forEach((f, i) => {
    const got = faintReads ? readAs(faintReads[i]!) : null;
    if (!got?.numeric || !/\d/.test(got.read.text)) return;
    if (f.whole && /^\d+$/.test(got.read.text.trim()) && got.read.conf >= FAINT_SURE) take(got, f.mark.box);
    else runs.push(unreadRun(f.mark.box));
  });
  // Ink in a cell's number that no character was read at, read alone: a digit there is a digit
  // the number lost (25 read 5) — the number is not read (flagged); what reads as no digit is left.
  const droppedReads = dropped.length
    ? await linesProbs(
        p.ink,
        dropped.map((d) => d.ink),
      )
    : null;
  dropped.forEach(({ run }, i) => {
    const got = droppedReads ? readAs(droppedReads[i]!) : null;
    if (!got?.numeric || !/\d/.test(got.read.text)) return;
    run.text = UNREAD;
    run.conf = 0;
    delete run.alts;
  });
  await secondReading(p, numbers, em, pad);
  // A cell the seal's ring or star crossed (a seal scanned in gray, taken out above): what was
  // under them went with them. Nothing read there is no blank — not read (flagged), never 0.
  if (sealed) for (const cell of cells) if (anyIn(sealed, w, cell) && !runs.some((r) => inside(r, cell))) runs.push(unreadRun(cell));
  return withUnturn({
    width: w * s,
    height: h * s,
    runs,
    segments: rules.segments,
    turned: p.turned,
    meanConf: confN ? Math.round(confSum / confN) : 0,
    dpi,
    lines: confN,
    scale,
  });
}

/** A number whose second reading differs is read this surely at most (below OCR_MIN_CONFIDENCE: flagged). */
const READINGS_DIFFER = 40;

/**
 * Every number read in a cell, read a second time: from the levelled image (before the ink
 * threshold), stretched to full contrast over the number's own extent there. The ink image is
 * cut at one threshold for the whole page, set by its dark body text and rules; the light strokes
 * of a thin face photographed at a low resolution fall under it, and what is left of a digit reads
 * surely as another (39 read 19 from the 3's right half, at 97 %). Where the two readings' digits
 * differ the number is not sure: its confidence drops below the flag's, the surer reading stands
 * (on a thin face mostly the second: 39 at 100 %) and the other is its first alternative (the
 * table's relations may choose between them). A second reading that is no number (a seal's smear
 * in the levelled image) says nothing.
 */
async function secondReading(p: Prepared, numbers: { run: Run; box: PxBox; cell: PxBox }[], em: number, pad: number): Promise<void> {
  const grow = Math.round(0.6 * em);
  const marks = numbers.flatMap((n) => {
    const around: PxBox = [Math.max(n.cell[0], n.box[0] - grow), n.box[1], Math.min(n.cell[2], n.box[2] + grow), n.box[3]];
    const mark = faintMark(p.levelled, padded(around, n.cell, pad), em, {}, p.lum);
    return mark ? [{ mark, cell: n.cell, run: n.run }] : [];
  });
  if (!marks.length) return;
  const reads = await linesProbs(
    stretchedMarks(p.ink, p.levelled, marks, pad, true),
    marks.map((m) => padded(m.mark.box, m.cell, pad)),
  );
  if (!reads) return;
  marks.forEach(({ run }, i) => {
    const got = readAs(reads[i]!);
    const text = got.read.text.replace(/\s+/g, '');
    // Digits compared: a speck beside the number reads as a point or a comma in either.
    const digits = text.replace(/\D/g, '');
    if (run.text === UNREAD || !got.numeric || !digits || digits === run.text.replace(/\D/g, '')) return;
    // The surer reading stands as the value (flagged either way), the other first among its alternatives.
    const first = run.text;
    const other = got.read.conf > (run.conf ?? 100) ? first : text;
    if (other === first) run.text = text;
    run.conf = Math.min(run.conf ?? 100, READINGS_DIFFER);
    run.alts = [other, ...(run.alts ?? []).filter((a) => a !== other && a !== run.text)].slice(0, 3);
  });
}

/** What may follow a list number (1.属于国家秘密, 2、): a label's, not a mark's. */
const LIST_POINT = '.．、,，';

/**
 * `4國蔚→`: a cell's digits glued to a few characters read unsurely — a mark over the number (a
 * seal's ring or a signature, black in a black-and-white scan, not taken out) read as characters.
 * Its number may be short of a digit under the mark: the cell is not read (flagged), never passed
 * over as words (the row would take the cell after it, or a blank, for its value).
 */
export function numberUnderMark(read: LineRead): boolean {
  const chars = read.chars.filter((c) => c.ch.trim());
  let k = 0;
  while (k < chars.length && /[0-9]/.test(chars[k]!.ch)) k++;
  const rest = chars.slice(k);
  if (!k || !rest.length || rest.length > 4) return false;
  // A digit whose runner-up is a Chinese character may be one misread (总计 read 2计: a label's).
  if (chars.slice(0, k).some((c) => c.alt && /\p{Script=Han}/u.test(c.alt.ch))) return false;
  const after = rest.map((c) => c.ch).join('');
  if (CELL_UNITS.some((u) => after.startsWith(u)) || LIST_POINT.includes(rest[0]!.ch)) return false;
  return Math.min(...rest.map((c) => c.p)) < MARK_UNSURE;
}
/** A character read less surely than this beside a cell's digits is a mark's, not print's. */
const MARK_UNSURE = 0.6;

/** Any pixel of `mask` set inside `box`. */
function anyIn(mask: Uint8Array, w: number, box: PxBox): boolean {
  for (let y = box[1]; y < box[3]; y++) for (let x = box[0]; x < box[2]; x++) if (mask[y * w + x]) return true;
  return false;
}

/** A page without its `unturn` (a function: what a page process sends back). */
export type PlainScanPage = Omit<ScanPage, 'unturn'>;

/** The page with its `unturn`, made from its turn and size (a turned page has one). */
export function withUnturn(p: PlainScanPage): ScanPage {
  const turn = p.turned ? unturner(p.turned, p.width, p.height) : null;
  const k = p.scale;
  if (k === 1) return turn ? { ...p, unturn: turn } : p;
  return {
    ...p,
    unturn: (b) => {
      const t = turn ? turn(b) : b;
      return [t[0] * k, t[1] * k, t[2] * k, t[3] * k];
    },
  };
}

/** Box on the straightened page → box on the page as shown (the bounding box of its turned corners). */
function unturner(deg: number, width: number, height: number): (b: Box) => Box {
  const q = Math.round(deg / 90) * 90;
  const fine = ((deg - q) * Math.PI) / 180;
  return (b) => {
    // Undo the fine turn about the centre of the straightened page, then the quarter turns.
    const cx = width / 2;
    const cy = height / 2;
    const cos = Math.cos(fine);
    const sin = Math.sin(fine);
    const pts = [
      [b[0], b[1]],
      [b[2], b[1]],
      [b[0], b[3]],
      [b[2], b[3]],
    ].map(([x, y]) => {
      const dx = x! - cx;
      const dy = y! - cy;
      // The page was turned by `fine` (clockwise, y down); turn back.
      return [cx + dx * cos + dy * sin, cy - dx * sin + dy * cos] as [number, number];
    });
    const qs = (((q / 90) % 4) + 4) % 4;
    // quarter turns clockwise were applied to a page whose size was (W, H) before: undo them.
    const W = qs % 2 ? height : width;
    const H = qs % 2 ? width : height;
    const back = pts.map(([x, y]) => {
      if (qs === 1) return [y, W - x] as const; // clockwise: (x, y) ← (H0 - 1 - y0, x0)
      if (qs === 2) return [width - x, height - y] as const;
      if (qs === 3) return [H - y, x] as const;
      return [x, y] as const;
    });
    const xs = back.map((v) => v[0]);
    const ys = back.map((v) => v[1]);
    return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
  };
}
