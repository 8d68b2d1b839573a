/**
 * Derived indicators, one dictionary. Every indicator has a stable id (its formula id: the same
 * name with another denominator is another id), a Chinese name, the formula over cell keys, its
 * denominator variant, unit and the note behind it. `computeIndicator` returns the value with the
 * formula id and the cells it was computed from, or null with the reason: a cell absent (never
 * read as 0) or a denominator of 0.
 *
 * Sources: ../shared/spec/analysis.md §0 items 4–6 and §A3 (formulas in use, competing
 * denominators, observed ranges); the table rows are those of 国办公开办函〔2021〕30号 (spec §4–§5).
 * docs/indicators.md is generated from this dictionary (src/analyse/docs.ts).
 */
import type { Report } from '../model/report.js';
import { T3_COLUMNS } from '../model/templates.js';
import { resolve, roundSum, type CellUse } from './cells.js';

/** A sum of cells less another sum: `plus` − `minus`. */
export interface Expr {
  plus: string[];
  minus?: string[];
}

export type IndicatorKind = 'ratio' | 'count' | 'yoy';

export interface IndicatorDef {
  /** Formula id, stored with every value: `openRate`, `openRate.concluded`. */
  id: string;
  /** Chinese name as a reviewer says it. */
  name: string;
  /** The denominator (口径) in words; competing denominators are separate ids. */
  variant: string;
  kind: IndicatorKind;
  /** ratio: numerator ÷ denominator × 100; count: numerator; yoy: (this year − last year) ÷ last year × 100, of `numerator`. */
  numerator: Expr;
  denominator?: Expr;
  unit: '%' | '件';
  /** The formula in Chinese words. */
  formula: string;
  /** The statutory rows behind it and what to keep in mind (Chinese). */
  note: string;
  /** Where the formula comes from. */
  source: string;
}

export type NullReason = 'absent' | 'zeroDenominator' | 'noPrevious';

export interface IndicatorValue {
  /** The formula id (IndicatorDef.id). */
  id: string;
  /** In the indicator's unit (percent for `%`), unrounded; null when it cannot be computed. */
  value: number | null;
  numerator: number | null;
  denominator: number | null;
  /** Every cell the value was computed from (cells of last year's report carry their year). */
  cells: CellUse[];
  reason?: NullReason;
  /** References that were absent, when `reason` is `absent`. */
  missing?: string[];
}

/** Units with fewer requests than this (受理总量 = 新收 + 上年结转) are not ranked: 样本偏小. */
export const MIN_RANK_REQUESTS = 30;

const t3 = (row: string, col = 'total'): string => `t3:${row}|${col}`;
const t4 = (group: string, col: string): string => `t4:${group}|${col}`;
const LIT = ['litigationDirect', 'litigationAfterReview'] as const;
const CONCLUDED = ['upheld', 'corrected', 'other'] as const;

const TABLE3 = '表三（国办公开办函〔2021〕30号格式，2019年版同）';
const TABLE4 = '表四「政府信息公开行政复议、行政诉讼情况」';
const ANALYSIS = '../shared/spec/analysis.md';

const APPLICANT_DEFS: IndicatorDef[] = T3_COLUMNS.filter((c) => c.key !== 'total').map((c) => ({
  id: `applicant.${c.key}`,
  name: `申请人结构：${c.key === 'otherOrg' ? '法人或其他组织-其他' : c.label}`,
  variant: '分母：本年新收申请总计',
  kind: 'ratio' as const,
  numerator: { plus: [t3('newReceived', c.key)] },
  denominator: { plus: [t3('newReceived')] },
  unit: '%' as const,
  formula: `本年新收「${c.label}」列 ÷ 本年新收「总计」列 × 100%`,
  note: `${TABLE3}「一、本年新收政府信息公开申请数量」行的申请人列。申请人类别无官方填报说明（各地口径不一）`,
  source: `${ANALYSIS} §A3 申请人结构 [K2]`,
}));

/** Every indicator, in the order they are shown. */
export const INDICATORS: readonly IndicatorDef[] = [
  {
    id: 'requests',
    name: '受理总量',
    variant: '本年新收 + 上年结转',
    kind: 'count',
    numerator: { plus: [t3('newReceived'), t3('carriedOver')] },
    unit: '件',
    formula: '本年新收申请总计 + 上年结转申请总计',
    note: `${TABLE3}一、二行「总计」列。低于最低受理量（${MIN_RANK_REQUESTS}件）的单位不参与排名（样本偏小）`,
    source: `${ANALYSIS} §0 第6条（受理总量少于30件不评级、不排名）[K2]`,
  },
  {
    id: 'openRate',
    name: '公开率',
    variant: '分母：办理结果总计',
    kind: 'ratio',
    numerator: { plus: [t3('granted'), t3('partial')] },
    denominator: { plus: [t3('total')] },
    unit: '%',
    formula: '（予以公开 + 部分公开）÷（七）总计 × 100%',
    note: `${TABLE3}（一）（二）行与（七）总计行「总计」列。部分公开「区分处理的，只计这一情形，不计其他情形」（表三行标题）。（七）总计即本年答复（办理完毕）的申请数`,
    source: `${ANALYSIS} §A3 公开率 (a) [A12]；观察值约30%–70%（§0 第5条）`,
  },
  {
    id: 'openRate.concluded',
    name: '公开率',
    variant: '分母：办结（不含其他处理）',
    kind: 'ratio',
    numerator: { plus: [t3('granted'), t3('partial')] },
    denominator: { plus: [t3('total')], minus: [t3('other.subtotal')] },
    unit: '%',
    formula: '（予以公开 + 部分公开）÷（（七）总计 − （六）其他处理）× 100%',
    note: `${TABLE3}。（六）其他处理（逾期不补正、逾期不缴费、其他，含撤回）未作实体答复，不计入分母；2021年版为三个子行之和，2019年版为单行`,
    source: `${ANALYSIS} §A3 公开率 (b)「实质公开率」[K2]`,
  },
  {
    id: 'deniedRate',
    name: '不予公开率',
    variant: '分母：办理结果总计',
    kind: 'ratio',
    numerator: { plus: [t3('denied.subtotal')] },
    denominator: { plus: [t3('total')] },
    unit: '%',
    formula: '（三）不予公开（8个子行之和）÷（七）总计 × 100%',
    note: `${TABLE3}（三）不予公开1–8行。2019年前「信息不存在、非本机关掌握」计为不予公开，2019年起归入（四）无法提供，跨2018/2019的序列须另行换算`,
    source: `${ANALYSIS} §A3；时间序列注意事项 [P7][P8]`,
  },
  {
    id: 'unableRate',
    name: '无法提供率',
    variant: '分母：办理结果总计',
    kind: 'ratio',
    numerator: { plus: [t3('unable.subtotal')] },
    denominator: { plus: [t3('total')] },
    unit: '%',
    formula: '（四）无法提供（3个子行之和）÷（七）总计 × 100%',
    note: `${TABLE3}（四）无法提供1–3行`,
    source: `${ANALYSIS} §A3 无法提供占比 [K3]`,
  },
  {
    id: 'notHeldShare',
    name: '不掌握占无法提供比例',
    variant: '分母：无法提供',
    kind: 'ratio',
    numerator: { plus: [t3('unable.notHeld')] },
    denominator: { plus: [t3('unable.subtotal')] },
    unit: '%',
    formula: '（四）1.本机关不掌握相关政府信息 ÷（四）无法提供 × 100%',
    note: `${TABLE3}（四）无法提供1–3行`,
    source: `${ANALYSIS} §A3「不掌握」占无法提供；观察值79%–96%（§0 第5条）`,
  },
  {
    id: 'declinedRate',
    name: '不予处理率',
    variant: '分母：办理结果总计',
    kind: 'ratio',
    numerator: { plus: [t3('declined.subtotal')] },
    denominator: { plus: [t3('total')] },
    unit: '%',
    formula: '（五）不予处理（5个子行之和）÷（七）总计 × 100%',
    note: `${TABLE3}（五）不予处理1–5行（信访举报投诉、重复申请、公开出版物、大量反复申请、确认或重新出具）`,
    source: `${ANALYSIS} §A3`,
  },
  {
    id: 'carryForwardRate',
    name: '结转率',
    variant: '分母：本年新收 + 上年结转',
    kind: 'ratio',
    numerator: { plus: [t3('carriedForward')] },
    denominator: { plus: [t3('newReceived'), t3('carriedOver')] },
    unit: '%',
    formula: '结转下年度继续办理 ÷（本年新收 + 上年结转）× 100%',
    note: `${TABLE3}一、二、四行「总计」列（表头勾稽关系：第一项加第二项之和，等于第三项加第四项之和）`,
    source: `${ANALYSIS} §A3 结转率；观察值1.7%–6.5%（计算值）`,
  },
  ...APPLICANT_DEFS,
  {
    id: 'applicant.organizations',
    name: '申请人结构：法人或其他组织合计',
    variant: '分母：本年新收申请总计',
    kind: 'ratio',
    numerator: { plus: ['commercial', 'research', 'publicWelfare', 'legalService', 'otherOrg'].map((c) => t3('newReceived', c)) },
    denominator: { plus: [t3('newReceived')] },
    unit: '%',
    formula: '本年新收五类法人或其他组织列之和 ÷ 本年新收「总计」列 × 100%',
    note: `${TABLE3}「法人或其他组织」只是表头分组，没有小计列，这里取五列之和`,
    source: `${ANALYSIS} §A3 申请人结构 [K2]`,
  },
  {
    id: 'reviewCorrectionRate',
    name: '复议纠错率',
    variant: '分母：复议总数',
    kind: 'ratio',
    numerator: { plus: [t4('review', 'corrected')] },
    denominator: { plus: [t4('review', 'total')] },
    unit: '%',
    formula: '行政复议「结果纠正」÷ 行政复议「总计」× 100%',
    note: `${TABLE4}行政复议五列；总计含尚未审结的案件`,
    source: `${ANALYSIS} §A3 复议纠错率（同行工具口径）[K2]；观察值12%–23%`,
  },
  {
    id: 'reviewCorrectionRate.concluded',
    name: '复议纠错率',
    variant: '分母：已审结（维持 + 纠正 + 其他）',
    kind: 'ratio',
    numerator: { plus: [t4('review', 'corrected')] },
    denominator: { plus: CONCLUDED.map((c) => t4('review', c)) },
    unit: '%',
    formula: '行政复议「结果纠正」÷（结果维持 + 结果纠正 + 其他结果）× 100%',
    note: `${TABLE4}行政复议；不计尚未审结的案件`,
    source: `${ANALYSIS} §A3 复议纠错率（本项目首选口径）`,
  },
  {
    id: 'litigationCorrectionRate',
    name: '诉讼纠错率',
    variant: '分母：诉讼总数',
    kind: 'ratio',
    numerator: { plus: LIT.map((g) => t4(g, 'corrected')) },
    denominator: { plus: LIT.map((g) => t4(g, 'total')) },
    unit: '%',
    formula: '（未经复议直接起诉 + 复议后起诉）「结果纠正」÷ 两组「总计」之和 × 100%',
    note: `${TABLE4}行政诉讼两组；总计含尚未审结的案件`,
    source: `${ANALYSIS} §A3 诉讼纠错率 [K2][K3]；观察值1%–11%`,
  },
  {
    id: 'litigationCorrectionRate.concluded',
    name: '诉讼纠错率',
    variant: '分母：已审结（维持 + 纠正 + 其他）',
    kind: 'ratio',
    numerator: { plus: LIT.map((g) => t4(g, 'corrected')) },
    denominator: { plus: LIT.flatMap((g) => CONCLUDED.map((c) => t4(g, c))) },
    unit: '%',
    formula: '两组诉讼「结果纠正」÷ 两组（结果维持 + 结果纠正 + 其他结果）× 100%',
    note: `${TABLE4}行政诉讼两组；不计尚未审结的案件`,
    source: `${ANALYSIS} §A3 诉讼纠错率`,
  },
  {
    id: 'correctionRate.combined',
    name: '综合纠错率',
    variant: '分母：复议总数 + 诉讼总数',
    kind: 'ratio',
    numerator: { plus: [t4('review', 'corrected'), ...LIT.map((g) => t4(g, 'corrected'))] },
    denominator: { plus: [t4('review', 'total'), ...LIT.map((g) => t4(g, 'total'))] },
    unit: '%',
    formula: '（复议纠正 + 诉讼纠正）÷（复议总计 + 诉讼总计）× 100%',
    note: `${TABLE4}三组；复议后起诉的案件在复议和诉讼中各计一次`,
    source: `${ANALYSIS} §A3 综合纠错率 [K2]`,
  },
  {
    id: 'disputeRate',
    name: '争议转化率',
    variant: '分母：本年新收申请',
    kind: 'ratio',
    numerator: { plus: [t4('review', 'total'), ...LIT.map((g) => t4(g, 'total'))] },
    denominator: { plus: [t3('newReceived')] },
    unit: '%',
    formula: '（行政复议总计 + 行政诉讼两组总计）÷ 本年新收申请总计 × 100%',
    note: `${TABLE4}与${TABLE3}一行。复议、诉讼案件可能源于往年申请；复议后起诉的案件计两次`,
    source: `${ANALYSIS} §A3 争议转化率 [K2]；观察值3.5%–10%（§0 第5条）`,
  },
  {
    id: 'yoy.newReceived',
    name: '新收申请同比',
    variant: '分母：上年新收申请',
    kind: 'yoy',
    numerator: { plus: [t3('newReceived')] },
    unit: '%',
    formula: '（本年新收总计 − 上年新收总计）÷ 上年新收总计 × 100%',
    note: `${TABLE3}一行「总计」列，两年报告各取一格；需要同一单位上一年度的报告`,
    source: `${ANALYSIS} §C 核心指标本年、上年、同比 [K3]`,
  },
  {
    id: 'yoy.requests',
    name: '受理总量同比',
    variant: '分母：上年受理总量',
    kind: 'yoy',
    numerator: { plus: [t3('newReceived'), t3('carriedOver')] },
    unit: '%',
    formula: '（本年受理总量 − 上年受理总量）÷ 上年受理总量 × 100%（受理总量 = 新收 + 上年结转）',
    note: `${TABLE3}一、二行「总计」列；需要同一单位上一年度的报告`,
    source: `${ANALYSIS} §C [K3]`,
  },
  {
    id: 'yoy.review',
    name: '行政复议案件同比',
    variant: '分母：上年复议总计',
    kind: 'yoy',
    numerator: { plus: [t4('review', 'total')] },
    unit: '%',
    formula: '（本年复议总计 − 上年复议总计）÷ 上年复议总计 × 100%',
    note: `${TABLE4}行政复议「总计」；需要同一单位上一年度的报告`,
    source: `${ANALYSIS} §C [K3]`,
  },
  {
    id: 'yoy.litigation',
    name: '行政诉讼案件同比',
    variant: '分母：上年诉讼总计',
    kind: 'yoy',
    numerator: { plus: LIT.map((g) => t4(g, 'total')) },
    unit: '%',
    formula: '（本年诉讼两组总计 − 上年诉讼两组总计）÷ 上年诉讼两组总计 × 100%',
    note: `${TABLE4}行政诉讼两组「总计」；需要同一单位上一年度的报告`,
    source: `${ANALYSIS} §C [K3]`,
  },
];

const BY_ID = new Map(INDICATORS.map((d) => [d.id, d]));

/** An indicator by its formula id (undefined when unknown). */
export const indicatorDef = (id: string): IndicatorDef | undefined => BY_ID.get(id);

interface Evaluated {
  value: number | null;
  cells: CellUse[];
  missing: string[];
}

/** `cells: false`: values only, every `cells` list left empty (a region's table of indicators). */
export interface ComputeOptions {
  cells?: boolean;
}

function evaluate(r: Pick<Report, 'tables'>, e: Expr, year?: number | null, opts: ComputeOptions = {}): Evaluated {
  const cells: CellUse[] = [];
  const missing: string[] = [];
  const plus: number[] = [];
  const minus: number[] = [];
  for (const [refs, into] of [
    [e.plus, plus],
    [e.minus ?? [], minus],
  ] as const) {
    for (const ref of refs) {
      const x = resolve(r, ref, opts);
      if (x.value === null) missing.push(...x.missing);
      else {
        into.push(x.value);
        cells.push(...x.cells.map((c) => (year !== undefined ? { ...c, year } : c)));
      }
    }
  }
  if (missing.length) return { value: null, cells: [], missing };
  return { value: roundSum(plus) - roundSum(minus), cells, missing };
}

const nullValue = (id: string, reason: NullReason, extra: Partial<IndicatorValue> = {}): IndicatorValue => ({
  id,
  value: null,
  numerator: null,
  denominator: null,
  cells: [],
  reason,
  ...extra,
});

/**
 * One indicator of a record (and, for year-over-year, the same unit's previous report). Null,
 * with the reason, when a cell is absent, the denominator is 0, or there is no previous report.
 */
export function computeIndicator(
  def: IndicatorDef,
  r: Pick<Report, 'tables' | 'year'>,
  previous: Pick<Report, 'tables' | 'year'> | null = null,
  opts: ComputeOptions = {},
): IndicatorValue {
  if (def.kind === 'yoy') {
    if (!previous) return nullValue(def.id, 'noPrevious');
    const now = evaluate(r, def.numerator, r.year, opts);
    const before = evaluate(previous, def.numerator, previous.year, opts);
    const missing = [...now.missing, ...before.missing.map((m) => `${previous.year ?? '上年'}:${m}`)];
    if (now.value === null || before.value === null) return nullValue(def.id, 'absent', { missing });
    const cells = [...now.cells, ...before.cells];
    if (before.value === 0) return nullValue(def.id, 'zeroDenominator', { numerator: now.value - before.value, denominator: 0, cells });
    return { id: def.id, value: ((now.value - before.value) / before.value) * 100, numerator: now.value - before.value, denominator: before.value, cells };
  }
  const num = evaluate(r, def.numerator, undefined, opts);
  if (def.kind === 'count') {
    if (num.value === null) return nullValue(def.id, 'absent', { missing: num.missing });
    return { id: def.id, value: num.value, numerator: num.value, denominator: null, cells: num.cells };
  }
  const den = evaluate(r, def.denominator!, undefined, opts);
  if (num.value === null || den.value === null) return nullValue(def.id, 'absent', { missing: [...num.missing, ...den.missing] });
  const cells = [...num.cells, ...den.cells];
  if (den.value === 0) return nullValue(def.id, 'zeroDenominator', { numerator: num.value, denominator: 0, cells });
  return { id: def.id, value: (num.value / den.value) * 100, numerator: num.value, denominator: den.value, cells };
}

/** Every indicator of a record; year-over-year ones need `previous`. */
export function computeIndicators(r: Pick<Report, 'tables' | 'year'>, previous: Pick<Report, 'tables' | 'year'> | null = null): IndicatorValue[] {
  return INDICATORS.map((d) => computeIndicator(d, r, previous));
}

/** The change of a ratio indicator from last year, in percentage points; formula id `Δ(<id>)`. */
export interface IndicatorChange {
  id: string;
  of: string;
  current: IndicatorValue;
  previous: IndicatorValue;
  /** Percentage points (ratios) or 件 (counts); null when either year is null. */
  change: number | null;
}

/** Year-over-year change of every ratio and count indicator: this year's value − last year's, same formula. */
export function indicatorChanges(r: Pick<Report, 'tables' | 'year'>, previous: Pick<Report, 'tables' | 'year'>): IndicatorChange[] {
  return INDICATORS.filter((d) => d.kind !== 'yoy').map((d) => {
    const current = computeIndicator(d, r);
    const before = computeIndicator(d, previous);
    const change = current.value !== null && before.value !== null ? current.value - before.value : null;
    return { id: `Δ(${d.id})`, of: d.id, current, previous: { ...before, cells: before.cells.map((c) => ({ ...c, year: previous.year })) }, change };
  });
}

/** True when the record has enough requests to be ranked (受理总量 ≥ MIN_RANK_REQUESTS). */
export function rankable(r: Pick<Report, 'tables' | 'year'>, min = MIN_RANK_REQUESTS): boolean {
  const v = computeIndicator(BY_ID.get('requests')!, r).value;
  return v !== null && v >= min;
}

export interface RankItem<T> {
  item: T;
  label: string;
  value: IndicatorValue;
}

export interface Ranking<T> {
  id: string;
  /** 1-based ranks; equal values share a rank. */
  ranked: (RankItem<T> & { rank: number })[];
  /** Not ranked, with the reason in Chinese (样本偏小, or the value could not be computed). */
  notRanked: (RankItem<T> & { reason: string })[];
}

/**
 * Rank records by one indicator (highest first, or lowest with `order: 'asc'`). Units with fewer
 * than `min` requests are not ranked (样本偏小), nor are those whose value is null.
 */
export function rankBy<T>(
  items: { item: T; label: string; report: Pick<Report, 'tables' | 'year'> }[],
  id: string,
  opts: { min?: number; order?: 'asc' | 'desc' } = {},
): Ranking<T> {
  const def = BY_ID.get(id);
  if (!def || def.kind === 'yoy') {
    const reason = def ? '同比指标需要两年报告，不用于单年排名' : `没有编号为 ${id} 的指标`;
    return {
      id,
      ranked: [],
      notRanked: items.map((x) => ({ item: x.item, label: x.label, value: { id, value: null, numerator: null, denominator: null, cells: [] }, reason })),
    };
  }
  const min = opts.min ?? MIN_RANK_REQUESTS;
  const requests = BY_ID.get('requests')!;
  const ranked: (RankItem<T> & { rank: number })[] = [];
  const notRanked: (RankItem<T> & { reason: string })[] = [];
  for (const x of items) {
    const value = computeIndicator(def, x.report);
    const n = computeIndicator(requests, x.report).value;
    if (n === null) notRanked.push({ item: x.item, label: x.label, value, reason: '受理总量无法确定（表三缺少单元格），不参与排名' });
    else if (n < min) notRanked.push({ item: x.item, label: x.label, value, reason: `样本偏小：受理总量${n}件，少于${min}件，不参与排名` });
    else if (value.value === null)
      notRanked.push({ item: x.item, label: x.label, value, reason: value.reason === 'zeroDenominator' ? '分母为0，无法计算' : '所需单元格缺失，无法计算' });
    else ranked.push({ item: x.item, label: x.label, value, rank: 0 });
  }
  const sign = opts.order === 'asc' ? 1 : -1;
  ranked.sort((a, b) => sign * (a.value.value! - b.value.value!) || a.label.localeCompare(b.label, 'zh'));
  ranked.forEach((x, i) => (x.rank = i > 0 && ranked[i - 1]!.value.value === x.value.value ? ranked[i - 1]!.rank : i + 1));
  return { id, ranked, notRanked };
}

/** A value as shown: `30.8%`, `245件`, `—` (with the reason) when null. */
export function formatIndicator(def: IndicatorDef, v: IndicatorValue): string {
  if (v.value === null)
    return v.reason === 'zeroDenominator' ? '—（分母为0）' : v.reason === 'noPrevious' ? '—（无上年报告）' : `—（缺少${v.missing?.length ?? 0}个单元格）`;
  return def.unit === '%' ? `${(Math.round(v.value * 10) / 10).toFixed(1)}%` : `${Math.round(v.value * 1e4) / 1e4}${def.unit}`;
}
