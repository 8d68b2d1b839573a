import { isAgencyName } from '../../parse/publication.js';
import type { Rule } from '../rule.js';
import { folded, foldedText, placeIn, type SourceText } from '../source.js';

/**
 * The report's dates fit its year: the 落款 (signature) date falls after the year reported on
 * (a 2023 report signed in 2023 kept last year's date), and not after the page's 发布时间 when the
 * page gives one (the page then shows a date before the report existed); the 统计期限 sentence
 * (自2023年1月1日起至2023年12月31日止) names the report's year.
 */

const CN_DIGIT: Record<string, number> = { 〇: 0, 零: 0, '○': 0, Ｏ: 0, O: 0, '0': 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 二〇二四 → 2024 (digit by digit). */
const cnYear = (s: string): number | null => {
  if (/^\d{4}$/.test(s)) return Number(s);
  const ds = [...s].map((c) => CN_DIGIT[c]);
  return ds.length === 4 && ds.every((d) => d !== undefined) ? Number(ds.join('')) : null;
};
/** 十二 → 12, 二十一 → 21, 三十 → 30, 9 → 9. */
const cnSmall = (s: string): number | null => {
  if (/^\d{1,2}$/.test(s)) return Number(s);
  if (s.length === 1 && s !== '十') return CN_DIGIT[s] ?? null;
  const m = /^([一二三]?)十([一二三四五六七八九]?)$/.exec(s);
  if (!m) return null;
  return (m[1] ? CN_DIGIT[m[1]]! : 1) * 10 + (m[2] ? CN_DIGIT[m[2]]! : 0);
};

const Y = '(\\d{4}|[〇零○Ｏ一二三四五六七八九0]{4})';
const MD = '(\\d{1,2}|[一二三]?十?[一二三四五六七八九]?)';
/** A date ending its line (the 落款 date), in figures or Chinese numerals. */
const LINE_DATE = new RegExp(`^(.*?)${Y}\\s*年\\s*${MD}\\s*月\\s*${MD}\\s*日$`);
/** The same on the line as printed (spaces kept), for its place. */
const LINE_END_DATE = new RegExp(`${Y}\\s*年\\s*${MD}\\s*月\\s*${MD}\\s*日\\s*$`);

export interface SignedDate {
  /** YYYY-MM-DD */
  date: string;
  start: number;
  end: number;
}

const iso = (y: number, m: number, d: number): string => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * The 落款 date: among the last non-empty lines, a date ending its line, alone or after the
 * agency's name (on its line or the line above) — as the parser reads the 落款, with dates in
 * Chinese numerals too.
 */
export function signatureDate(text: string): SignedDate | null {
  const lines: { start: number; text: string }[] = [];
  let end = text.length;
  while (end > 0 && lines.length < 10) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const t = text.slice(start, end);
    if (t.trim()) lines.push({ start, text: t });
    end = start - 1;
  }
  for (let k = 0; k < lines.length; k++) {
    const raw = lines[k]!.text;
    // Only a line ending in 日 can end in a date (the pattern is tried on nothing else).
    if (!raw.trimEnd().endsWith('日')) continue;
    const compact = raw.replace(/\s+/g, '');
    const m = LINE_DATE.exec(compact);
    if (!m) continue;
    const [y, mo, d] = [cnYear(m[2]!), cnSmall(m[3]!), cnSmall(m[4]!)];
    if (y === null || mo === null || d === null || mo < 1 || mo > 12 || d < 1 || d > 31) continue;
    const before = m[1]!;
    const after = before.slice(Math.max(before.lastIndexOf('。'), before.lastIndexOf('；'), before.lastIndexOf('！')) + 1);
    const above = lines[k + 1];
    const signed = !before || isAgencyName(before) || (after !== before && isAgencyName(after)) || (above !== undefined && isAgencyName(above.text));
    if (!signed) continue;
    // The date's place: from its year to the line's end.
    const at = LINE_END_DATE.exec(raw);
    const start = lines[k]!.start + (at ? at.index : 0);
    return { date: iso(y, mo, d), start, end: lines[k]!.start + raw.trimEnd().length };
  }
  return null;
}

const PERIOD = /统计(?:期限|时限|期间|时段|区间|周期)[^。\n]{0,60}/g;

/** The 统计期限 sentence and the years its dates name. */
export function periodYears(text: string, isFolded = false): { years: number[]; start: number; end: number } | null {
  const t = isFolded ? text : folded(text);
  // From the first 统计 on (a substring search, before the pattern; most texts have one or none).
  const from = t.indexOf('统计');
  if (from < 0) return null;
  PERIOD.lastIndex = from;
  const m = PERIOD.exec(t);
  if (!m) return null;
  const years = [...m[0].matchAll(/((?:19|20)\d{2})\s*年/g)].map((x) => Number(x[1]));
  return years.length ? { years, start: m.index, end: m.index + m[0].length } : null;
}

const zhDate = (iso: string): string => {
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
};

export const cDateConsistency: Rule = {
  meta: {
    id: 'C.dateConsistency',
    severity: 'warning',
    type: 'text',
    docs: {
      description: '落款日期应在报告年度结束之后、不晚于页面发布时间；统计期限句所写年度应与报告年度一致',
      en: 'The signature date falls after the year reported on and not after the page’s publication date; the statistics-period sentence names the report’s year.',
      source: 'spec/review-criteria.md R.dateConsistency；spec §8 C15',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const src: SourceText | null = ctx.source;
    if (!src || r.year === null) return;
    const t = r.year;
    const sig = signatureDate(src.text);
    if (sig) {
      if (sig.date < `${t + 1}-01-01`) {
        ctx.report({
          message: `落款日期${zhDate(sig.date)}早于${t}年度结束（报告年度${t}年，落款应在${t + 1}年1月1日以后），可能沿用了往年的日期`,
          ...placeIn(src, sig.start, sig.end),
          actual: sig.date,
          expected: `${t + 1}-01-01 以后`,
        });
      }
      const pub = r.publication;
      if (pub?.dateFrom === 'header' && pub.date && sig.date > pub.date) {
        ctx.report({
          message: `落款日期${zhDate(sig.date)}晚于页面发布时间${zhDate(pub.date)}，发布时间早于报告成文日期`,
          ...placeIn(src, sig.start, sig.end),
          actual: sig.date,
          expected: `${pub.date} 或以前`,
        });
      }
    }
    const period = periodYears(foldedText(src), true);
    const other = period?.years.filter((y) => y !== t) ?? [];
    if (period && other.length) {
      const from = r.title ? '标题' : '正文';
      ctx.report({
        message: `统计期限句写的是${[...new Set(other)].join('、')}年，与报告年度${t}年（取自${from}）不一致`,
        ...placeIn(src, period.start, period.end),
        actual: other[0]!,
        expected: t,
        note: src.text.slice(period.start, period.end).trim(),
      });
    }
  },
};
