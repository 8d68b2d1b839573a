/**
 * Data export: a plain table (the store's export: every table cell of every report, one row per
 * report per table row) as XLSX or as CSV for Excel/WPS.
 */
import ExcelJS from 'exceljs';
import { csvCell } from './csv.js';

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
