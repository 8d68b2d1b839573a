/**
 * The report a unit writes in the editor (issue 12), as a record (`nianbao.report/1`) the check
 * library runs on unchanged, so the unit sees the messages the reviewer will see.
 *
 * - `prefill`: a year's report opened from last year's stored report (表二 现行有效 rolled
 *   forward: this year's 现行有效 starts at last year's, 制发/废止 blank; 表三 上年结转 = last
 *   year's 结转下年度) and from the request register (表三, 表四 and the section 六 fee facts by
 *   the register's aggregation). A cell nothing fills stays blank (null), never 0.
 * - `withEdits`: the record with the unit's tables and section text (a section with text has
 *   its heading; a blank one has none, so M.section names it).
 * - `blocking`: the error findings the unit has not explained; a report with any is not submitted.
 */
import type { Cell, Finding, Report, Table } from '../model/report.js';
import {
  SECTIONS,
  T3_COLUMN_KEYS,
  T3_DATA_ROWS,
  T4_COLUMNS,
  T4_GROUPS,
  TEMPLATES,
  type SectionKey,
  type T3Shape,
  type TemplateId,
} from '../model/templates.js';
import type { YearTables } from '../register/aggregate.js';

export { SECTION_GUIDE } from './guide.js';

export type EditorTables = { t2: Table; t3: Table; t4: Table };
export type SectionTexts = Partial<Record<SectionKey, string>>;

export const sectionHeading = (key: SectionKey): string => {
  const s = SECTIONS.find((x) => x.key === key)!;
  return `${s.no}、${s.label}`;
};

/** An empty table 二 of a template: every row and column, every cell blank. */
export function emptyT2(template: TemplateId): Table {
  const t: Table = {};
  for (const b of TEMPLATES[template].t2) for (const r of b.rows) t[r.key] = Object.fromEntries(b.columns.map((c) => [c.key, null]));
  return t;
}
export const emptyT3 = (shape: T3Shape): Table =>
  Object.fromEntries(T3_DATA_ROWS(shape).map((r) => [r, Object.fromEntries(T3_COLUMN_KEYS.map((c) => [c, null]))]));
export const emptyT4 = (): Table => Object.fromEntries(T4_GROUPS.map((g) => [g.key, Object.fromEntries(T4_COLUMNS.map((c) => [c.key, null]))]));

const tableCells = (table: 't2' | 't3' | 't4', t: Table, status: Cell['status']): Cell[] =>
  Object.entries(t).flatMap(([row, cols]) =>
    Object.entries(cols).map(([col, value]): Cell => ({
      table,
      row,
      col,
      value,
      status: value === null ? 'missing' : status,
      raw: value === null ? null : String(value),
      span: null,
      line: null,
    })),
  );

/** The values of `from` copied into the rows and columns `into` has (nothing else). */
function fill(into: Table, from: Table | null | undefined): Table {
  const out: Table = {};
  for (const [row, cols] of Object.entries(into)) out[row] = Object.fromEntries(Object.entries(cols).map(([col, v]) => [col, from?.[row]?.[col] ?? v]));
  return out;
}

export interface PrefillSource {
  unitName: string;
  year: number;
  /** Last year's stored report of the unit, if any. */
  previous: Report | null;
  /** The register's tables of the year, when the unit keeps a register (rows in it). */
  register: YearTables | null;
}

export interface Prefilled {
  record: Report;
  sections: SectionTexts;
  /** What was filled from where, in words, for the page. */
  notes: string[];
}

const FORMAT_OF_YEAR = (year: number): TemplateId => (year >= 2021 ? '2021' : '2019');

export function prefill(src: PrefillSource): Prefilled {
  const template = src.register?.template ?? FORMAT_OF_YEAR(src.year);
  const shape: T3Shape = src.register?.shape ?? (template === '2019' ? 'single-other' : 'split-other');
  const notes: string[] = [];
  const t2 = emptyT2(template);
  let t3 = emptyT3(shape);
  let t4 = emptyT4();
  let infoFee: Report['narrative']['infoFee'] = { noticeCount: null, noticeAmount: null, collectedAmount: null, compliance: 'absent' };
  if (src.register) {
    t3 = fill(t3, src.register.t3);
    t4 = fill(t4, src.register.t4);
    infoFee = { ...src.register.infoFee, compliance: 'full' };
    notes.push(`表三、表四和第六部分的信息处理费情况按依申请公开台账计算（${src.year}年度）`);
  }
  const prev = src.previous;
  if (prev) {
    // 表二: last year's 现行有效 carried into this year (2021 format, 规章 and 规范性文件); 制发/废止 stay blank.
    if (template === '2021' && prev.tables.t2 && (prev.layout.t2 ?? prev.template) === '2021') {
      for (const row of ['regulations', 'normativeDocuments']) {
        const v = prev.tables.t2[row]?.['inForce'];
        if (v !== null && v !== undefined && t2[row]) t2[row]!['inForce'] = v;
      }
      notes.push(`表二「现行有效件数」按${prev.year ?? src.year - 1}年度报告结转（本年制发、废止请填写后核对）`);
    }
    // 表三 上年结转 = last year's 结转下年度继续办理, column by column.
    const carried = prev.tables.t3?.['carriedForward'];
    if (carried && t3['carriedOver']) {
      for (const col of T3_COLUMN_KEYS) {
        const v = carried[col];
        if (v !== null && v !== undefined) t3['carriedOver']![col] = v;
      }
      notes.push(`表三「上年结转政府信息公开申请数量」取${prev.year ?? src.year - 1}年度报告「结转下年度继续办理」`);
    }
  }
  if (!prev) notes.push(`没有${src.year - 1}年度的报告，表二、上年结转未预填`);
  const sections: SectionTexts = {};
  if (src.register) {
    const f = src.register.infoFee;
    if (f.noticeCount !== null)
      sections.s6 =
        f.noticeCount === 0
          ? '本年度未发出信息处理费收费通知，未收取信息处理费。'
          : `本年度发出信息处理费收费通知${f.noticeCount}件，收费通知总金额${f.noticeAmount ?? 0}元，实际收取${f.collectedAmount ?? 0}元。`;
  }
  const base: Report = {
    schema: 'nianbao.report/1',
    source: { path: null, sha256: '', format: 'unknown', bytes: 0 },
    template,
    layout: { t2: template, t3: shape },
    title: `${src.unitName}${src.year}年政府信息公开工作年度报告`,
    agency: src.unitName,
    agencyAlias: null,
    year: src.year,
    publication: { date: null, dateFrom: null, url: null, signedBy: null },
    sections: SECTIONS.map((s) => ({ key: s.key, heading: null, span: null, line: null })),
    tables: { t2: null, t3: null, t4: null },
    structure: { t2: { found: false, rows: [] }, t3: { found: false, rows: [], columns: [] }, t4: { found: false } },
    cells: [],
    narrative: { proactiveItems: null, requestsReceived: null, noRequests: false, noReviewOrLitigation: false, infoFee, places: {} },
    findings: [],
  };
  return { record: withEdits(base, { t2, t3, t4 }, sections), sections, notes };
}

/** The record with the unit's tables and the headings of the sections that have text. */
export function withEdits(base: Report, tables: EditorTables, sections: SectionTexts): Report {
  const template = base.layout.t2 ?? base.template ?? '2021';
  const shape = base.layout.t3 ?? (template === '2019' ? 'single-other' : 'split-other');
  // Only the statutory rows and columns are taken, blank where the unit sent nothing.
  const t2 = fill(emptyT2(template), tables.t2);
  const t3 = fill(emptyT3(shape), tables.t3);
  const t4 = fill(emptyT4(), tables.t4);
  const clean = (t: Table): Table =>
    Object.fromEntries(
      Object.entries(t).map(([r, cols]) => [
        r,
        Object.fromEntries(Object.entries(cols).map(([c, v]) => [c, typeof v === 'number' && Number.isFinite(v) ? v : null])),
      ]),
    );
  const s6 = sections.s6 ?? '';
  const fee = base.narrative.infoFee;
  return {
    ...base,
    sections: SECTIONS.map((s) => ({ key: s.key, heading: (sections[s.key] ?? '').trim() ? sectionHeading(s.key) : null, span: null, line: null })),
    tables: { t2: clean(t2), t3: clean(t3), t4: clean(t4) },
    structure: {
      t2: { found: true, rows: Object.keys(t2) },
      t3: { found: true, rows: [...T3_DATA_ROWS(shape)], columns: [...T3_COLUMN_KEYS] },
      t4: { found: true },
    },
    cells: [...tableCells('t2', clean(t2), 'read'), ...tableCells('t3', clean(t3), 'read'), ...tableCells('t4', clean(t4), 'read')],
    narrative: {
      ...base.narrative,
      // The fee facts are stated when section 六 says something about fees.
      infoFee: s6.trim()
        ? fee.compliance === 'absent' && /收费|信息处理费/.test(s6)
          ? { ...fee, compliance: 'full' }
          : fee
        : { ...fee, compliance: 'absent' },
    },
    findings: [],
  };
}

/**
 * A finding's key: its rule and place, stable while the unit edits values (an explanation stays
 * with its finding). A finding with no cell (a missing section) adds what it expected, so the six
 * missing sections are six keys.
 */
export const findingKey = (f: Pick<Finding, 'rule' | 'table' | 'row' | 'col' | 'expected'>): string =>
  [
    f.rule,
    f.table ?? '',
    f.row ?? '',
    f.col ?? '',
    ...(f.table === undefined && f.expected !== undefined && f.expected !== null ? [String(f.expected)] : []),
  ].join('|');

/** Error findings without an explanation: what stops a submission. */
export function blocking(findings: readonly Finding[], explanations: Record<string, string>): Finding[] {
  return findings.filter((f) => f.severity === 'error' && !(explanations[findingKey(f)] ?? '').trim());
}

export const tablesOf = (r: Report): EditorTables => ({
  t2: r.tables.t2 ?? emptyT2(r.layout.t2 ?? r.template ?? '2021'),
  t3: r.tables.t3 ?? emptyT3(r.layout.t3 ?? 'split-other'),
  t4: r.tables.t4 ?? emptyT4(),
});

/**
 * The sections' text as the wording rules read it (C.personalInfo, C.sensitiveText, …): each
 * section with text under its heading, one after another, with its range — so the unit sees those
 * findings while writing, as the reviewer will after parsing the published report.
 */
export function wordingOf(sections: SectionTexts): { text: string; sections: Partial<Record<SectionKey, [number, number]>> } {
  let text = '';
  const ranges: Partial<Record<SectionKey, [number, number]>> = {};
  for (const s of SECTIONS) {
    const body = sections[s.key]?.trim();
    if (!body) continue;
    const start = text.length;
    text += `${sectionHeading(s.key)}\n${body}\n`;
    ranges[s.key] = [start, text.length];
  }
  return { text, sections: ranges };
}
