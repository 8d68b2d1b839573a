import { T3_COLUMNS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, t3Cell, t3Value } from './util.js';

/** 表三 勾稽关系：第一项加第二项之和，等于第三项加第四项之和 — for each of the seven columns. */
export const t3Balance: Rule = {
  meta: {
    id: 'T3.balance',
    severity: 'error',
    type: 'arithmetic',
    docs: {
      description: '表三每一列：本年新收 + 上年结转 = 本年度办理结果总计 + 结转下年度继续办理（表头注明的勾稽关系）',
      en: 'Table 3, every column: new requests + carried over = outcomes total + carried forward (the relation printed in the table header).',
      source: 'spec §7.1 T3.balance；表三表头注',
    },
  },
  check(ctx) {
    const t3 = ctx.record.tables.t3;
    if (!t3) return;
    for (const col of T3_COLUMNS) {
      const a = t3Value(t3, 'newReceived', col.key);
      const b = t3Value(t3, 'carriedOver', col.key);
      const c = t3Value(t3, 'total', col.key);
      const d = t3Value(t3, 'carriedForward', col.key);
      // A missing cell was flagged by the parser; never read it as 0.
      if (a === null || b === null || c === null || d === null) continue;
      if (a + b === c + d) continue;
      ctx.report({
        message: `${t3Cell('total', col.key)}：勾稽关系不成立，本列本年新收(${fmt(a)}) + 上年结转(${fmt(b)}) = ${fmt(a + b)}，但办理结果总计(${fmt(c)}) + 结转下年度继续办理(${fmt(d)}) = ${fmt(c + d)}`,
        table: 't3',
        row: 'total',
        col: col.key,
        ...ctx.placeOf('t3', 'total', col.key),
        actual: c + d,
        expected: a + b,
      });
    }
  },
};
