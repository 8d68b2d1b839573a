/**
 * The statutory table layouts of the annual report, both versions, defined once.
 * Source: 国办公开办函〔2019〕60号 (template "2019", report years 2019–2020) and
 * 〔2021〕30号 (template "2021", report years 2021 onward); keys as in the project spec.
 */

/** Units a cell's number may be printed with (3件, 64.7万元): with its unit a number is still a cell. */
export const CELL_UNITS: readonly string[] = ['万元', '件', '条', '个', '项', '次', '元'];

export type TemplateId = '2019' | '2021';
export type TableId = 't2' | 't3' | 't4';
export type ValueType = 'int' | 'signed-int' | 'decimal';

export interface ColumnDef {
  key: string;
  label: string;
  type: ValueType;
  /** Other printed spellings of the header. */
  variants?: string[];
  unit?: string;
}

export interface RowDef {
  key: string;
  /** Label without its list number. */
  label: string;
  /** List number as printed: 一、 （一） 1. */
  number?: string;
  variants?: string[];
  kind: 'data' | 'group';
  parent?: string;
}

export interface Table2Block {
  key: string;
  /** 第二十条第（一）项 */
  title: string;
  columns: ColumnDef[];
  rows: RowDef[];
}

export interface Template {
  id: TemplateId;
  notice: string;
  t2: Table2Block[];
  /** Section 二 rows flattened in printed order, with their block. */
  t2Rows: { block: Table2Block; row: RowDef }[];
  /** Labels that exist only in this version. */
  fingerprints: string[];
}

const int = (key: string, label: string, variants?: string[]): ColumnDef => ({ key, label, type: 'int', ...(variants ? { variants } : {}) });
const data = (key: string, label: string, number?: string, extra: Partial<RowDef> = {}): RowDef => ({
  key,
  label,
  kind: 'data',
  ...(number ? { number } : {}),
  ...extra,
});

const T2_2021: Table2Block[] = [
  {
    key: 'art20_1',
    title: '第二十条第（一）项',
    columns: [int('issued', '本年制发件数'), int('repealed', '本年废止件数'), int('inForce', '现行有效件数')],
    rows: [data('regulations', '规章'), data('normativeDocuments', '行政规范性文件', undefined, { variants: ['规范性文件'] })],
  },
  { key: 'art20_5', title: '第二十条第（五）项', columns: [int('decisions', '本年处理决定数量')], rows: [data('licensing', '行政许可')] },
  {
    key: 'art20_6',
    title: '第二十条第（六）项',
    columns: [int('decisions', '本年处理决定数量')],
    rows: [data('penalty', '行政处罚'), data('coercion', '行政强制')],
  },
  {
    key: 'art20_8',
    title: '第二十条第（八）项',
    columns: [
      {
        key: 'feesWan',
        label: '本年收费金额（单位：万元）',
        type: 'decimal',
        unit: '万元',
        variants: ['本年收费金额（单位：万元，保留4位小数）', '本年收费金额'],
      },
    ],
    rows: [data('fees', '行政事业性收费')],
  },
];

const itemsCols = (): ColumnDef[] => [
  int('prevYearItems', '上一年项目数量'),
  { key: 'yearChange', label: '本年增/减', type: 'signed-int' },
  int('decisions', '处理决定数量'),
];

const T2_2019: Table2Block[] = [
  {
    key: 'art20_1',
    title: '第二十条第（一）项',
    columns: [int('newlyMade', '本年新制作数量'), int('newlyPublished', '本年新公开数量'), int('totalPublished', '对外公开总数量')],
    rows: [data('regulations', '规章'), data('normativeDocuments', '规范性文件', undefined, { variants: ['行政规范性文件'] })],
  },
  {
    key: 'art20_5',
    title: '第二十条第（五）项',
    columns: itemsCols(),
    rows: [data('licensing', '行政许可'), data('otherServices', '其他对外管理服务事项')],
  },
  { key: 'art20_6', title: '第二十条第（六）项', columns: itemsCols(), rows: [data('penalty', '行政处罚'), data('coercion', '行政强制')] },
  {
    key: 'art20_8',
    title: '第二十条第（八）项',
    columns: [int('prevYearItems', '上一年项目数量'), { key: 'yearChange', label: '本年增/减', type: 'signed-int' }],
    rows: [data('fees', '行政事业性收费')],
  },
  {
    key: 'art20_9',
    title: '第二十条第（九）项',
    columns: [int('projects', '采购项目数量'), { key: 'amount', label: '采购总金额', type: 'decimal' }],
    rows: [data('procurement', '政府集中采购')],
  },
];

/** Table 三 value columns, in statutory order. */
export const T3_COLUMNS: ColumnDef[] = [
  int('naturalPerson', '自然人'),
  int('commercial', '商业企业'),
  int('research', '科研机构'),
  int('publicWelfare', '社会公益组织'),
  int('legalService', '法律服务机构'),
  int('otherOrg', '其他'),
  int('total', '总计'),
];
export const T3_COLUMN_KEYS = T3_COLUMNS.map((c) => c.key);
export const T3_PART_COLUMNS = T3_COLUMN_KEYS.slice(0, 6);

const g = (key: string, label: string, number: string, parent?: string): RowDef => ({
  key,
  label,
  number,
  kind: 'group',
  ...(parent ? { parent } : {}),
});

/** Table 三 rows common to both versions, before （六）. */
const T3_HEAD: RowDef[] = [
  data('newReceived', '本年新收政府信息公开申请数量', '一、'),
  data('carriedOver', '上年结转政府信息公开申请数量', '二、'),
  g('results', '本年度办理结果', '三、'),
  data('granted', '予以公开', '（一）', { parent: 'results' }),
  data('partial', '部分公开（区分处理的，只计这一情形，不计其他情形）', '（二）', { parent: 'results', variants: ['部分公开'] }),
  g('denied', '不予公开', '（三）', 'results'),
  data('denied.stateSecret', '属于国家秘密', '1.', { parent: 'denied' }),
  data('denied.lawProhibited', '其他法律行政法规禁止公开', '2.', { parent: 'denied', variants: ['其他法律法规禁止公开'] }),
  data('denied.safetyStability', '危及“三安全一稳定”', '3.', { parent: 'denied', variants: ['危及三安全一稳定'] }),
  data('denied.thirdParty', '保护第三方合法权益', '4.', { parent: 'denied' }),
  data('denied.internalAffairs', '属于三类内部事务信息', '5.', { parent: 'denied' }),
  data('denied.processInfo', '属于四类过程性信息', '6.', { parent: 'denied' }),
  data('denied.enforcementFile', '属于行政执法案卷', '7.', { parent: 'denied' }),
  data('denied.queryMatter', '属于行政查询事项', '8.', { parent: 'denied' }),
  g('unable', '无法提供', '（四）', 'results'),
  data('unable.notHeld', '本机关不掌握相关政府信息', '1.', { parent: 'unable' }),
  data('unable.needCreation', '没有现成信息需要另行制作', '2.', { parent: 'unable' }),
  data('unable.unclear', '补正后申请内容仍不明确', '3.', { parent: 'unable' }),
  g('declined', '不予处理', '（五）', 'results'),
  data('declined.complaint', '信访举报投诉类申请', '1.', { parent: 'declined' }),
  data('declined.duplicate', '重复申请', '2.', { parent: 'declined' }),
  data('declined.publication', '要求提供公开出版物', '3.', { parent: 'declined' }),
  data('declined.massive', '无正当理由大量反复申请', '4.', { parent: 'declined' }),
  data('declined.confirm', '要求行政机关确认或重新出具已获取信息', '5.', { parent: 'declined', variants: ['要求行政机关确认或重新出具'] }),
];
const T3_TAIL: RowDef[] = [data('total', '总计', '（七）', { parent: 'results' }), data('carriedForward', '结转下年度继续办理', '四、')];
/** （六）其他处理 as one data row: the 2019 template (and hybrids). */
export const T3_OTHER_SINGLE: RowDef[] = [data('other.subtotal', '其他处理', '（六）', { parent: 'results' })];
/** （六）其他处理 split into three rows: the 2021 template. */
export const T3_OTHER_SPLIT: RowDef[] = [
  g('other', '其他处理', '（六）', 'results'),
  data('other.overdueCorrection', '申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请', '1.', { parent: 'other' }),
  data('other.overdueFee', '申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请', '2.', { parent: 'other' }),
  data('other.other', '其他', '3.', { parent: 'other' }),
];

export type T3Shape = 'single-other' | 'split-other';
const T3_ROWS: Record<T3Shape, RowDef[]> = {
  'split-other': [...T3_HEAD, ...T3_OTHER_SPLIT, ...T3_TAIL],
  'single-other': [...T3_HEAD, ...T3_OTHER_SINGLE, ...T3_TAIL],
};
/** Table 三 rows in printed order (one shared array per shape: do not modify). */
export function t3Rows(shape: T3Shape): RowDef[] {
  return T3_ROWS[shape];
}
const T3_DATA: Record<T3Shape, string[]> = {
  'split-other': T3_ROWS['split-other'].filter((r) => r.kind === 'data').map((r) => r.key),
  'single-other': T3_ROWS['single-other'].filter((r) => r.kind === 'data').map((r) => r.key),
};
export const T3_DATA_ROWS = (shape: T3Shape): string[] => T3_DATA[shape];

/** Derived (not printed) subtotals of table 三. */
export const T3_SUBTOTALS: Record<string, string[]> = {
  'denied.subtotal': T3_HEAD.filter((r) => r.parent === 'denied').map((r) => r.key),
  'unable.subtotal': T3_HEAD.filter((r) => r.parent === 'unable').map((r) => r.key),
  'declined.subtotal': T3_HEAD.filter((r) => r.parent === 'declined').map((r) => r.key),
};
/** Rows whose sum is （七）总计, per shape. */
export function t3OutcomeRows(shape: T3Shape): string[] {
  return t3Rows(shape)
    .filter((r) => r.kind === 'data' && r.key !== 'total' && r.key !== 'newReceived' && r.key !== 'carriedOver' && r.key !== 'carriedForward')
    .map((r) => r.key);
}

/** Table 四: three groups of five columns, values in one row of 15. */
export const T4_GROUPS = [
  { key: 'review', label: '行政复议' },
  { key: 'litigationDirect', label: '行政诉讼「未经复议直接起诉」' },
  { key: 'litigationAfterReview', label: '行政诉讼「复议后起诉」' },
] as const;
export const T4_COLUMNS: ColumnDef[] = [
  int('upheld', '结果维持'),
  int('corrected', '结果纠正'),
  int('other', '其他结果'),
  int('pending', '尚未审结'),
  int('total', '总计'),
];
export const T4_CELL_ORDER: { group: string; col: string }[] = T4_GROUPS.flatMap((gr) => T4_COLUMNS.map((c) => ({ group: gr.key, col: c.key })));

/** The six sections: key phrases used to find their headings. */
export const SECTIONS = [
  { key: 's1', no: '一', label: '总体情况', phrases: ['总体情况', '概述', '基本情况'] },
  { key: 's2', no: '二', label: '主动公开政府信息情况', phrases: ['主动公开政府信息情况', '主动公开政府信息的情况'] },
  {
    key: 's3',
    no: '三',
    label: '收到和处理政府信息公开申请情况',
    phrases: ['收到和处理政府信息公开申请情况', '收到和处理政府信息公开申请的情况', '政府信息公开申请情况'],
  },
  {
    key: 's4',
    no: '四',
    label: '政府信息公开行政复议、行政诉讼情况',
    phrases: [
      '行政复议、行政诉讼情况',
      '行政复议和行政诉讼情况',
      '行政复议及行政诉讼情况',
      '行政复议和提起行政诉讼情况',
      '行政复议、提起行政诉讼情况',
      '行政复议、行政诉讼的情况',
    ],
  },
  {
    key: 's5',
    no: '五',
    label: '存在的主要问题及改进情况',
    phrases: ['存在的主要问题及改进情况', '存在的主要问题和改进情况', '主要问题及改进情况', '存在的问题及改进情况'],
  },
  { key: 's6', no: '六', label: '其他需要报告的事项', phrases: ['其他需要报告的事项'] },
] as const;
export type SectionKey = (typeof SECTIONS)[number]['key'];

export const TEMPLATES: Record<TemplateId, Template> = {
  '2019': {
    id: '2019',
    notice: '国办公开办函〔2019〕60号',
    t2: T2_2019,
    t2Rows: T2_2019.flatMap((block) => block.rows.map((row) => ({ block, row }))),
    fingerprints: [
      '本年新制作数量',
      '本年新公开数量',
      '对外公开总数量',
      '上一年项目数量',
      '其他对外管理服务事项',
      '第二十条第(九)项',
      '政府集中采购',
      '采购项目数量',
      '采购总金额',
    ],
  },
  '2021': {
    id: '2021',
    notice: '国办公开办函〔2021〕30号',
    t2: T2_2021,
    t2Rows: T2_2021.flatMap((block) => block.rows.map((row) => ({ block, row }))),
    fingerprints: [
      '本年制发件数',
      '本年废止件数',
      '现行有效件数',
      '本年处理决定数量',
      '本年收费金额',
      '申请人无正当理由逾期不补正',
      '申请人逾期未按收费通知要求缴纳费用',
    ],
  },
};

/** Expected template for a report year (rule M.version). */
export const expectedTemplate = (year: number): TemplateId => (year <= 2020 ? '2019' : '2021');

/** Chinese names of the tables, as a reviewer says them. */
export const TABLE_NAMES: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };

const T3_ALL_ROWS: RowDef[] = [...t3Rows('split-other'), ...T3_OTHER_SINGLE];

/**
 * A table 三 row as a reviewer names it: 本年新收政府信息公开申请数量, 部分公开 (without its note),
 * （七）总计 (always numbered: 总计 is also a column); sub-rows with their group, since 1. 2. 3. recur
 * in every group: 不予公开-属于国家秘密; derived subtotals: 不予公开小计. With `numbers`, top-level rows keep
 * their list number (一、… （一）…) as the check messages print them. One naming for the parser, the rules,
 * exports and the web app.
 */
export function t3RowName(key: string, opts: { numbers?: boolean } = {}): string {
  const def = (k: string): RowDef | undefined => T3_ALL_ROWS.find((d) => d.key === k);
  const short = (label: string): string => label.replace(/（[^（）]*）$/, '');
  const num = (d: RowDef): string => (opts.numbers || d.key === 'total' ? (d.number ?? '') : '');
  const [group, part] = key.split('.');
  if (part === 'subtotal' && group !== 'other') {
    const g = def(group!);
    return g ? `${num(g)}${g.label}小计` : key;
  }
  const d = def(key);
  if (!d) return key;
  const parent = d.parent && d.parent !== 'results' ? def(d.parent) : undefined;
  return parent ? `${parent.label}-${short(d.label)}` : `${num(d)}${short(d.label)}`;
}

/** A table 二 row with its block: 「第二十条第（一）项-规章」. */
export function t2RowName(template: TemplateId, key: string): string {
  const hit = TEMPLATES[template].t2Rows.find((x) => x.row.key === key);
  return hit ? hit.row.label : key;
}
