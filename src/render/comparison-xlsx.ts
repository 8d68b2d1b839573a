/**
 * The comparison workbook (比较工作簿) of a region and year, or of chosen reports: one row per
 * report on every sheet, so units stand side by side.
 *
 *   说明        what it holds and how to read it
 *   表二/表三/表四  every cell of the table, one column each: row 1 the cell's Chinese name, row 2 its
 *               key (t3:granted|total); a blank cell is absent from the report (never written as 0)
 *   指标        every indicator: row 1 name and denominator, row 2 the formula id; a blank value has
 *               a note with the reason (a cell absent, a denominator of 0)
 *   排名        rank per indicator among units with 受理总量 ≥ the minimum; blank with the reason when not ranked
 *   同比        the year-over-year indicators against the same unit's previous report, and Δ(<id>):
 *               each indicator's change in percentage points (件 for counts)
 *   公式        the dictionary: formula id, name, denominator, formula, cells, source
 */
import ExcelJS from 'exceljs';
import type { Report } from '../model/report.js';
import { cellName, refOf } from '../analyse/cells.js';
import { cellOrder } from '../analyse/compare.js';
import { INDICATORS, indicatorDef, type Expr, type IndicatorValue } from '../analyse/indicators.js';
import type { PeerTable } from '../analyse/peers.js';
import { formulaLike } from './csv.js';

export interface ComparisonReport {
  id: number;
  label: string;
  region: string | null;
  year: number | null;
  tables: Report['tables'];
}

export interface ComparisonBook {
  /** 演示省/演示市/青禾县 2024年度, or 所选 12 份报告. */
  title: string;
  reports: ComparisonReport[];
  /** Indicators of the same reports, in the same order (peerTable over them). */
  peers: PeerTable<number>;
  /** When the workbook was made (ISO 8601). */
  madeAt: string;
}

export const TABLE_SHEETS = { t2: '表二', t3: '表三', t4: '表四' } as const;
const ID_HEADS = ['单位', '地区', '年度', '报告编号'];

const bold = (row: ExcelJS.Row): void => {
  row.font = { bold: true };
};

function textCell(ws: ExcelJS.Worksheet, r: number, c: number, v: string): void {
  const cell = ws.getCell(r, c);
  cell.value = v;
  if (formulaLike(v)) cell.numFmt = '@';
}

/** The reason an indicator is null, as a note. */
export function nullReason(v: IndicatorValue): string {
  if (v.reason === 'zeroDenominator') return '分母为0，无法计算';
  if (v.reason === 'noPrevious') return '没有本单位上一年度的报告';
  return `缺少单元格：${(v.missing ?? []).join('、') || '（未知）'}`;
}

const exprText = (e: Expr | undefined): string =>
  e ? [...e.plus.map((r, i) => `${i ? ' + ' : ''}${r}`), ...(e.minus ?? []).map((r) => ` − ${r}`)].join('') : '—';

function idColumns(ws: ExcelJS.Worksheet, first: string[], second: string[]): void {
  const h1 = ws.getRow(1);
  const h2 = ws.getRow(2);
  first.forEach((v, i) => (h1.getCell(i + 1).value = v));
  second.forEach((v, i) => (h2.getCell(i + 1).value = v));
  bold(h1);
  h2.font = { color: { argb: 'FF808080' } };
  ws.views = [{ state: 'frozen', ySplit: 2, xSplit: 1 }];
}

function reportCells(ws: ExcelJS.Worksheet, r: number, x: ComparisonReport): void {
  textCell(ws, r, 1, x.label);
  textCell(ws, r, 2, x.region ?? '');
  if (x.year !== null) ws.getCell(r, 3).value = x.year;
  ws.getCell(r, 4).value = x.id;
}

/** The workbook as XLSX bytes. */
export async function comparisonXlsx(book: ComparisonBook): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'nianbao';
  const plain = book.peers.ids.map((id) => indicatorDef(id)!);
  const yoy = book.peers.yoyIds.map((id) => indicatorDef(id)!);

  const about = wb.addWorksheet('说明');
  about.columns = [{ width: 14 }, { width: 100 }];
  const lines: [string, string][] = [
    ['比较工作簿', book.title],
    ['报告份数', String(book.reports.length)],
    ['生成时间', book.madeAt],
    ['', ''],
    ['工作表', '内容'],
    ['表二/表三/表四', '每份报告一行，每个单元格一列：第1行为单元格名称，第2行为单元格编号（表:行|列）。空白表示报告中没有该单元格（未读到），不是0'],
    ['指标', '每份报告一行，每个指标一列：第1行为名称（口径），第2行为公式编号；空白表示无法计算，单元格批注写明原因（缺少的单元格、分母为0）'],
    [
      '排名',
      `每个指标按数值从高到低排名（相同数值名次相同）；受理总量（新收 + 上年结转）少于${book.peers.minRequests}件的单位不参与排名（样本偏小），空白处批注写明原因`,
    ],
    ['同比', '与本单位上一年度报告相比：同比指标（%），以及各指标的变化 Δ（百分点；计数为件）；没有上一年度报告时为空白'],
    ['公式', '全部指标的公式编号、名称、口径、公式与所用单元格（详见 docs/indicators.md）'],
  ];
  for (const [a, b] of lines) {
    const row = about.addRow([a, b]);
    if (a === '工作表' || a === '比较工作簿') bold(row);
  }

  // ——— the three tables ———
  for (const table of ['t2', 't3', 't4'] as const) {
    const ws = wb.addWorksheet(TABLE_SHEETS[table]);
    const keys = cellOrder(table, ...book.reports.map((x) => x.tables[table]));
    idColumns(ws, [...ID_HEADS, ...keys.map((k) => cellName({ table, ...k }))], ['', '', '', '', ...keys.map((k) => refOf({ table, ...k }))]);
    book.reports.forEach((x, i) => {
      const r = i + 3;
      reportCells(ws, r, x);
      keys.forEach((k, j) => {
        const v = x.tables[table]?.[k.row]?.[k.col];
        if (typeof v === 'number' && Number.isFinite(v)) ws.getCell(r, 5 + j).value = v;
      });
    });
    ws.getColumn(1).width = 28;
    ws.getColumn(2).width = 24;
  }

  // ——— indicators ———
  const ind = wb.addWorksheet('指标');
  idColumns(
    ind,
    [...ID_HEADS, '受理总量', '排名说明', ...plain.map((d) => `${d.name}（${d.variant}）`)],
    ['', '', '', '', 'requests', '', ...plain.map((d) => d.id)],
  );
  const rank = wb.addWorksheet('排名');
  const ratios = plain.filter((d) => d.kind === 'ratio' || d.kind === 'count');
  idColumns(rank, [...ID_HEADS, ...ratios.map((d) => `${d.name}（${d.variant}）`)], ['', '', '', '', ...ratios.map((d) => d.id)]);
  const change = wb.addWorksheet('同比');
  idColumns(
    change,
    [...ID_HEADS, '上年报告编号', ...yoy.map((d) => d.name), ...plain.map((d) => `${d.name}（${d.variant}）变化`)],
    ['', '', '', '', '', ...yoy.map((d) => d.id), ...plain.map((d) => `Δ(${d.id})`)],
  );
  const put = (ws: ExcelJS.Worksheet, r: number, c: number, v: IndicatorValue, percent: boolean): void => {
    const cell = ws.getCell(r, c);
    if (v.value === null) cell.note = nullReason(v);
    else {
      cell.value = v.value;
      cell.numFmt = percent ? '0.0' : '0';
    }
  };
  book.peers.rows.forEach((row, i) => {
    const x = book.reports[i]!;
    const r = i + 3;
    for (const ws of [ind, rank, change]) reportCells(ws, r, x);
    if (row.requests !== null) ind.getCell(r, 5).value = row.requests;
    if (row.reason) textCell(ind, r, 6, row.reason);
    row.values.forEach((v, j) => put(ind, r, 7 + j, v, plain[j]!.unit === '%'));
    ratios.forEach((d, j) => {
      const cell = rank.getCell(r, 5 + j);
      const n = row.ranks[d.id];
      if (n === null || n === undefined) cell.note = row.notRanked[d.id] ?? '不参与排名';
      else cell.value = n;
    });
    if (row.previousId !== null) change.getCell(r, 5).value = row.previousId;
    row.yearOverYear.forEach((v, j) => put(change, r, 6 + j, v, true));
    row.changes.forEach((v, j) => {
      const cell = change.getCell(r, 6 + yoy.length + j);
      if (v === null) cell.note = row.previousId === null ? '没有本单位上一年度的报告' : '本年或上年的值无法计算';
      else {
        cell.value = v;
        cell.numFmt = plain[j]!.unit === '%' ? '0.0' : '0';
      }
    });
  });
  for (const ws of [ind, rank, change]) {
    ws.getColumn(1).width = 28;
    ws.getColumn(2).width = 24;
  }

  // ——— formulas ———
  const f = wb.addWorksheet('公式');
  f.columns = [{ width: 34 }, { width: 22 }, { width: 28 }, { width: 8 }, { width: 60 }, { width: 60 }, { width: 60 }, { width: 6 }, { width: 60 }];
  bold(f.addRow(['公式编号', '名称', '口径（分母）', '类型', '公式', '分子单元格', '分母单元格', '单位', '依据与说明']));
  const KIND = { ratio: '比率', count: '计数', yoy: '同比' } as const;
  for (const d of INDICATORS)
    f.addRow([
      d.id,
      d.name,
      d.variant,
      KIND[d.kind],
      d.formula,
      exprText(d.numerator),
      d.kind === 'yoy' ? '上年同一单元格' : exprText(d.denominator),
      d.unit,
      `${d.note}；${d.source}`,
    ]);
  f.addRow([]);
  f.addRow(['Δ(<公式编号>)', '变化', '同一公式', '', '本年值 − 上年值（比率为百分点，计数为件）', '', '', '', '']);
  return new Uint8Array(await wb.xlsx.writeBuffer());
}
