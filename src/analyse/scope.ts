/**
 * What a report's figures cover (its scope), as the report says it:
 *
 *   office      the agency itself (a department, an office, a town): 我局共收到政府信息公开申请…
 *   level-only  a government's own level, 本级 (the government and its departments):
 *               区政府本级共受理…, 统计范围为市本级
 *   whole-area  the whole area, 全市/全区/全县/全省 (every administrative body in it):
 *               全市共收到政府信息公开申请12147件, 本报告数据统计范围为全区各级行政机关
 *
 * Read from the narrative; a statement of the data's range (统计范围/口径) outweighs a sentence
 * about requests. When the report states no scope: a department, an office or a town reports on
 * itself (条例第四十九条: each body publishes its own report), so its agency name is taken as the
 * statement (`basis: 'agency'`); a people's government that says nothing has no scope (null),
 * never a guess: its report may cover its level or its whole area. A unit list may set the scope
 * (`scopeFromLevel`). Analysis note: ../shared/spec/analysis.md §0 item 2, §A1.3.
 */
import { normalize } from '../read/normalize.js';

export type Scope = 'office' | 'level-only' | 'whole-area';

export const SCOPE_NAMES: Record<Scope, string> = { office: '本机关', 'level-only': '本级', 'whole-area': '全域' };

export interface ScopeResult {
  scope: Scope | null;
  /** Where it comes from: a sentence of the report, the agency's name, or the unit list. */
  basis: 'text' | 'agency' | 'unitList' | null;
  /** The words that say so (a short quote), or the agency name. */
  evidence: string | null;
  /** Offset of the quote in the text given (normalized text offsets are close to the source's). */
  at?: number;
  /** Why no scope was set (Chinese), when `scope` is null. */
  note?: string;
}

const AREA = '(?:全省|全市|全区|全县|全州|全盟|全旗|全自治区|全域|本行政区域内?|本地区)';
const LEVEL = '(?:省|市|区|县|州|旗|盟)(?:政府|人民政府)?本级|本级政府';
const SELF = '(?:我|本)(?:局|办|厅|委|署|中心|办公室|单位|部门|街道|镇|乡|院|所|会|处|站|队|馆|机关)';
const VERB = '(?:共|累计|合计|全年|本年|年内|一共)?(?:收到|受理|新收|办理|接收|登记|接到)';

/** Statements of what the data covers: strongest evidence. */
const RANGE: { scope: Scope; re: RegExp }[] = [
  { scope: 'whole-area', re: new RegExp(`(?:统计范围|数据范围|统计口径|数据口径|涵盖范围)(?:为|是|包括|覆盖|涵盖)?[^。；]{0,12}?${AREA}`) },
  { scope: 'whole-area', re: new RegExp(`(?:汇总|统计)了?${AREA}(?:各级)?(?:行政机关|各部门|各单位)`) },
  { scope: 'whole-area', re: /(?:汇总|统计)了?各(?:县|市|区|县（市、区）|县市区|乡镇|乡（镇）|街道|乡镇（街道）)[^。]{0,20}(?:数据|报告|情况)/ },
  { scope: 'level-only', re: new RegExp(`(?:统计范围|数据范围|统计口径|数据口径)(?:为|是|包括|仅为|仅包括)?[^。；]{0,8}?(?:${LEVEL})`) },
  { scope: 'office', re: new RegExp(`(?:统计范围|数据范围|统计口径|数据口径)(?:为|是|仅为|仅包括)?${SELF}`) },
];

/** Sentences giving request counts for a scope. */
const COUNT: { scope: Scope; re: RegExp }[] = [
  { scope: 'whole-area', re: new RegExp(`${AREA}(?:各级)?(?:行政机关|各级行政机关|各部门|政府系统)?${VERB}[^。]{0,16}?申请`) },
  { scope: 'level-only', re: new RegExp(`(?:${LEVEL})(?:及其?(?:工作)?部门)?${VERB}[^。]{0,16}?申请`) },
  { scope: 'office', re: new RegExp(`${SELF}${VERB}[^。]{0,16}?申请`) },
  { scope: 'office', re: new RegExp(`${SELF}(?:未收到|不涉及|没有收到)[^。]{0,10}?申请`) },
];

/** Agency names that report on themselves: departments, offices, towns. */
const SELF_AGENCY = /(?:办公室|办公厅|办|局|厅|委员会|委|署|中心|院|所|站|队|馆|处|管理委员会|管委会|街道办事处|街道|(?:镇|乡)(?:人民)?政府|公司|集团)$/;
const GOVERNMENT = /(?:人民政府|政府)$/;

const quote = (text: string, at: number, len: number): string => text.slice(Math.max(0, at), Math.min(text.length, at + Math.min(len, 40)));

/**
 * The scope of a report from its text (the whole decoded text, or the narrative sections) and
 * agency name. Null when the report does not say, or says two things (全区 and 本级 figures side by
 * side without stating which the tables give).
 */
export function detectScope(text: string, agency: string | null): ScopeResult {
  const body = normalize(text).text.replace(/[ \t\u00a0\u3000]+/g, '');
  for (const kind of [RANGE, COUNT]) {
    const hits: { scope: Scope; at: number; evidence: string }[] = [];
    for (const { scope, re } of kind) {
      const m = re.exec(body);
      if (m) hits.push({ scope, at: m.index, evidence: quote(body, m.index, m[0].length) });
    }
    const scopes = new Set(hits.map((h) => h.scope));
    if (scopes.size === 1) {
      const h = hits.sort((x, y) => x.at - y.at)[0]!;
      return { scope: h.scope, basis: 'text', evidence: h.evidence, at: h.at };
    }
    // 全区 and 本级 (or 本机关) figures side by side: which of them the tables give is not said.
    if (scopes.size > 1)
      return {
        scope: null,
        basis: null,
        evidence: hits.map((h) => h.evidence).join(' / '),
        note: '报告同时给出不同范围的数字，未写明统计表的口径',
      };
  }
  const name = agency?.replace(/\s+/g, '') ?? '';
  if (name && !GOVERNMENT.test(name.replace(/(?:镇|乡)(?:人民)?政府$/, '镇')) && SELF_AGENCY.test(name))
    return { scope: 'office', basis: 'agency', evidence: name };
  return {
    scope: null,
    basis: null,
    evidence: null,
    note: name && GOVERNMENT.test(name) ? '人民政府的报告未写明统计范围（本级或全域）' : '报告未写明统计范围',
  };
}

/** A unit list's 层级 value that names a scope (全市/全区…, 本级, 本机关/部门), else null. */
export function scopeFromLevel(level: string | null | undefined): Scope | null {
  const s = (level ?? '').replace(/\s+/g, '');
  if (!s) return null;
  if (/^(?:全(?:省|市|区|县|州|盟|旗|域)|全辖|汇总|whole-area)$/i.test(s)) return 'whole-area';
  if (/^(?:本级|(?:省|市|区|县)本级|level-only)$/i.test(s)) return 'level-only';
  if (/^(?:本机关|本单位|部门|单位|机关|office)$/i.test(s)) return 'office';
  return null;
}
