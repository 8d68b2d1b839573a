import { T3_COLUMNS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, previousYear, t3Cell, t3ColName, valueOf } from './util.js';

/** 上年结转 this year = 结转下年度继续办理 last year, for each column of table 三. */
export const xCarryOver: Rule = {
  meta: {
    id: 'X.carryOver',
    severity: 'warning',
    type: 'crossYear',
    docs: {
      description: '表三每一列：本年「上年结转」= 上年报告「结转下年度继续办理」（需要同一机关上一年度的报告）',
      en: "Table 3, every column: carried over this year = carried forward in last year's report (needs the same agency's previous report).",
      source: 'spec §7.3 X.carryOver',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const prev = previousYear(r, ctx.previous);
    if (!prev || !r.tables.t3 || !prev.tables.t3) return;
    for (const col of T3_COLUMNS) {
      const now = valueOf(r.tables.t3, 'carriedOver', col.key);
      const before = valueOf(prev.tables.t3, 'carriedForward', col.key);
      if (now === null || before === null || now === before) continue;
      ctx.report({
        message: `${t3Cell('carriedOver', col.key)}为${fmt(now)}，但${prev.year}年度报告表三「四、结转下年度继续办理」行${t3ColName(col.key)}列为${fmt(before)}`,
        table: 't3',
        row: 'carriedOver',
        col: col.key,
        ...ctx.placeOf('t3', 'carriedOver', col.key),
        actual: now,
        expected: before,
      });
    }
  },
};
