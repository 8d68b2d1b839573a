/**
 * Shared helpers of the grid readers (HTML, DOCX): a table cell grid that honours merged
 * cells, and a text builder that emits lines and table rows per the ReadResult contract while
 * keeping, for every emitted UTF-16 unit, the source span it came from.
 */
import type { Place } from '../model/report.js';
import { BLANK_CELL } from './types.js';

// ——— grid ———

/** A cell as a source declares it: spans, no position (HTML `rowspan`/`colspan`). */
export interface SpanCell<T> {
  rowSpan: number;
  colSpan: number;
  data: T;
}

/** A cell placed in the grid: top-left slot and extent. */
export interface PlacedCell<T> {
  row: number;
  col: number;
  rowSpan: number;
  colSpan: number;
  data: T;
}

export interface Grid<T> {
  rows: number;
  cols: number;
  /** Cells in row-major order of their top-left slot. */
  cells: PlacedCell<T>[];
  /** Index into `cells` of the cell covering slot (r, c), or -1 for a hole (ragged rows). */
  at(r: number, c: number): number;
  /** True when the spans asked for more slots than allowed and were reduced to 1×1. */
  clamped: boolean;
}

/** HTML caps (HTML Standard, "processing model" of tables). */
export const MAX_COLSPAN = 1000;
export const MAX_ROWSPAN = 65534;
/** Slots a single table may occupy before spans are ignored: bounds memory on hostile input. */
export const MAX_SLOTS = 1_000_000;

function finish<T>(cells: PlacedCell<T>[], rows: number, clamped: boolean): Grid<T> {
  let cols = 0;
  for (const c of cells) cols = Math.max(cols, c.col + c.colSpan);
  const slots = new Int32Array(rows * cols).fill(-1);
  cells.sort((a, b) => a.row - b.row || a.col - b.col);
  cells.forEach((c, i) => {
    for (let r = c.row; r < c.row + c.rowSpan && r < rows; r++) {
      for (let k = c.col; k < c.col + c.colSpan; k++) if (slots[r * cols + k] === -1) slots[r * cols + k] = i;
    }
  });
  return {
    rows,
    cols,
    cells,
    clamped,
    at: (r, c) => (r >= 0 && r < rows && c >= 0 && c < cols ? slots[r * cols + c]! : -1),
  };
}

/**
 * Lay out rows of cells the way HTML does: each cell takes the first free slot of its row,
 * after the slots taken by cells from rows above (rowspan). A rowspan of 0 or one that runs
 * past the last row stops at the last row.
 */
export function gridFromRows<T>(rows: SpanCell<T>[][]): Grid<T> {
  const n = rows.length;
  const norm = (v: number, max: number): number => (Number.isFinite(v) && v >= 1 ? Math.min(Math.floor(v), max) : 1);
  let total = 0;
  for (let r = 0; r < n; r++) {
    for (const c of rows[r]!) {
      const rs = c.rowSpan === 0 ? n - r : Math.min(norm(c.rowSpan, MAX_ROWSPAN), n - r);
      total += rs * norm(c.colSpan, MAX_COLSPAN);
    }
  }
  const clamped = total > MAX_SLOTS;
  // Occupancy per row: taken[r][c] true when a cell from above (or to the left) covers it.
  const taken: boolean[][] = Array.from({ length: n }, () => []);
  const cells: PlacedCell<T>[] = [];
  for (let r = 0; r < n; r++) {
    let col = 0;
    for (const c of rows[r]!) {
      while (taken[r]![col]) col++;
      const rowSpan = clamped ? 1 : c.rowSpan === 0 ? n - r : Math.min(norm(c.rowSpan, MAX_ROWSPAN), n - r);
      const colSpan = clamped ? 1 : norm(c.colSpan, MAX_COLSPAN);
      for (let rr = r; rr < r + rowSpan; rr++) for (let k = col; k < col + colSpan; k++) taken[rr]![k] = true;
      cells.push({ row: r, col, rowSpan, colSpan, data: c.data });
      col += colSpan;
    }
  }
  return finish(cells, n, clamped);
}

/** Build a grid from cells whose positions the source states (DOCX grid columns). */
export function gridFromPlaced<T>(cells: PlacedCell<T>[], rows: number): Grid<T> {
  let total = 0;
  for (const c of cells) total += c.rowSpan * c.colSpan;
  const clamped = total > MAX_SLOTS;
  const placed = clamped ? cells.map((c) => ({ ...c, rowSpan: 1, colSpan: 1 })) : cells;
  return finish(placed, rows, clamped);
}

/** Per grid row, the cells whose top-left slot is in that row, left to right. */
export function originRows<T>(grid: Grid<T>): PlacedCell<T>[][] {
  const out: PlacedCell<T>[][] = Array.from({ length: grid.rows }, () => []);
  for (const c of grid.cells) out[c.row]!.push(c);
  return out;
}

// ——— text builder ———

/** Characters that leave a cell blank (after trimming): whitespace, NBSP, ideographic space. */
const BLANKISH = /^[\s\u00a0\u3000\u200b\ufeff]*$/;
const BLANK_UNIT = /[\s\u00a0\u3000\u200b\ufeff]/;

/**
 * Emitted text with, for each UTF-16 unit, the source span [start, end) it came from.
 * Lines are built with `add`/`space`/`breakLine`; table rows with `row`.
 */
export class TextOut {
  /** Finished lines, each ending in '\n'. */
  private done: string[] = [];
  /** The current line. */
  private cur = '';
  /** Last unit of `cur` (kept apart: indexing a long concatenated string flattens it). */
  private tail = '';
  private len = 0;
  private s = new Int32Array(256);
  private e = new Int32Array(256);
  /** In a cell every line break becomes a space and tabs become spaces: a cell is one field. */
  constructor(private readonly oneLine = false) {}

  get length(): number {
    return this.len;
  }

  get text(): string {
    if (this.done.length > 1) this.done = [this.done.join('')];
    return (this.done[0] ?? '') + this.cur;
  }

  private get lineStart(): number {
    return this.len - this.cur.length;
  }

  private grow(extra: number): void {
    if (this.len + extra <= this.s.length) return;
    const size = Math.max(this.s.length * 2, this.len + extra);
    const ns = new Int32Array(size);
    ns.set(this.s.subarray(0, this.len));
    const ne = new Int32Array(size);
    ne.set(this.e.subarray(0, this.len));
    this.s = ns;
    this.e = ne;
  }

  private put(str: string, a: number, b: number): void {
    this.grow(str.length);
    for (let k = 0; k < str.length; k++) {
      this.s[this.len] = a;
      this.e[this.len] = b;
      this.len++;
    }
    this.cur += str;
    this.tail = str[str.length - 1]!;
  }

  private newline(at: number): void {
    this.put('\n', at, at);
    this.done.push(this.cur);
    this.cur = '';
    this.tail = '';
  }

  /** Add text from source span [a, b) (every unit gets that span). In a cell, tabs and breaks become spaces. */
  add(str: string, a: number, b: number): void {
    if (!str) return;
    if (/[\t\n]/.test(str)) {
      if (this.oneLine) str = str.replace(/[\t\n]/g, ' ');
      else if (str.includes('\n')) {
        str.split('\n').forEach((part, i) => {
          if (i > 0) this.breakLine(a);
          if (part) this.put(part, a, b);
        });
        return;
      }
    }
    this.put(str, a, b);
  }

  /** A collapsible space: nothing at a line start or after a space or tab. */
  space(a: number, b: number): void {
    const l = this.tail;
    if (l === '' || l === ' ' || l === '\t') return;
    this.put(' ', a, b);
  }

  /** Drop the current line's units from its n-th on. */
  private truncate(n: number): void {
    if (n >= this.cur.length) return;
    this.len -= this.cur.length - n;
    this.cur = this.cur.slice(0, n);
    this.tail = n > 0 ? this.cur[n - 1]! : '';
  }

  /** End the current line. A line of only blanks is removed: no empty lines are emitted. */
  breakLine(at: number): void {
    if (this.oneLine) {
      this.space(at, at);
      return;
    }
    // Trailing blanks, counted from the end (the regex /[ \u00a0\u3000]+$/ retried from every
    // blank of a long run: 100,000 &nbsp; in one paragraph took 13 s).
    let n = this.cur.length;
    while (n > 0) {
      const c = this.cur.charCodeAt(n - 1);
      if (c !== 0x20 && c !== 0xa0 && c !== 0x3000) break;
      n--;
    }
    const t = this.cur.slice(0, n);
    this.truncate(n);
    if (BLANKISH.test(t)) {
      this.truncate(0);
      return;
    }
    this.newline(at);
  }

  /**
   * Emit one table row as a line: cells joined by tabs; a cell whose text is only blanks is
   * BLANK_CELL. `cells` are the row's origin cells, left to right, each with the source span
   * of the whole cell (where a tab or BLANK_CELL points).
   */
  row(cells: { out: TextOut; span: [number, number] }[], at: number): void {
    if (!cells.length) return;
    this.breakLine(at);
    cells.forEach((c, i) => {
      if (i > 0) this.put('\t', c.span[0], c.span[0]);
      const t = c.out.text;
      let a = 0;
      let b = t.length;
      while (a < b && BLANK_UNIT.test(t[a]!)) a++;
      while (b > a && BLANK_UNIT.test(t[b - 1]!)) b--;
      if (a === b) this.put(BLANK_CELL, c.span[0], c.span[1]);
      else this.append(c.out, a, b);
    });
    // Kept even when every cell is BLANK_CELL: a row of blank cells is still a row.
    this.newline(at);
  }

  /** Copy units [a, b) of a one-line builder (a cell), with their spans. */
  append(o: TextOut, a = 0, b = o.length): void {
    if (b <= a) return;
    this.grow(b - a);
    this.s.set(o.s.subarray(a, b), this.len);
    this.e.set(o.e.subarray(a, b), this.len);
    this.len += b - a;
    const t = o.text.slice(a, b);
    this.cur += t;
    this.tail = t[t.length - 1]!;
  }

  /** Final text, the last line ended. */
  finish(at: number): string {
    this.breakLine(at);
    return this.text;
  }

  /** A locate function over the emitted text; `lineOf` maps a source offset to its 1-based line. */
  locator(lineOf: (offset: number) => number): (start: number, end: number) => Place {
    const s = this.s.slice(0, this.len);
    const e = this.e.slice(0, this.len);
    const n = this.len;
    return (start, end) => {
      if (n === 0) return { span: [0, 0], line: 1 };
      const a = Math.min(Math.max(start, 0), n - 1);
      const b = Math.min(Math.max(end, a + 1), n);
      let lo = s[a]!;
      let hi = e[b - 1]!;
      // Units of one span may come from different places (a cell's text and the tab before it):
      // cover them all (bounded scan, spans of cells are short).
      for (let k = a; k < b && k < a + 4096; k++) {
        if (s[k]! < lo) lo = s[k]!;
        if (e[k]! > hi) hi = e[k]!;
      }
      return { span: [lo, Math.max(lo, hi)], line: lineOf(lo) };
    };
  }
}

/** 1-based line of an offset, from sorted line start offsets. */
export function lineFinder(starts: number[]): (offset: number) => number {
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

/** Start offsets of the lines of a string. */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}
