import type { Rule } from '../rule.js';
import { fmt, t4Cell } from './util.js';

/** 表四 counts cases (件): every cell a non-negative integer. */
export const t4Domain: Rule = {
  meta: {
    id: 'T4.domain',
    severity: 'error',
    type: 'domain',
    docs: {
      description: '表四每个单元格应为非负整数（案件数）',
      en: 'Table 4: every cell is a non-negative integer (a count of cases).',
      source: 'spec §7.1 T4.domain；§5',
    },
  },
  check(ctx) {
    const t4 = ctx.record.tables.t4;
    if (!t4) return;
    for (const [group, cols] of Object.entries(t4)) {
      for (const [col, v] of Object.entries(cols)) {
        if (v === null || (Number.isInteger(v) && v >= 0)) continue;
        ctx.report({
          message: `${t4Cell(group, col)}为${fmt(v)}，案件数应为非负整数`,
          table: 't4',
          row: group,
          col,
          ...ctx.placeOf('t4', group, col),
          actual: v,
          expected: '非负整数',
        });
      }
    }
  },
};
