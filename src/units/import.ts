/**
 * The list of units expected to report, from CSV (UTF-8 or GB18030, as Excel/WPS save it) or
 * XLSX: columns 名称, 地区, 层级, 上级, 别名 (found by their header; without a header row, in
 * that order). Aliases are separated by ；;、,| or spaces.
 */
import ExcelJS from 'exceljs';
import { decodeText } from '../read/decode.js';
import { detectFormat } from '../read/index.js';
import { inflatesBeyond } from '../read/zip.js';

export interface UnitRow {
  /** 1-based line (row) in the file, for messages. */
  line: number;
  name: string;
  region: string | null;
  level: string | null;
  parent: string | null;
  aliases: string[];
}

export interface ParsedUnits {
  rows: UnitRow[];
  rejected: { line: number; message: string }[];
}

/** The largest list file read (a list of every unit of a province is a few MB). */
export const MAX_UNIT_FILE_BYTES = 20 * 1024 * 1024;
/**
 * The most an XLSX list may inflate to, all parts together. ExcelJS inflates and parses every part
 * in memory: a 1.6 MB file whose sheet inflated to 126 MB took 15 s and 1.1 GB.
 */
export const MAX_UNIT_XLSX_INFLATED = 20 * 1024 * 1024;

/** Why an XLSX is too big once inflated (declared sizes, then every part really inflated, metered), or null. Damage is left to ExcelJS to name. */
function inflatesTooFar(bytes: Uint8Array): string | null {
  return inflatesBeyond(bytes, MAX_UNIT_XLSX_INFLATED)
    ? `XLSX 文件解压后超过 ${MAX_UNIT_XLSX_INFLATED / 1024 / 1024} MB（单位名单通常只有几 MB），未导入`
    : null;
}

type Field = 'name' | 'region' | 'level' | 'parent' | 'aliases';
const HEADERS: Record<Field, RegExp> = {
  name: /^(?:单位)?名称$|^单位$|^机关$|^name$/i,
  region: /^(?:所属)?(?:地区|区划|行政区划|地域)$|^region$/i,
  level: /^(?:层级|级别|行政级别)$|^level$/i,
  parent: /^(?:上级|上级单位|主管单位|上级机关)$|^parent$/i,
  aliases: /^(?:别名|简称|其他名称)$|^alias(?:es)?$/i,
};
const ORDER: Field[] = ['name', 'region', 'level', 'parent', 'aliases'];

/** RFC 4180 CSV (quotes, doubled quotes, CRLF or LF); also tab-separated when there is no comma. */
export function parseCsv(text: string): string[][] {
  const sep = !text.includes(',') && text.includes('\t') ? '\t' : ',';
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          cell += '"';
          i++;
        } else quoted = false;
      } else cell += c;
    } else if (c === '"' && cell === '') quoted = true;
    else if (c === sep) {
      row.push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || row.length) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Why a name cannot be a unit's (null when it can): a unit is a Chinese agency. */
export function unitNameProblem(name: string): string | null {
  if (!name) return '单位名称不能为空';
  if (name.length > 200) return '单位名称过长（超过200字）';
  if (!/\p{Script=Han}/u.test(name)) return `「${name}」不是中文机关名称`;
  return null;
}

/** Rows of cells (first row possibly a header) → unit rows. */
export function unitsFromTable(table: string[][]): ParsedUnits {
  const clean = (s: string | undefined): string => (s ?? '').replace(/^\uFEFF/, '').trim();
  const head = (table[0] ?? []).map(clean);
  const cols = new Map<Field, number>();
  head.forEach((h, i) => {
    for (const f of ORDER) if (!cols.has(f) && HEADERS[f].test(h.replace(/\s+/g, ''))) cols.set(f, i);
  });
  const hasHeader = cols.has('name');
  if (!hasHeader) ORDER.forEach((f, i) => cols.set(f, i));
  const rows: UnitRow[] = [];
  const rejected: ParsedUnits['rejected'] = [];
  table.forEach((cells, i) => {
    if (i === 0 && hasHeader) return;
    const get = (f: Field): string => clean(cells[cols.get(f) ?? -1]);
    const line = i + 1;
    if (cells.every((c) => clean(c) === '')) return;
    const name = get('name');
    const bad = unitNameProblem(name);
    if (bad) {
      rejected.push({ line, message: `第${line}行：${bad}，未导入` });
      return;
    }
    const opt = (f: Field): string | null => get(f) || null;
    const aliases = get('aliases')
      .split(/[；;、,，|\s]+/)
      .map((s) => s.trim())
      .filter((s) => s !== '' && s !== name);
    rows.push({ line, name, region: opt('region'), level: opt('level'), parent: opt('parent'), aliases: [...new Set(aliases)] });
  });
  return { rows, rejected };
}

/** A CSV or XLSX file's bytes → unit rows. Never throws on bad input. */
export async function parseUnitFile(bytes: Uint8Array): Promise<ParsedUnits> {
  if (bytes.length > MAX_UNIT_FILE_BYTES) return { rows: [], rejected: [{ line: 0, message: `文件超过 ${MAX_UNIT_FILE_BYTES / 1024 / 1024} MB，未导入` }] };
  const kind = detectFormat(bytes);
  if (kind === 'zip') {
    const tooFar = inflatesTooFar(bytes);
    if (tooFar) return { rows: [], rejected: [{ line: 0, message: tooFar }] };
    try {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) as unknown as ArrayBuffer);
      const ws = wb.worksheets[0];
      if (!ws) return { rows: [], rejected: [{ line: 0, message: '表格文件中没有工作表' }] };
      const table: string[][] = [];
      ws.eachRow({ includeEmpty: true }, (row, n) => {
        const cells: string[] = [];
        row.eachCell({ includeEmpty: true }, (cell, c) => (cells[c - 1] = cell.text ?? ''));
        table[n - 1] = Array.from(cells, (c) => c ?? '');
      });
      return unitsFromTable(Array.from(table, (r) => r ?? []));
    } catch (e) {
      return { rows: [], rejected: [{ line: 0, message: `无法读取 XLSX 文件：${(e as Error).message}` }] };
    }
  }
  if (kind !== 'text') return { rows: [], rejected: [{ line: 0, message: '单位名单应为 CSV 或 XLSX 文件' }] };
  const d = decodeText(bytes);
  if (d.binary) return { rows: [], rejected: [{ line: 0, message: '单位名单应为 CSV 或 XLSX 文件' }] };
  return unitsFromTable(parseCsv(d.text));
}
