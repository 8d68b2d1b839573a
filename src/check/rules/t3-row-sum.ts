import { T3_PART_COLUMNS, T3_DATA_ROWS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, rowValues, same, sum, t3Cell, t3ShapeOf, t3Value } from './util.js';

/**
 * 表三 each data row: the six applicant columns add up to the row's 总计 cell.
 * A 总计 cell the report left blank and the parser derived from this relation is a warning
 * (spec §7.1: Shanghai 2019 filled 总计 only on key rows) — unless the whole 总计 column is
 * absent from the header, which P.columns / M.column already report once for the table.
 */
export const t3RowSum: Rule = {
  meta: {
    id: 'T3.rowSum',
    severity: 'error',
    type: 'arithmetic',
    docs: {
      description: '表三每个数据行：自然人 + 五类法人或其他组织 = 该行「总计」；总计栏未填写、由行合计推出时给出警告',
      en: 'Table 3, every data row: natural persons + the five kinds of legal persons = the row total; a blank total derived from this sum is a warning.',
      source: 'spec §7.1 T3.rowSum',
    },
  },
  check(ctx) {
    const { record } = ctx;
    const t3 = record.tables.t3;
    const shape = t3ShapeOf(record);
    if (!t3 || !shape) return;
    const totalDeclared = !record.structure.t3.found || record.structure.t3.columns.includes('total');
    // Rows whose 总计 the parser derived from a blank cell (raw ''; a value lost in extraction and
    // derived has no raw text) — one pass, not one lookup per row.
    const derived = new Set<string>();
    for (const c of record.cells)
      if (c.table === 't3' && c.col === 'total' && c.status === 'derived' && c.flags?.includes('derivedFromRelation') && c.raw === '') derived.add(c.row);
    for (const row of T3_DATA_ROWS(shape)) {
      const parts = rowValues(t3, row, T3_PART_COLUMNS);
      const total = t3Value(t3, row, 'total');
      if (parts === null || total === null) continue;
      const s = sum(parts);
      if (!same(s, total)) {
        ctx.report({
          message: `${t3Cell(row, 'total')}为${fmt(total)}，但该行自然人与法人或其他组织各列之和为${fmt(s)}（${parts.map(fmt).join('+')}）`,
          table: 't3',
          row,
          col: 'total',
          ...ctx.placeOf('t3', row, 'total'),
          actual: total,
          expected: s,
        });
      } else if (totalDeclared && derived.has(row)) {
        ctx.report({
          severity: 'warning',
          message: `${t3Cell(row, 'total')}未填写，已按该行各列之和推出为${fmt(s)}`,
          table: 't3',
          row,
          col: 'total',
          ...ctx.placeOf('t3', row, 'total'),
          actual: null,
          expected: s,
        });
      }
    }
  },
};
