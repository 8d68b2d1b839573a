/**
 * Labels read by OCR matched to the template's labels although a character or two was misread
 * (issue 8, point 3): the recogniser confuses look-alike glyphs (卜 for 下, 己 for 已, 末 for 未) and,
 * less often, reads a character as something else altogether. A row label not found as written is
 * then looked for with those differences allowed — only in text the recogniser read, only for
 * labels long enough that one character does not make another label, and only where the match is
 * unique: one place in the table, no other label of the table as close to what was read there, the
 * label itself written nowhere in the table. A row still not found is looked for once more between
 * the rows found before and after it, with a quarter of its characters allowed to differ: the
 * table's fixed order places it. A row found so is flagged (`P.ocrLabel`, its cells
 * `lowConfidence`); text input is never matched this way.
 */
import type { Cell, Finding } from '../model/report.js';
import { SECTIONS, TABLE_NAMES, type TableId } from '../model/templates.js';
import { sourceSpan } from '../read/normalize.js';
import { hitAt, labelIndexAt, type Hit, type SectionHit } from './find.js';
import type { Region, RowSpec } from './rows.js';
import { compactLabel, placeOf, type Stream } from './stream.js';

/**
 * Glyphs the recogniser takes for one another, one group a string. Punctuation (（）、． and their
 * half-width forms) is not in the label stream at all, so brackets need no entry.
 */
export const LOOKALIKE_GROUPS: readonly string[] = [
  '己已巳',
  '末未',
  '卜下',
  '士土',
  '人入八',
  '日曰',
  '千干于',
  '戍戌戊',
  '兔免',
  '夭天',
  '大太犬',
  '口囗',
  '刀力',
  '项顷',
  // the right half of 行, its left half lost (a column rule placed into a cell's first character)
  '行亍',
  // 申's stem and bottom lost in a thin serif (中请 for 申请)
  '申中',
  '0Oo〇○',
  '1lI丨',
];

const GROUP_OF = new Map<string, number>();
LOOKALIKE_GROUPS.forEach((g, i) => {
  for (const c of g) GROUP_OF.set(c, i);
});

/** Two different characters the recogniser confuses. */
export function lookalike(a: string, b: string): boolean {
  if (a === b) return false;
  const g = GROUP_OF.get(a);
  return g !== undefined && g === GROUP_OF.get(b);
}

/** A look-alike character costs 1; any other character changed, added or left out costs 2. */
const LOOK = 1;
const EDIT = 2;

/**
 * What a label of `n` characters (label-stream form: letters and digits) may differ by: nothing
 * under 4 characters (规章, 其他, 总计: one character makes another word); one look-alike up to 7
 * (尚末审结); two look-alikes or one other change from 8 (结转卜年度继续办理); two changes from 16.
 */
export function budgetOf(n: number): number {
  if (n < 4) return 0;
  if (n < 8) return LOOK;
  if (n < 16) return EDIT;
  return 2 * EDIT;
}

/**
 * What a label of `n` characters may differ by where the rows found before and after it leave it
 * one place (see `fuzzyRows`): a quarter of its characters (each any change), at least one, from 5
 * characters (一于以公开 for 一予以公开, 信访举报投诉类中调 for …申请, 结转下年度维找办理 for …继续办理 on
 * a photo of a page at 150 dpi); shorter labels only as `budgetOf` allows.
 */
export function placedBudgetOf(n: number): number {
  if (n < 5) return 0;
  return EDIT * Math.max(1, Math.floor(n / 4));
}

export interface Place {
  /** Offsets in the searched string [at, end). */
  at: number;
  end: number;
  cost: number;
}

/**
 * Places where `pat` occurs in `hay` with at most `budget` of differences (look-alikes 1, other
 * changes 2), overlapping candidates merged into the best of them; in order.
 */
export function approxPlaces(hay: string, pat: string, budget: number): Place[] {
  const m = pat.length;
  const n = hay.length;
  if (!m || !n || budget < 0) return [];
  // Column by column over the hay (Sellers): D[i] = least cost of pat[0, i) ending here; S[i] where it starts.
  let D = new Int32Array(m + 1);
  let S = new Int32Array(m + 1);
  let nD = new Int32Array(m + 1);
  let nS = new Int32Array(m + 1);
  for (let i = 0; i <= m; i++) D[i] = i * EDIT;
  const found: Place[] = [];
  for (let j = 1; j <= n; j++) {
    const h = hay[j - 1]!;
    nD[0] = 0;
    nS[0] = j;
    for (let i = 1; i <= m; i++) {
      const p = pat[i - 1]!;
      const c = p === h ? 0 : lookalike(p, h) ? LOOK : EDIT;
      let best = D[i - 1]! + c;
      let st = S[i - 1]!;
      if (D[i]! + EDIT < best) {
        best = D[i]! + EDIT; // a character of the hay too many
        st = S[i]!;
      }
      if (nD[i - 1]! + EDIT < best) {
        best = nD[i - 1]! + EDIT; // a character of the label left out
        st = nS[i - 1]!;
      }
      nD[i] = best;
      nS[i] = st;
    }
    if (nD[m]! <= budget) found.push({ at: nS[m]!, end: j, cost: nD[m]! });
    [D, nD] = [nD, D];
    [S, nS] = [nS, S];
  }
  // Overlapping ends are one place: keep its cheapest (then the one nearest the label's length).
  const out: Place[] = [];
  for (const f of found) {
    const last = out.at(-1);
    if (last && f.at < last.end) {
      const better = f.cost < last.cost || (f.cost === last.cost && Math.abs(f.end - f.at - m) < Math.abs(last.end - last.at - m));
      if (better) out[out.length - 1] = f;
      continue;
    }
    out.push(f);
  }
  return out;
}

/** The least cost of `pat` within `hay` (Infinity when over `budget`). */
function costIn(hay: string, pat: string, budget: number): number {
  let best = Number.POSITIVE_INFINITY;
  for (const p of approxPlaces(hay, pat, budget)) best = Math.min(best, p.cost);
  return best;
}

/** Every label character of [from, to) of the label stream was read by OCR. */
function ocrReadAll(st: Stream, from: number, to: number): boolean {
  if (!st.ocrRead) return false;
  for (let k = from; k < to; k++) {
    const p = st.labelPos[k]!;
    if (!st.ocrRead(sourceSpan(st.norm, p, p + 1))) return false;
  }
  return true;
}

/** The one place in [lfrom, lto) of the label stream where one of `forms` is read with differences, or null. */
function uniquePlace(st: Stream, forms: string[], lfrom: number, lto: number, budget = budgetOf): (Place & { form: string }) | null {
  const hay = st.labels.slice(lfrom, lto);
  // Written as it is somewhere in the region: not a misreading of it here.
  if (forms.some((f) => hay.includes(f))) return null;
  const places: (Place & { form: string })[] = [];
  for (const f of forms) for (const p of approxPlaces(hay, f, budget(f.length))) places.push({ ...p, at: p.at + lfrom, end: p.end + lfrom, form: f });
  if (!places.length) return null;
  // Forms of one label (with and without its list number) found at one place are one place.
  places.sort((a, b) => a.at - b.at || a.cost - b.cost);
  const merged: (Place & { form: string })[] = [];
  for (const p of places) {
    const last = merged.at(-1);
    if (last && p.at < last.end) {
      if (p.cost < last.cost || (p.cost === last.cost && p.end - p.at > last.end - last.at)) merged[merged.length - 1] = p;
      continue;
    }
    merged.push(p);
  }
  return merged.length === 1 ? merged[0]! : null;
}

/** A hit found with differences: what was read there, for the finding. */
export const FUZZY_HITS = new WeakMap<Hit, { form: string; cost: number; placed?: boolean }>();

/**
 * Rows of a table OCR read whose labels were not found as written (`hits[i]` null): each is
 * looked for with differences allowed (`budgetOf`), and taken only where the match is unique — one
 * place in the table's region, lying between the rows found before and after it; no other row's
 * label of the table matching the text read there at as little cost; every character there read
 * by OCR. Rows still not found are then looked for between the rows found before and after them
 * only (the table's edges for its first and last rows), where a quarter of the label's characters
 * may be misread (`placedBudgetOf`), with the same conditions: the table's fixed order places the
 * label, the text read there says which.
 */
export function fuzzyRows(st: Stream, specs: RowSpec[], hits: (Hit | null)[], region: Region): (Hit | null)[] {
  if (!st.ocrRead || hits.every((h) => h)) return hits;
  const lfrom = labelIndexAt(st, region.from);
  const lto = labelIndexAt(st, region.to);
  const out = hits.slice();
  const neighbours = (i: number): [Hit | null, Hit | undefined] => {
    let before: Hit | null = null;
    for (let k = i - 1; k >= 0 && !before; k--) before = out[k] ?? null;
    return [before, out.slice(i + 1).find((h): h is Hit => !!h)];
  };
  const take = (i: number, p: Place & { form: string }, placed: boolean): void => {
    // No other row of the table as close to what was read (a label one character from another).
    const read = st.labels.slice(Math.max(lfrom, p.at - 1), Math.min(lto, p.end + 1));
    const rival = specs.some((sp, k) => k !== i && sp.forms.some((f) => f.length * 3 >= (p.end - p.at) * 2 && costIn(read, f, p.cost) <= p.cost));
    if (rival || !ocrReadAll(st, p.at, p.end)) return;
    const h = hitAt(st, p.at, p.end);
    FUZZY_HITS.set(h, { form: p.form, cost: p.cost, ...(placed ? { placed } : {}) });
    out[i] = h;
  };
  for (let i = 0; i < specs.length; i++) {
    if (out[i]) continue;
    const forms = specs[i]!.forms.filter((f) => budgetOf(f.length) > 0);
    if (!forms.length) continue;
    const p = uniquePlace(st, forms, lfrom, lto);
    if (!p) continue;
    // In the table's order: after the row found before it, before the row found after it.
    const [before, after] = neighbours(i);
    if ((before && p.at < before.to) || (after && p.end > after.from)) continue;
    take(i, p, false);
  }
  const tableText = st.labels.slice(lfrom, lto);
  for (let i = 0; i < specs.length; i++) {
    if (out[i]) continue;
    const forms = specs[i]!.forms.filter((f) => placedBudgetOf(f.length) > 0);
    // Written as it is somewhere in the table (out of order): not a misreading of it here.
    if (!forms.length || specs[i]!.forms.some((f) => tableText.includes(f))) continue;
    const [before, after] = neighbours(i);
    // Placed by the rows found round it: none found, nothing places it.
    if (!before && !after) continue;
    const from = before ? before.to : lfrom;
    const to = after ? after.from : lto;
    if (to <= from) continue;
    const p = uniquePlace(st, forms, from, to, placedBudgetOf);
    if (p) take(i, p, true);
  }
  return out;
}

/**
 * The first of `forms` (marks of a table: a shape's row, where a table starts) in [from, to) of the
 * label stream as OCR read it, differences allowed: each form only at a place that is its one place
 * there, every character of it read by OCR; null otherwise, and always for text input.
 */
export function fuzzyMark(st: Stream, forms: string[], from: number, to: number): Hit | null {
  if (!st.ocrRead) return null;
  let best: (Place & { form: string }) | null = null;
  for (const f of forms) {
    if (budgetOf(f.length) === 0) continue;
    const p = uniquePlace(st, [f], from, to);
    if (p && (!best || p.at < best.at) && ocrReadAll(st, p.at, p.end)) best = p;
  }
  if (!best) return null;
  const h = hitAt(st, best.at, best.end);
  FUZZY_HITS.set(h, { form: best.form, cost: best.cost });
  return h;
}

/** Every character of normalized [start, end) was read by OCR. */
export function lineReadByOcr(st: Stream, start: number, end: number): boolean {
  if (!st.ocrRead) return false;
  for (let p = start; p < end; p++) if (st.text.charCodeAt(p) > 0x20 && !st.ocrRead(sourceSpan(st.norm, p, p + 1))) return false;
  return true;
}

let phrasesCache: string[][] | null = null;
const sectionPhrases = (): string[][] => (phrasesCache ??= SECTIONS.map((s) => s.phrases.map(compactLabel)));

/**
 * A key phrase of section `si` in a heading's text (letters and digits) with differences: the one
 * place it is there, at a cost no phrase of another section reaches in the same text.
 */
export function headingMatch(rest: string, si: number): { phrase: string; read: string } | null {
  let best: { phrase: string; place: Place } | null = null;
  const phrases = sectionPhrases();
  for (const f of phrases[si]!) {
    const places = approxPlaces(rest, f, budgetOf(f.length));
    if (places.length > 1) return null;
    const p = places[0];
    if (p && (!best || p.cost < best.place.cost)) best = { phrase: f, place: p };
  }
  if (!best) return null;
  const cost = best.place.cost;
  for (let k = 0; k < phrases.length; k++)
    if (k !== si && phrases[k]!.some((f) => f.length * 3 >= (best.place.end - best.place.at) * 2 && costIn(rest, f, cost) <= cost)) return null;
  return { phrase: best.phrase, read: rest.slice(best.place.at, best.place.end) };
}

/** Section headings found through the recogniser's misreadings: a `P.ocrLabel` warning each. */
export function fuzzySectionFindings(st: Stream, secs: (SectionHit | null)[]): Finding[] {
  const out: Finding[] = [];
  secs.forEach((h, i) => {
    if (!h?.fuzzy) return;
    const sec = SECTIONS[i]!;
    out.push({
      rule: 'P.ocrLabel',
      severity: 'warning',
      message: `第${sec.no}部分标题识别为「${h.heading}」（${differences(h.fuzzy.read, h.fuzzy.phrase)}），与该部分标题只差个别识别易错的字，已按「${sec.no}、${sec.label}」读取，请与原件核对`,
      ...placeOf(st, h.start, h.end),
      actual: h.heading,
      expected: `${sec.no}、${sec.label}`,
    });
  });
  return out;
}

/**
 * A row label as read, for a reviewer: its text without spaces, the row's values it wraps round
 * left out (a label's last character on the line below its values: 申请数…二, not 申请数56000112二).
 */
function labelShown(st: Stream, start: number, end: number): string {
  let out = '';
  let at = start;
  for (const t of st.tokens) {
    if (t.end <= start || t.start < at) continue;
    if (t.start >= end) break;
    out += st.text.slice(at, t.start).replace(/\s+/g, '');
    if (!out.endsWith('…')) out += '…';
    at = Math.min(end, t.end);
  }
  out += st.text.slice(at, end).replace(/\s+/g, '');
  return out;
}

/** The characters read differently, as 「卜」当为「下」 (a look-alike each, or any one change). */
function differences(read: string, form: string): string {
  const m = form.length;
  const n = read.length;
  // Global alignment with a trace back.
  const D: number[][] = Array.from({ length: m + 1 }, (_, i) => Array.from({ length: n + 1 }, (_, j) => (i + j) * EDIT));
  for (let i = 1; i <= m; i++)
    for (let j = 1; j <= n; j++) {
      const c = form[i - 1] === read[j - 1] ? 0 : lookalike(form[i - 1]!, read[j - 1]!) ? LOOK : EDIT;
      D[i]![j] = Math.min(D[i - 1]![j - 1]! + c, D[i - 1]![j]! + EDIT, D[i]![j - 1]! + EDIT);
    }
  const out: string[] = [];
  let i = m;
  let j = n;
  while (i > 0 || j > 0) {
    const here = D[i]![j]!;
    if (i > 0 && j > 0) {
      const c = form[i - 1] === read[j - 1] ? 0 : lookalike(form[i - 1]!, read[j - 1]!) ? LOOK : EDIT;
      if (here === D[i - 1]![j - 1]! + c) {
        if (c) out.push(`「${read[j - 1]}」当为「${form[i - 1]}」`);
        i--;
        j--;
        continue;
      }
    }
    if (i > 0 && here === D[i - 1]![j]! + EDIT) {
      out.push(`缺「${form[i - 1]}」`);
      i--;
    } else {
      out.push(`多「${read[j - 1]}」`);
      j--;
    }
  }
  return out.reverse().join('、');
}

/**
 * Rows whose labels were found with differences: their cells that hold a value are flagged
 * `lowConfidence` (the values are as read, the row they belong to is the doubt), and each row gets
 * a `P.ocrLabel` warning quoting what was read.
 */
export function fuzzyRowFindings(st: Stream, table: TableId, specs: RowSpec[], hits: (Hit | null)[], cells: Cell[], findings: Finding[]): void {
  specs.forEach((spec, i) => {
    const h = hits[i];
    const f = h ? FUZZY_HITS.get(h) : undefined;
    if (!h || !f) return;
    for (const c of cells) if (c.row === spec.key && c.value !== null && !c.flags?.includes('lowConfidence')) c.flags = [...(c.flags ?? []), 'lowConfidence'];
    const shown = labelShown(st, h.start, h.end);
    const diff = differences(st.labels.slice(h.from, h.to), f.form);
    findings.push({
      rule: 'P.ocrLabel',
      severity: 'warning',
      message: `${TABLE_NAMES[table]}${spec.name}行的行标题识别为「${shown}」（${diff}），${f.placed ? '与该行标题相近，且正处在表中该行的位置（前后两行之间）' : '与该行标题只差个别识别易错的字'}，表中没有别的行与之相近，已按该行读取；本行数值标为存疑，请与原件核对`,
      table,
      row: spec.key,
      ...placeOf(st, h.start, h.end),
      actual: shown,
      expected: spec.name.replace(/^「|」$/g, ''),
    });
  });
}
