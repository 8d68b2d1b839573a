/**
 * Source text → numbered lines, and a line → plain and marked pieces for highlighting.
 * Spans are [start, end) offsets into the source text in UTF-16 code units (JS string
 * indices), as the parser keeps them.
 */

export interface Line {
  /** 1-based line number. */
  no: number;
  /** Offset of the line's first character in the source text. */
  start: number;
  /** The line without its line break. */
  text: string;
}

/** Split on \n, \r\n or \r, keeping every line's offset (line numbers as the parser counts them). */
export function splitLines(text: string): Line[] {
  const out: Line[] = [];
  const re = /\r\n|\n|\r/g;
  let start = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    out.push({ no: out.length + 1, start, text: text.slice(start, m.index) });
    start = m.index + m[0].length;
  }
  out.push({ no: out.length + 1, start, text: text.slice(start) });
  return out;
}

/** The line holding offset `at` (binary search; lines in order). */
export function lineAt(lines: readonly Line[], at: number): Line | undefined {
  let lo = 0;
  let hi = lines.length - 1;
  let best: Line | undefined;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const l = lines[mid]!;
    if (l.start <= at) {
      best = l;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return best;
}

export interface Mark {
  start: number;
  end: number;
  /** What the mark stands for: the class the view gives it. */
  kind: 'active' | 'error' | 'warning' | 'info';
  /** Cell key when the mark is a table cell (clicking it selects the cell). */
  cell?: string;
}

export interface Piece {
  text: string;
  mark?: Mark;
}

const PRIORITY: Record<Mark['kind'], number> = { active: 4, error: 3, warning: 2, info: 1 };

/**
 * Cut one line into pieces: plain text and marked text. Where marks overlap, the one with the
 * higher priority (active > error > warning > info) wins each character; every character of the
 * line appears exactly once, in order.
 */
export function pieces(line: Line, marks: readonly Mark[]): Piece[] {
  const end = line.start + line.text.length;
  const hits = marks.filter((m) => m.end > line.start && m.start < end && m.end > m.start);
  if (hits.length === 0) return [{ text: line.text }];
  // Boundaries where the winning mark may change.
  const cuts = new Set<number>([line.start, end]);
  for (const m of hits) {
    cuts.add(Math.max(m.start, line.start));
    cuts.add(Math.min(m.end, end));
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Piece[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    if (b <= a) continue;
    let best: Mark | undefined;
    for (const m of hits) if (m.start <= a && m.end >= b && (!best || PRIORITY[m.kind] > PRIORITY[best.kind])) best = m;
    const text = line.text.slice(a - line.start, b - line.start);
    const last = out[out.length - 1];
    if (last && last.mark === best) last.text += text;
    else out.push(best ? { text, mark: best } : { text });
  }
  return out;
}
