/**
 * The statutory tables of a fixture as abstract grids (HTML-style: origin cells with rowspan /
 * colspan), laid out like the official forms, filled with a gold record's values. The DOCX and
 * HTML fixture writers render these.
 */
import { T3_COLUMNS, T4_COLUMNS, TEMPLATES, t3Rows, type RowDef, type T3Shape, type TemplateId } from '../model/templates.js';
import { cellText, type FixtureGold } from './fixture-gold.js';

export interface FxCell {
  text: string;
  rowSpan?: number;
  colSpan?: number;
  bold?: boolean;
}
export type FxTable = FxCell[][];

const c = (text: string, colSpan = 1, rowSpan = 1, bold = false): FxCell => ({ text, colSpan, rowSpan, bold });

/** 表二: the blocks of 第二十条 on a 4-column grid, as in the official forms. */
export function table2(g: FixtureGold, template: TemplateId): FxTable {
  const rows: FxTable = [];
  for (const block of TEMPLATES[template].t2) {
    rows.push([c(block.title, 4, 1, true)]);
    const n = block.columns.length;
    // 1 column spans 3; 2 columns: 1 + 2; 3 columns: 1 each.
    const spans = n === 1 ? [3] : n === 2 ? [1, 2] : [1, 1, 1];
    rows.push([c('信息内容', 1, 1, true), ...block.columns.map((col, i) => c(col.label, spans[i], 1, true))]);
    for (const row of block.rows) {
      const vals = g.t2[row.key]!;
      rows.push([c(row.label), ...block.columns.map((col, i) => c(cellText(col.key, vals[col.key]!), spans[i]))]);
    }
  }
  return rows;
}

const printed = (r: RowDef): string => (r.number ?? '') + r.label;

/** 表三 on a 10-column grid (3 label columns, 7 values), merged label cells as in the form. */
export function table3(g: FixtureGold, shape: T3Shape): FxTable {
  const rows: FxTable = [
    [c('（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）', 3, 3), c('申请人情况', 7, 1, true)],
    [c(T3_COLUMNS[0]!.label, 1, 2), c('法人或其他组织', 5), c(T3_COLUMNS[6]!.label, 1, 2)],
    T3_COLUMNS.slice(1, 6).map((col) => c(col.label)),
  ];
  const all = t3Rows(shape);
  const data = all.filter((r) => r.kind === 'data');
  const values = (r: RowDef): FxCell[] => T3_COLUMNS.map((col) => c(String(g.t3[r.key]![col.key]!)));
  const resultsRows = data.filter((r) => r.parent !== undefined);
  data.forEach((r) => {
    if (!r.parent) {
      rows.push([c(printed(r), 3), ...values(r)]);
      return;
    }
    const cells: FxCell[] = [];
    if (r === resultsRows[0]) cells.push(c(printed(all.find((x) => x.key === 'results')!), 1, resultsRows.length));
    if (r.parent === 'results') cells.push(c(printed(r), 2));
    else {
      const siblings = data.filter((x) => x.parent === r.parent);
      if (r === siblings[0]) cells.push(c(printed(all.find((x) => x.key === r.parent)!), 1, siblings.length));
      cells.push(c(printed(r)));
    }
    rows.push([...cells, ...values(r)]);
  });
  return rows;
}

/** 表四: 15 columns, two header rows with merged cells, one row of values. */
export function table4(g: FixtureGold): FxTable {
  const heads = T4_COLUMNS.map((col) => col.label);
  return [
    [c('行政复议', 5, 1, true), c('行政诉讼', 10, 1, true)],
    [...heads.map((h) => c(h, 1, 2)), c('未经复议直接起诉', 5), c('复议后起诉', 5)],
    [...heads.map((h) => c(h)), ...heads.map((h) => c(h))],
    ['review', 'litigationDirect', 'litigationAfterReview'].flatMap((grp) => T4_COLUMNS.map((col) => c(String(g.t4[grp]![col.key]!)))),
  ];
}
