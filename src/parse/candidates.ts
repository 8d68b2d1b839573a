/**
 * The readings of one table row: every way its value tokens can fill its columns, each with its
 * cost in assumptions. The table solver (solve.ts) picks among them with the template's
 * relations; this module only says what the text allows.
 *
 * A token is a cell as written (`12`, `0件`, `—`, `+3`), or digits of several cells that ran
 * together (`121010014`, `97+82179`): such a run is cut into pieces, each a well-formed value of
 * its column's type — no leading zeros, a sign only where the column is signed, decimals only
 * where it holds money. How the row was written decides what else may happen:
 *
 *   spaced      a layout whose cells stand apart (spaces, tabs, lines): a cell may have been lost
 *               in extraction (its value unknown; cost 1), and a token cut into several cells is a
 *               damage hypothesis too (cost 1). Tokens filling the columns exactly are read as
 *               they stand.
 *   flat        a web table flattened into one line with every cell written: runs are cut freely
 *               (cost 0), nothing is lost.
 *   dropped     a flattened table whose blank cells left no trace: a column may be blank
 *               (value 0, flagged), its place known only from the relations.
 *   positional  one cell per line where blank lines keep the grid: each token's column is known.
 */
import type { Token } from './stream.js';

export type ColType = 'int' | 'signed-int' | 'decimal';
export type RowMode = 'spaced' | 'flat' | 'dropped' | 'positional';

/** A value placed in a cell, with where it was read. */
export interface Piece {
  value: number;
  /** Index of the row's token the value came from; null for a blank left out of the text. */
  token: number | null;
  /** Normalized offsets of the characters read (part of the token when it was cut). */
  start: number;
  end: number;
  raw: string;
  /** Cut out of a token holding several cells. */
  split: boolean;
  /** An empty cell: a blank grid cell, an empty line in its slot, a cell left out of a flattened row. */
  blank: boolean;
  /** A null mark (—, -, /, 无) or a blank: 0 by convention, flagged zeroInferred. */
  zero: boolean;
  /** A blank with no place of its own in the source (a cell a flattened row left out). */
  placeless?: boolean;
  unit?: string;
  /** OCR: the value is the recogniser's second reading; this is what it read first. */
  ocrRead?: string;
}

/** A reading of a row: a piece per column, or null where the value is unknown (lost). */
export interface Candidate {
  cells: (Piece | null)[];
  cost: number;
}

export interface RowShape {
  /** Column types, in order (the declared columns of the row). */
  types: ColType[];
  /** Per column: true when the column is not in the source at all (always unknown). */
  absent?: boolean[];
  /**
   * Columns that add up to a column after them (table 三: the six applicant columns to 总计;
   * table 四: each group's four results to its 总计). Where the text leaves no cell unknown (a
   * flattened run), a reading whose 总计 is not the sum of its parts is not generated at all —
   * the same readings the solver would keep, found without enumerating the others. When no
   * reading adds up (the source's own error), the readings are generated without this.
   */
  sums?: { parts: number[]; total: number }[];
}

export interface Generated {
  candidates: Candidate[];
  /** The enumeration stopped at the cap: the row has too many readings to weigh. */
  capped: boolean;
}

export const MAX_CANDIDATES = 5_000;
/** Steps of the enumeration before a row is given up as having too many readings. */
const MAX_STEPS = 400_000;
/**
 * The longest piece cut from a run of digits: no cell holds a longer number (999,999,999,999 is
 * 15 characters). Without it every step tried every length of the run, and a run too long for
 * the row's columns was cut every way until the step budget: table numbers replaced by runs of
 * 300 digits made a 9 KB report take 96 s (now 0.2 s).
 */
const MAX_PIECE_CHARS = 16;

// Digits without leading zeros, or grouped in thousands (1,234).
const WHOLE = String.raw`(?:0|[1-9]\d*|[1-9]\d{0,2}(?:,\d{3})+)`;
const INT = new RegExp(`^${WHOLE}$`);
const SIGNED = new RegExp(`^[+-]?${WHOLE}$`);
const DECIMAL = new RegExp(`^${WHOLE}(?:\\.\\d+)?$`);

/** A piece of text as a value of a column type, or null when it is not one. */
export function valueAs(text: string, type: ColType): number | null {
  const ok = type === 'int' ? INT.test(text) : type === 'signed-int' ? SIGNED.test(text) : DECIMAL.test(text);
  return ok ? Number(text.replace(/,/g, '')) : null;
}

interface Cuttable {
  /** The digits (with sign and decimal point) that may be cut, without the unit. */
  text: string;
  unit?: string;
}

/**
 * The part of a token that may be cut into several cells, or null for a token that stands whole.
 * A sign word is cut as its sign (减110 as -110: one character each, so offsets hold).
 */
function cuttable(t: Token): Cuttable | null {
  // A run of digits and commas that is no number (7051,3605481,08): cells run together, each
  // perhaps grouped in thousands — cut, never read whole.
  if (t.kind === 'bad') return /^[\d.,]+$/.test(t.raw) ? { text: t.raw } : null;
  if (t.kind !== 'number') return null;
  let text = t.unit ? t.raw.slice(0, t.raw.length - t.unit.length) : t.raw;
  if (text[0] === '增') text = '+' + text.slice(1);
  else if (text[0] === '减') text = '-' + text.slice(1);
  if (text.length < 2 || !/^[+-]?[\d.,]+$/.test(text)) return null;
  return t.unit ? { text, unit: t.unit } : { text };
}

/** A whole token can stand in a column of this type: a sign only where the column is signed, decimals only where it holds money. */
function fits(t: Token, type: ColType): boolean {
  if (t.kind !== 'number') return true;
  // 000023 is no value as written: zeros of other cells run into it.
  if (/^[+-]?0\d/.test(t.raw)) return false;
  if (t.signed && type !== 'signed-int') return false;
  if (t.decimals > 0 && type !== 'decimal') return false;
  return true;
}

/** A token as the value of the column it stands in: none for a cell not read (its value unknown). */
const standing = (t: Token, i: number): Piece | null => (t.kind === 'unread' ? null : wholePiece(t, i));

function wholePiece(t: Token, i: number): Piece {
  const p: Piece = {
    value: t.value,
    token: i,
    start: t.start,
    end: t.end,
    raw: t.raw,
    split: false,
    blank: t.kind === 'blank',
    zero: t.kind === 'null' || t.kind === 'blank',
  };
  if (t.unit) p.unit = t.unit;
  return p;
}

/** A blank cell with no character of its own, at normalized offset `at` (an empty line, or nowhere: `placeless`). */
export function blankPiece(at: number, placeless = false): Piece {
  const p: Piece = { value: 0, token: null, start: at, end: at, raw: '', split: false, blank: true, zero: true };
  if (placeless) p.placeless = true;
  return p;
}

/**
 * Every reading of `tokens` into columns of `shape`, under `mode`. `blankAt` is where a blank
 * with no character of its own is placed (the end of the row label).
 */
export function rowCandidates(tokens: Token[], shape: RowShape, mode: Exclude<RowMode, 'positional'>, blankAt: number): Generated {
  if (shape.sums?.length && mode !== 'spaced') {
    const fit = enumerate(tokens, shape, mode, blankAt, true);
    if (fit.candidates.length || fit.capped) return fit;
  }
  return enumerate(tokens, shape, mode, blankAt, false);
}

function enumerate(tokens: Token[], shape: RowShape, mode: Exclude<RowMode, 'positional'>, blankAt: number, summed: boolean): Generated {
  const n = shape.types.length;
  // Column → the parts whose sum it must be (when `summed`).
  const sumOf = new Map<number, number[]>();
  if (summed) for (const g of shape.sums ?? []) sumOf.set(g.total, g.parts);
  const absent = shape.absent ?? [];
  const slots = shape.types.map((_, j) => j).filter((j) => !absent[j]);
  const m = tokens.length;
  const out: Candidate[] = [];
  // Spaced: tokens that fill the columns exactly are the reading; a row that does not add up is
  // the source's error, for the checks to report.
  if (mode === 'spaced' && m === slots.length) {
    const cells: (Piece | null)[] = new Array(n).fill(null);
    slots.forEach((j, k) => (cells[j] = standing(tokens[k]!, k)));
    return { candidates: [{ cells, cost: 0 }], capped: false };
  }
  if (mode === 'spaced' && m > slots.length) return { candidates: [], capped: false };
  const cuts = tokens.map(cuttable);
  const cells: (Piece | null)[] = new Array(n).fill(null);
  let capped = false;
  // (token i, offset o within its cuttable text, slot index k, cost so far, tokens cut so far)
  const cutTokens = new Set<number>();
  let steps = 0;
  const rec = (i: number, o: number, k: number, cost: number): void => {
    if (capped) return;
    if (++steps > MAX_STEPS) {
      capped = true;
      return;
    }
    if (k === slots.length) {
      if (i === m) {
        if (out.length >= MAX_CANDIDATES) {
          capped = true;
          return;
        }
        out.push({ cells: cells.slice(), cost });
      }
      return;
    }
    const j = slots[k]!;
    const type = shape.types[j]!;
    // A 总计 whose parts are placed must be their sum.
    const parts = sumOf.get(j);
    let need: number | null = null;
    if (parts) {
      need = 0;
      for (const q of parts) {
        const p = cells[q];
        if (!p) {
          need = null;
          break;
        }
        need += p.value;
      }
    }
    const ok = (v: number): boolean => need === null || Math.abs(v - need) < 1e-9;
    // Columns left over must outnumber the pieces still to come only by what may be empty.
    const slotsLeft = slots.length - k;
    if (i < m && mode === 'flat' && slotsLeft < m - i) return;
    // This column without a value from the text: lost (spaced) or blank (dropped) — also between
    // two pieces of one run (1|…|1 with the columns between them blank).
    if ((mode === 'spaced' || mode === 'dropped') && (mode === 'spaced' || ok(0))) {
      cells[j] = mode === 'dropped' ? blankPiece(blankAt, true) : null;
      rec(i, o, k + 1, cost + (mode === 'spaced' ? 1 : 0));
      cells[j] = null;
    }
    if (i === m) return;
    const t = tokens[i]!;
    // A cell not read holds its column, its value unknown (the relations may fix it).
    if (t.kind === 'unread') {
      if (o === 0) rec(i + 1, 0, k + 1, cost);
      return;
    }
    const c = cuts[i];
    // (spaced: a whole token stands in any column, as written; the checks judge its value)
    if (o === 0 && t.kind !== 'bad' && (mode === 'spaced' || fits(t, type)) && ok(t.value)) {
      // The token whole.
      cells[j] = wholePiece(t, i);
      rec(i + 1, 0, k + 1, cost);
      cells[j] = null;
    }
    if (!c) return;
    // The rest of the run must fit in the columns left.
    if (c.text.length - o > MAX_PIECE_CHARS * slotsLeft) return;
    // A piece of the token's text from o: to its end (o > 0) or shorter (a cut).
    const text = c.text;
    for (let e = o + 1; e <= Math.min(text.length, o + MAX_PIECE_CHARS); e++) {
      if (o === 0 && e === text.length) continue; // the whole token, above
      const part = text.slice(o, e);
      const v = valueAs(part, type);
      if (v !== null && !ok(v)) continue;
      if (v === null) {
        // A longer piece can still be valid (a sign or a decimal point in the middle); stop only
        // when no extension can be (a leading zero).
        if (part.length > 1 && (part[0] === '0' || ((part[0] === '+' || part[0] === '-') && part[1] === '0'))) break;
        continue;
      }
      const last = e === text.length;
      const piece: Piece = {
        value: v,
        token: i,
        start: t.start + o,
        end: last ? t.end : t.start + e,
        raw: last && c.unit ? part + c.unit : part,
        split: true,
        blank: false,
        zero: false,
      };
      if (last && c.unit) piece.unit = c.unit;
      cells[j] = piece;
      const newly = !cutTokens.has(i);
      if (newly) cutTokens.add(i);
      const extra = mode === 'spaced' && newly ? 1 : 0;
      if (last) rec(i + 1, 0, k + 1, cost + extra);
      else rec(i, e, k + 1, cost + extra);
      if (newly) cutTokens.delete(i);
      cells[j] = null;
    }
  };
  rec(0, 0, 0, 0);
  // A row given up has no reading at all, rather than some of its readings.
  return { candidates: capped ? [] : out, capped };
}

/** The one reading of a row whose tokens' columns are known (positional layouts). */
/**
 * OCR alternatives: for every reading, the same reading with one number read as the
 * recogniser's runner-up instead (one digit changed), at one assumption more. The relations then
 * choose: a row that adds up as read keeps its reading (the alternatives cost more); a row that
 * does not, and adds up with exactly one alternative, takes it — flagged, never silently.
 * `alts[i]`: the alternatives of token i (null: none).
 */
export function withAlternatives(cands: Candidate[], alts: (string[] | null)[], types: ColType[]): Candidate[] {
  if (!alts.some((a) => a?.length)) return cands;
  const out = [...cands];
  for (const c of cands) {
    c.cells.forEach((p, k) => {
      if (!p || p.token === null || p.split || p.blank) return;
      for (const alt of alts[p.token] ?? []) {
        const v = valueAs(alt, types[k]!);
        if (v === null || v === p.value) continue;
        const cells = [...c.cells];
        cells[k] = { ...p, value: v, raw: alt, ocrRead: p.raw };
        out.push({ cells, cost: c.cost + 1 });
      }
    });
    if (out.length > MAX_CANDIDATES) break;
  }
  return out;
}

export function positionalCandidate(tokens: Token[], columnOf: number[], blanks: { col: number; at: number }[], n: number): Candidate {
  const cells: (Piece | null)[] = new Array(n).fill(null);
  tokens.forEach((t, i) => (cells[columnOf[i]!] = standing(t, i)));
  for (const b of blanks) cells[b.col] = blankPiece(b.at);
  return { cells, cost: 0 };
}
