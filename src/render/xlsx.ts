/**
 * Data export: a plain table (the store's export: every table cell of every report, one row per
 * report per table row) as CSV for Excel/WPS, or as XLSX — alone (`tableXlsx`) or as the
 * reviewer's workbook (`exportXlsx`: the data with each value cell coloured by its state, the
 * findings, the cells not plainly read, and a legend). Text that a spreadsheet would take for a
 * formula is kept text: an apostrophe in CSV, the text number format in XLSX.
 */
import ExcelJS from 'exceljs';
import { csvCell, formulaLike } from './csv.js';
import { CELL_STATES, type CellState } from './words.js';

/** A generic table (columns with labels, rows of values), as the store's export gives it. */
export interface PlainTable {
  columns: { key: string; label: string }[];
  rows: (string | number | null)[][];
}

/** The reviewer's workbook: the data with the state of every value cell (null: not a value cell), the findings, the cells not plainly read. */
export interface ExportSheets {
  data: PlainTable & { states: (CellState | null)[][] };
  findings: PlainTable;
  cells: PlainTable;
}

/** Fill of a value cell per state (ARGB); a plainly read cell is not filled. */
export const STATE_FILL: Record<CellState, string | null> = { read: null, derived: 'FFDDEBF7', lowConfidence: 'FFFFEB9C', missing: 'FFFFC7CE' };

/** CSV of a plain table, with a UTF-8 BOM. */
export function tableCsv(t: PlainTable): string {
  return '\uFEFF' + [t.columns.map((c) => c.label), ...t.rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

const fill = (argb: string): ExcelJS.Fill => ({ type: 'pattern', pattern: 'solid', fgColor: { argb } });

/** A row of values; formula-like text gets the text format, so it stays text even when edited. */
function addRow(ws: ExcelJS.Worksheet, values: (string | number | null)[]): ExcelJS.Row {
  const row = ws.addRow(values);
  values.forEach((v, i) => {
    if (typeof v === 'string' && formulaLike(v)) row.getCell(i + 1).numFmt = '@';
  });
  return row;
}

/** A sheet of a plain table: bold header row, frozen. */
function addTable(wb: ExcelJS.Workbook, name: string, t: PlainTable): ExcelJS.Worksheet {
  const ws = wb.addWorksheet(name);
  addRow(
    ws,
    t.columns.map((c) => c.label),
  ).font = { bold: true };
  for (const r of t.rows) addRow(ws, r);
  ws.views = [{ state: 'frozen', ySplit: 1 }];
  return ws;
}

/** XLSX of a plain table: one sheet, header row frozen. */
export async function tableXlsx(t: PlainTable, sheet: string): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  addTable(wb, sheet, t);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

/**
 * The reviewer's workbook: 年报数据 (each value cell filled by its state), 问题 (every finding),
 * 单元格状态 (every cell not plainly read), 说明 (the legend).
 */
export async function exportXlsx(book: ExportSheets): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const data = addTable(wb, '年报数据', book.data);
  book.data.states.forEach((states, i) =>
    states.forEach((s, j) => {
      const argb = s ? STATE_FILL[s] : null;
      if (argb) data.getCell(i + 2, j + 1).fill = fill(argb);
    }),
  );
  addTable(wb, '问题', book.findings);
  addTable(wb, '单元格状态', book.cells);
  const legend = wb.addWorksheet('说明');
  legend.columns = [{ width: 14 }, { width: 80 }];
  addRow(legend, ['工作表', '内容']).font = { bold: true };
  addRow(legend, ['年报数据', '每份报告的表二、表三、表四，每个表格行一行（行为法定格式的行名称，行键供程序使用）；数值单元格按状态着色，见下表']);
  addRow(legend, ['问题', '核查发现的全部问题：规则、级别、位置、说明、审核结果与意见，以及是否列入发给单位的问题清单']);
  addRow(legend, ['单元格状态', '不是原样读出的单元格（推算、低置信度、缺失），附原文写法与页码、行号']);
  addRow(legend, []);
  addRow(legend, ['单元格状态', '含义（“年报数据”表中的底色）']).font = { bold: true };
  for (const s of CELL_STATES) {
    const row = addRow(legend, [s.name, s.meaning]);
    const argb = STATE_FILL[s.state];
    if (argb) row.getCell(1).fill = fill(argb);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
