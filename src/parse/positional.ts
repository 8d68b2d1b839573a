/**
 * One cell per line where blank lines keep the grid (web tables copied as text: every cell on its
 * own line, a fixed number of blank lines between cells and more between rows). There an empty
 * cell is an empty line in its place, and the places are proven by the rows that are complete:
 * if every complete row has its values at the same line offsets from its label (label + 3,
 * + 6, … + 21), a row with fewer values whose values sit on those offsets, and whose other
 * offsets are empty lines, has blank cells at the empty offsets. Anything else: no model, and the
 * row is read as any other.
 */
import { lineOf, lineText, type Stream, type Token } from './stream.js';

export interface LineModel {
  /** Lines from the row label's last line to its first value. */
  first: number;
  /** Lines from one value to the next. */
  stride: number;
  /** Lines from a row's last value to the next row's label (the same between a header and its values). */
  gap: number | null;
}

export interface RowLines {
  /** Line of the label's last character. */
  labelLine: number;
  tokens: Token[];
  /** Number of value columns. */
  columns: number;
  /** Line of the next row's label (any label), or null. */
  nextLine: number | null;
}

const alone = (st: Stream, t: Token): boolean => lineText(st, t.line).trim() === st.text.slice(t.start, t.end).trim();

/** The offsets of a complete row, when its values are alone on lines at equal steps. */
function stepsOf(st: Stream, r: RowLines): { first: number; stride: number } | null {
  if (r.tokens.length !== r.columns || r.columns < 3) return null;
  if (!r.tokens.every((t) => alone(st, t))) return null;
  const first = r.tokens[0]!.line - r.labelLine;
  const stride = r.tokens[1]!.line - r.tokens[0]!.line;
  // Blank lines between the cells are what keeps the grid: with none (stride 1), a lost line and
  // an empty cell look alike.
  if (first < 1 || stride < 2) return null;
  for (let k = 1; k < r.tokens.length; k++) if (r.tokens[k]!.line - r.tokens[k - 1]!.line !== stride) return null;
  return { first, stride };
}

/** The model of a table's rows: every complete row agrees on it, and at least two prove it. */
export function learnModel(st: Stream, rows: RowLines[]): LineModel | null {
  let model: { first: number; stride: number } | null = null;
  let proofs = 0;
  const gaps = new Map<number, number>();
  for (const r of rows) {
    if (r.tokens.length !== r.columns) continue;
    // A row of one or two columns (table 二's blocks) proves no stride; it neither proves nor breaks.
    if (r.columns < 3) continue;
    const s = stepsOf(st, r);
    if (!s) return null;
    if (model && (model.first !== s.first || model.stride !== s.stride)) return null;
    model = s;
    proofs++;
    if (r.nextLine !== null) {
      const g = r.nextLine - r.tokens.at(-1)!.line;
      gaps.set(g, (gaps.get(g) ?? 0) + 1);
    }
  }
  if (!model || proofs < 2) return null;
  let gap: number | null = null;
  let most = 0;
  for (const [g, c] of gaps) if (c > most || (c === most && gap !== null && g < gap)) [gap, most] = [g, c];
  return { ...model, gap };
}

export interface Placed {
  /** Column of each token. */
  columnOf: number[];
  /** Columns whose place is an empty line, and the offset of that line's start. */
  blanks: { col: number; at: number }[];
}

const isEmpty = (st: Stream, li: number): boolean => li < st.lineStarts.length && lineText(st, li).trim() === '';

/**
 * Place a row's tokens by the model: each token alone on the line of its column, every other
 * column's line empty, all before the next row's label. `startLine` is the line of column 0.
 */
export function placeByLines(st: Stream, model: LineModel, startLine: number, tokens: Token[], columns: number, nextLine: number | null): Placed | null {
  const columnOf: number[] = [];
  for (const t of tokens) {
    if (!alone(st, t)) return null;
    const d = t.line - startLine;
    if (d < 0 || d % model.stride !== 0) return null;
    const k = d / model.stride;
    if (k >= columns || columnOf.includes(k)) return null;
    if (columnOf.length && k <= columnOf.at(-1)!) return null;
    columnOf.push(k);
  }
  const lastLine = startLine + (columns - 1) * model.stride;
  if (nextLine !== null && lastLine >= nextLine) return null;
  // The grid is intact: every line from the first column's to the last column's is empty but
  // for the values on their own lines.
  const onLine = new Set(tokens.map((t) => t.line));
  for (let li = startLine; li <= lastLine; li++) if (!onLine.has(li) && !isEmpty(st, li)) return null;
  const blanks: { col: number; at: number }[] = [];
  for (let k = 0; k < columns; k++) {
    if (columnOf.includes(k)) continue;
    const li = startLine + k * model.stride;
    if (!isEmpty(st, li)) return null;
    blanks.push({ col: k, at: st.lineStarts[li]! });
  }
  return { columnOf, blanks };
}

/** Line (0-based) of a normalized offset. */
export const lineAt = (st: Stream, offset: number): number => lineOf(st.lineStarts, offset);

/**
 * The same grid as a converter writes it when a filled cell is a paragraph (its value, then the
 * model's blank lines) and an empty cell only a line break: an empty cell takes ONE empty line, not
 * a stride. Walked from `startLine`: a line holding the next value is that column's cell (the
 * lines after it to the next stride empty), an empty line is a blank cell. Believed only when the
 * walk ends exactly where the row's successor begins — the next label (or a group heading before
 * it) `gap` lines after the last value, as in every complete row — so that the row's own length proves the convention (with a
 * blank cell the fixed-stride grid is longer by a whole stride per blank, and never fits both).
 */
export function placeCompact(st: Stream, model: LineModel, startLine: number, tokens: Token[], columns: number, nextLine: number | null): Placed | null {
  if (model.gap === null || tokens.length === 0 || tokens.length >= columns) return null;
  if (!tokens.every((t) => alone(st, t))) return null;
  const columnOf: number[] = [];
  const blanks: { col: number; at: number }[] = [];
  let p = startLine;
  let next = 0;
  for (let k = 0; k < columns; k++) {
    if (p >= st.lineStarts.length) return null;
    if (next < tokens.length && tokens[next]!.line === p) {
      for (let li = p + 1; li < p + model.stride; li++) if (!isEmpty(st, li)) return null;
      columnOf.push(k);
      next++;
      p += model.stride;
    } else if (isEmpty(st, p)) {
      blanks.push({ col: k, at: st.lineStarts[p]! });
      p++;
    } else return null;
  }
  if (next !== tokens.length || blanks.length === 0) return null;
  // What follows the row: the next label exactly `gap - stride` lines after the walk's end.
  const end = p + model.gap - model.stride;
  for (let li = p; li < end; li++) if (!isEmpty(st, li)) return null;
  // (a group heading such as 三、本年度办理结果 may stand there before the next row's label)
  if (end >= st.lineStarts.length || isEmpty(st, end) || (nextLine !== null && end > nextLine)) return null;
  return { columnOf, blanks };
}
