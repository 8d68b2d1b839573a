/**
 * The parser's view of a document: normalized text cut into lines, value tokens
 * (numbers and null marks that stand as table cells), noise lines (page numbers,
 * running headers), and the *label stream*: every letter and digit that is not part of
 * a value token or a noise line, so labels can be found whatever the layout did to
 * whitespace, punctuation and line breaks.
 */
import { normalize, sourceSpan, type Normalized } from '../read/normalize.js';
import { BLANK_CELL } from '../read/types.js';

export interface Token {
  /** Normalized offsets [start, end) of the whole token (number and unit). */
  start: number;
  end: number;
  /** 0-based line index. */
  line: number;
  raw: string;
  /** Numeric value; 0 for a null mark (—, -, /, 无). */
  value: number;
  /** number; null: a mark for "none" (—, -, /, 无); blank: a grid cell that is really empty (BLANK_CELL). */
  kind: 'number' | 'null' | 'blank';
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
  tokens: Token[];
  /** Letters and digits outside tokens and noise lines. */
  labels: string;
  /** labels index → normalized offset. */
  labelPos: Int32Array;
  /** Source line starts (for 1-based line numbers of source offsets). */
  sourceLineStarts: number[];
}

const UNITS = ['万元', '件', '条', '个', '项', '次', '元'];
const NUM = /[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?/g;
const NULL_MARK = /^(?:[—–-]{1,2}|——|\/|无|空)$/;
const PAGE_LINE = [
  /^[-—–_·•]?\s*\d{1,4}\s*[-—–_·•]?$/, // - 3 -   3   —3—
  /^第\s*\d{1,4}\s*页(?:\s*[,/，]?\s*共\s*\d{1,4}\s*页)?$/,
  /^共\s*\d{1,4}\s*页\s*[,/，]?\s*第\s*\d{1,4}\s*页$/,
  /^\d{1,4}\s*\/\s*\d{1,4}$/,
  /^page\s*\d{1,4}(?:\s*of\s*\d{1,4})?$/i,
];
const PIPE_RULE = /^\|?\s*:?-{3,}:?\s*(?:[|+]\s*:?-{3,}:?\s*)*\|?$/;
const LETTER = /\p{L}/u;
const LABEL_CHAR = /[\p{L}\p{N}]/u;

function isLetter(ch: string | undefined): boolean {
  return ch !== undefined && ch !== '' && LETTER.test(ch);
}

function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/** Table vocabulary: a line containing one of these is never a running header. */
export interface StreamOptions {
  vocabulary: string[];
  /** A bare number alone on a line is a cell (one-cell-per-line layouts), not a page number. */
}

export function buildStream(source: string, opts: StreamOptions): Stream {
  const norm = normalize(source);
  const text = norm.text;
  const lineStarts = lineStartsOf(text);
  const nLines = lineStarts.length;
  const lineText = (i: number): string => text.slice(lineStarts[i]!, i + 1 < nLines ? lineStarts[i + 1]! - 1 : text.length);

  // Noise: page-number lines that stand between blank lines or tables' text (never a lone
  // number in a run of one-number lines), pipe rules, and running headers repeated on pages.
  const noise = new Array<boolean>(nLines).fill(false);
  const prose = new Array<boolean>(nLines).fill(false);
  const trimmed: string[] = [];
  const counts = new Map<string, number>();
  for (let i = 0; i < nLines; i++) {
    const t = lineText(i).trim();
    trimmed.push(t);
    if (/[。；;]/.test(t)) prose[i] = true;
    if (t.length >= 6) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  for (let i = 0; i < nLines; i++) {
    const t = trimmed[i]!;
    if (!t) continue;
    if (PIPE_RULE.test(t)) {
      noise[i] = true;
      continue;
    }
    if (PAGE_LINE.some((re) => re.test(t))) {
      // A bare number is a cell, unless it is decorated (- 3 -, 第3页, 3/12).
      if (/^\d+$/.test(t)) continue;
      noise[i] = true;
      continue;
    }
    if ((counts.get(t) ?? 0) >= 2 && /\p{Script=Han}{4}/u.test(t) && !prose[i]) {
      const compact = t.replace(/[^\p{L}\p{N}]/gu, '');
      const isVocab = opts.vocabulary.some((v) => compact.includes(v) || (compact.length >= 2 && v.includes(compact)));
      if (!isVocab && /年度报告|年报|政府信息公开/.test(compact)) noise[i] = true;
    }
  }

  // Value tokens.
  const tokens: Token[] = [];
  for (let li = 0; li < nLines; li++) {
    if (noise[li]) continue;
    const ls = lineStarts[li]!;
    const le = li + 1 < nLines ? lineStarts[li + 1]! - 1 : text.length;
    const line = text.slice(ls, le);
    if (!line.trim()) continue;
    // null marks standing alone between whitespace / pipes
    for (let b = line.indexOf(BLANK_CELL); b >= 0; b = line.indexOf(BLANK_CELL, b + 1)) {
      tokens.push({ start: ls + b, end: ls + b + 1, line: li, raw: '', value: 0, kind: 'blank', decimals: 0, signed: false, splittable: false });
    }
    for (const m of line.matchAll(/(?<=^|[\s|\uE000])([—–-]{1,2}|\/|无|空)(?=$|[\s|\uE000])/g)) {
      const raw = m[1]!;
      if (!NULL_MARK.test(raw)) continue;
      const s = ls + m.index;
      tokens.push({ start: s, end: s + raw.length, line: li, raw, value: 0, kind: 'null', decimals: 0, signed: false, splittable: false });
    }
    for (const m of line.matchAll(NUM)) {
      let raw = m[0];
      let s = m.index;
      let e = s + raw.length;
      const lc = line[s - 1];
      // A sign glued to a preceding digit or letter is a hyphen, not a sign.
      if ((raw[0] === '-' || raw[0] === '+') && lc !== undefined && /[\p{L}\p{N}.]/u.test(lc)) {
        raw = raw.slice(1);
        s += 1;
      }
      const left = line[s - 1];
      const rc = line[e];
      if (left === '.' || (left === '(' && rc === ')')) continue; // 1.2.3 or (1)
      if (rc === '、' || rc === '%' || rc === '‰') continue;
      // "1." followed by a label is a list number — unless nothing follows on the line.
      if (rc === '.' && !/\d/.test(line[e + 1] ?? '') && line.slice(e + 1).trim()) continue;
      let unit: string | undefined;
      if (isLetter(rc)) {
        unit = UNITS.find((u) => line.startsWith(u, e));
        // Glued to a word on the right (政府23信息, 2024年), or a unit inside prose (3个工作日): not a cell.
        if (!unit || isLetter(line[e + unit.length])) continue;
      }
      if (isLetter(left) && /^[+-]/.test(raw)) continue;
      // 2019 本年增/减 written as 增3 / 减4
      const word = left === '增' || left === '减' ? left : '';
      if (word) {
        raw = (word === '减' ? '-' : '+') + raw.replace(/^[+-]/, '');
        s -= 1;
      }
      const signed = /^[+-]/.test(raw);
      const digits = raw.replace(/[+,-]/g, '');
      const dot = digits.indexOf('.');
      const value = Number(digits) * (raw.startsWith('-') ? -1 : 1);
      if (!Number.isFinite(value)) continue;
      const end = unit ? e + unit.length : e;
      tokens.push({
        start: ls + s,
        end: ls + end,
        line: li,
        raw: word ? word + line.slice(s + 1, end) : line.slice(s, end),
        value,
        kind: 'number',
        decimals: dot >= 0 ? digits.length - dot - 1 : 0,
        signed,
        splittable: !signed && dot < 0 && !raw.includes(',') && !unit && digits.length >= 2,
        ...(unit ? { unit } : {}),
      });
      e = end;
    }
  }
  tokens.sort((a, b) => a.start - b.start);

  // Label stream.
  const inToken = new Uint8Array(text.length);
  for (const t of tokens) inToken.fill(1, t.start, t.end);
  const labelChars: string[] = [];
  const labelPos: number[] = [];
  for (let li = 0; li < nLines; li++) {
    if (noise[li]) continue;
    const ls = lineStarts[li]!;
    const le = li + 1 < nLines ? lineStarts[li + 1]! - 1 : text.length;
    for (let i = ls; i < le; i++) {
      if (inToken[i]) continue;
      const c = text.charCodeAt(i);
      if (c < 0x30) continue; // space, tab, punctuation
      if (c >= 0xd800 && c <= 0xdbff) {
        const ch = text.slice(i, i + 2);
        if (LABEL_CHAR.test(ch)) {
          labelChars.push(ch);
          labelPos.push(i, i);
        }
        i++;
        continue;
      }
      const ch = text[i]!;
      if ((c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || (c > 0x7f && LABEL_CHAR.test(ch))) {
        labelChars.push(ch);
        labelPos.push(i);
      }
    }
  }
  return {
    source,
    norm,
    text,
    lineStarts,
    noise,
    prose,
    tokens,
    labels: labelChars.join(''),
    labelPos: Int32Array.from(labelPos),
    sourceLineStarts: lineStartsOf(source),
  };
}

/** Reduce a label to what the label stream keeps: letters and digits only. */
export function compactLabel(s: string): string {
  return normalize(s).text.replace(/[^\p{L}\p{N}]/gu, '');
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
  return { span, line: lineOf(st.sourceLineStarts, span[0]) + 1 };
}

/** Normalized text of line i without its newline. */
export function lineText(st: Stream, i: number): string {
  const s = st.lineStarts[i]!;
  const e = i + 1 < st.lineStarts.length ? st.lineStarts[i + 1]! - 1 : st.text.length;
  return st.text.slice(s, e);
}
