/**
 * Test records: a complete, consistent report of either template, built from a few values, so a
 * test changes only the cells it is about. Every relation of spec §7.1 holds in the defaults.
 */
import type { Cell, Finding, Narrative, Report, Table } from '../../src/model/report.js';
import {
  SECTIONS,
  T3_COLUMN_KEYS,
  T3_DATA_ROWS,
  T3_PART_COLUMNS,
  T4_COLUMNS,
  T4_GROUPS,
  TEMPLATES,
  t3OutcomeRows,
  type T3Shape,
  type TableId,
  type TemplateId,
} from '../../src/model/templates.js';
import { runRule } from '../../src/check/index.js';
import type { Rule } from '../../src/check/rule.js';

/** Six applicant columns of a table 三 row (自然人 … 其他); 总计 is their sum. */
type Parts = [number, number, number, number, number, number];

/** Outcome rows with values; every other outcome row is all zeros. Several columns non-zero on purpose. */
const OUTCOMES_2021: Record<string, Parts> = {
  granted: [3, 1, 1, 0, 0, 0],
  partial: [1, 0, 0, 0, 1, 0],
  'denied.thirdParty': [1, 0, 0, 0, 0, 0],
  'unable.notHeld': [2, 0, 0, 1, 0, 0],
  'declined.duplicate': [1, 0, 0, 0, 0, 1],
  'other.overdueCorrection': [1, 0, 0, 0, 0, 0],
};
const OUTCOMES_2019: Record<string, Parts> = { ...OUTCOMES_2021, 'other.subtotal': OUTCOMES_2021['other.overdueCorrection']! };
delete OUTCOMES_2019['other.overdueCorrection'];
const CARRIED_OVER: Parts = [2, 0, 0, 0, 0, 0];
const CARRIED_FORWARD: Parts = [1, 1, 0, 0, 0, 0];

const add = (a: number[], b: number[]): number[] => a.map((x, i) => x + b[i]!);
const withTotal = (p: number[]): Record<string, number> =>
  Object.fromEntries([...T3_PART_COLUMNS.map((c, i) => [c, p[i]!]), ['total', p.reduce((s, x) => s + x, 0)]]);

/** A consistent table 三: outcomes add up to （七）总计, and 新收 is chosen so that the 勾稽关系 holds. */
function table3(shape: T3Shape): Table {
  const outcomes = shape === 'split-other' ? OUTCOMES_2021 : OUTCOMES_2019;
  const zero = [0, 0, 0, 0, 0, 0];
  const t: Table = {};
  let total = zero;
  for (const row of t3OutcomeRows(shape)) {
    const p = outcomes[row] ?? zero;
    t[row] = withTotal(p);
    total = add(total, p);
  }
  t['total'] = withTotal(total);
  t['carriedOver'] = withTotal(CARRIED_OVER);
  t['carriedForward'] = withTotal(CARRIED_FORWARD);
  t['newReceived'] = withTotal(total.map((x, i) => x + CARRIED_FORWARD[i]! - CARRIED_OVER[i]!));
  // Printed order, as the parser produces it.
  return Object.fromEntries(T3_DATA_ROWS(shape).map((r) => [r, t[r]!]));
}

function table4(): Table {
  const groups: Record<string, [number, number, number, number]> = {
    review: [1, 0, 0, 1],
    litigationDirect: [0, 1, 0, 0],
    litigationAfterReview: [0, 0, 0, 0],
  };
  return Object.fromEntries(
    T4_GROUPS.map((g) => {
      const p = groups[g.key]!;
      const cols = T4_COLUMNS.slice(0, 4).map((c, i) => [c.key, p[i]!] as const);
      return [g.key, Object.fromEntries([...cols, ['total', p.reduce((s, x) => s + x, 0)]])];
    }),
  );
}

const T2_VALUES: Record<TemplateId, Table> = {
  '2021': {
    regulations: { issued: 0, repealed: 0, inForce: 3 },
    normativeDocuments: { issued: 5, repealed: 2, inForce: 40 },
    licensing: { decisions: 100 },
    penalty: { decisions: 20 },
    coercion: { decisions: 1 },
    fees: { feesWan: 12.5 },
  },
  '2019': {
    regulations: { newlyMade: 1, newlyPublished: 1, totalPublished: 10 },
    normativeDocuments: { newlyMade: 3, newlyPublished: 3, totalPublished: 30 },
    licensing: { prevYearItems: 50, yearChange: -2, decisions: 300 },
    otherServices: { prevYearItems: 10, yearChange: 1, decisions: 5 },
    penalty: { prevYearItems: 20, yearChange: 0, decisions: 40 },
    coercion: { prevYearItems: 4, yearChange: 0, decisions: 2 },
    fees: { prevYearItems: 3, yearChange: 0 },
    procurement: { projects: 2, amount: 150000 },
  },
};

export interface MakeOptions {
  template?: TemplateId;
  /** Default: 2024 for the 2021 template, 2020 for the 2019 template. */
  year?: number;
  /** Cell values to override after the consistent defaults are built (no recomputation). */
  t2?: Record<string, Record<string, number | null>>;
  t3?: Record<string, Record<string, number | null>>;
  t4?: Record<string, Record<string, number | null>>;
  narrative?: Partial<Omit<Narrative, 'infoFee'>> & { infoFee?: Partial<Narrative['infoFee']> };
  findings?: Finding[];
}

const clone = (t: Table): Table => Object.fromEntries(Object.entries(t).map(([r, cols]) => [r, { ...cols }]));

/** A complete, consistent record. Cells have status 'read', raw = the number, and a distinct span and line each. */
export function makeReport(o: MakeOptions = {}): Report {
  const template = o.template ?? '2021';
  const shape: T3Shape = template === '2021' ? 'split-other' : 'single-other';
  const tables = { t2: clone(T2_VALUES[template]), t3: table3(shape), t4: table4() };
  const narrative: Narrative = {
    proactiveItems: 100,
    requestsReceived: tables.t3['newReceived']!['total']!,
    noRequests: false,
    noReviewOrLitigation: false,
    infoFee: { noticeCount: 1, noticeAmount: 100, collectedAmount: 100, compliance: 'full' },
    places: {
      requestsReceived: { span: [20, 22], line: 3 },
      proactiveItems: { span: [30, 33], line: 3 },
      noRequests: { span: [40, 45], line: 4 },
      noReviewOrLitigation: { span: [50, 58], line: 5 },
      'infoFee.noticeCount': { span: [9000, 9001], line: 900 },
      'infoFee.noticeAmount': { span: [9010, 9013], line: 900 },
      'infoFee.collectedAmount': { span: [9020, 9023], line: 901 },
    },
  };
  const r: Report = {
    schema: 'nianbao.report/1',
    source: { path: 'test.txt', sha256: '', format: 'text', bytes: 0 },
    template,
    layout: { t2: template, t3: shape },
    title: `测试局${o.year ?? (template === '2021' ? 2024 : 2020)}年政府信息公开工作年度报告`,
    agency: '测试局',
    agencyAlias: null,
    year: o.year ?? (template === '2021' ? 2024 : 2020),
    sections: SECTIONS.map((s, i) => ({ key: s.key, heading: `${s.no}、${s.label}`, span: [1000 * (i + 1), 1000 * (i + 1) + 10], line: 100 * (i + 1) })),
    tables,
    structure: {
      t2: { found: true, rows: TEMPLATES[template].t2Rows.map((x) => x.row.key) },
      t3: { found: true, rows: T3_DATA_ROWS(shape), columns: [...T3_COLUMN_KEYS] },
      t4: { found: true },
    },
    cells: [],
    narrative,
    findings: o.findings ?? [],
  };
  let k = 0;
  for (const t of ['t2', 't3', 't4'] as const) {
    for (const [row, cols] of Object.entries(tables[t])) {
      for (const [col, value] of Object.entries(cols)) {
        k++;
        const raw = String(value);
        r.cells.push({ table: t, row, col, value, status: 'read', raw, span: [10_000 + k * 10, 10_000 + k * 10 + raw.length], line: 1000 + k });
      }
    }
  }
  for (const t of ['t2', 't3', 't4'] as const)
    for (const [row, cols] of Object.entries(o[t] ?? {})) for (const [col, v] of Object.entries(cols)) setCell(r, t, row, col, v);
  if (o.narrative) {
    const { infoFee, ...rest } = o.narrative;
    Object.assign(r.narrative, rest);
    if (infoFee) Object.assign(r.narrative.infoFee, infoFee);
  }
  return r;
}

/** Set one cell in both the table and the cells list. null makes it missing (as the parser leaves an unread cell). */
export function setCell(r: Report, table: TableId, row: string, col: string, value: number | null, raw?: string): Report {
  const t = r.tables[table];
  if (!t) throw new Error(`table ${table} is null`);
  (t[row] ??= {})[col] = value;
  let c: Cell | undefined = r.cells.find((x) => x.table === table && x.row === row && x.col === col);
  if (!c) {
    c = { table, row, col, value: null, status: 'missing', raw: null, span: null, line: null };
    r.cells.push(c);
  }
  c.value = value;
  if (value === null) {
    Object.assign(c, { status: 'missing', raw: null, span: null, line: null });
  } else {
    c.status = 'read';
    c.raw = raw ?? String(value);
  }
  return r;
}

/** The cell record of a test report (throws when absent: a test bug). */
export function cellOf(r: Report, table: TableId, row: string, col: string): Cell {
  const c = r.cells.find((x) => x.table === table && x.row === row && x.col === col);
  if (!c) throw new Error(`no cell ${table}.${row}.${col}`);
  return c;
}

/** Findings of one rule on a record. */
export const run = (rule: Rule, r: Report, previous: Report | null = null): Finding[] => runRule(rule, r, previous);

/**
 * The same agency's report of the year before, consistent with `r` across years: its 结转下年度
 * equals r's 上年结转, and its 现行有效 rolls forward to r's (2021 template).
 */
export function previousOf(r: Report): Report {
  const template = r.template ?? '2021';
  const prev = makeReport({ template, year: (r.year ?? 2024) - 1 });
  for (const col of T3_COLUMN_KEYS) setCell(prev, 't3', 'carriedForward', col, r.tables.t3!['carriedOver']![col]!);
  if (template === '2021') {
    for (const row of ['regulations', 'normativeDocuments']) {
      const cur = r.tables.t2![row]!;
      setCell(prev, 't2', row, 'inForce', cur['inForce']! - cur['issued']! + cur['repealed']!);
    }
  }
  return prev;
}
