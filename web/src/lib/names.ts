/** Cells named as a reviewer says them: 表三「不予公开-属于国家秘密」行「总计」列. */
import { T3_COLUMNS, T4_COLUMNS, T4_GROUPS, TABLE_NAMES, TEMPLATES, t3RowName, type TemplateId } from '../../../src/model/templates';
import type { CellRef } from './cells';

const T4_GROUP_NAME: Record<string, string> = {
  review: '行政复议',
  litigationDirect: '行政诉讼-未经复议直接起诉',
  litigationAfterReview: '行政诉讼-复议后起诉',
};

export function cellName(c: CellRef, template: TemplateId): string {
  if (c.table === 't3') {
    const col = T3_COLUMNS.find((x) => x.key === c.col)?.label ?? c.col;
    return `${TABLE_NAMES.t3}「${t3RowName(c.row)}」行「${col}」列`;
  }
  if (c.table === 't4') {
    const group = T4_GROUP_NAME[c.row] ?? T4_GROUPS.find((g) => g.key === c.row)?.label ?? c.row;
    const col = T4_COLUMNS.find((x) => x.key === c.col)?.label ?? c.col;
    return `${TABLE_NAMES.t4}「${group}」「${col}」`;
  }
  const hit = TEMPLATES[template].t2Rows.find((x) => x.row.key === c.row);
  if (!hit) return `${TABLE_NAMES.t2}「${c.row}」行「${c.col}」列`;
  const col = hit.block.columns.find((x) => x.key === c.col)?.label ?? c.col;
  return `${TABLE_NAMES.t2}${hit.block.title}「${hit.row.label}」行「${col}」列`;
}
