/**
 * The data export's tables, shaped from stored reports (the store fetches them: Store.exportRows,
 * exportRowIterator, exportBook): one row per report per table row with every value column
 * (tables 二, 三 and 四), the state of each value cell, every finding with its place and the
 * reviewer's decision, every cell not plainly read — with the Chinese headers a reviewer reads.
 * CSV and XLSX are written from these by xlsx.ts.
 */
import type { Finding, Report } from '../model/report.js';
import { TEMPLATES, T3_COLUMNS, T4_COLUMNS, T4_GROUPS, t2RowName, t3RowName, type TableId, type TemplateId } from '../model/templates.js';
import { CELL_STATE_NAME, cellState, decisionName, findingPlace, forUnit, SEVERITY_NAME, type CellState } from './words.js';
import type { ExportSheets, PlainTable } from './xlsx.js';

export type ExportTable = PlainTable;
/** The XLSX export: the data with the state of each value cell (null: not a value cell), the findings, the cells not plainly read. */
export type ExportBook = ExportSheets;

/** One stored report as the export reads it: its list columns, record, and findings with the reviewer's decisions. */
export interface ExportReport {
  id: number;
  fileName: string;
  agency: string | null;
  unitName: string | null;
  region: string | null;
  year: number | null;
  template: string | null;
  /** The stored status: ok | errors | unreadable. */
  status: string;
  record: Report;
  /** Empty when the findings were not asked for. */
  findings: readonly (Finding & { decision: { decision: 'confirmed' | 'dismissed'; comment: string } | null })[];
}

type Row = ExportTable['rows'][number];

const TABLE_LABEL: Record<TableId, string> = { t2: '表二', t3: '表三', t4: '表四' };
const REPORT_STATUS_NAME: Record<string, string> = { ok: '正常', errors: '有错误', unreadable: '无法读取' };

/** Columns of an export: report, table and row, then every value column. */
export const exportColumns = (): ExportTable['columns'] => [...EXPORT_META, ...EXPORT_VALUES.map((c) => ({ key: c.key, label: c.label }))];

const EXPORT_META = [
  { key: 'reportId', label: '报告编号' },
  { key: 'fileName', label: '文件' },
  { key: 'agency', label: '报告单位' },
  { key: 'unit', label: '名单单位' },
  { key: 'region', label: '地区' },
  { key: 'year', label: '年度' },
  { key: 'template', label: '格式' },
  { key: 'status', label: '状态' },
  { key: 'table', label: '表' },
  { key: 'rowName', label: '行' },
  { key: 'row', label: '行键' },
];

/** Value columns: every column key of tables 二 (both versions), 三 and 四, labelled by the first table using it. */
const EXPORT_VALUES: { key: string; label: string; tables: TableId[] }[] = (() => {
  const out: { key: string; label: string; tables: TableId[] }[] = [];
  const add = (table: TableId, key: string, label: string): void => {
    const c = out.find((x) => x.key === key);
    if (c) {
      if (!c.tables.includes(table)) c.tables.push(table);
    } else out.push({ key, label, tables: [table] });
  };
  for (const id of ['2021', '2019'] as const) for (const b of TEMPLATES[id].t2) for (const c of b.columns) add('t2', c.key, c.label);
  for (const c of T3_COLUMNS) add('t3', c.key, c.label);
  for (const c of T4_COLUMNS) add('t4', c.key, c.label);
  return out;
})();

function rowLabel(table: TableId, key: string, template: TemplateId | null): string {
  if (table === 't3') return t3RowName(key);
  if (table === 't4') return T4_GROUPS.find((g) => g.key === key)?.label ?? key;
  return template ? t2RowName(template, key) : key;
}

function colLabel(table: TableId, key: string, template: TemplateId | null): string {
  if (table === 't3') return T3_COLUMNS.find((c) => c.key === key)?.label ?? key;
  if (table === 't4') return T4_COLUMNS.find((c) => c.key === key)?.label ?? key;
  return (template ? TEMPLATES[template].t2.flatMap((b) => b.columns).find((c) => c.key === key)?.label : undefined) ?? key;
}

/** A report's list columns (EXPORT_META up to 状态). */
const metaOf = (rep: ExportReport): Row => [
  rep.id,
  rep.fileName,
  rep.agency,
  rep.unitName,
  rep.region,
  rep.year,
  rep.template,
  REPORT_STATUS_NAME[rep.status] ?? rep.status,
];

/** The data rows of a report (one per table row) with the state of each value cell (null: not a value cell of that table). */
function exportRowsOf(rep: ExportReport): { values: Row; states: (CellState | null)[] }[] {
  const rec = rep.record;
  const template = (rec.layout.t2 ?? rec.template) as TemplateId | null;
  const cellOf = new Map(rec.cells.map((c) => [`${c.table}|${c.row}|${c.col}`, c]));
  const meta = metaOf(rep);
  const lead = Array<null>(EXPORT_META.length).fill(null);
  const out: { values: Row; states: (CellState | null)[] }[] = [];
  for (const table of ['t2', 't3', 't4'] as const) {
    const t = rec.tables[table];
    if (!t) continue;
    for (const [rowKey, cells] of Object.entries(t)) {
      const here = EXPORT_VALUES.map((c) => c.tables.includes(table) && c.key in cells);
      out.push({
        values: [
          ...meta,
          TABLE_LABEL[table],
          rowLabel(table, rowKey, template),
          rowKey,
          ...EXPORT_VALUES.map((c, i) => (here[i] ? (cells[c.key] ?? null) : null)),
        ],
        states: [
          ...lead,
          ...EXPORT_VALUES.map((c, i) => {
            if (!here[i]) return null;
            const cell = cellOf.get(`${table}|${rowKey}|${c.key}`);
            return cell ? cellState(cell) : cells[c.key] === null ? 'missing' : 'derived';
          }),
        ],
      });
    }
  }
  return out;
}

const FINDING_COLUMNS: ExportTable['columns'] = [
  { key: 'reportId', label: '报告编号' },
  { key: 'fileName', label: '文件' },
  { key: 'unit', label: '单位' },
  { key: 'year', label: '年度' },
  { key: 'rule', label: '规则' },
  { key: 'severity', label: '级别' },
  { key: 'place', label: '位置' },
  { key: 'message', label: '说明' },
  { key: 'decision', label: '审核' },
  { key: 'comment', label: '审核意见' },
  { key: 'forUnit', label: '列入问题清单' },
];

/** The report columns the findings and cells sheets repeat: 报告编号, 文件, 单位, 年度. */
const reportOf = (rep: ExportReport): Row => [rep.id, rep.fileName, rep.agency ?? rep.unitName ?? null, rep.year ?? null];

function findingRowsOf(rep: ExportReport): ExportTable['rows'] {
  return rep.findings.map((f) => [
    ...reportOf(rep),
    f.rule,
    SEVERITY_NAME[f.severity],
    findingPlace(f, rep.record),
    f.message,
    decisionName(f.decision?.decision),
    f.decision?.comment || null,
    forUnit(f) ? '是' : '否',
  ]);
}

const CELL_COLUMNS: ExportTable['columns'] = [
  { key: 'reportId', label: '报告编号' },
  { key: 'fileName', label: '文件' },
  { key: 'unit', label: '单位' },
  { key: 'year', label: '年度' },
  { key: 'table', label: '表' },
  { key: 'rowName', label: '行' },
  { key: 'colName', label: '列' },
  { key: 'value', label: '值' },
  { key: 'raw', label: '原文' },
  { key: 'state', label: '状态' },
  { key: 'page', label: '页' },
  { key: 'line', label: '行号' },
];

/** The cells of a report that are not plainly read: derived, low confidence, missing. */
function cellRowsOf(rep: ExportReport): ExportTable['rows'] {
  const rec = rep.record;
  const template = (rec.layout.t2 ?? rec.template) as TemplateId | null;
  return rec.cells
    .filter((c) => cellState(c) !== 'read')
    .map((c) => [
      ...reportOf(rep),
      TABLE_LABEL[c.table],
      rowLabel(c.table, c.row, template),
      colLabel(c.table, c.col, template),
      c.value,
      c.raw,
      CELL_STATE_NAME[cellState(c)],
      c.page ?? null,
      c.line,
    ]);
}

/** The data rows of the reports one by one (for streaming a large export). */
export async function* exportRowValues(reports: AsyncIterable<ExportReport>): AsyncGenerator<Row> {
  for await (const rep of reports) for (const row of exportRowsOf(rep)) yield row.values;
}

/** Every table cell of the reports: one row per report per table row. */
export async function exportTable(reports: AsyncIterable<ExportReport>): Promise<ExportTable> {
  const rows: ExportTable['rows'] = [];
  for await (const row of exportRowValues(reports)) rows.push(row);
  return { columns: exportColumns(), rows };
}

/**
 * The XLSX export's sheets (docs/storage.md): the rows of exportTable with the state of every
 * value cell, every finding of those reports with its place and the reviewer's decision, and
 * every cell that is not plainly read.
 */
export async function exportBook(reports: AsyncIterable<ExportReport>): Promise<ExportBook> {
  const book: ExportBook = {
    data: { columns: exportColumns(), rows: [], states: [] },
    findings: { columns: FINDING_COLUMNS, rows: [] },
    cells: { columns: CELL_COLUMNS, rows: [] },
  };
  for await (const rep of reports) {
    for (const row of exportRowsOf(rep)) {
      book.data.rows.push(row.values);
      book.data.states.push(row.states);
    }
    book.findings.rows.push(...findingRowsOf(rep));
    book.cells.rows.push(...cellRowsOf(rep));
  }
  return book;
}
