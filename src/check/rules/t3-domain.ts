import type { Rule } from '../rule.js';
import { fmt, t3Cell } from './util.js';

/** 表三 counts requests (件): every cell a non-negative integer. */
export const t3Domain: Rule = {
  meta: {
    id: 'T3.domain',
    severity: 'error',
    type: 'domain',
    docs: {
      description: '表三每个单元格应为非负整数（件数）',
      en: 'Table 3: every cell is a non-negative integer (a count of requests).',
      source: 'spec §7.1 T3.domain；§4.2',
    },
  },
  check(ctx) {
    const t3 = ctx.record.tables.t3;
    if (!t3) return;
    for (const row in t3) {
      const cols = t3[row]!;
      for (const col in cols) {
        const v = cols[col]!;
        if (v === null || (Number.isInteger(v) && v >= 0)) continue;
        ctx.report({
          message: `${t3Cell(row, col)}为${fmt(v)}，申请件数应为非负整数`,
          table: 't3',
          row,
          col,
          ...ctx.placeOf('t3', row, col),
          actual: v,
          expected: '非负整数',
        });
      }
    }
  },
};
