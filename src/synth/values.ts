/**
 * The value model of one annual report, as an author would fill it in: agency, year, which
 * template, the three tables (keyed exactly like `Report.tables`) and the facts stated in
 * the prose. Used to render report text in many layouts (render-text.ts) and to know the
 * right answer when the parser reads it back (property tests, benchmark, demo data).
 *
 * Builders here turn raw draws (any non-negative numbers) into values that satisfy every
 * relation of spec §7.1, so that random generators (random.ts with fast-check, or
 * `generateValues` with a seed) only have to draw numbers.
 */
import { T3_COLUMN_KEYS, T3_PART_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3OutcomeRows, t3Rows, type T3Shape, type TemplateId } from '../model/templates.js';
import { Rng } from './rng.js';

/** Rows → columns → value: the shape of `Report.tables.*`, with every cell filled. */
export type Grid = Record<string, Record<string, number>>;

/** Section 六 信息处理费 facts, as the report states them. */
export type FeeFacts =
  /** All three facts (发出收费通知的件数, 总金额, 实际收取的总金额); amounts in 元. */
  | { kind: 'full'; noticeCount: number; noticeAmount: number; collectedAmount: number }
  /** Only "未收取信息处理费". */
  | { kind: 'none-collected' }
  /** Nothing about the fee (无其他需要报告的事项). */
  | { kind: 'absent' };

export interface NarrativeFacts {
  /** 主动公开政府信息N条 in section 一; null when the report does not say it. */
  proactiveItems: number | null;
  /** Section 一 says how many requests were received (= newReceived.total). */
  mentionRequests: boolean;
  fee: FeeFacts;
}

/** Which statutory layout the tables follow: 2019, 2021, or 2021 table 二 with the 2019 table 三. */
export type ReportKind = '2019' | '2021' | 'hybrid';

export interface ReportValues {
  agency: string;
  year: number;
  /** Template of table 二 (and of the report). */
  template: TemplateId;
  /** Shape of table 三: （六）其他处理 as one row or split into three. */
  t3Shape: T3Shape;
  tables: { t2: Grid; t3: Grid; t4: Grid };
  narrative: NarrativeFacts;
}

export const kindOf = (v: Pick<ReportValues, 'template' | 't3Shape'>): ReportKind =>
  v.template === '2019' ? '2019' : v.t3Shape === 'split-other' ? '2021' : 'hybrid';

export const shapeOfKind = (kind: ReportKind): { template: TemplateId; t3Shape: T3Shape } =>
  kind === '2019'
    ? { template: '2019', t3Shape: 'single-other' }
    : kind === '2021'
      ? { template: '2021', t3Shape: 'split-other' }
      : { template: '2021', t3Shape: 'single-other' };

// ——— builders: raw draws → values satisfying the relations ———

/** Raw numbers for table 三: per outcome row (t3OutcomeRows order) six part values, and the carry rows. */
export interface T3Draw {
  outcomes: number[][];
  carriedOver: number[];
  carriedForward: number[];
}

const at = (xs: readonly number[], i: number): number => Math.max(0, Math.trunc(xs[i] ?? 0));

/**
 * Table 三 from draws: outcome rows as drawn; （七）总计 their sum; 上年结转 capped so that
 * 本年新收 = 总计 + 结转下年度 − 上年结转 is not negative; every 总计 column the row sum.
 */
export function buildT3(shape: T3Shape, draw: T3Draw): Grid {
  const outcomeRows = t3OutcomeRows(shape);
  const g: Grid = {};
  const parts = (values: number[]): Record<string, number> => {
    const row: Record<string, number> = {};
    T3_PART_COLUMNS.forEach((c, i) => (row[c] = values[i]!));
    row['total'] = values.reduce((s, v) => s + v, 0);
    return row;
  };
  const total = T3_PART_COLUMNS.map(() => 0);
  outcomeRows.forEach((key, r) => {
    const vals = T3_PART_COLUMNS.map((_, c) => at(draw.outcomes[r] ?? [], c));
    vals.forEach((v, c) => (total[c]! += v));
    g[key] = parts(vals);
  });
  const cf = T3_PART_COLUMNS.map((_, c) => at(draw.carriedForward, c));
  const co = T3_PART_COLUMNS.map((_, c) => Math.min(at(draw.carriedOver, c), total[c]! + cf[c]!));
  const nr = T3_PART_COLUMNS.map((_, c) => total[c]! + cf[c]! - co[c]!);
  g['newReceived'] = parts(nr);
  g['carriedOver'] = parts(co);
  g['total'] = parts(total);
  g['carriedForward'] = parts(cf);
  // Rows in printed order, as the parser returns them.
  const ordered: Grid = {};
  for (const r of t3Rows(shape)) if (r.kind === 'data') ordered[r.key] = g[r.key]!;
  return ordered;
}

/** Table 四 from draws: per group four values (upheld, corrected, other, pending); total their sum. */
export function buildT4(draw: number[][]): Grid {
  const g: Grid = {};
  T4_GROUPS.forEach((grp, i) => {
    const vals = [0, 1, 2, 3].map((c) => at(draw[i] ?? [], c));
    const row: Record<string, number> = {};
    T4_COLUMNS.slice(0, 4).forEach((c, k) => (row[c.key] = vals[k]!));
    row['total'] = vals.reduce((s, v) => s + v, 0);
    g[grp.key] = row;
  });
  return g;
}

/**
 * Raw numbers for table 二 (2021). `feeUnits` is the fee in 元 (1/10 000 万元); it is written in
 * 万元 rounded to `feeDecimals` (0–4) decimals.
 */
export interface T2Draw2021 {
  regulations: number[];
  normativeDocuments: number[];
  licensing: number;
  penalty: number;
  coercion: number;
  feeUnits: number;
  feeDecimals: number;
}

/** Table 二 (2021) from draws; 现行有效件数 raised so that 本年制发 ≤ 现行有效 + 本年废止 (T2.issuedVsInForce). */
export function buildT2of2021(d: T2Draw2021): Grid {
  const doc = (xs: number[]): Record<string, number> => {
    const [issued, repealed, inForce] = [at(xs, 0), at(xs, 1), at(xs, 2)];
    return { issued, repealed, inForce: Math.max(inForce, issued - repealed) };
  };
  const dec = Math.min(4, Math.max(0, Math.trunc(d.feeDecimals)));
  return {
    regulations: doc(d.regulations),
    normativeDocuments: doc(d.normativeDocuments),
    licensing: { decisions: at([d.licensing], 0) },
    penalty: { decisions: at([d.penalty], 0) },
    coercion: { decisions: at([d.coercion], 0) },
    fees: { feesWan: Math.round(at([d.feeUnits], 0) / 10 ** (4 - dec)) / 10 ** dec },
  };
}

/** Raw numbers for table 二 (2019). yearChange draws are signed; capped at −prevYearItems. */
export interface T2Draw2019 {
  regulations: number[];
  normativeDocuments: number[];
  /** [prevYearItems, yearChange, decisions] */
  licensing: number[];
  otherServices: number[];
  penalty: number[];
  coercion: number[];
  /** [prevYearItems, yearChange] */
  fees: number[];
  /** [projects, amountUnits, amountDecimals (0..2)] — amount = units / 10^decimals */
  procurement: number[];
}

export function buildT2of2019(d: T2Draw2019): Grid {
  const docs = (xs: number[]): Record<string, number> => {
    const [newlyMade, newlyPublished, totalPublished] = [at(xs, 0), at(xs, 1), at(xs, 2)];
    return { newlyMade, newlyPublished, totalPublished: Math.max(totalPublished, newlyPublished) };
  };
  const items = (xs: number[], withDecisions: boolean): Record<string, number> => {
    const prevYearItems = at(xs, 0);
    const yearChange = Math.max(Math.trunc(xs[1] ?? 0), -prevYearItems) || 0; // never -0
    return withDecisions ? { prevYearItems, yearChange, decisions: at(xs, 2) } : { prevYearItems, yearChange };
  };
  const dec = Math.min(2, at(d.procurement, 2));
  return {
    regulations: docs(d.regulations),
    normativeDocuments: docs(d.normativeDocuments),
    licensing: items(d.licensing, true),
    otherServices: items(d.otherServices, true),
    penalty: items(d.penalty, true),
    coercion: items(d.coercion, true),
    fees: items(d.fees, false),
    procurement: { projects: at(d.procurement, 0), amount: at(d.procurement, 1) / 10 ** dec },
  };
}

// ——— validation ———

const decimalsOf = (x: number): number => {
  const s = String(x);
  const i = s.indexOf('.');
  return i < 0 ? 0 : s.length - i - 1;
};

/** Every relation of spec §7.1 that a valid report satisfies; returns the violations (empty when valid). */
export function relationErrors(v: ReportValues): string[] {
  const out: string[] = [];
  const { t2, t3, t4 } = v.tables;
  // 表二: keys of the template, domains.
  for (const { block, row } of TEMPLATES[v.template].t2Rows) {
    for (const col of block.columns) {
      const x = t2[row.key]?.[col.key];
      if (x === undefined || !Number.isFinite(x)) out.push(`t2 ${row.key}.${col.key} missing`);
      else if (col.type === 'int' && (!Number.isInteger(x) || x < 0)) out.push(`t2 ${row.key}.${col.key}=${x} not a count`);
      else if (col.type === 'signed-int' && !Number.isInteger(x)) out.push(`t2 ${row.key}.${col.key}=${x} not an integer`);
      else if (col.type === 'decimal' && (x < 0 || decimalsOf(x) > 4)) out.push(`t2 ${row.key}.${col.key}=${x} bad decimal`);
    }
  }
  // 表三
  const rows = t3Rows(v.t3Shape)
    .filter((r) => r.kind === 'data')
    .map((r) => r.key);
  for (const r of rows) {
    for (const c of T3_COLUMN_KEYS) {
      const x = t3[r]?.[c];
      if (x === undefined || !Number.isInteger(x) || x < 0) out.push(`t3 ${r}.${c}=${x} not a count`);
    }
    const sum = T3_PART_COLUMNS.reduce((s, c) => s + (t3[r]?.[c] ?? 0), 0);
    if (sum !== t3[r]?.['total']) out.push(`t3 rowSum ${r}`);
  }
  const outcome = t3OutcomeRows(v.t3Shape);
  for (const c of T3_COLUMN_KEYS) {
    const g = (r: string): number => t3[r]?.[c] ?? NaN;
    if (g('newReceived') + g('carriedOver') !== g('total') + g('carriedForward')) out.push(`t3 balance ${c}`);
    if (outcome.reduce((s, r) => s + g(r), 0) !== g('total')) out.push(`t3 outcomeSum ${c}`);
  }
  // 表四
  for (const grp of T4_GROUPS) {
    const row = t4[grp.key];
    const vals = T4_COLUMNS.map((c) => row?.[c.key]);
    if (vals.some((x) => x === undefined || !Number.isInteger(x) || x < 0)) out.push(`t4 ${grp.key} not counts`);
    else if (vals[0]! + vals[1]! + vals[2]! + vals[3]! !== vals[4]) out.push(`t4 groupSum ${grp.key}`);
  }
  // Template and shape go together (hybrid = 2021 table 二 + single-other).
  if (v.template === '2019' && v.t3Shape !== 'single-other') out.push('2019 template with split-other table 三');
  const f = v.narrative.fee;
  if (f.kind === 'full' && (f.noticeCount < 0 || f.collectedAmount > f.noticeAmount || (f.noticeCount === 0 && f.noticeAmount !== 0)))
    out.push('fee facts inconsistent');
  return out;
}

// ——— names ———

const PLACE_CHARS = '东西南北安平阳宁兴华新清河山城江湖林泉丰和永嘉德明庆长春沙云龙凤桥湾源溪川岭石台屯坪营';
const PLACE_SUFFIX = ['区', '县', '市', '新区', '自治县'];
const AGENCY_TYPES = [
  '人民政府',
  '人民政府办公室',
  '发展和改革委员会',
  '教育局',
  '公安局',
  '民政局',
  '司法局',
  '财政局',
  '人力资源和社会保障局',
  '自然资源局',
  '生态环境局',
  '住房和城乡建设局',
  '交通运输局',
  '水利局',
  '农业农村局',
  '商务局',
  '文化广电和旅游局',
  '卫生健康委员会',
  '应急管理局',
  '审计局',
  '市场监督管理局',
  '医疗保障局',
  '政务服务和大数据管理局',
  '退役军人事务局',
  '林业局',
  '城市管理局',
];

/** A made-up agency name: place (two or three characters + 区/县/市) + agency type. */
export function agencyName(rng: Rng): string {
  const n = rng.chance(0.8) ? 2 : 3;
  let place = '';
  for (let i = 0; i < n; i++) place += rng.pick([...PLACE_CHARS]);
  const town = rng.pick([...PLACE_CHARS]) + rng.pick([...PLACE_CHARS]);
  return rng.chance(0.08)
    ? `${place}县${town}${rng.pick(['镇人民政府', '街道办事处', '乡人民政府'])}`
    : place + rng.pick(PLACE_SUFFIX) + rng.pick(AGENCY_TYPES);
}

/** A report year fitting the kind: 2019 format for 2019–2020, 2021 format from 2021. */
export const yearFor = (kind: ReportKind, rng: Rng): number => (kind === '2019' ? rng.int(2019, 2020) : rng.int(2021, 2025));

// ——— seeded generator (no test library needed: benchmark, demo data) ———

export type Scale = 'zero' | 'small' | 'medium' | 'large';

/** One count cell at a scale: mostly zeros and small numbers, as in real reports. */
export function drawCount(rng: Rng, scale: Scale): number {
  switch (scale) {
    case 'zero':
      return 0;
    case 'small':
      return rng.weighted([
        [6, 0],
        [3, rng.int(1, 5)],
        [1, rng.int(6, 30)],
      ]);
    case 'medium':
      return rng.weighted([
        [4, 0],
        [3, rng.int(1, 20)],
        [2, rng.int(21, 300)],
      ]);
    case 'large':
      return rng.weighted([
        [5, 0],
        [2, rng.int(1, 50)],
        [1, rng.int(51, 999)],
        [1, rng.int(1000, 40000)],
      ]);
  }
}

export interface GenerateOptions {
  kind?: ReportKind;
  scale?: Scale;
}

/** A valid report drawn from a seed. Same seed, same report. */
export function generateValues(seed: number, opts: GenerateOptions = {}): ReportValues {
  const rng = new Rng(seed);
  const kind: ReportKind =
    opts.kind ??
    rng.weighted<ReportKind>([
      [6, '2021'],
      [3, '2019'],
      [1, 'hybrid'],
    ]);
  const { template, t3Shape } = shapeOfKind(kind);
  const scale: Scale =
    opts.scale ??
    rng.weighted<Scale>([
      [3, 'zero'],
      [4, 'small'],
      [2, 'medium'],
      [1, 'large'],
    ]);
  const t2Scale: Scale = rng.pick(['small', 'medium', 'large'] as const);
  const cnt = (s: Scale = scale): number => drawCount(rng, s);
  const nOutcome = t3OutcomeRows(t3Shape).length;
  const t3 = buildT3(t3Shape, {
    outcomes: Array.from({ length: nOutcome }, () => T3_PART_COLUMNS.map(() => cnt())),
    carriedOver: T3_PART_COLUMNS.map(() => cnt()),
    carriedForward: T3_PART_COLUMNS.map(() => cnt()),
  });
  const t4 = buildT4(T4_GROUPS.map(() => [0, 1, 2, 3].map(() => cnt(scale === 'zero' ? 'zero' : 'small'))));
  const t2 =
    template === '2021'
      ? buildT2of2021({
          regulations: [cnt('small'), cnt('small'), cnt('small')],
          normativeDocuments: [cnt(t2Scale), cnt('small'), cnt(t2Scale)],
          licensing: cnt(t2Scale),
          penalty: cnt(t2Scale),
          coercion: cnt('small'),
          feeUnits: rng.chance(0.6) ? 0 : rng.chance(0.9) ? rng.int(1, 3_000_000) : rng.int(10_000_000, 100_000_000),
          feeDecimals: rng.int(0, 4),
        })
      : buildT2of2019({
          regulations: [cnt('small'), cnt('small'), cnt('small')],
          normativeDocuments: [cnt(t2Scale), cnt(t2Scale), cnt(t2Scale)],
          licensing: [cnt(t2Scale), rng.int(-20, 20), cnt(t2Scale)],
          otherServices: [cnt('small'), rng.int(-5, 5), cnt('small')],
          penalty: [cnt(t2Scale), rng.int(-10, 10), cnt(t2Scale)],
          coercion: [cnt('small'), rng.int(-3, 3), cnt('small')],
          fees: [cnt('small'), rng.int(-3, 3)],
          procurement: [cnt('small'), rng.chance(0.5) ? 0 : rng.int(1, 5_000_000), rng.int(0, 2)],
        });
  const year = yearFor(kind, rng);
  const overdueFee = t3['other.overdueFee']?.['total'] ?? 0;
  const noticeCount = overdueFee + (rng.chance(0.7) ? 0 : rng.int(0, 5));
  const noticeAmount = noticeCount === 0 ? 0 : rng.int(0, 2000);
  const fee: FeeFacts =
    template === '2019'
      ? rng.chance(0.7)
        ? { kind: 'absent' }
        : { kind: 'none-collected' }
      : rng.weighted<FeeFacts>([
          [4, { kind: 'full', noticeCount, noticeAmount, collectedAmount: rng.int(0, noticeAmount) }],
          [4, { kind: 'none-collected' }],
          [2, { kind: 'absent' }],
        ]);
  return {
    agency: agencyName(rng),
    year,
    template,
    t3Shape,
    tables: { t2, t3, t4 },
    narrative: { proactiveItems: rng.chance(0.7) ? rng.int(0, 3000) : null, mentionRequests: rng.chance(0.6), fee },
  };
}
