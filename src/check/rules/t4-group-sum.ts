import { T4_COLUMNS, T4_GROUPS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, rowValues, same, sum, t4Cell, valueOf } from './util.js';

const PARTS = T4_COLUMNS.filter((c) => c.key !== 'total').map((c) => c.key);

/** 表四 each group: 结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计. */
export const t4GroupSum: Rule = {
  meta: {
    id: 'T4.groupSum',
    severity: 'error',
    type: 'arithmetic',
    docs: {
      description: '表四行政复议、未经复议直接起诉、复议后起诉各组：结果维持 + 结果纠正 + 其他结果 + 尚未审结 = 总计',
      en: 'Table 4, each of review / direct litigation / litigation after review: upheld + corrected + other + pending = total.',
      source: 'spec §7.1 T4.groupSum；§5',
    },
  },
  check(ctx) {
    const t4 = ctx.record.tables.t4;
    if (!t4) return;
    for (const g of T4_GROUPS) {
      const parts = rowValues(t4, g.key, PARTS);
      const total = valueOf(t4, g.key, 'total');
      if (parts === null || total === null) continue;
      const s = sum(parts);
      if (same(s, total)) continue;
      ctx.report({
        message: `${t4Cell(g.key, 'total')}为${fmt(total)}，但结果维持、结果纠正、其他结果、尚未审结之和为${fmt(s)}（${parts.map(fmt).join('+')}）`,
        table: 't4',
        row: g.key,
        col: 'total',
        ...ctx.placeOf('t4', g.key, 'total'),
        actual: total,
        expected: s,
      });
    }
  },
};
