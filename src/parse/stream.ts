/**
 * The parser's view of a document: normalized text cut into lines, value tokens
 * (numbers and null marks that stand as table cells), noise lines (page numbers,
 * running headers), and the *label stream*: every letter and digit that is not part of
 * a value token or a noise line, so labels can be found whatever the layout did to
 * whitespace, punctuation and line breaks.
 */
import { CELL_UNITS } from '../model/templates.js';
import { normalize, sourceOffset, sourceSpan, type Normalized } from '../read/normalize.js';
import { reflow } from './reflow.js';
import { foldTraditional } from './traditional.js';

export interface Token {
  /** Normalized offsets [start, end) of the whole token (number and unit). */
  start: number;
  end: number;
  /** 0-based line index. */
  line: number;
  raw: string;
  /** Numeric value; 0 for a null mark (—, -, /, 无). */
  value: number;
  /**
   * number; null: a mark for "none" (—, -, /, 无); blank: a grid cell that is really empty
   * (BLANK_CELL); bad: digits and commas that are no number (1101,000 — cells run together);
   * unread: a cell the text marks as not read (a question mark alone in its cell: the scan
   * reader's mark for ink that reads as nothing, or a character a converter could not map) —
   * it holds its column, its value unknown.
   */
  kind: 'number' | 'null' | 'blank' | 'bad' | 'unread';
  /** Digits after the decimal point. */
  decimals: number;
  /** Written with + or - (or 增/减). */
  signed: boolean;
  /** Plain digit string with no separators, sign, decimals or unit: can be split if cells ran together. */
  splittable: boolean;
  unit?: string;
}

export interface Stream {
  source: string;
  norm: Normalized;
  text: string;
  /** Start offset of each line in `text`; lines end at the next start (or text end). */
  lineStarts: number[];
  /** Per line: a page number, running header or pipe-table rule, left out of tables. */
  noise: boolean[];
  /** Per line: ends a sentence (contains 。 or ；), so it is prose, not a table row. */
  prose: boolean[];
  /** Per line: the line without surrounding whitespace; '' for blank lines and lines over 100 characters. */
  trimmed: string[];
  tokens: Token[];
  /** Letters and digits outside tokens and noise lines. */
  labels: string;
  /** labels index → normalized offset. */
  labelPos: number[];
  /** Source line starts (for 1-based line numbers of source offsets). */
  /** Source line starts, computed when first needed (see sourceLines). */
  sourceLineStarts: number[] | null;
  /** The source breaks lines exactly where the normalized text does (no lone CR, no U+2028…): line numbers carry over. */
  sameLines: boolean;
  /** Ranges of the text that were one flattened line in the source (a web page copied as one line), given their lines back. */
  flat: [number, number][];
  /** Look-alike letters read as digits (O as 0, l as 1…): normalized offset → the letter written. */
  confused: Map<number, string>;
  /** OCR: other likely readings of the number at normalized [start, end), or null (see ReadResult.alternatives). */
  ocrAlts: ((start: number, end: number) => string[] | null) | null;
  /** OCR: whether the SOURCE span [start, end) was read by OCR (see ReadResult.confidence); null for text input. */
  ocrRead: ((span: [number, number]) => boolean) | null;
}

const PAGE_LINE = [
  // - 3 -  — 3 —  —3—  (a bare number is a cell; so is a signed one: -14 — is two cells)
  /^(?:[-–]\s+\d{1,4}\s+[-–—]|[—_·•]\s*\d{1,4}\s*[-–—_·•])$/,
  /^第\s*\d{1,4}\s*页(?:\s*[,/，]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,/，]?\s*第\s*\d{1,4}\s*页$/,
  /^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
];
/** A character no page-number line has (page lines hold digits, dashes, spaces, 第 页 共, page/of). */
const NOT_PAGE = /[^\d\s\-–—_·•/,，第页共pagePAGEofOF]/;
/** 3/12: a page number only when another line of the same form has the same total (2/12). */
const PAGE_OF = /^(\d{1,4})\s*\/\s*(\d{1,4})$/;
const TITLE_LIKE = /(?:19|20)\d{2}\s*年.*政府信息公开.*(?:年度报告|年报)$|政府信息公开.*(?:19|20)\d{2}\s*年度报告$/;
const PIPE_RULE = /^\|?\s*:?-{3,}:?\s*(?:[|+]\s*:?-{3,}:?\s*)*\|?$/;
const LETTER = /\p{L}/u;
const LABEL_CHAR = /[\p{L}\p{N}]/u;

export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Table vocabulary: a line containing one of these is never a running header. */
export interface StreamOptions {
  vocabulary: string[];
  /** A bare number alone on a line is a cell (one-cell-per-line layouts), not a page number. */
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
/** ASCII characters a token can start with: digits, + - and /, and ? (a cell not read). */
const ASCII_START = (() => {
  const t = new Uint8Array(128);
  for (let c = 0x30; c <= 0x39; c++) t[c] = 1;
  t[0x2b] = t[0x2d] = t[0x2f] = t[0x3f] = 1;
  return t;
})();
const PROSE_G = /[。；;]/g;
/** True for a string of digits only (a bare number: a cell, never a page number). */
function allDigits(t: string): boolean {
  for (let i = 0; i < t.length; i++) if (!isDigit(t.charCodeAt(i))) return false;
  return t.length > 0;
}
/** Whitespace, a pipe, or a blank-cell mark: what may stand around a null mark. */
const isCellGap = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x7c || c === 0xe000 || Number.isNaN(c);
/** A token that is no plain number (a blank cell, a null mark, a cell not read, a malformed run): whole, unsigned, unsplittable. */
const markToken = (start: number, end: number, line: number, raw: string, value: number, kind: Token['kind']): Token => ({
  start,
  end,
  line,
  raw,
  value,
  kind,
  decimals: 0,
  signed: false,
  splittable: false,
  unit: undefined,
});

/**
 * line.charCodeAt(i), NaN outside the line, as charCodeAt gives — but with the bounds checked here:
 * the scanner reads one past either end on purpose, and each such read in optimized code would
 * otherwise throw the code away once per place it happens (V8 "out of bounds" deopts: about twenty
 * in scanLine and numberEnd, each costing a recompile while a process warms up).
 */
const codeAt = (line: string, i: number): number => (i >= 0 && i < line.length ? line.charCodeAt(i) : Number.NaN);

function isLetterAt(line: string, i: number): boolean {
  const c = codeAt(line, i);
  if (Number.isNaN(c)) return false;
  if ((c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c >= 0x4e00 && c <= 0x9fff)) return true;
  if (c < 0x80) return false;
  return LETTER.test(line[i]!);
}

/** End of a number starting at i (sign, digits, thousands groups, decimals), or -1. */
function numberEnd(line: string, i: number): number {
  let j = i;
  const c0 = codeAt(line, j);
  if (c0 === 0x2b || c0 === 0x2d) j++;
  const ds = j;
  while (isDigit(codeAt(line, j))) j++;
  if (j === ds) return -1;
  if (j - ds <= 3 && codeAt(line, j) === 0x2c) {
    let k = j;
    while (
      codeAt(line, k) === 0x2c &&
      isDigit(codeAt(line, k + 1)) &&
      isDigit(codeAt(line, k + 2)) &&
      isDigit(codeAt(line, k + 3)) &&
      !isDigit(codeAt(line, k + 4))
    )
      k += 4;
    j = k;
  }
  if (codeAt(line, j) === 0x2e && isDigit(codeAt(line, j + 1))) {
    j++;
    while (isDigit(codeAt(line, j))) j++;
  }
  return j;
}

/** Value tokens of one line: numbers standing as cells, and null marks (—, -, /, 无) or blank-cell marks. */
/** Where scanLine puts the label characters of a line (everything not in a token). */
interface LabelSink {
  codes: Uint16Array;
  pos: Int32Array;
  n: number;
}

/** Append the letters and digits of line[from, to) to the label stream. */
function emitLabels(line: string, ls: number, from: number, to: number, sink: LabelSink): void {
  for (let i = from; i < to; i++) {
    const c = codeAt(line, i);
    if (c < 0x30) continue; // space, tab, punctuation
    if ((c >= 0x4e00 && c <= 0x9fff) || c <= 0x39 || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
      sink.codes[sink.n] = c;
      sink.pos[sink.n++] = ls + i;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      if (LABEL_CHAR.test(line.slice(i, i + 2))) {
        sink.codes[sink.n] = c;
        sink.pos[sink.n++] = ls + i;
        sink.codes[sink.n] = codeAt(line, i + 1);
        sink.pos[sink.n++] = ls + i;
      }
      i++;
    } else if (c > 0x7f && LABEL_CHAR.test(line[i]!)) {
      sink.codes[sink.n] = c;
      sink.pos[sink.n++] = ls + i;
    }
  }
}

/** Add a token: first the label characters before it; returns where labels resume. */
function pushToken(line: string, ls: number, t: Token, out: Token[], sink: LabelSink, lab: number): number {
  const at = t.start - ls;
  // 增3/减4: the sign word was sent to the label stream before the number was seen.
  if (at < lab && sink.n > 0 && sink.pos[sink.n - 1]! >= t.start) sink.n--;
  if (lab < at) emitLabels(line, ls, lab, at, sink);
  out.push(t);
  return t.end - ls;
}

/** A pipe cell that holds one value: a number (with a unit, 增3/减4) or a null mark. */
const PIPE_VALUE_CELL = /^(?:[+-]?\d[\d,]*(?:\.\d+)?(?:万元|元|件|条|个|项|次)?|[增减]\d+|[—–-]{1,2}|－|[/／]|无|空)$/;
const NO_BLANKS: number[] = [];

/**
 * Blank tokens of a pipe row that stand before any value of their line (right after the row's
 * label, or at the line's start): they may be the empty places a web table leaves for its merged
 * label cells (`| 一、本年新收… |  |  | 5 | …`) rather than cells. The row reader decides (rows.ts).
 */
export const PIPE_LEAD = new WeakSet<Token>();

/**
 * Blank tokens of a line that is a pipe alone, in a text writing one cell per line each ended by a
 * pipe (`5 |`): an empty cell is then `|` alone. Such a line may also be a row's start or the
 * filler of a merged cell, so the row reader keeps one only between its label and a value of the
 * row (rows.ts); every other reader of tokens leaves them out (segmentTokens).
 */
export const PIPE_LONE = new WeakSet<Token>();

/**
 * Empty cells of a pipe row (`| 0 |  |  |  |  |  | 0 |`: a web table whose unfilled cells were
 * written as nothing between two pipes) that stand before a value on the same line: where each is,
 * so the row keeps its cells in place; negative (bitwise not) for one before any value of the line
 * (PIPE_LEAD). Empty cells before a label (`|  | 2.其他…`, the place of a merged label cell) or with
 * no value after them (`| 0 | ||`, fillers at a row's end) are no cells of the row and stay nothing.
 */
function pipeBlanks(line: string): number[] {
  let out: number[] | null = null;
  let pending: number[] | null = null;
  let valueSeen = false;
  let a = line.indexOf('|');
  if (a < 0) return NO_BLANKS;
  for (let b = line.indexOf('|', a + 1); b >= 0; a = b, b = line.indexOf('|', a + 1)) {
    const cell = line.slice(a + 1, b).trim();
    if (!cell) (pending ??= []).push(a + 1 < b ? a + 1 : b);
    else {
      const value = PIPE_VALUE_CELL.test(cell);
      if (pending && value) for (const p of pending) (out ??= []).push(valueSeen ? p : ~p);
      if (value) valueSeen = true;
      pending = null;
    }
  }
  return out ?? NO_BLANKS;
}

function scanLine(
  line: string,
  ls: number,
  li: number,
  out: Token[],
  labelWords: string[],
  nextLine: (li: number) => string,
  sink: LabelSink,
  headerRow = false,
): void {
  const n = line.length;
  let i = 0;
  // Label characters are emitted up to each token, and after the last one.
  let lab = 0;
  const tokens = out;
  // Empty cells of a pipe row, where each is (ascending); `nb` the next one.
  const blanks = line.indexOf('|') >= 0 ? pipeBlanks(line) : NO_BLANKS;
  let bq = 0;
  const at = (q: number): number => (q < blanks.length ? (blanks[q]! < 0 ? ~blanks[q]! : blanks[q]!) : -1);
  let nb = at(0);
  while (i < n) {
    while (nb >= 0 && nb < i) nb = at(++bq);
    // Characters of a candidate that turned out not to be a token are label characters.
    if (lab < i) {
      emitLabels(line, ls, lab, i, sink);
      lab = i;
    }
    // Skip to the next character that can start a token, sending the others to the label stream.
    let c = codeAt(line, i);
    // (locals, not the sink's fields, inside the hot loop)
    const codes = sink.codes;
    const pos = sink.pos;
    let k = sink.n;
    while (i < n && i !== nb && !(c < 0x80 ? ASCII_START[c] : c === 0x2014 || c === 0x2013 || c === 0x65e0 || c === 0x7a7a || c === 0xe000 || c === 0xff1f)) {
      if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a)) {
        codes[k] = c;
        pos[k++] = ls + i;
      } else if (c > 0x7f) {
        sink.n = k;
        emitLabels(line, ls, i, c >= 0xd800 && c <= 0xdbff ? i + 2 : i + 1, sink);
        k = sink.n;
      }
      if (c >= 0xd800 && c <= 0xdbff) i++;
      c = codeAt(line, ++i);
    }
    sink.n = k;
    lab = i;
    if (i >= n) break;
    if (i === nb || c === 0xe000) {
      const t = markToken(ls + i, ls + i + 1, li, '', 0, 'blank');
      if (i === nb) {
        if (blanks[bq]! < 0) PIPE_LEAD.add(t);
        nb = at(++bq);
      }
      lab = pushToken(line, ls, t, tokens, sink, lab);
      i++;
      continue;
    }
    const signStart = (c === 0x2b || c === 0x2d) && isDigit(codeAt(line, i + 1));
    // ？ or ? alone in its cell: a cell not read.
    if ((c === 0xff1f || c === 0x3f) && isCellGap(codeAt(line, i - 1)) && isCellGap(codeAt(line, i + 1))) {
      lab = pushToken(line, ls, markToken(ls + i, ls + i + 1, li, line[i]!, Number.NaN, 'unread'), tokens, sink, lab);
      i++;
      continue;
    }
    if (!isDigit(c) && !signStart) {
      if ((c === 0x2d || c === 0x2014 || c === 0x2013 || c === 0x2f || c === 0x65e0 || c === 0x7a7a) && isCellGap(codeAt(line, i - 1))) {
        let j = i + 1;
        const dash = c === 0x2014 || c === 0x2013 || c === 0x2d;
        if (dash && (codeAt(line, j) === 0x2014 || codeAt(line, j) === 0x2013 || codeAt(line, j) === 0x2d)) j++;
        // 无 at the end of a line may begin a label wrapped onto the next line: （四）无 / 法提供.
        const wrapsLabel = (c === 0x65e0 || c === 0x7a7a) && !line.slice(j).trim() && labelWords.some((w) => (line[i]! + nextLine(li)).startsWith(w));
        if ((isCellGap(codeAt(line, j)) || j === n) && !wrapsLabel) {
          lab = pushToken(line, ls, markToken(ls + i, ls + j, li, line.slice(i, j), 0, 'null'), tokens, sink, lab);
          i = j;
          continue;
        }
      }
      i++;
      continue;
    }
    let s = i;
    let e = numberEnd(line, i);
    // Digits and commas that are no number (1101,000  1,165113  38,6820): cells run together
    // around a thousands separator. Digits, a space, then a point and digits (1 .25): a decimal
    // the extraction broke, or a number and a stray — not knowable. One bad token each, so the
    // row is flagged rather than misread (before, 1 .25 read 1 and the .25 was passed over).
    let spaced = e;
    while (codeAt(line, spaced) === 0x20) spaced++;
    const spacedPoint = spaced > e && codeAt(line, spaced) === 0x2e && isDigit(codeAt(line, spaced + 1)) && codeAt(line, s - 1) !== 0x2e;
    if (spacedPoint || (codeAt(line, e) === 0x2c && isDigit(codeAt(line, e + 1)))) {
      if (spacedPoint) e = spaced + 1;
      while (isDigit(codeAt(line, e)) || codeAt(line, e) === 0x2c || (codeAt(line, e) === 0x2e && isDigit(codeAt(line, e + 1)))) e++;
      lab = pushToken(line, ls, markToken(ls + s, ls + e, li, line.slice(s, e), Number.NaN, 'bad'), tokens, sink, lab);
      i = e;
      continue;
    }
    // A sign glued to a preceding letter or dot is a hyphen, not a sign. Glued to a digit it
    // starts a signed cell run into the one before (97+82179: 本年增/减 between two counts).
    if (signStart && s > 0 && (isLetterAt(line, s - 1) || codeAt(line, s - 1) === 0x2e)) s += 1;
    i = e;
    // In a pipe table's header row a number glued to a word is part of a column's name
    // (| 类别 | 数据1 | 数据2 |): the header row names columns, it holds no values.
    if (headerRow && isLetterAt(line, s - 1)) continue;
    // (character codes, not one-character strings: no allocation per token)
    const left = codeAt(line, s - 1);
    const rc = codeAt(line, e);
    if (left === 0x2e || (left === 0x28 && rc === 0x29)) continue; // 1.2.3 or (1)
    if (rc === 0x3001 || rc === 0x25 || rc === 0x2030) continue; // 、 % ‰
    // "1." followed by a label is a list number — unless nothing follows on the line. Followed by
    // another cell's number it is a cell the recogniser garbled (34413 read 24.41.): it holds its
    // column, its value unknown — passed over, the numbers after it moved a column left.
    if (rc === 0x2e && !isDigit(codeAt(line, e + 1)) && line.slice(e + 1).trim()) {
      if (isCellGap(codeAt(line, e + 1)) && /^[\s|]*[+-]?\d/.test(line.slice(e + 1))) {
        lab = pushToken(line, ls, markToken(ls + s, ls + e + 1, li, line.slice(s, e + 1), Number.NaN, 'unread'), tokens, sink, lab);
        i = e + 1;
      }
      continue;
    }
    // 2021 年, 12 月, 3 日: a date in a running header or prose, not a cell.
    if (rc === 0x20 || rc === 0x09) {
      let k = e + 1;
      while (codeAt(line, k) === 0x20 || codeAt(line, k) === 0x09) k++;
      const d = codeAt(line, k);
      if (d === 0x5e74 || d === 0x6708 || d === 0x65e5 || d === 0x53f7 || d === 0x65f6) continue; // 年月日号时
      // `2 .没有现成…`: a list number with a space before its point (as OCR reads it apart).
      if (d === 0x2e && isLetterAt(line, k + 1)) continue;
    }
    let unit: string | undefined;
    if (isLetterAt(line, e)) {
      const rc2 = codeAt(line, e);
      // 3973减110: a count run into the signed change after it (增/减 then digits) ends here.
      const signWord = (rc2 === 0x589e || rc2 === 0x51cf) && isDigit(codeAt(line, e + 1));
      if (!signWord) {
        unit = CELL_UNITS.find((u) => line.startsWith(u, e));
        // Glued to a word on the right (政府23信息, 2024年), or a unit inside prose (3个工作日): not a cell.
        if (!unit || isLetterAt(line, e + unit.length)) continue;
      }
    }
    let raw = line.slice(s, e);
    const r0 = raw.charCodeAt(0);
    // 2019 本年增/减 written as 增3 / 减4
    const word = left === 0x589e ? '增' : left === 0x51cf ? '减' : '';
    if (word) {
      raw = (word === '减' ? '-' : '+') + (r0 === 0x2b || r0 === 0x2d ? raw.slice(1) : raw);
      s -= 1;
    } else if ((r0 === 0x2b || r0 === 0x2d) && isLetterAt(line, s - 1)) continue;
    const sign = raw.charCodeAt(0);
    const signed = sign === 0x2b || sign === 0x2d;
    // Plain digits (most cells) are added up here; separators and decimals go through Number().
    let plain = raw.length <= 15;
    let acc = 0;
    for (let q = signed ? 1 : 0; q < raw.length && plain; q++) {
      const d = raw.charCodeAt(q) - 0x30;
      if (d < 0 || d > 9) plain = false;
      else acc = acc * 10 + d;
    }
    const grouped = !plain && raw.includes(',');
    const digits = plain ? (signed ? raw.slice(1) : raw) : signed || grouped ? raw.replace(/[+,-]/g, '') : raw;
    const dot = plain ? -1 : digits.indexOf('.');
    const value = plain ? (sign === 0x2d ? -acc : acc) : sign === 0x2d ? -Number(digits) : Number(digits);
    if (!Number.isFinite(value)) continue;
    const end = unit ? e + unit.length : e;
    const tok: Token = {
      start: ls + s,
      end: ls + end,
      line: li,
      raw: word ? word + line.slice(s + 1, end) : unit ? line.slice(s, end) : raw,
      value,
      kind: 'number',
      decimals: dot >= 0 ? digits.length - dot - 1 : 0,
      signed,
      splittable: !signed && dot < 0 && !grouped && !unit && digits.length >= 2,
      unit, // always present (maybe undefined): one object shape for every token
    };
    lab = pushToken(line, ls, tok, tokens, sink, lab);
    i = end;
  }
  emitLabels(line, ls, lab, n, sink);
}

export function buildStream(source: string, opts: StreamOptions, lines: { only?: boolean } = {}): Stream {
  let norm = foldTraditional(normalize(source));
  const re = reflow(norm);
  if (re) norm = re.norm;
  const text = norm.text;
  const lineStarts = lineStartsOf(text);
  const nLines = lineStarts.length;

  // Noise: page-number lines that stand between blank lines or tables' text (never a lone
  // number in a run of one-number lines), pipe rules, and running headers repeated on pages.
  const noise = new Array<boolean>(nLines).fill(false);
  const prose = new Array<boolean>(nLines).fill(false);
  // Prose: one pass of the regex engine over the whole text, marking the lines of 。；;
  PROSE_G.lastIndex = 0;
  for (let m = PROSE_G.exec(text), li = 0; m; m = PROSE_G.exec(text)) {
    while (li + 1 < nLines && lineStarts[li + 1]! <= m.index) li++;
    prose[li] = true;
    // the rest of this line needs no further look
    PROSE_G.lastIndex = li + 1 < nLines ? lineStarts[li + 1]! : text.length;
  }
  // Short lines, trimmed: the only ones that can be page numbers, rules or running headers.
  const trimmed: string[] = new Array<string>(nLines);
  // Lines counted below: only these can be in `counts` (the same text passes the same test), so
  // other lines skip the lookup (hashing the line).
  const counted = new Array<boolean>(nLines).fill(false);
  const counts = new Map<string, number>();
  const seen = new Map<string, number>();
  for (let i = 0; i < nLines; i++) {
    let a0 = lineStarts[i]!;
    let b0 = i + 1 < nLines ? lineStarts[i + 1]! - 1 : text.length;
    while (a0 < b0 && (text.charCodeAt(a0) <= 0x20 || text.charCodeAt(a0) === 0x3000)) a0++;
    while (b0 > a0 && (text.charCodeAt(b0 - 1) <= 0x20 || text.charCodeAt(b0 - 1) === 0x3000)) b0--;
    if (b0 - a0 > 100 || b0 === a0) {
      trimmed[i] = '';
      continue;
    }
    const t = text.slice(a0, b0);
    trimmed[i] = t;
    // Running headers are short and name the report: only such lines are counted.
    if (!prose[i] && t.length >= 6 && t.length <= 80 && (t.includes('报') || t.includes('信息公开'))) {
      counts.set(t, (counts.get(t) ?? 0) + 1);
      counted[i] = true;
    }
  }
  // Totals of n/m lines: a page footer repeats its total on every page; a row "2 / 17" does not.
  const pageTotals = new Map<string, number>();
  for (const t of trimmed) {
    const m = t && t.length <= 12 && t.includes('/') ? PAGE_OF.exec(t) : null;
    if (m) pageTotals.set(m[2]!, (pageTotals.get(m[2]!) ?? 0) + 1);
  }
  let nonBlank = 0;
  for (let i = 0; i < nLines; i++) {
    const t = trimmed[i]!;
    if (!t) continue;
    // A report title deep inside the text is a page header (it may differ from the title's form).
    if (++nonBlank > 30 && t.length <= 60 && (t.endsWith('报告') || t.endsWith('年报')) && TITLE_LIKE.test(t) && !prose[i]) {
      noise[i] = true;
      continue;
    }
    const c0 = t.charCodeAt(0);
    if ((c0 === 0x7c || c0 === 0x2d || c0 === 0x3a) && PIPE_RULE.test(t)) {
      noise[i] = true;
      continue;
    }
    // A bare number is a cell; only decorated numbers (- 3 -, 第3页, 3/12) can be page numbers.
    if (t.length <= 24 && !allDigits(t) && !NOT_PAGE.test(t) && /\d/.test(t) && PAGE_LINE.some((re) => re.test(t))) {
      noise[i] = true;
      continue;
    }
    const pageOf = t.length <= 12 && t.includes('/') ? PAGE_OF.exec(t) : null;
    if (pageOf && Number(pageOf[1]) <= Number(pageOf[2]) && (pageTotals.get(pageOf[2]!) ?? 0) >= 2) {
      noise[i] = true;
      continue;
    }
    if (counted[i] && t.length >= 6 && !prose[i] && (counts.get(t) ?? 0) >= 2 && /\p{Script=Han}{4}/u.test(t)) {
      // A running header repeats the title: its first occurrence is the title itself.
      const first = seen.get(t);
      if (first === undefined) {
        seen.set(t, i);
        continue;
      }
      // The title printed again a line or two below (a page's heading, then the report's own title
      // over two lines: 2022年…年度报告 / X镇人民政府 / 2022年…年度报告) is no page's running header.
      if (i - first <= 3) continue;
      const compact = t.replace(/[^\p{L}\p{N}]/gu, '');
      const isVocab = opts.vocabulary.some((v) => compact.includes(v) || (compact.length >= 2 && v.includes(compact)));
      if (!isVocab && /年度报告|年报|政府信息公开/.test(compact)) noise[i] = true;
    }
  }

  const st: Stream = {
    source,
    norm,
    text,
    lineStarts,
    noise,
    prose,
    trimmed,
    tokens: [],
    labels: '',
    labelPos: [],
    sourceLineStarts: null,
    sameLines: !re && !ODD_BREAK.test(source),
    flat: re ? re.flat : [],
    confused: new Map(),
    ocrAlts: null,
    ocrRead: null,
  };
  if (!lines.only) scanWindow(st, opts, 0, nLines);
  return st;
}

/** Letters OCR gives for digits (O for 0, l and I for 1, S for 5, B for 8). */
const LOOKALIKES: Record<string, string> = { O: '0', o: '0', l: '1', I: '1', S: '5', B: '8' };
const LOOKALIKE_ANY = /[OolISB]/;
const DIGITLIKE_RUN = /[0-9OolISB][0-9OolISB.,]*/g;
const ASCII_LETTER = /[A-Za-z]/;

/**
 * Look-alike letters read as the digits they stand for, where they stand in a number: a run of
 * digits and look-alikes holding at least one digit (1O, l5), or one look-alike standing alone
 * between cell gaps on a line that holds numbers (an O in a row of zeros). Never inside a word of
 * Latin letters. One character for one, so every offset holds; each one changed is remembered
 * (`confused`, by normalized offset) and the cell read from it is flagged.
 */
function readLookalikes(line: string, ls: number, confused: Map<number, string>): string {
  let out: string[] | null = null;
  const hasDigit = /\d/.test(line);
  DIGITLIKE_RUN.lastIndex = 0;
  for (let m = DIGITLIKE_RUN.exec(line); m; m = DIGITLIKE_RUN.exec(line)) {
    const run = m[0];
    if (!LOOKALIKE_ANY.test(run)) continue;
    const prev = line[m.index - 1] ?? ' ';
    const next = line[m.index + run.length] ?? ' ';
    if (ASCII_LETTER.test(prev) || ASCII_LETTER.test(next)) continue;
    const digits = /\d/.test(run);
    const alone = run.length === 1 && /[\s|\uE000]/.test(prev) && /[\s|\uE000]/.test(next);
    if (!digits && !(alone && hasDigit)) continue;
    out ??= line.split('');
    for (let k = 0; k < run.length; k++) {
      const d = LOOKALIKES[run[k]!];
      if (!d) continue;
      out[m.index + k] = d;
      confused.set(ls + m.index + k, run[k]!);
    }
  }
  return out ? out.join('') : line;
}

const LABEL_DECODER = new TextDecoder('utf-16le');
let scratch: LabelSink = { codes: new Uint16Array(8192), pos: new Int32Array(8192), n: 0 };

/**
 * Value tokens and the label stream of lines [fromLine, toLine): the tables' part of the text.
 * The parser calls this once it knows where the tables are (sections 二 to 四), so the prose of
 * sections 一, 五 and 六 is not scanned for cells.
 */
export function scanWindow(st: Stream, opts: StreamOptions, fromLine: number, toLine: number): void {
  const { text, lineStarts, noise } = st;
  const nLines = lineStarts.length;
  const tokens: Token[] = [];
  const nullLabelWords = opts.vocabulary.filter((v) => v.startsWith('无') || v.startsWith('空'));
  const nextLineOf = (li: number): string => (li + 1 < nLines ? text.slice(lineStarts[li + 1]!, lineStarts[li + 1]! + 24).replace(/[^\p{L}\p{N}]/gu, '') : '');
  const w0 = lineStarts[fromLine] ?? text.length;
  const w1 = toLine < nLines ? lineStarts[toLine]! : text.length;
  // (scratch arrays kept between calls: a fresh pair per report costs allocation and GC)
  if (scratch.codes.length < w1 - w0) scratch = { codes: new Uint16Array(w1 - w0 + 1024), pos: new Int32Array(w1 - w0 + 1024), n: 0 };
  const sink = scratch;
  sink.n = 0;
  // One pass per line: value tokens, and every other letter or digit into the label stream.
  // (whether the last line with text ended with a pipe: then a pipe alone is an empty cell)
  let afterPipe = false;
  for (let li = fromLine; li < toLine; li++) {
    if (noise[li]) continue;
    const ls = lineStarts[li]!;
    const le = li + 1 < nLines ? lineStarts[li + 1]! - 1 : text.length;
    if (le <= ls) continue;
    let line = text.slice(ls, le);
    const t = line.trim();
    if (t === '|' && afterPipe) {
      const at = ls + line.indexOf('|');
      const tok = markToken(at, at + 1, li, '', 0, 'blank');
      PIPE_LONE.add(tok);
      tokens.push(tok);
      continue;
    }
    if (t) afterPipe = t.endsWith('|');
    if (LOOKALIKE_ANY.test(line)) line = readLookalikes(line, ls, st.confused);
    scanLine(line, ls, li, tokens, nullLabelWords, nextLineOf, sink, isPipeHeader(st, li));
  }
  const n = sink.n;
  const codes = sink.codes;
  const labelPos = sink.pos;
  st.tokens = tokens;
  st.labels = LABEL_DECODER.decode(codes.subarray(0, n));
  // A plain array (on the heap): a typed array this size is an off-heap allocation per report.
  const lp = new Array<number>(n);
  for (let k = 0; k < n; k++) lp[k] = labelPos[k]!;
  st.labelPos = lp;
}

/** A pipe table's header row: a line of cells (| a | b |) right above the table's rule line (|---|---|). */
function isPipeHeader(st: Stream, li: number): boolean {
  const t = st.trimmed[li];
  if (!t || t.charCodeAt(0) !== 0x7c) return false;
  const next = st.trimmed[li + 1];
  return li + 1 < st.trimmed.length && st.noise[li + 1] === true && next !== undefined && PIPE_RULE.test(next);
}

const compactCache = new Map<string, string>();

/** Reduce a label to what the label stream keeps: letters and digits only. */
export function compactLabel(s: string): string {
  let c = compactCache.get(s);
  if (c === undefined) {
    c = normalize(s).text.replace(/[^\p{L}\p{N}]/gu, '');
    if (compactCache.size < 10_000) compactCache.set(s, c);
  }
  return c;
}

/** 0-based line index of a normalized offset. */
export function lineOf(lineStarts: number[], offset: number): number {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Source span and 1-based source line of a normalized span. */
export function placeOf(st: Stream, a: number, b: number): { span: [number, number]; line: number } {
  const span = sourceSpan(st.norm, a, b);
  return { span, line: st.sameLines ? lineOf(st.lineStarts, a) + 1 : lineOf(sourceLines(st), span[0]) + 1 };
}

/** Line breaks normalization changes: a lone CR, form feed, vertical tab, NEL, U+2028/9. */
const ODD_BREAK = /\r(?!\n)|[\f\v\u0085\u2028\u2029]/;

/** Source line starts (computed once, only for sources whose line breaks normalization changed). */
function sourceLines(st: Stream): number[] {
  return (st.sourceLineStarts ??= lineStartsOf(st.source));
}

const srcLines = new WeakMap<Stream, Int32Array>();
/** 1-based source line of normalized line `li` (cached per stream: many cells share a line). */
export function sourceLineOf(st: Stream, li: number): number {
  if (st.sameLines) return li + 1;
  let cache = srcLines.get(st);
  if (!cache) srcLines.set(st, (cache = new Int32Array(st.lineStarts.length)));
  let v = cache[li]!;
  if (v === 0) {
    const at = st.lineStarts[li]!;
    v = cache[li] = st.sameLines ? li + 1 : lineOf(sourceLines(st), sourceOffset(st.norm, at)) + 1;
  }
  return v;
}

/** Normalized text of line i without its newline. */
export function lineText(st: Stream, i: number): string {
  const s = st.lineStarts[i]!;
  const e = i + 1 < st.lineStarts.length ? st.lineStarts[i + 1]! - 1 : st.text.length;
  return st.text.slice(s, e);
}
