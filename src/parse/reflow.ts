/**
 * Unflattening: web pages copied by crawlers often come as one line per page — paragraphs
 * joined by their indents (U+3000 U+3000), section headings glued to the text around them, and every
 * table on one line with its cells run together (`（一）予以公开3101005（二）部分公开…`). The
 * parser reads lines; this pass gives such a line its lines back, by inserting line breaks
 * where the format says a new line starts: at paragraph indents, around the six section
 * headings, and before every table label (block titles, row labels with their list numbers).
 * Nothing is removed or changed: every inserted break maps to an empty span of the source, so
 * every offset keeps its place. The ranges reflowed are reported: a table found there was
 * flattened, and its digit runs are cut by the table solver (candidates.ts).
 */
import { SECTIONS, TEMPLATES, t3Rows, T3_OTHER_SINGLE } from '../model/templates.js';
import { insertBreaks, type Normalized } from '../read/normalize.js';
import { rowForms } from './find.js';

/** A line this long holding two structure marks is a flattened page. */
const MIN_LENGTH = 150;

const SECTION_WORDS: Record<string, RegExp> = {
  s1: /总体情况|概述|基本情况/,
  s2: /主动公开/,
  s3: /申请/,
  s4: /复议.*诉讼|诉讼.*复议/,
  s5: /问题/,
  s6: /其他需要报告|其他事项/,
};
const CN = '一二三四五六';

/** Letters and digits of labels, as the label stream keeps them. */
const compact = (s: string): string => s.replace(/[^\p{L}\p{N}]/gu, '');

/** Table labels whose start begins a line: block titles, row labels (with list numbers), header starts. */
let labelForms: string[] | null = null;
const LABEL_FORMS = (): string[] => (labelForms ??= makeLabelForms());
function makeLabelForms(): string[] {
  const forms = new Set<string>(['第二十条第', '本列数据的勾稽关系', '申请人情况']);
  for (const t of Object.values(TEMPLATES)) for (const { row } of t.t2Rows) for (const f of rowForms(row)) forms.add(f);
  for (const row of [...t3Rows('split-other'), ...T3_OTHER_SINGLE]) for (const f of rowForms(row)) forms.add(f);
  return [...forms].filter((f) => f.length >= 2).sort((a, b) => b.length - a.length);
}

const MARKS = ['第二十条第', '本年新收政府信息公开申请数量', '结转下年度继续办理', '申请人情况', '未经复议直接起诉', '主动公开政府信息情况'];

interface Heading {
  start: number;
  end: number;
  key: string;
}

/** Section headings inside a line: 二、主动公开政府信息情况 (一…六、 then the section's words, up to 情况/事项). */
function headingsIn(line: string): Heading[] {
  const out: Heading[] = [];
  // 二、 or 2、 (some reports renumber sections 二 and 三 in digits)
  const re = /([一二三四五六])\s*[、.，,]|([1-6])\s*、/g;
  for (let m = re.exec(line); m; m = re.exec(line)) {
    const n0 = m[1] ? CN.indexOf(m[1]) : Number(m[2]) - 1;
    const from = m.index + m[0].length;
    const rest = line.slice(from, from + 48);
    const e = /情况|事项/.exec(rest);
    if (!e) continue;
    const body = rest.slice(0, e.index + 2);
    // Another list number inside is another item (四、结转下年度继续办理四、政府信息公开…).
    if (/[一二三四五六七八九十]\s*[、.]|[（(][一二三四五六七八九十]/.test(body.slice(0, -2))) continue;
    // A heading numbered wrong (二、收到和处理政府信息公开申请情况 after 二、主动公开…) is still a
    // heading where its words are exactly one section's phrase or label: the words say which section.
    const n = SECTION_WORDS[`s${n0 + 1}`]!.test(body) ? n0 : misnumbered(body);
    if (n < 0) continue;
    const key = `s${n + 1}`;
    const phraseOk = SECTIONS[n]!.phrases.some((p) => compact(body).includes(compact(p))) || compact(body).length <= 30;
    if (!phraseOk) continue;
    out.push({ start: m.index, end: from + e.index + 2, key });
  }
  return out;
}

/** The section whose phrase or label a heading's words are exactly (index), or -1. */
function misnumbered(body: string): number {
  const c = compact(body);
  return SECTIONS.findIndex((s) => compact(s.label) === c || s.phrases.some((p) => compact(p) === c));
}

/** Opening punctuation of a list number just before offset i: （一） (1) 【 */
function backOverOpen(line: string, i: number): number {
  while (i > 0 && /[(（[【]/.test(line[i - 1]!)) i--;
  return i;
}

/**
 * Offsets in `line` where a table label starts: each label form found, earliest first, the
 * list number included only when list punctuation follows it (1. 2、 (一)) — a digit glued to a
 * label without it may be the last cell of the row before.
 */
function labelStarts(line: string, from: number, to: number): number[] {
  // The compact text of [from, to) with each character's offset.
  const pos: number[] = [];
  let text = '';
  for (let i = from; i < to; i++) {
    const ch = line[i]!;
    if (/[\p{L}\p{N}]/u.test(ch)) {
      text += ch;
      pos.push(i);
    }
  }
  const starts = new Set<number>();
  const taken = new Uint8Array(text.length);
  for (const f of LABEL_FORMS()) {
    for (let at = text.indexOf(f); at >= 0; at = text.indexOf(f, at + 1)) {
      if (taken[at]) continue;
      let s = pos[at]!;
      // A leading list number (1 一 …) must be followed by list punctuation in the text.
      const first = f[0]!;
      if (/[0-9一二三四五六七八九十]/.test(first)) {
        const next = line[s + 1] ?? '';
        const prev = line[s - 1] ?? '';
        const numbered = /[.、．)）,，]/.test(next) || /[(（]/.test(prev);
        if (!numbered) {
          // Not a list number here: the label starts after it.
          s = pos[at + 1] ?? s;
        }
      }
      starts.add(backOverOpen(line, s));
      for (let k = at; k < at + f.length; k++) taken[k] = 1;
    }
  }
  return [...starts].sort((a, b) => a - b);
}

export interface Reflowed {
  norm: Normalized;
  /** Ranges of the new text that were one flattened line. */
  flat: [number, number][];
}

/** Give flattened lines their lines back; null when no line needs it. */
export function reflow(norm: Normalized): Reflowed | null {
  const text = norm.text;
  const breaks: number[] = [];
  const lines: [number, number][] = [];
  let ls = 0;
  while (ls <= text.length) {
    let le = text.indexOf('\n', ls);
    if (le < 0) le = text.length;
    if (le - ls >= MIN_LENGTH) {
      const line = text.slice(ls, le);
      let marks = 0;
      for (const m of MARKS) if (line.includes(m)) marks++;
      if (marks >= 2 || sectionsRunTogether(line)) {
        lines.push([ls, le]);
        for (const b of breaksIn(line)) if (b > 0 && b < line.length) breaks.push(ls + b);
      }
    }
    ls = le + 1;
  }
  if (!breaks.length) return null;
  const uniq = [...new Set(breaks)].sort((a, b) => a - b);
  const out = insertBreaks(norm, uniq);
  // Where each reflowed line is now: shifted by the breaks inserted before it.
  const shift = (p: number): number => {
    let lo = 0;
    let hi = uniq.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (uniq[mid]! < p) lo = mid + 1;
      else hi = mid;
    }
    return p + lo;
  };
  return { norm: out, flat: lines.map(([a, b]) => [shift(a), shift(b)]) };
}

/** Text between two section headings of a page flattened with its paragraphs (not a list of the headings). */
const MIN_SECTION_TEXT = 40;

/**
 * A page flattened whose tables were pictures (or were dropped by the crawler): no table mark,
 * but three or more of the six section headings, in order, inside one line, and text of its own
 * under at least two of them. A preface that lists the headings (`全文包括：一、总体情况；二、…`)
 * has next to nothing between them and is left as it is.
 */
function sectionsRunTogether(line: string): boolean {
  const heads = headingsIn(line);
  const keys: string[] = [];
  let withText = 0;
  for (let i = 0; i < heads.length; i++) {
    const h = heads[i]!;
    if (keys.length && h.key <= keys[keys.length - 1]!) continue;
    keys.push(h.key);
    const next = heads.slice(i + 1).find((x) => x.key > h.key)?.start ?? line.length;
    if (compact(line.slice(h.end, next)).length >= MIN_SECTION_TEXT) withText++;
  }
  return keys.length >= 3 && withText >= 2;
}

/** Where to break one flattened line. */
function breaksIn(line: string): number[] {
  const out: number[] = [];
  // Paragraph indents: two or more spaces (U+3000 U+3000 after normalization).
  for (const m of line.matchAll(/ {2,}/g)) out.push(m.index!);
  const heads = headingsIn(line);
  for (const h of heads) {
    out.push(h.start, h.end);
  }
  // Tables: from section 二 to section 五 (the whole line when those headings are not in it).
  const s2 = heads.find((h) => h.key === 's2');
  const s5 = heads.find((h) => h.key === 's5');
  const from = s2 ? s2.end : 0;
  const to = s5 ? s5.start : line.length;
  // (a loop, not push(...): a line can have more label starts than a call has room for arguments)
  if (to > from) for (const at of labelStarts(line, from, to)) out.push(at);
  return out;
}
