import type { Rule } from '../rule.js';
import { foldedText, placeIn, sectionAt } from '../source.js';
import { sectionName } from './util.js';

/**
 * Statute and document names as the report cites them (the 严重表述错误 and 错别字 of website
 * inspections): a document number's year in brackets other than 〔〕 (国办公开办函[2021]30号,
 * （2021）), a near miss of a statute's title (《中华人民共和国信息公开条例》), and a short list of
 * typos of the field's own words (公开条列, 信息工开). Shown, never corrected.
 */

/** The year in brackets, the number, 号: the part of a document number after the issuer's code. */
const BRACKETED = /([[(（【［])\s*((?:19|20)\d{2})\s*([\])）】］])\s*(\d{1,4})\s*号/g;
const CJK = /[\u4e00-\u9fa5]/;
const SPACE = /\s/;

/**
 * Document numbers: the issuer's code (the 2–12 Chinese characters before the bracket, white space
 * between allowed), the year in brackets, the number, 号. Found from the bracket and looked back
 * from there: a pattern starting with the 2–12 characters was tried at every Chinese character of
 * the text (a tenth of a report's whole parse).
 */
export function* docNumbers(text: string): Generator<{ index: number; end: number; code: string; open: string; year: string; close: string; no: string }> {
  let floor = 0;
  for (const m of text.matchAll(BRACKETED)) {
    let i = m.index;
    while (i > floor && SPACE.test(text[i - 1]!)) i--;
    let start = i;
    while (start > floor && i - start < 12 && CJK.test(text[start - 1]!)) start--;
    if (i - start < 2) continue;
    const end = m.index + m[0].length;
    floor = end;
    yield { index: start, end, code: text.slice(start, i), open: m[1]!, year: m[2]!, close: m[3]!, no: m[4]! };
  }
}
/** Issuer codes end like these (国办发, 国办公开办函, 冀政办字, 国办秘函, 财综, 国令…); court case numbers start with the bracket. */
const DOC_CODE = /(?:发|函|字|办|规|令|通|综|电|明电|秘|复|告|文|呈|报|便函)$/;

/** Words a sentence runs into the issuer's code with: 按照国办发… */
const LEAD = /^.*(?:按照|根据|依据|依照|落实|贯彻|执行|印发|转发|关于|通过|的|和|及|与|是)/;

/** Statutes and documents cited by title, in their canonical form. */
const TITLES = ['中华人民共和国政府信息公开条例', '政府信息公开条例', '政府信息公开信息处理费管理办法', '中华人民共和国保守国家秘密法'];

/** Typos of the field's words, each with its canonical form. Only forms that cannot be a correct word pair. */
const TYPOS: [RegExp, string][] = [
  [/公开条列/g, '公开条例'],
  [/(?:信息|政务|主动|依申请)工开/g, '公开'],
  [/政府信息公布条例/g, '政府信息公开条例'],
  [/政府公开信息条例/g, '政府信息公开条例'],
  [/信息处理费管理力法/g, '信息处理费管理办法'],
];
/** Any of them. */
const ANY_TYPO = new RegExp(TYPOS.map(([re]) => re.source).join('|'));

/** Levenshtein distance, small strings. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length]!;
}

/** The canonical title a cited one nearly is (one character off, two for a long title), or null. */
export function nearTitle(title: string): string | null {
  const t = title.replace(/\s+/g, '');
  if (TITLES.includes(t)) return null;
  for (const c of TITLES) {
    const max = c.length >= 12 ? 2 : 1;
    // The distance is at least the difference of the lengths: most titles are not near any.
    if (Math.abs(t.length - c.length) > max) continue;
    const dist = distance(t, c);
    if (dist > 0 && dist <= max) return c;
  }
  return null;
}

export const cSensitiveText: Rule = {
  meta: {
    id: 'C.sensitiveText',
    severity: 'warning',
    type: 'text',
    docs: {
      description:
        '引用的文件编号年份应使用六角括号〔〕（如国办公开办函〔2021〕30号，不用[]或（））；法规名称应准确（如《中华人民共和国政府信息公开条例》）；常见错别字（公开条列、信息工开等）；只提示，不自动更正',
      en: 'Document numbers put the year in 〔〕 (not [] or ()); statute titles are cited exactly (《中华人民共和国政府信息公开条例》); a short list of typos (公开条列, 信息工开). Shown, never corrected.',
      source: 'spec/review-criteria.md R.sensitiveText；GB/T 9704—2012 发文字号；国办秘函〔2019〕19号 检查指标',
    },
  },
  check(ctx) {
    const src = ctx.source;
    if (!src) return;
    const text = foldedText(src);
    const where = (i: number): string => {
      const s = sectionAt(src, i);
      return s ? `${sectionName(s)}中` : '正文中';
    };
    const shown: [number, number][] = [];
    for (const m of docNumbers(text)) {
      // The issuer's code: its last characters (a sentence may run into it: 根据国办公开办函…).
      const code = m.code.replace(LEAD, '').slice(-8);
      if (code.length < 2 || !DOC_CODE.test(code)) continue;
      const written = `${code}${m.open}${m.year}${m.close}${m.no}号`;
      const start = m.index + m.code.length - code.length;
      ctx.report({
        message: `${where(start)}文件编号「${written}」的年份应使用六角括号〔〕：「${code}〔${m.year}〕${m.no}号」`,
        ...placeIn(src, start, m.end),
        actual: `${m.open}${m.year}${m.close}`,
        expected: `〔${m.year}〕`,
        note: '只作提示，不自动更正',
      });
    }
    for (const m of text.matchAll(/《([^《》\n]{4,40})》/g)) {
      const canon = nearTitle(m[1]!);
      if (!canon) continue;
      shown.push([m.index, m.index + m[0].length]);
      ctx.report({
        message: `${where(m.index)}引用的《${m[1]}》与法规（文件）名称《${canon}》不一致`,
        ...placeIn(src, m.index, m.index + m[0].length),
        actual: m[1]!,
        expected: canon,
        note: '只作提示，不自动更正',
      });
    }
    // One pass for all the typos first: most texts hold none.
    if (ANY_TYPO.test(text))
      for (const [re, right] of TYPOS) {
        for (const m of text.matchAll(re)) {
          if (shown.some(([a, b]) => m.index >= a && m.index < b)) continue;
          ctx.report({
            message: `${where(m.index)}「${m[0]}」疑为错别字（应为「${right}」）`,
            ...placeIn(src, m.index, m.index + m[0].length),
            actual: m[0],
            expected: right,
            note: '只作提示，不自动更正',
          });
        }
      }
  },
};
