import { T3_COLUMNS, T3_SUBTOTALS } from '../../model/templates.js';
import type { Table } from '../../model/report.js';
import type { Rule } from '../rule.js';
import { fmt, same, sum, t3Cell, t3ShapeOf, t3Value } from './util.js';

/** Outcome groups of （七）总计, in printed order, with the rows each adds up (per shape of （六）). */
function groups(shape: 'split-other' | 'single-other'): { name: string; rows: string[] }[] {
  return [
    { name: '予以公开', rows: ['granted'] },
    { name: '部分公开', rows: ['partial'] },
    { name: '不予公开', rows: T3_SUBTOTALS['denied.subtotal']! },
    { name: '无法提供', rows: T3_SUBTOTALS['unable.subtotal']! },
    { name: '不予处理', rows: T3_SUBTOTALS['declined.subtotal']! },
    // 2021: other.subtotal = 1.+2.+3. (derived); 2019 / hybrids: the printed single row.
    { name: '其他处理', rows: shape === 'split-other' ? ['other.overdueCorrection', 'other.overdueFee', 'other.other'] : ['other.subtotal'] },
  ];
}

const groupValue = (t: Table, rows: string[], col: string): number | null => {
  let total = 0;
  for (const r of rows) {
    const v = t3Value(t, r, col);
    if (v === null) return null;
    total += v;
  }
  return Math.round(total * 1e6) / 1e6;
};
const GROUPS = { 'split-other': groups('split-other'), 'single-other': groups('single-other') };

/** 表三 （七）总计 = （一）+（二）+（三）…（六） for every column, using the derived group subtotals. */
export const t3OutcomeSum: Rule = {
  meta: {
    id: 'T3.outcomeSum',
    severity: 'error',
    type: 'arithmetic',
    docs: {
      description: '表三每一列：（七）总计 = 予以公开 + 部分公开 + 不予公开小计 + 无法提供小计 + 不予处理小计 + 其他处理小计',
      en: 'Table 3, every column: row (七) total = granted + partial + the subtotals of denied, unable, declined and other handling.',
      source: 'spec §7.1 T3.outcomeSum；§4.2 derived subtotals',
    },
  },
  check(ctx) {
    const t3 = ctx.record.tables.t3;
    const shape = t3ShapeOf(ctx.record);
    if (!t3 || !shape) return;
    const gs = GROUPS[shape];
    for (const col of T3_COLUMNS) {
      const total = t3Value(t3, 'total', col.key);
      const vals = gs.map((g) => groupValue(t3, g.rows, col.key));
      if (total === null || vals.some((v) => v === null)) continue;
      const s = sum(vals as number[]);
      if (same(s, total)) continue;
      const terms = gs.map((g, i) => `${g.name}${fmt(vals[i]!)}`).join(' + ');
      ctx.report({
        message: `${t3Cell('total', col.key)}为${fmt(total)}，但本列各项办理结果之和为${fmt(s)}（${terms}）`,
        table: 't3',
        row: 'total',
        col: col.key,
        ...ctx.placeOf('t3', 'total', col.key),
        actual: total,
        expected: s,
      });
    }
  },
};
