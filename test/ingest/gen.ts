/**
 * A tiny generator of valid report text for the storage and ingest tests and the benchmark
 * (our own words; values from src/synth/values.ts so every relation holds). Deliberately plain:
 * the parser's layouts are tested elsewhere; here we only need many distinct, readable reports.
 */
import { T3_COLUMN_KEYS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows } from '../../src/model/templates.js';
import { generateValues, type ReportValues } from '../../src/synth/values.js';

const num = (x: number | undefined): string => String(x ?? 0);

function t2Text(v: ReportValues): string[] {
  const out = ['二、主动公开政府信息情况'];
  for (const b of TEMPLATES[v.template].t2) {
    out.push(b.title, `信息内容 ${b.columns.map((c) => c.label).join(' ')}`);
    for (const r of b.rows) out.push(`${r.label} ${b.columns.map((c) => num(v.tables.t2[r.key]?.[c.key])).join(' ')}`);
  }
  return out;
}

function t3Text(v: ReportValues): string[] {
  const out = [
    '三、收到和处理政府信息公开申请情况',
    '（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和） 申请人情况',
    '自然人 法人或其他组织 总计',
    '商业企业 科研机构 社会公益组织 法律服务机构 其他',
  ];
  for (const r of t3Rows(v.t3Shape)) {
    const label = (r.number ?? '') + r.label;
    out.push(r.kind === 'group' ? label : `${label} ${T3_COLUMN_KEYS.map((c) => num(v.tables.t3[r.key]?.[c])).join(' ')}`);
  }
  return out;
}

function t4Text(v: ReportValues): string[] {
  const head = T4_COLUMNS.map((c) => c.label).join(' ');
  return [
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议 行政诉讼',
    `${head} 未经复议直接起诉 复议后起诉`,
    `${head} ${head}`,
    T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => num(v.tables.t4[g.key]?.[c.key]))).join(' '),
  ];
}

function s6Text(v: ReportValues): string {
  const f = v.narrative.fee;
  if (f.kind === 'full') return `本年度发出收费通知的件数为${f.noticeCount}件，总金额为${f.noticeAmount}元，实际收取的总金额为${f.collectedAmount}元。`;
  if (f.kind === 'none-collected') return '本年度未收取信息处理费。';
  return '无其他需要报告的事项。';
}

/** Report text for the values, titled with the agency (default: the values' own made-up agency). */
export function renderValues(v: ReportValues, agency = v.agency): string {
  const received = v.tables.t3['newReceived']?.['total'] ?? 0;
  return [
    `${agency}${v.year}年政府信息公开工作年度报告`,
    '一、总体情况',
    `本年度我单位按照条例要求做好政府信息公开工作。${v.narrative.proactiveItems !== null ? `全年主动公开政府信息${v.narrative.proactiveItems}条。` : ''}${v.narrative.mentionRequests ? `全年收到政府信息公开申请${received}件。` : ''}`,
    ...t2Text(v),
    ...t3Text(v),
    ...t4Text(v),
    '五、存在的主要问题及改进情况',
    '公开内容还不够全面，今后将加强培训、规范流程。',
    '六、其他需要报告的事项',
    s6Text(v),
  ].join('\n');
}

export interface GenOptions {
  agency?: string;
  year?: number;
}

/** Report text from a seed: same seed, same text. */
export function genReport(seed: number, opts: GenOptions = {}): { text: string; values: ReportValues } {
  const v0 = generateValues(seed);
  const v = opts.year !== undefined ? { ...v0, year: opts.year } : v0;
  return { text: renderValues(v, opts.agency ?? v.agency), values: v };
}

/** Report text with one arithmetic error: 表三「本年新收」总计 one more than its row sum (T3 row-sum rule). */
export function genReportWithError(seed: number, opts: GenOptions = {}): { text: string; values: ReportValues } {
  const { values } = genReport(seed, opts);
  const t3 = structuredClone(values.tables.t3);
  t3['newReceived']!['total'] = (t3['newReceived']!['total'] ?? 0) + 1;
  const v = { ...values, tables: { ...values.tables, t3 } };
  return { text: renderValues(v, opts.agency ?? v.agency), values: v };
}

export const bytesOf = (text: string): Uint8Array => new TextEncoder().encode(text);
