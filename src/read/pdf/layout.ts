/**
 * Pages of positioned runs → the reader's linear text (ReadResult contract), with a locator back
 * to page and box.
 *
 *  - Runs inside a ruled grid go to its cells (split where a run crosses a drawn border); a cell's
 *    lines are joined (no space between CJK characters). Each grid row is one line of tab-joined
 *    cells; a merged cell appears once, in its first row; an empty cell is BLANK_CELL.
 *  - Other runs are grouped into lines by baseline; wide gaps become tabs (column alignment for
 *    tables drawn without rules), and lines of one paragraph are joined.
 *  - Page furniture (page numbers, running headers repeated on every page) is dropped.
 *  - A table that goes on at the top of the next page continues: a repeated header is dropped,
 *    cells that continue a merged label cell emit nothing, and the empty cells of a row broken by
 *    the page (its values on one page, its label going on to the next) are not taken for blanks.
 */
import { BLANK_CELL } from '../types.js';
import type { Place } from '../../model/report.js';
import { buildGrids, cellAt, type Grid } from './grid.js';
import { isWide, runBox, unionBox, weights, type Box, type PageData, type Run } from './model.js';
import { isValues, rebuildRows } from './unruled.js';

/** A piece of emitted text and where it is. Separators have no box. */
interface Part {
  text: string;
  page: number;
  box: Box | null;
  /** OCR confidence of the word (0–100). */
  conf?: number;
  /** OCR: other likely readings of a number. */
  alts?: string[];
}

interface Line {
  runs: Run[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  base: number;
  size: number;
}

interface TableCell {
  parts: Part[];
  text: string;
  /** In layout coordinates. */
  box: Box;
  /** As the page is shown. */
  shown: Box;
  c0: number;
  c1: number;
  r0: number;
  r1: number;
  /** Continues a merged cell of the part of the table on the page before: emits nothing. */
  cont: boolean;
}

interface TableBlock {
  kind: 'table';
  page: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  rows: TableCell[][];
  /** Leading rows to leave out (a header repeated on a new page). */
  skipRows: number;
}

interface LineBlock {
  kind: 'line';
  page: number;
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
  parts: Part[];
  text: string;
  /** Page furniture, left out. */
  drop: boolean;
  /** Read by OCR (sizes are estimates). */
  ocr: boolean;
}

type Block = TableBlock | LineBlock;

export interface LayoutResult {
  text: string;
  locate: (start: number, end: number) => Place;
  /** OCR'd pieces of text with their confidence, where they are in `text`. */
  ocrWords: { start: number; end: number; page: number; text: string; conf: number; alts?: string[] }[];
}

// ——— lines ———

const first = (s: string): string => Array.from(s)[0] ?? '';
const last = (s: string): string => Array.from(s).at(-1) ?? '';

/** Group runs into lines by baseline; drop overprinted duplicates (fake bold). */
export function groupLines(runs: Run[]): Line[] {
  const sorted = [...runs].sort((a, b) => a.base - b.base || a.x0 - b.x0);
  const lines: Line[] = [];
  for (const r of sorted) {
    let into: Line | null = null;
    for (let i = lines.length - 1; i >= 0 && i >= lines.length - 6; i--) {
      const l = lines[i]!;
      const tol = 0.45 * Math.min(l.size, r.size);
      const overlap = Math.min(l.bottom, r.bottom) - Math.max(l.top, r.top);
      if (Math.abs(l.base - r.base) <= tol && overlap > 0.3 * Math.min(l.bottom - l.top, r.bottom - r.top)) {
        into = l;
        break;
      }
    }
    if (into) {
      into.runs.push(r);
      into.x0 = Math.min(into.x0, r.x0);
      into.x1 = Math.max(into.x1, r.x1);
      into.top = Math.min(into.top, r.top);
      into.bottom = Math.max(into.bottom, r.bottom);
      into.size = Math.max(into.size, r.size);
    } else lines.push({ runs: [r], x0: r.x0, x1: r.x1, top: r.top, bottom: r.bottom, base: r.base, size: r.size });
  }
  for (const l of lines) {
    l.runs.sort((a, b) => a.x0 - b.x0);
    // The same text drawn again over itself (bold by overprinting) is one text.
    l.runs = l.runs.filter((r, i) => {
      for (let k = i - 1; k >= 0 && k >= i - 3; k--) {
        const p = l.runs[k]!;
        const ov = Math.min(p.x1, r.x1) - Math.max(p.x0, r.x0);
        if (p.text === r.text && ov > 0.6 * (r.x1 - r.x0)) return false;
      }
      return true;
    });
  }
  return lines.sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

/** What goes between two runs of a line. */
function separator(prev: Run, next: Run, free: boolean): string {
  const gap = next.x0 - prev.x1;
  const em = Math.min(prev.size, next.size) || 10;
  const a = last(prev.text);
  const b = first(next.text);
  if (gap <= 0.12 * em) return '';
  if (free && gap >= 2 * em) return '\t';
  if (isWide(a) && isWide(b)) return gap < 1.5 * em ? '' : ' ';
  if (gap < 0.2 * em) return '';
  return ' ';
}

/** Boxes as the page is shown (a page laid out turned has its boxes turned back). */
type Show = (b: Box) => Box;

/** What OCR says of a run: its confidence and, for a number, its other likely readings. */
const ocrOf = (r: Run): { conf?: number; alts?: string[] } => ({
  ...(r.conf !== undefined ? { conf: r.conf } : {}),
  ...(r.alts?.length ? { alts: r.alts } : {}),
});
const asIs: Show = (b) => b;

function lineParts(line: Line, page: number, free: boolean, show: Show): Part[] {
  const parts: Part[] = [];
  line.runs.forEach((r, i) => {
    if (i > 0) {
      const sep = separator(line.runs[i - 1]!, r, free);
      if (sep) parts.push({ text: sep, page, box: null });
    }
    parts.push({ text: r.text, page, box: show(runBox(r)), ...ocrOf(r) });
  });
  return parts;
}

const partsText = (parts: Part[]): string => parts.map((p) => p.text).join('');

/** Parts without the blank ones at both ends. */
function trimParts(parts: Part[]): Part[] {
  let a = 0;
  let b = parts.length;
  while (a < b && !parts[a]!.text.trim()) a++;
  while (b > a && !parts[b - 1]!.text.trim()) b--;
  return parts.slice(a, b);
}

// ——— tables ———

/**
 * Split a run where it crosses a drawn vertical border of the grid (text of two cells in one run).
 * Character positions inside a run are estimates, so a run is only cut where the cut cannot fall
 * inside a number or a word: at a space, or next to a CJK character; otherwise it stays whole
 * (and goes to the cell holding its centre).
 */
function splitAtBorders(r: Run, g: Grid): Run[] {
  const y = (r.top + r.bottom) / 2;
  const cuts: number[] = [];
  for (let i = 1; i < g.cols; i++) {
    const x = g.xs[i]!;
    if (x > r.x0 + 1 && x < r.x1 - 1 && g.hasVAt(i, y)) cuts.push(x);
  }
  if (!cuts.length) return [r];
  const { chars, cum } = weights(r.text);
  const total = cum[cum.length - 1]! || 1;
  const w = r.x1 - r.x0;
  const xAt = (k: number): number => r.x0 + (cum[k]! / total) * w;
  const em = r.size || 10;
  const safe = (k: number): boolean => {
    const a = chars[k - 1] ?? ' ';
    const b = chars[k] ?? ' ';
    return /\s/.test(a) || /\s/.test(b) || isWide(a) || isWide(b);
  };
  const at: number[] = [];
  for (const x of cuts) {
    let best = -1;
    for (let k = 1; k < chars.length; k++) {
      if (!safe(k) || Math.abs(xAt(k) - x) > 1.5 * em) continue;
      if (best < 0 || Math.abs(xAt(k) - x) < Math.abs(xAt(best) - x)) best = k;
    }
    if (best > 0 && (at.length === 0 || best > at[at.length - 1]!)) at.push(best);
  }
  if (!at.length) return [r];
  const out: Run[] = [];
  let from = 0;
  for (const to of [...at, chars.length]) {
    const text = chars.slice(from, to).join('');
    if (text.trim()) out.push({ ...r, text: text.trim(), x0: xAt(from), x1: xAt(to) });
    from = to;
  }
  return out;
}

function cellText(runs: Run[], page: number, show: Show): Part[] {
  const lines = groupLines(runs);
  const parts: Part[] = [];
  lines.forEach((l, i) => {
    const lp = lineParts(l, page, false, show);
    if (i > 0) {
      // Wrapped lines of one cell: no space where CJK meets CJK (自然\n人 → 自然人).
      const prev = last(partsText(parts));
      const next = first(partsText(lp));
      if (!isWide(prev) && !isWide(next)) parts.push({ text: ' ', page, box: null });
    }
    parts.push(...lp);
  });
  return parts;
}

function tableBlock(g: Grid, runsByCell: Run[][], page: number, show: Show): TableBlock {
  const rows: TableCell[][] = Array.from({ length: g.rows }, () => []);
  g.cells.forEach((c, k) => {
    const parts = cellText(runsByCell[k]!, page, show);
    rows[c.r0]!.push({ parts, text: partsText(parts).trim(), box: c.box, shown: show(c.box), c0: c.c0, c1: c.c1, r0: c.r0, r1: c.r1, cont: false });
  });
  for (const r of rows) r.sort((a, b) => a.c0 - b.c0);
  return { kind: 'table', page, top: g.box[1], bottom: g.box[3], x0: g.box[0], x1: g.box[2], rows, skipRows: 0 };
}

// ——— pages ———

const area = (b: Box): number => (b[2] - b[0]) * (b[3] - b[1]);

function pageBlocks(p: PageData): Block[] {
  const show = p.unturn ?? asIs;
  // Smallest grid first: a run inside a table inside a frame belongs to the table. A scanned
  // page's rules as its reader built its cells from them (merged cells are rectangles).
  const all = buildGrids(p.segments, { rectangular: !!p.ocr }).sort((a, b) => area(a.box) - area(b.box));
  const inside = (a: Box, b: Box): boolean => a[0] >= b[0] - 1 && a[1] >= b[1] - 1 && a[2] <= b[2] + 1 && a[3] <= b[3] + 1;
  // Frames are not tables: one column of boxes, a border around other tables, or a few big boxes
  // over most of the page. Their text is read as ordinary lines.
  const grids = all.filter(
    (g, i) =>
      g.cols >= 2 &&
      !all.some((o, j) => j !== i && inside(o.box, g.box) && area(o.box) < area(g.box)) &&
      !(area(g.box) > 0.5 * p.width * p.height && g.cells.length < 6),
  );
  const cellRuns = grids.map((g) => g.cells.map((): Run[] => []));
  const free: Run[] = [];
  for (const run of p.runs) {
    const cy = (run.top + run.bottom) / 2;
    const gi = grids.findIndex((g) => inBox(run, g.box));
    if (gi < 0) {
      free.push(run);
      continue;
    }
    const g = grids[gi]!;
    for (const part of splitAtBorders(run, g)) {
      const k = cellAt(g, (part.x0 + part.x1) / 2, cy);
      if (k < 0) free.push(part);
      else cellRuns[gi]![k]!.push(part);
    }
  }
  const blocks: Block[] = [];
  grids.forEach((g, gi) => {
    if (!cellRuns[gi]!.some((rs) => rs.length)) return;
    // A grid missing the rulings between its rows holds several rows in one drawn cell: its text
    // is read by position like a table drawn without rules.
    if (underRuled(cellRuns[gi]!)) free.push(...p.runs.filter((r) => inBox(r, g.box)));
    else blocks.push(tableBlock(g, cellRuns[gi]!, p.page, show));
  });
  const lines = groupLines(free);
  const rebuilt = rebuildRows(lines);
  const lineBlock = (g: { top: number; bottom: number; x0: number; x1: number; size: number }, parts: Part[]): LineBlock => ({
    kind: 'line',
    page: p.page,
    top: g.top,
    bottom: g.bottom,
    x0: g.x0,
    x1: g.x1,
    size: g.size,
    parts,
    text: partsText(parts),
    drop: false,
    ocr: !!p.ocr,
  });
  lines.forEach((l, i) => {
    if (!rebuilt.used.has(i)) blocks.push(lineBlock(l, lineParts(l, p.page, true, show)));
  });
  for (const l of groupLines(rebuilt.rest)) blocks.push(lineBlock(l, lineParts(l, p.page, true, show)));
  // Rows rebuilt by position: label cells, then value cells, tab-separated as a grid row is.
  for (const row of rebuilt.rows) {
    const parts: Part[] = [];
    const tab = (): void => {
      if (parts.length) parts.push({ text: '\t', page: p.page, box: null });
    };
    for (const label of row.labels) {
      tab();
      parts.push(...trimParts(cellText(label, p.page, show)));
    }
    for (const v of row.values) {
      tab();
      if ('blank' in v) parts.push({ text: BLANK_CELL, page: p.page, box: show(v.blank) });
      else parts.push({ text: v.text.trim(), page: p.page, box: show(runBox(v)), ...ocrOf(v) });
    }
    blocks.push(lineBlock(row, parts));
  }
  return blocks.sort((a, b) => a.top - b.top || a.x0 - b.x0);
}

const inBox = (r: Run, b: Box): boolean => {
  const cx = (r.x0 + r.x1) / 2;
  const cy = (r.top + r.bottom) / 2;
  return cx >= b[0] && cx <= b[2] && cy >= b[1] && cy <= b[3];
};

/** Several cells of values each holding values on more than one line: rows the drawing did not separate. */
function underRuled(cells: Run[][]): boolean {
  let n = 0;
  for (const runs of cells) {
    if (runs.length < 2 || !runs.every((r) => isValues(r.text))) continue;
    if (groupLines(runs).length >= 2) n++;
  }
  return n >= 2;
}

// ——— page furniture ———

const PAGE_NO =
  /^(?:[-—–_·•~]*\d{1,4}[-—–_·•~]*|第\d{1,4}页(?:[,，/]?共\d{1,4}页)?|共\d{1,4}页[,，/]?第\d{1,4}页|\d{1,4}\/\d{1,4}|page\d{1,4}(?:of\d{1,4})?)$/i;

/**
 * Drop page furniture: page numbers at the top or bottom edge of a page, and running headers or
 * footers (the same text, digits aside, at the same edge of several pages; the first stays).
 * Up to three lines are looked at from each edge inwards, stopping at the body.
 */
function markFurniture(pages: Block[][], sizes: PageData[]): void {
  const repeated = new Map<string, LineBlock[]>();
  const compact = (b: LineBlock): string => b.text.replace(/\s+/g, '');
  pages.forEach((blocks, i) => {
    const H = sizes[i]!.height;
    for (const edge of ['bottom', 'top'] as const) {
      let numbered = false;
      for (let n = 0; n < 3; n++) {
        const idx = edge === 'bottom' ? blocks.length - 1 - n : n;
        const b = blocks[idx];
        if (!b || b.kind !== 'line' || b.drop) break;
        const inZone = edge === 'bottom' ? b.top > 0.8 * H : b.bottom < 0.15 * H;
        if (!inZone) break;
        const t = compact(b);
        if (PAGE_NO.test(t)) {
          if (numbered) break; // one page number per edge
          // A bare number must stand apart from the body (it could be a table's last value).
          const nb = blocks[edge === 'bottom' ? idx - 1 : idx + 1];
          const gap = nb ? (edge === 'bottom' ? b.top - nb.bottom : nb.top - b.bottom) : Infinity;
          if (/^\d+$/.test(t) && gap <= 0.5 * b.size) break;
          b.drop = true;
          numbered = true;
          continue;
        }
        if (t.length < 4 || t.length > 60) break;
        const key = `${edge}|${t.replace(/\d+/g, '#')}`;
        if (!repeated.has(key)) repeated.set(key, []);
        repeated.get(key)!.push(b);
      }
    }
  });
  for (const bs of repeated.values()) {
    if (new Set(bs.map((b) => b.page)).size < 2) continue;
    bs.slice(1).forEach((b) => (b.drop = true));
  }
}

// ——— tables across pages ———

const NUMERIC = /^[\s\d.,，+\-—–/%‰]*\d[\s\d.,，+\-—–/%‰件条个项次元万]*$|^(?:[—–-]{1,2}|\/|无|空)$/;
const hasLetters = (s: string): boolean => /\p{L}/u.test(s.replace(/^(?:无|空)$/, ''));
const rowKey = (row: TableCell[]): string => row.map((c) => c.text.replace(/\s+/g, '')).join('\u0001');

/** Cells of `row` that lie under cell `c` (x ranges overlapping by more than half). */
function above(row: TableCell[], c: TableCell): TableCell[] {
  return row.filter((a) => {
    const ov = Math.min(a.box[2], c.box[2]) - Math.max(a.box[0], c.box[0]);
    return ov > 0.5 * Math.min(a.box[2] - a.box[0], c.box[2] - c.box[0]);
  });
}

function continueTable(t: TableBlock, u: TableBlock): void {
  // A header repeated at the top of the new page: the same leading rows as the table's own.
  let k = 0;
  while (k < u.rows.length - 1 && k < t.rows.length && k < 6 && rowKey(u.rows[k]!) !== '' && rowKey(u.rows[k]!) === rowKey(t.rows[k]!)) k++;
  u.skipRows = k;
  const firstRow = u.rows[k];
  const L = t.rows.length - 1;
  if (!firstRow || L < 0) return;
  // The cells of the table's last grid row, merged cells from rows above included.
  const covering = t.rows.flat().filter((c) => c.r0 <= L && c.r1 > L);
  const isNum = (c: TableCell): boolean => c.text !== '' && NUMERIC.test(c.text);
  const uNum = firstRow.filter(isNum);
  const tNum = covering.filter(isNum);
  if (uNum.length && !uNum.some((c) => above(covering, c).some(isNum))) {
    // A row broken by the page, its values on the new page: the empty value cells left on the
    // page before are the same cells, not blank ones.
    for (const c of uNum) for (const a of above(covering, c)) if (!a.text && a.r0 === L) a.cont = true;
    return;
  }
  for (const c of firstRow) {
    if (c.text) continue;
    const up = above(covering, c);
    if (!up.length) continue;
    // Under a label or a merged cell going on from the page before: the same merged cell.
    const underLabel = up.some((a) => a.cont || (a.text !== '' && !NUMERIC.test(a.text) && hasLetters(a.text)) || (!a.text && a.r1 - a.r0 > 1));
    // A row broken by the page, its values left on the page before: nothing here is blank.
    const brokenRow = !uNum.length && tNum.length > 0 && up.some(isNum);
    if (underLabel || brokenRow) c.cont = true;
  }
}

function linkTables(pages: Block[][]): void {
  for (let i = 0; i + 1 < pages.length; i++) {
    const t = [...pages[i]!].reverse().find((b) => !(b.kind === 'line' && b.drop));
    const u = pages[i + 1]!.find((b) => !(b.kind === 'line' && b.drop));
    if (t?.kind !== 'table' || u?.kind !== 'table') continue;
    if (Math.abs(t.x0 - u.x0) > 8 || Math.abs(t.x1 - u.x1) > 8) continue;
    continueTable(t, u);
  }
}

// ——— paragraphs ———

const HEADING = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．](?!\d)|第[一二三四五六七八九十\d]+[章节条部分项])/;

interface Column {
  left: number;
  right: number;
}

/** The most common value (within 3 points); ties go to the first in `prefer` order. */
function mode(values: number[], prefer: 'low' | 'high'): number {
  const v = [...values].sort((x, y) => x - y);
  let best = v[0]!;
  let bestN = 0;
  for (let i = 0; i < v.length; i++) {
    let j = i;
    while (j < v.length && v[j]! - v[i]! <= 3) j++;
    const n = j - i;
    if (n > bestN || (n === bestN && prefer === 'high')) {
      bestN = n;
      best = prefer === 'high' ? v[j - 1]! : v[i]!;
    }
  }
  return best;
}

/** The body text column: where most long lines start and end (justified prose). */
function textColumn(pages: Block[][]): Column {
  const x0s: number[] = [];
  const x1s: number[] = [];
  for (const b of pages.flat()) {
    if (b.kind !== 'line' || b.drop || b.text.length < 12 || b.text.includes('\t')) continue;
    x0s.push(b.x0);
    x1s.push(b.x1);
  }
  if (!x0s.length) return { left: 0, right: Infinity };
  return { left: mode(x0s, 'low'), right: mode(x1s, 'high') };
}

/** Does line b go on the paragraph of line a? */
function continues(a: LineBlock, b: LineBlock, col: Column, pageBreak: boolean, pageWidth: number): boolean {
  if (a.text.includes('\t') || b.text.includes('\t')) return false;
  if (Math.abs(a.size - b.size) > (a.ocr || b.ocr ? 0.35 : 0.15) * Math.max(a.size, b.size)) return false;
  // (Kangxi radicals such as ⼆ for 二 come out of some PDFs: fold them for this test.)
  if (HEADING.test(b.text.trim().slice(0, 12).normalize('NFKC'))) return false;
  // A short line without a full stop after a finished sentence: a heading or a caption.
  const bText = b.text.trim();
  if (/[。！？；：]$/.test(a.text.trim()) && !/[。！？；，、]$/.test(bText) && b.x1 - b.x0 < 0.5 * (col.right - col.left)) return false;
  if (!pageBreak && b.top - a.bottom > 2.2 * a.size) return false;
  const em = a.size;
  // A full line followed by one starting at the margin (a new paragraph would be indented).
  if (a.x1 >= col.right - 1.5 * em && b.x0 <= col.left + 0.8 * em) return true;
  // Centred lines of a title that wrapped.
  const centre = pageWidth / 2;
  const centred = (l: LineBlock): boolean => Math.abs((l.x0 + l.x1) / 2 - centre) < 2 * em;
  return !pageBreak && centred(a) && centred(b) && a.x1 - a.x0 > 0.6 * (col.right - col.left) && b.top - a.bottom < 1.5 * em;
}

// ——— emission ———

interface Piece {
  start: number;
  end: number;
  page: number;
  box: Box;
  text: string;
  conf?: number;
  alts?: string[];
}

class Out {
  chunks: string[] = [];
  pos = 0;
  pieces: Piece[] = [];
  lineStarts: number[] = [0];
  private lineEmpty = true;

  part(p: Part): void {
    if (!p.text) return;
    if (p.box) {
      this.pieces.push({
        start: this.pos,
        end: this.pos + p.text.length,
        page: p.page,
        box: p.box,
        text: p.text,
        ...(p.conf !== undefined ? { conf: p.conf } : {}),
        ...(p.alts ? { alts: p.alts } : {}),
      });
    }
    this.chunks.push(p.text);
    this.pos += p.text.length;
    this.lineEmpty = false;
  }

  newline(): void {
    if (this.lineEmpty) return;
    this.chunks.push('\n');
    this.pos += 1;
    this.lineStarts.push(this.pos);
    this.lineEmpty = true;
  }
}

function emitRow(out: Out, row: TableCell[], page: number, cols: number): void {
  // A row of empty cells covering under half the table's columns, the others merged from the rows
  // above: a sliver between rules that do not line up (a label column's rule a little off the value
  // columns'), not a row of blank values — emitted, its blank joined the row above as one value too
  // many (a scan of the 2019 form: 表三's row read with 8 values, its 7 lost).
  if (row.every((c) => c.cont || c.text === '') && 2 * row.reduce((n, c) => n + (c.c1 - c.c0), 0) < cols) return;
  // Empty cells up to the row's last label are label columns (a merged label seen from another
  // row, a spacer): nothing to emit. Only empty cells among the values are blank values.
  let lastLabel = -1;
  row.forEach((c, i) => {
    if (!c.cont && c.text && hasLetters(c.text) && !NUMERIC.test(c.text)) lastLabel = i;
  });
  const cells = row.filter((c, i) => !c.cont && (c.text !== '' || i > lastLabel));
  if (!cells.length) return;
  cells.forEach((c, i) => {
    if (i > 0) out.part({ text: '\t', page, box: null });
    if (c.text) for (const p of trimParts(c.parts)) out.part(p);
    else out.part({ text: BLANK_CELL, page, box: c.shown });
  });
  out.newline();
}

/** The sub-box of a piece covering its UTF-16 units [a, b) (proportional to character widths). */
function subBox(p: Piece, a: number, b: number): Box {
  if (a <= 0 && b >= p.text.length) return p.box;
  const units = p.text.length;
  // Weights per UTF-16 unit (a surrogate pair's weight sits on its first unit).
  const cum = [0];
  for (let i = 0; i < units; i++) {
    const code = p.text.charCodeAt(i);
    const w = code >= 0xdc00 && code <= 0xdfff ? 0 : weights(String.fromCodePoint(p.text.codePointAt(i) ?? code)).cum[1]!;
    cum.push(cum[i]! + w);
  }
  const total = cum[units]! || 1;
  const [x0, y0, x1, y1] = p.box;
  const w = x1 - x0;
  return [x0 + (cum[Math.max(0, a)]! / total) * w, y0, x0 + (cum[Math.min(units, b)]! / total) * w, y1];
}

function locator(out: Out): (start: number, end: number) => Place {
  const pieces = out.pieces;
  const starts = out.lineStarts;
  const lineOf = (off: number): number => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= off) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  return (start, end) => {
    const place: Place = { span: [start, end], line: lineOf(start) };
    if (!pieces.length) return place;
    // first piece ending after start
    let lo = 0;
    let hi = pieces.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (pieces[mid]!.end <= start) lo = mid + 1;
      else hi = mid;
    }
    let box: Box | null = null;
    let page: number | undefined;
    for (let i = lo; i < pieces.length && pieces[i]!.start < Math.max(end, start + 1); i++) {
      const p = pieces[i]!;
      if (page === undefined) page = p.page;
      if (p.page !== page) break;
      box = unionBox(box, subBox(p, Math.max(start, p.start) - p.start, Math.min(Math.max(end, start + 1), p.end) - p.start));
    }
    if (!box) {
      // The span is on a separator: point at the nearest piece before it.
      const p = pieces[Math.max(0, lo - 1)]!;
      page = p.page;
      box = p.box;
    }
    return { ...place, page: page!, box: box.map((v) => Math.round(v * 100) / 100) as Box };
  };
}

/** Lay out every page and emit the reader's text. */
export function layoutPages(pages: PageData[]): LayoutResult {
  const blocks = pages.map(pageBlocks);
  markFurniture(blocks, pages);
  linkTables(blocks);
  const col = textColumn(blocks);
  const out = new Out();
  let prevLine: LineBlock | null = null;
  let prevPage = 0;
  blocks.forEach((bs, i) => {
    const width = pages[i]!.width;
    for (const b of bs) {
      if (b.kind === 'line') {
        if (b.drop) continue;
        const joined = prevLine !== null && continues(prevLine, b, col, prevPage !== b.page, width);
        if (joined) {
          const a = last(prevLine!.text);
          const c = first(b.text);
          if (!isWide(a) && !isWide(c) && !/\s/.test(a)) out.part({ text: ' ', page: b.page, box: null });
        } else out.newline();
        for (const p of b.parts) out.part(p);
        prevLine = b;
        prevPage = b.page;
        continue;
      }
      out.newline();
      const cols = b.rows.reduce((n, row) => row.reduce((m, c) => Math.max(m, c.c1), n), 0);
      b.rows.slice(b.skipRows).forEach((row) => emitRow(out, row, b.page, cols));
      prevLine = null;
      prevPage = b.page;
    }
  });
  out.newline();
  const ocrWords = out.pieces.flatMap((p) =>
    p.conf !== undefined ? [{ start: p.start, end: p.end, page: p.page, text: p.text, conf: p.conf, ...(p.alts ? { alts: p.alts } : {}) }] : [],
  );
  return { text: out.chunks.join(''), locate: locator(out), ocrWords };
}

/** Plain text of the emitted result, for tests: the same as `layoutPages(...).text`. */
export const _internals = { groupLines, splitAtBorders, separator, PAGE_NO, continues };
