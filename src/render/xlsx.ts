/**
 * Data export: every table cell of every report, one row per report per table row, as XLSX
 * (one sheet per table, the statutory columns across) for reviewers and researchers.
 */
import ExcelJS from 'exceljs';
import { csvCell } from './csv.js';
import type { Report } from '../model/report.js';
import { T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3RowName, t3Rows } from '../model/templates.js';

export interface ExportItem {
  id?: number;
  fileName: string;
  report: Report;
  region?: string | null;
}

const META = ['编号', '文件', '单位', '地区', '年度', '格式'];
const meta = (it: ExportItem): (string | number | null)[] => [
  it.id ?? null,
  it.fileName,
  it.report.agency ?? it.report.agencyAlias ?? null,
  it.region ?? null,
  it.report.year,
  it.report.template,
];

/** Rows of the long (tidy) form: one per report per table row, for CSV too. */
export function exportRows(items: ExportItem[]): { header: string[]; rows: (string | number | null)[][] } {
  const header = [...META, '表', '行', '行名', ...T3_COLUMNS.map((c) => c.label), '说明'];
  const rows: (string | number | null)[][] = [];
  for (const it of items) {
    const r = it.report;
    const t3 = r.tables.t3;
    if (t3) {
      for (const row of t3Rows(r.layout.t3 ?? 'split-other')) {
        if (row.kind !== 'data') continue;
        rows.push([...meta(it), '表三', row.key, t3RowName(row.key), ...T3_COLUMNS.map((c) => t3[row.key]?.[c.key] ?? null), '']);
      }
    }
    const t2 = r.tables.t2;
    if (t2 && r.template) {
      for (const { block, row } of TEMPLATES[r.layout.t2 ?? r.template].t2Rows) {
        const vals = block.columns.map((c) => `${c.label}=${t2[row.key]?.[c.key] ?? '缺失'}`);
        rows.push([
          ...meta(it),
          '表二',
          row.key,
          `${block.title}-${row.label}`,
          ...block.columns.map((c) => t2[row.key]?.[c.key] ?? null),
          ...Array(7 - block.columns.length).fill(null),
          vals.join('；'),
        ]);
      }
    }
    const t4 = r.tables.t4;
    if (t4) {
      for (const g of T4_GROUPS)
        rows.push([
          ...meta(it),
          '表四',
          g.key,
          g.label,
          ...T4_COLUMNS.map((c) => t4[g.key]?.[c.key] ?? null),
          null,
          null,
          T4_COLUMNS.map((c) => c.label).join('、'),
        ]);
    }
  }
  return { header, rows };
}

/** CSV with a UTF-8 BOM so Excel and WPS open it in the right encoding. */
export function exportCsv(items: ExportItem[]): string {
  const { header, rows } = exportRows(items);
  return '\uFEFF' + [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** XLSX: sheet 表三 (one row per report × row, 7 columns), 表二, 表四, and 问题 (findings). */
export async function exportXlsx(items: ExportItem[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const { header, rows } = exportRows(items);
  for (const name of ['表三', '表二', '表四']) {
    const ws = wb.addWorksheet(name);
    ws.addRow(name === '表三' ? header : header.map((h, i) => (i >= META.length + 3 && i < META.length + 10 ? `列${i - META.length - 2}` : h)));
    for (const r of rows) if (r[META.length] === name) ws.addRow(r);
    ws.getRow(1).font = { bold: true };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  }
  const wf = wb.addWorksheet('问题');
  wf.addRow([...META, '规则', '严重程度', '表', '行', '列', '说明', '原文行']).font = { bold: true };
  for (const it of items)
    for (const f of it.report.findings) wf.addRow([...meta(it), f.rule, f.severity, f.table ?? null, f.row ?? null, f.col ?? null, f.message, f.line ?? null]);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/** A generic table (columns with labels, rows of values), as the store's export gives it. */
export interface PlainTable {
  columns: { key: string; label: string }[];
  rows: (string | number | null)[][];
}

/** CSV of a plain table, with a UTF-8 BOM. */
export function tableCsv(t: PlainTable): string {
  return '\uFEFF' + [t.columns.map((c) => c.label), ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

/** XLSX of a plain table: one sheet, header row frozen. */
export async function tableXlsx(t: PlainTable, sheet: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const ws = wb.addWorksheet(sheet);
  ws.addRow(t.columns.map((c) => c.label)).font = { bold: true };
  for (const r of t.rows) ws.addRow(r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
