/**
 * What real producers and crawlers do to a report's text, applied to a rendered report
 * (render-text.ts) so the parser can be tested against it with the values known:
 *
 *   flatten       a web page copied as one line: paragraphs joined by their indents (two U+3000 ideographic spaces),
 *                 every table cell run into the next with no separator (crawled HTML tables)
 *   blankDrop     flatten, after writing zero cells as blanks (2019-format producers leave
 *                 them empty, and the crawl leaves no trace of an empty cell)
 *   wrapped       a PDF's text with narrow label columns: labels wrapped onto 2–4 lines, values
 *                 on the first, last or next line of their label (rendered, not post-processed)
 *   ocrNoise      digits read as their look-alikes (0→O, 1→l/I, 5→S, 8→B) and, now and then, a
 *                 digit lost — what OCR of a scan does to a table
 *
 * Every function is deterministic given its seed.
 */
import type { Rendered } from './render-text.js';
import { Rng } from './rng.js';

export type Degradation = 'flatten' | 'blankDrop' | 'wrapped' | 'ocrNoise';
export const DEGRADATIONS: readonly Degradation[] = ['flatten', 'blankDrop', 'wrapped', 'ocrNoise'];

const TABLE_KINDS = new Set(['caption', 'header', 'label', 'values', 'row', 'rule']);

/**
 * One line: prose, headings and the title as paragraphs joined by two U+3000 spaces; table lines with their
 * cells run together. `blank` says which cells (by start offset) were written blank.
 */
export function flatten(r: Rendered, blank: Set<number> = new Set()): string {
  let out = '';
  let inTable = false;
  const cellAt = new Map(r.cells.map((c) => [c.start, c]));
  for (const l of r.lines) {
    const text = r.text.slice(l.start, l.end);
    if (l.kind === 'blank' || l.kind === 'noise') continue;
    if (TABLE_KINDS.has(l.kind)) {
      // Cells as the crawler copies them: each cell's text trimmed, nothing between them.
      let line = '';
      for (let i = l.start; i < l.end;) {
        const c = cellAt.get(i);
        if (c) {
          if (!blank.has(c.start)) line += r.text.slice(c.start, c.end);
          i = c.end;
          continue;
        }
        const ch = r.text[i]!;
        if (!/[\s\u3000\u00a0|]/.test(ch)) line += ch;
        i++;
      }
      out += (inTable ? '' : '\u3000\u3000') + line;
      inTable = true;
    } else {
      out += '\u3000\u3000' + text.trim();
      inTable = false;
    }
  }
  return '\n' + out + '\n';
}

/** Flatten, with each zero cell written blank with probability `p`. */
export function blankDrop(r: Rendered, seed: number, p = 0.8): string {
  const rng = new Rng(seed ^ 0x5bd1e995);
  const blank = new Set<number>();
  for (const c of r.cells) {
    const raw = r.text.slice(c.start, c.end).trim();
    if (/^[0０]$/.test(raw) && rng.chance(p)) blank.add(c.start);
  }
  return flatten(r, blank);
}

const LOOKALIKE: Record<string, string[]> = { '0': ['O', 'o'], '1': ['l', 'I'], '5': ['S'], '8': ['B'] };

/**
 * Digits of table cells read as look-alike letters (rate per cell), and rarely a digit lost — in
 * table 三 only: there every cell stands in two relations, which can point at it. A digit lost in
 * table 二 (no relation) or 四 (one per group) cannot be told from the text alone; only the
 * recogniser's confidence can flag it (the scans reader does).
 */
export function ocrNoise(r: Rendered, seed: number, rate = 0.05, lose = 0.01): string {
  const rng = new Rng(seed ^ 0x27d4eb2f);
  let out = '';
  let at = 0;
  for (const c of [...r.cells].sort((a, b) => a.start - b.start)) {
    out += r.text.slice(at, c.start);
    let raw = r.text.slice(c.start, c.end);
    if (rng.chance(rate)) {
      const idx = [...raw].map((ch, i) => (LOOKALIKE[ch] ? i : -1)).filter((i) => i >= 0);
      if (idx.length) {
        const i = rng.pick(idx);
        raw = raw.slice(0, i) + rng.pick(LOOKALIKE[raw[i]!]!) + raw.slice(i + 1);
      }
    }
    if (c.table === 't3' && raw.length > 1 && rng.chance(lose)) {
      const i = rng.int(0, raw.length - 1);
      if (/\d/.test(raw[i]!)) raw = raw.slice(0, i) + raw.slice(i + 1);
    }
    out += raw;
    at = c.end;
  }
  return out + r.text.slice(at);
}
