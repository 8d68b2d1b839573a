/**
 * Table rows rebuilt from positions where no ruling separates them.
 *
 * Some producers (WPS exports, hand-made Word tables, tables pasted from spreadsheets) draw a table
 * with no line between its body rows, or with no line at all. Read line by line, such a table comes
 * apart: a label that wraps onto two or three lines leaves its ends on lines of their own
 * (`2．其他法律行政法规禁止` / `公开`), values sit on the middle line of a centred label, and the
 * labels of nested columns (`（三）不予公开` beside `1．属于国家秘密`) share lines with others.
 *
 * Here the rows come back from where things are on the page:
 *  - an *anchor* is a line whose right part is values (one number per value column; the value
 *    columns are where numbers line up over several lines); each anchor is one table row;
 *  - the label area left of the values is cut into label columns (where pieces of text start again
 *    and again at the same x), and each column's pieces into labels: in a column whose labels carry
 *    list numbers (`一、` `（一）` `1．`), a piece without one goes on the label above it;
 *  - each label goes to the row whose values it spans (its first one when it spans several: a
 *    merged label, as a ruled table shows it once, in its first row), or to the nearest row.
 *
 * Nothing is guessed: when a label could belong to two rows, or two labels of one column land on one
 * row, the region is left as it was (read line by line, where the parser flags what it cannot place).
 */
import type { Box, Run } from './model.js';
import { weights } from './model.js';

/** A line of runs (sorted by x), as the layout groups them. */
export interface RunLine {
  runs: Run[];
  top: number;
  bottom: number;
  base: number;
  size: number;
}

/** One rebuilt row: its label cells (column by column), then one cell per value column. */
export interface RebuiltRow {
  top: number;
  bottom: number;
  x0: number;
  x1: number;
  size: number;
  labels: Run[][];
  /** A value's run, or the box of an empty value cell. */
  values: (Run | { blank: Box })[];
}

export interface Rebuilt {
  rows: RebuiltRow[];
  /** Runs not taken into a row (header remnants above the first row): left as ordinary lines. */
  rest: Run[];
  /** Indexes of the input lines the rows replace. */
  used: Set<number>;
}

/** A table value as cells hold it: a number (signed, with separators or decimals) or a dash/none mark. */
const VALUE = /^(?:[+\-－]?\d[\d,，]*(?:\.\d+)?%?|[—–\-－]{1,2}|\/|／)$/;
/** A run of table values only (`12`, `0 0 3`, `—`). */
export const isValues = (text: string): boolean => {
  const t = text.trim();
  return t !== '' && t.split(/\s+/).every((x) => VALUE.test(x));
};
/** List numbers that open a row label. */
const MARKER = /^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d０-９]{1,3}[）)]|[\d０-９]{1,2}\s*[.、．](?![\d０-９]))/;

const em = (r: Run): number => r.size || 10;
const centreY = (r: { top: number; bottom: number }): number => (r.top + r.bottom) / 2;

/** A run holding several values separated by spaces (`0 0 3`) → one run per value. */
function splitValues(r: Run): Run[] {
  const t = r.text.trim();
  if (!/\s/.test(t)) return [r];
  const tokens = t.split(/\s+/);
  if (!tokens.every((x) => VALUE.test(x))) return [r];
  const { chars, cum } = weights(r.text);
  const total = cum[cum.length - 1]! || 1;
  const xAt = (k: number): number => r.x0 + (cum[k]! / total) * (r.x1 - r.x0);
  const out: Run[] = [];
  let k = 0;
  while (k < chars.length) {
    while (k < chars.length && /\s/.test(chars[k]!)) k++;
    const from = k;
    while (k < chars.length && !/\s/.test(chars[k]!)) k++;
    if (k > from) out.push({ ...r, text: chars.slice(from, k).join(''), x0: xAt(from), x1: xAt(k) });
  }
  return out;
}

interface Split {
  line: number;
  label: Run[];
  values: Run[];
}

/** A line → its label runs and its trailing values (values stand apart from the label). */
function splitLine(l: RunLine, i: number): Split {
  const runs = l.runs.flatMap(splitValues);
  let k = runs.length;
  while (k > 0 && VALUE.test(runs[k - 1]!.text.trim())) {
    const prev = runs[k - 2];
    // a value glued to the text before it is part of that text (`第3` , `5.要求`)
    if (prev && !VALUE.test(prev.text.trim()) && runs[k - 1]!.x0 - prev.x1 < 0.3 * em(runs[k - 1]!)) break;
    k--;
  }
  return { line: i, label: runs.slice(0, k), values: runs.slice(k) };
}

/** Cluster values within `tol` of the previous member; returns cluster centres and member counts. */
function clusters(values: number[], tol: number): { at: number; n: number }[] {
  const v = [...values].sort((a, b) => a - b);
  const out: { at: number; n: number; sum: number; last: number }[] = [];
  for (const x of v) {
    const c = out[out.length - 1];
    if (c && x - c.last <= tol) {
      c.n++;
      c.sum += x;
      c.last = x;
    } else out.push({ at: x, n: 1, sum: x, last: x });
  }
  return out.map((c) => ({ at: c.sum / c.n, n: c.n }));
}

interface Piece {
  line: number;
  runs: Run[];
  x0: number;
  top: number;
  bottom: number;
  col: number;
  marker: boolean;
}

interface Label {
  col: number;
  pieces: Piece[];
  top: number;
  bottom: number;
}

/**
 * One label column's pieces (top to bottom) → its labels. Where the column numbers its labels, a
 * piece without a list number goes on the label above it (text above the first row is a header
 * remnant, put in `rest`; the first piece level with the rows opens a label of its own); otherwise
 * every piece is a label (those of one row merge later). Null when a numbered column has a piece
 * that belongs to no label (far below the label before it).
 */
function columnLabels(ps: Piece[], firstAnchorTop: number, size: number, rest: Run[]): Label[] | null {
  const label = (p: Piece): Label => ({ col: p.col, pieces: [p], top: p.top, bottom: p.bottom });
  if (ps.filter((p) => p.marker).length < 2) return ps.map(label);
  const out: Label[] = [];
  for (const p of ps) {
    const cur = out[out.length - 1];
    if (p.marker) out.push(label(p));
    else if (!cur && p.bottom < firstAnchorTop) rest.push(...p.runs);
    // the column's first label level with the rows, its number lost (a serif 一、 read as —)
    else if (!cur) out.push(label(p));
    else if (p.top - cur.bottom >= 1.3 * size) return null;
    else {
      cur.pieces.push(p);
      cur.bottom = Math.max(cur.bottom, p.bottom);
    }
  }
  return out;
}

/** An opening bracket or quote: a scan shows its ink in the right half of the character's cell. */
const OPENER = /^[（(〔【「『《“‘［]/;

/**
 * Where each piece starts as a column start. A text layer places a run at its first character's
 * cell; a scan (OCR: its runs carry a confidence) at its first character's ink. The ink of an
 * opening bracket (（二）部分公开) lies about half an em right of its cell, so a marked label starts
 * right of the wrapped lines under it (理的，只计这一情形) and of the column's other labels, and is
 * taken for a column of its own. Such a piece starts where another piece does when one starts a
 * fifth of an em to an em left of its ink (the nearest); else where its ink does.
 */
function inkStarts(pieces: readonly Piece[]): (p: Piece) => number {
  const opens = (p: Piece): boolean => p.runs[0]!.conf !== undefined && OPENER.test(p.runs[0]!.text.trimStart());
  const plain = pieces.filter((p) => !opens(p)).map((p) => p.x0);
  return (p) => {
    if (!opens(p)) return p.x0;
    const e = em(p.runs[0]!);
    const near = plain.filter((x) => x <= p.x0 - 0.2 * e && x >= p.x0 - e);
    return near.length ? Math.max(...near) : p.x0;
  };
}

/**
 * Rebuild the rows of unruled tables among a page's lines. Lines must be in reading order (top to
 * bottom). Returns nothing to replace when no region qualifies or a region is ambiguous.
 */
export function rebuildRows(lines: RunLine[]): Rebuilt {
  const out: Rebuilt = { rows: [], rest: [], used: new Set() };
  if (lines.length < 3) return out;
  const splits = lines.map(splitLine);
  const size = median(lines.map((l) => l.size)) || 10;
  // Blocks of lines close together; each is looked at on its own (tables of one page differ).
  let i = 0;
  while (i < lines.length) {
    let j = i + 1;
    while (j < lines.length && lines[j]!.top - lines[j - 1]!.bottom < 1.6 * size) j++;
    rebuildBlock(
      Array.from({ length: j - i }, (_, k) => i + k),
      lines,
      splits,
      size,
      out,
    );
    i = j;
  }
  return out;
}

function rebuildBlock(block: number[], lines: RunLine[], splits: Split[], size: number, out: Rebuilt): void {
  // Value columns: where values of several lines line up.
  const vx = block.flatMap((k) => splits[k]!.values.map((r) => (r.x0 + r.x1) / 2));
  const cols = clusters(vx, 0.9 * size).filter((c) => c.n >= 3);
  if (!cols.length) return;
  const colOf = (r: Run): number => {
    const x = (r.x0 + r.x1) / 2;
    let best = -1;
    for (let c = 0; c < cols.length; c++)
      if (Math.abs(cols[c]!.at - x) <= 0.9 * size && (best < 0 || Math.abs(cols[c]!.at - x) < Math.abs(cols[best]!.at - x))) best = c;
    return best;
  };
  const valueLeft = Math.min(...block.flatMap((k) => splits[k]!.values.filter((r) => colOf(r) >= 0).map((r) => r.x0))) - 0.5 * size;
  const leftOfValues = (s: Split): boolean => s.label.every((r) => r.x1 <= valueLeft + 0.3 * size);
  // Anchors: lines whose values each sit in their own value column, the label (if any) left of them.
  const isAnchor = new Map<number, boolean>();
  const labelOnly = new Map<number, boolean>();
  for (const k of block) {
    const s = splits[k]!;
    const cs = s.values.map(colOf);
    isAnchor.set(k, s.values.length > 0 && !cs.some((c) => c < 0) && new Set(cs).size === cs.length && leftOfValues(s));
    labelOnly.set(k, !s.values.length && s.label.length > 0 && leftOfValues(s));
  }
  // Runs of consecutive anchor / label-only lines holding at least 3 anchors.
  let i = 0;
  while (i < block.length) {
    const k0 = block[i]!;
    if (!isAnchor.get(k0) && !labelOnly.get(k0)) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < block.length && (isAnchor.get(block[j]!) || labelOnly.get(block[j]!))) j++;
    const seg = block.slice(i, j);
    i = j;
    if (seg.filter((k) => isAnchor.get(k)).length < 3) continue;
    const built = rebuildSegment(seg, lines, splits, (k) => isAnchor.get(k) === true, cols, colOf, size);
    if (!built) continue;
    out.rows.push(...built.rows);
    out.rest.push(...built.rest);
    for (const k of seg) out.used.add(k);
  }
}

function median(v: number[]): number {
  if (!v.length) return 0;
  const s = [...v].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function rebuildSegment(
  seg: number[],
  lines: RunLine[],
  splits: Split[],
  isAnchor: (k: number) => boolean,
  cols: { at: number }[],
  colOf: (r: Run) => number,
  size: number,
): { rows: RebuiltRow[]; rest: Run[] } | null {
  const anchors = seg.filter(isAnchor);
  // Label pieces: runs of a line split where a gap opens.
  const pieces: Piece[] = [];
  for (const k of seg) {
    let cur: Run[] = [];
    const flush = (): void => {
      if (!cur.length) return;
      const text = cur
        .map((r) => r.text)
        .join('')
        .trim();
      pieces.push({
        line: k,
        runs: cur,
        x0: cur[0]!.x0,
        top: Math.min(...cur.map((r) => r.top)),
        bottom: Math.max(...cur.map((r) => r.bottom)),
        col: -1,
        marker: MARKER.test(text),
      });
      cur = [];
    };
    for (const r of splits[k]!.label) {
      const prev = cur[cur.length - 1];
      // A list number the recogniser read apart from its point (`2` | `.没有现成`) stays one piece
      // with it: the point is what makes it a numbered label.
      const listNumber = cur.length === 1 && /^\s*[\d０-９]{1,2}\s*$/.test(prev?.text ?? '') && /^\s*[.、．]/.test(r.text) && r.x0 - prev!.x1 <= em(r);
      if (prev && r.x0 - prev.x1 > 0.35 * em(r) && !listNumber) flush();
      cur.push(r);
    }
    flush();
  }
  if (!pieces.length) return null;
  const snap = inkStarts(pieces);
  for (const p of pieces) p.x0 = snap(p);
  // Label columns: x where pieces start on several lines. In a scan a piece starts at its first
  // character's ink, and characters stand at different distances from their cell's left edge (a
  // serif 一、二、三 half an em right of 量 under it): starts that near are one column
  // there (0.6 em; no label column is narrower than an em and a half: a character and its padding).
  const ocr = pieces.some((p) => p.runs[0]!.conf !== undefined);
  const near = ocr ? 0.6 * size : 2;
  // A scanned line's ink gaps cut it into pieces too where they are no column's: a justified
  // line (要 求 缴纳 费), a glyph's bearing (全 一稳定). A column starts where some label starts:
  // a piece that opens its line, or one that carries a list number.
  const opensLine = (p: Piece): boolean => !pieces.some((q) => q.line === p.line && q.x0 < p.x0);
  const starts = clusters(
    pieces.map((p) => p.x0),
    near,
  ).filter((c) => c.n >= 2 && (!ocr || pieces.some((p) => Math.abs(p.x0 - c.at) <= near && (p.marker || opensLine(p)))));
  if (!starts.length) return null;
  const startAt = (x: number): number => starts.findIndex((c) => Math.abs(c.at - x) <= Math.max(2.5, near));
  // Text of two label columns can touch (`（四）无` ending where `3.补正后申` begins): a run that
  // begins exactly at a column start begins a piece.
  const cut: Piece[] = [];
  for (const p of pieces) {
    let from = 0;
    for (let k = 1; k <= p.runs.length; k++) {
      const r = p.runs[k];
      if (r && !starts.some((c) => Math.abs(c.at - r.x0) <= 1)) continue;
      const runs = p.runs.slice(from, k);
      const text = runs
        .map((x) => x.text)
        .join('')
        .trim();
      const piece = {
        ...p,
        runs,
        x0: runs[0]!.x0,
        top: Math.min(...runs.map((x) => x.top)),
        bottom: Math.max(...runs.map((x) => x.bottom)),
        marker: MARKER.test(text),
      };
      cut.push({ ...piece, x0: snap(piece) });
      from = k;
    }
  }
  // A piece not at a column start goes on the piece before it on its line.
  const merged: Piece[] = [];
  for (const p of cut) {
    const c = startAt(p.x0);
    const prev = merged[merged.length - 1];
    if (c < 0 && prev && prev.line === p.line) {
      prev.runs.push(...p.runs);
      prev.top = Math.min(prev.top, p.top);
      prev.bottom = Math.max(prev.bottom, p.bottom);
      continue;
    }
    if (c < 0) {
      // a piece starting nowhere known: the column left of it
      let best = -1;
      starts.forEach((s, si) => {
        if (s.at <= p.x0 && (best < 0 || s.at > starts[best]!.at)) best = si;
      });
      // left of every column start: a column of its own (a label spanning the label columns)
      p.col = best;
    } else p.col = c;
    merged.push(p);
  }
  // Labels per column.
  const labels: Label[] = [];
  const rest: Run[] = [];
  const firstAnchorTop = Math.min(...lines[anchors[0]!]!.runs.map((r) => r.top));
  for (const c of [...new Set(merged.map((p) => p.col))].sort((a, b) => a - b)) {
    const got = columnLabels(
      merged.filter((p) => p.col === c).sort((a, b) => a.top - b.top),
      firstAnchorTop,
      size,
      rest,
    );
    if (!got) return null;
    labels.push(...got);
  }
  // Each label → a row (anchor).
  const aBox = anchors.map((k) => {
    const vs = splits[k]!.values;
    return { top: Math.min(...vs.map((r) => r.top)), bottom: Math.max(...vs.map((r) => r.bottom)) };
  });
  const byAnchor = anchors.map(() => new Map<number, Label[]>());
  const put = (a: number, lab: Label): void => {
    const m = byAnchor[a]!;
    if (!m.has(lab.col)) m.set(lab.col, []);
    m.get(lab.col)!.push(lab);
  };
  // First the labels level with a row's values (the first such row for a label spanning several).
  const loose: Label[] = [];
  for (const lab of labels) {
    const a = aBox.findIndex((b) => centreY(b) >= lab.top - 0.1 * size && centreY(b) <= lab.bottom + 0.1 * size);
    if (a >= 0) put(a, lab);
    else loose.push(lab);
  }
  // Then the others: the row whose labels and values reach over the label's middle (a merged
  // label beside the top lines of a tall row whose values sit at its bottom), else the clearly
  // nearest row.
  const extent = aBox.map((b, a) => {
    const ls = [...byAnchor[a]!.values()].flat();
    return { top: Math.min(b.top, ...ls.map((l) => l.top)), bottom: Math.max(b.bottom, ...ls.map((l) => l.bottom)) };
  });
  for (const lab of loose) {
    const c = centreY(lab);
    const within = extent.flatMap((e, a) => (c >= e.top && c <= e.bottom ? [a] : []));
    if (within.length === 1) {
      put(within[0]!, lab);
      continue;
    }
    if (within.length > 1) return null;
    const d = aBox.map((b) => Math.abs(centreY(b) - c));
    const order = d.map((x, k) => [x, k] as const).sort((x, y) => x[0] - y[0]);
    if (order.length > 1 && order[1]![0] - order[0]![0] < 0.3 * size) return null;
    if (order[0]![0] > 5 * size) return null;
    put(order[0]![1], lab);
  }
  // Two labels of one column on one row: one label (when they touch) or no reading at all.
  for (const m of byAnchor) {
    for (const [c, ls] of m) {
      if (ls.length < 2) continue;
      ls.sort((x, y) => x.top - y.top);
      if (ls.some((l) => l.pieces.some((p) => p.marker))) return null;
      for (let k = 1; k < ls.length; k++) if (ls[k]!.top - ls[k - 1]!.bottom > 1.3 * size) return null;
      m.set(c, [{ col: c, pieces: ls.flatMap((l) => l.pieces), top: ls[0]!.top, bottom: ls[ls.length - 1]!.bottom }]);
    }
  }
  // The segment's own value columns: those holding values of at least two of its rows.
  const uses = new Map<number, number>();
  for (const k of anchors) for (const r of splits[k]!.values) uses.set(colOf(r), (uses.get(colOf(r)) ?? 0) + 1);
  const own = [...uses].filter(([, n]) => n >= 2).map(([c]) => c);
  const segFirst = Math.min(...own);
  const segLast = Math.max(...own);
  const rows: RebuiltRow[] = anchors.map((k, ai) => {
    const m = byAnchor[ai]!;
    const labelsOf = [...m.entries()].sort((x, y) => x[0] - y[0]).map(([, ls]) => ls[0]!.pieces.flatMap((p) => p.runs));
    const vals = splits[k]!.values;
    const values: (Run | { blank: Box })[] = [];
    const line = lines[k]!;
    // A row of two or more values spans the segment's value columns: its empty ones are blank
    // cells. A row of one value starts and ends at it (a value may span several columns, as table
    // 二's single values do).
    const present = vals.map(colOf);
    const [from, to] = present.length >= 2 ? [Math.min(segFirst, ...present), Math.max(segLast, ...present)] : [present[0]!, present[0]!];
    for (let c = from; c <= to; c++) {
      const v = vals.find((r) => colOf(r) === c);
      if (v) values.push(v);
      else values.push({ blank: [cols[c]!.at - 0.5 * size, line.top, cols[c]!.at + 0.5 * size, line.bottom] });
    }
    const all = [...labelsOf.flat(), ...vals];
    return {
      top: Math.min(...all.map((r) => r.top)),
      bottom: Math.max(...all.map((r) => r.bottom)),
      x0: Math.min(...all.map((r) => r.x0)),
      x1: Math.max(...all.map((r) => r.x1)),
      size,
      labels: labelsOf,
      values,
    };
  });
  // the rows keep the anchors' order even when a label reaches above the row before
  for (let k = 1; k < rows.length; k++) if (rows[k]!.top <= rows[k - 1]!.top) rows[k]!.top = rows[k - 1]!.top + 0.01;
  return { rows, rest };
}
