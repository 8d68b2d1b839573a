/** Finding labels and headings in a stream, whatever the layout did to them. */
import { SECTIONS } from '../model/templates.js';
import type { RowDef } from '../model/templates.js';
import { headingMatch, lineReadByOcr } from './fuzzy.js';
import { compactLabel, lineText, type Stream } from './stream.js';

export interface Hit {
  /** Label-stream offsets [from, to). */
  from: number;
  to: number;
  /** Normalized offsets of the first and last character (end exclusive). */
  start: number;
  end: number;
}

export function hitAt(st: Stream, from: number, to: number): Hit {
  return { from, to, start: st.labelPos[from]!, end: st.labelPos[to - 1]! + 1 };
}

/** Forms of a row label in the label stream, best first: with its list number, then without. */
const formsCache = new WeakMap<RowDef, string[]>();

export function rowForms(row: RowDef, opts: { requireNumber?: boolean } = {}): string[] {
  if (!opts.requireNumber) {
    let f = formsCache.get(row);
    if (!f) formsCache.set(row, (f = makeForms(row, opts)));
    return f;
  }
  return makeForms(row, opts);
}

function makeForms(row: RowDef, opts: { requireNumber?: boolean }): string[] {
  const labels = [row.label, ...(row.variants ?? [])].map(compactLabel);
  const num = row.number ? compactLabel(row.number) : '';
  const forms: string[] = [];
  for (const l of labels) if (num) forms.push(num + l);
  const short = labels[0]!.length <= 3;
  if (!num || !(opts.requireNumber || short)) forms.push(...labels);
  return forms;
}

/**
 * The earliest occurrence in the label stream of any of `forms` in [from, to); among
 * occurrences at the same place, the longest form.
 */
export function findFirst(st: Stream, forms: string[], from: number, to: number, others: readonly string[] = []): Hit | null {
  let bestAt = -1;
  let bestLen = 0;
  // Search only [from, to) — and, once a form is found, only up to it: a miss must not scan
  // the rest of the document.
  const hay = st.labels.slice(from, Math.min(to, st.labels.length));
  for (const f of forms) {
    if (!f) continue;
    const limit = bestAt < 0 ? hay.length : Math.min(hay.length, bestAt + f.length);
    const at = (limit === hay.length ? hay : hay.slice(0, limit)).indexOf(f);
    if (at < 0) continue;
    if (bestAt < 0 || at < bestAt || (at === bestAt && f.length > bestLen)) {
      bestAt = at;
      bestLen = f.length;
    }
  }
  if (bestAt >= 0) return hitAt(st, from + bestAt, from + bestAt + bestLen);
  return findGapped(st, forms, from, to, others);
}

const othersCache = new WeakMap<readonly { forms: string[] }[], Map<{ forms: string[] }, string[]>>();

/**
 * The forms of every row of `specs` but `spec` (what a gapped label must not be taken across).
 * Table specs are cached (cachedSpecs), so this is worked out once per table and row.
 */
export function otherForms(specs: readonly { forms: string[] }[], spec: { forms: string[] }): string[] {
  let bySpec = othersCache.get(specs);
  if (!bySpec) othersCache.set(specs, (bySpec = new Map()));
  let out = bySpec.get(spec);
  if (!out) bySpec.set(spec, (out = specs.flatMap((s) => (s === spec ? [] : s.forms))));
  return out;
}

/** Longest run of other text tolerated inside a label (a wrapped neighbour cell's fragment). */
const MAX_GAP = 12;

/** Other labels shorter than this may stand inside a neighbour's fragment (规章, 其他): not looked for in a gap. */
const OTHER_MIN = 6;

/**
 * A label interrupted once by text from a neighbouring cell — what layout-preserving PDF
 * extraction does to wrapped cells (`1.申请人…行政机关` / `处理` / `不再处理其…`). Only for
 * labels of 8 or more characters, each piece at least 3 characters long. `others`: the labels of
 * the table's other rows — a gap that holds one is no neighbour's fragment but that row (a wrapped
 * label's first line, `一、本年新收政府信息公开申`, left above the next row's `二、上年结转政府信息公开申请数量`
 * when its second line, `请数量`, went elsewhere), so the label is not taken across it.
 */
function findGapped(st: Stream, forms: string[], from: number, to: number, others: readonly string[]): Hit | null {
  const hay = st.labels;
  const across = others.filter((o) => o.length >= OTHER_MIN);
  let best: { at: number; end: number } | null = null;
  for (const f of forms) {
    if (f.length < 8) continue;
    for (let k = 3; k <= f.length - 3; k++) {
      const head = f.slice(0, k);
      const tail = f.slice(k);
      for (let at = hay.indexOf(head, from); at >= 0 && at + f.length <= to; at = hay.indexOf(head, at + 1)) {
        if (best && at >= best.at) break;
        const t = hay.indexOf(tail, at + k + 1);
        if (t >= 0 && t - (at + k) <= MAX_GAP && t + tail.length <= to) {
          const span = hay.slice(at + k, t + tail.length);
          if (across.some((o) => span.includes(o))) continue;
          best = { at, end: t + tail.length };
          break;
        }
      }
    }
  }
  return best ? hitAt(st, best.at, best.end) : null;
}

/** Label-stream index of the first label character at or after normalized offset `pos`. */
export function labelIndexAt(st: Stream, pos: number): number {
  const a = st.labelPos;
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (a[mid]! < pos) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export interface SectionHit {
  key: (typeof SECTIONS)[number]['key'];
  line: number;
  /** Normalized offsets of the heading line's text. */
  start: number;
  end: number;
  heading: string;
  /** Found through the recogniser's misreadings (fuzzy.ts): the key phrase it stands for. */
  fuzzy?: { phrase: string; read: string };
}

const CN_NUM = '一二三四五六';
const NON_LABEL = /[^\p{L}\p{N}]/gu;
const HEADING_NUM = /^(?:[一二三四五六七八九十]{1,2}\s*[、.,，:：]?|\(?[一二三四五六]\)|[1-6]\s*[、.,，:：]|第[一二三四五六]部分\s*[、.,，:：]?)\s*/;

/**
 * Section headings: a short line that starts with a list number (一、 2、 (三) 第四部分) or nothing,
 * and whose text holds the section's key phrase. Sections are taken in order; a heading that is
 * not found stays null and later sections are still searched.
 */
export function findSections(st: Stream): (SectionHit | null)[] {
  const out: (SectionHit | null)[] = [];
  // Short lines, split once into list number and compact text.
  const cand: { li: number; raw: string; numText: string; rest: string }[] = [];
  for (let li = 0; li < st.lineStarts.length; li++) {
    if (st.noise[li]) continue;
    const raw = st.trimmed[li]!;
    if (raw.length < 4 || raw.length > 60) continue;
    // Every section phrase holds one of these words: skip the other lines cheaply.
    // (OCR may have misread those words too: its lines are all looked at, fuzzySections)
    if (!raw.includes('情况') && !raw.includes('事项') && !raw.includes('概述') && !st.ocrRead) continue;
    const m = HEADING_NUM.exec(raw);
    const rest = raw.slice(m ? m[0].length : 0).replace(NON_LABEL, '');
    if (rest.length < 2) continue;
    cand.push({ li, raw, numText: m ? m[0].replace(/\s/g, '') : '', rest });
  }
  let fromLine = 0;
  for (let si = 0; si < SECTIONS.length; si++) {
    const sec = SECTIONS[si]!;
    const phrases = sec.phrases.map(compactLabel);
    const label = compactLabel(sec.label);
    let found: SectionHit | null = null;
    // A line that is the section's phrase or label and nothing else under another section's number
    // (二、收到和处理政府信息公开申请情况 after 二、主动公开…): the heading, numbered wrong — taken
    // only when no line carries the section's own number.
    let misnumbered: number | null = null;
    for (const { li, raw, numText, rest } of cand) {
      if (li < fromLine) continue;
      const phrase = phrases.find((p) => rest.includes(p));
      if (!phrase) continue;
      // A table row such as 四、结转下年度继续办理 is not a heading; neither is a sentence.
      if (st.prose[li] && rest.length > phrase.length + 8) continue;
      if (rest.length > phrase.length + 16) continue;
      // The number, when there is one, must be the section's own (一…六 or 1…6), not a sub-item.
      if (numText) {
        const digit = /[1-6]/.exec(numText)?.[0];
        const cn = /[一二三四五六]/.exec(numText)?.[0];
        const n = digit ? Number(digit) : cn ? CN_NUM.indexOf(cn) + 1 : 0;
        if (n !== si + 1 || /^\(/.test(numText)) {
          if (misnumbered === null && n > 0 && !/^\(/.test(numText) && (rest === phrase || rest === label)) misnumbered = li;
          continue;
        }
      } else if (rest !== phrase && !rest.endsWith(phrase)) continue;
      const s = st.lineStarts[li]!;
      found = { key: sec.key, line: li, start: s, end: s + lineText(st, li).length, heading: raw };
      break;
    }
    if (!found && misnumbered !== null) {
      const s = st.lineStarts[misnumbered]!;
      found = { key: sec.key, line: misnumbered, start: s, end: s + lineText(st, misnumbered).length, heading: st.trimmed[misnumbered]! };
    }
    out.push(found);
    if (found) fromLine = found.line + 1;
  }
  return st.ocrRead ? fuzzySections(st, cand, out) : out;
}

/**
 * Headings not found as written, in text OCR read: a numbered short line between the headings
 * found before and after it, holding a key phrase of the section with the recogniser's misreadings
 * (fuzzy.ts), taken only when it is the one such line there and no other section's phrase is as
 * close to it.
 */
function fuzzySections(st: Stream, cand: { li: number; raw: string; numText: string; rest: string }[], found: (SectionHit | null)[]): (SectionHit | null)[] {
  const out = found.slice();
  for (let si = 0; si < SECTIONS.length; si++) {
    if (out[si]) continue;
    let after = -1;
    for (let k = si - 1; k >= 0 && after < 0; k--) after = out[k]?.line ?? -1;
    const before = out.slice(si + 1).find((h) => h)?.line ?? Number.POSITIVE_INFINITY;
    const hits: { li: number; raw: string; phrase: string; read: string }[] = [];
    for (const { li, raw, numText, rest } of cand) {
      if (li <= after || li >= before || !numText || /^\(/.test(numText)) continue;
      // The section's own number (一…六 or 1…6), as for a heading found as written.
      const digit = /[1-6]/.exec(numText)?.[0];
      const cn = /[一二三四五六]/.exec(numText)?.[0];
      if ((digit ? Number(digit) : cn ? CN_NUM.indexOf(cn) + 1 : 0) !== si + 1) continue;
      const m = headingMatch(rest, si);
      if (!m || (st.prose[li] && rest.length > m.phrase.length + 8) || rest.length > m.phrase.length + 16) continue;
      const s = st.lineStarts[li]!;
      if (!lineReadByOcr(st, s, s + lineText(st, li).length)) continue;
      hits.push({ li, raw, ...m });
    }
    if (hits.length !== 1) continue;
    const h = hits[0]!;
    const s = st.lineStarts[h.li]!;
    out[si] = { key: SECTIONS[si]!.key, line: h.li, start: s, end: s + lineText(st, h.li).length, heading: h.raw, fuzzy: { phrase: h.phrase, read: h.read } };
  }
  return out;
}
