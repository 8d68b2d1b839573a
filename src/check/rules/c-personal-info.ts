import type { Rule } from '../rule.js';
import { foldedText, placeIn, type SectionKey } from '../source.js';
import { sectionName } from './util.js';

/**
 * No unmasked personal data in the prose: an 18-digit resident ID number with a valid check digit
 * and birth date, a mobile number (1[3-9] and nine digits), a 16–19-digit bank card number that
 * passes the Luhn check. Masked forms (138****1234) are not numbers and pass; landlines (0311-…)
 * never look like a mobile number. Read in the prose sections 一, 五 and 六 only, each up to
 * the first table label in it: the tables of 二, 三 and 四 flattened by a web page run their digits
 * together.
 */

const PROSE: SectionKey[] = ['s1', 's5', 's6'];
/** Where a table starts: a prose range runs into one when the next headings were not found. */
const TABLE_MARK = /第二十条第|本年新收政府信息公开申请数量|申请人情况|结果维持/;
/** A run of digits (a card written in groups of four, a mobile as 3-4-4) not inside a longer token (a URL, a code). */
const RUN = /(?<![0-9A-Za-z_/=.%&?#:-])(?:\d{4}(?: \d{4}){3,4}(?: \d{1,3})?|\d{3}-\d{4}-\d{4}|\d{11,19}[0-9Xx]?)(?![0-9A-Za-z_/=%&#-])/g;

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';

/** 18-character resident ID: region code, a real birth date, check digit (GB 11643). */
export function isIdNumber(s: string): boolean {
  if (!/^[1-8]\d{16}[\dX]$/i.test(s)) return false;
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  if (y < 1900 || y > 2030 || m < 1 || m > 12 || d < 1 || d > new Date(Date.UTC(y, m, 0)).getUTCDate()) return false;
  const sum = ID_WEIGHTS.reduce((acc, w, i) => acc + w * Number(s[i]), 0);
  return ID_CHECK[sum % 11] === s[17]!.toUpperCase();
}

export function luhn(s: string): boolean {
  let sum = 0;
  for (let i = 0; i < s.length; i++) {
    let d = Number(s[s.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/** What the run is, or null. */
export function personalKind(run: string): 'id' | 'mobile' | 'card' | null {
  const digits = run.replace(/[ -]/g, '');
  if (digits.length === 18 && isIdNumber(digits)) return 'id';
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 11 && /^1[3-9]/.test(digits)) return 'mobile';
  // Bank cards: UnionPay 62…, Visa 4…, Mastercard 5…, JCB 3…, domestic 6…/9…
  if (digits.length >= 16 && digits.length <= 19 && /^[345689]/.test(digits) && luhn(digits)) return 'card';
  return null;
}

const KIND_NAME = { id: '身份证号码', mobile: '手机号码', card: '银行卡号' } as const;

/** Shown masked in the finding, so the problem list does not spread it further: 138****5678. */
export const mask = (run: string): string => {
  const d = run.replace(/[ -]/g, '');
  return `${d.slice(0, 3)}${'*'.repeat(Math.max(4, d.length - 7))}${d.slice(-4)}`;
};

export const cPersonalInfo: Rule = {
  meta: {
    id: 'C.personalInfo',
    severity: 'error',
    type: 'text',
    docs: {
      description:
        '总体情况、存在的主要问题、其他需要报告的事项中不得出现未脱敏的身份证号码（校验位正确）、手机号码、银行卡号（Luhn校验）；已打码（138****1234）和单位固定电话不报',
      en: 'No unmasked ID number (valid check digit), mobile number or bank card number (Luhn) in the prose of sections 1, 5 and 6; masked numbers and landlines pass.',
      source: 'spec/review-criteria.md R.personalInfo；条例第十五条；国办秘函〔2019〕19号 检查指标',
    },
  },
  check(ctx) {
    const src = ctx.source;
    if (!src) return;
    for (const key of PROSE) {
      const range = src.sections[key];
      if (!range) continue;
      const text = foldedText(src).slice(range[0], range[1]);
      // Where a table starts, looked for only once a number is found (most prose has none).
      let tableAt: number | undefined;
      for (const m of text.matchAll(RUN)) {
        tableAt ??= TABLE_MARK.exec(text)?.index ?? text.length;
        if (m.index + m[0].length > tableAt) break;
        const kind = personalKind(m[0]);
        if (!kind) continue;
        const start = range[0] + m.index;
        ctx.report({
          message: `${sectionName(key)}中有未脱敏的${KIND_NAME[kind]}（${mask(m[0])}），公开前应删除或打码`,
          ...placeIn(src, start, start + m[0].length),
          actual: mask(m[0]),
          expected: '删除或打码',
        });
      }
    }
  },
};
