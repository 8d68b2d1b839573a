import type { Rule } from '../rule.js';
import { fmt, previousYear, t2Cell, t2TemplateOf, valueOf } from './util.js';

/**
 * 2021 表二: 现行有效 this year ≈ last year's + issued − repealed. Expiry and changes of scope
 * break exact equality, so a difference is only shown (info).
 */
export const xInForceRoll: Rule = {
  meta: {
    id: 'X.inForceRoll',
    severity: 'info',
    type: 'crossYear',
    docs: {
      description: '2021年版表二：本年现行有效件数 ≈ 上年现行有效件数 + 本年制发 − 本年废止（失效、范围调整会造成差异，仅作提示）',
      en: 'Table 2 (2021): in force now ≈ in force last year + issued − repealed (expiry and scope changes break equality; info only).',
      source: 'spec §7.3 X.inForceRoll',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const prev = previousYear(r, ctx.previous);
    if (!prev || t2TemplateOf(r) !== '2021' || t2TemplateOf(prev) !== '2021') return;
    for (const row of ['regulations', 'normativeDocuments']) {
      const inForce = valueOf(r.tables.t2, row, 'inForce');
      const issued = valueOf(r.tables.t2, row, 'issued');
      const repealed = valueOf(r.tables.t2, row, 'repealed');
      const before = valueOf(prev.tables.t2, row, 'inForce');
      if (inForce === null || issued === null || repealed === null || before === null) continue;
      const want = before + issued - repealed;
      if (inForce === want) continue;
      ctx.report({
        message: `${t2Cell('2021', row, 'inForce')}为${fmt(inForce)}，而${prev.year}年度现行有效${fmt(before)}件 + 本年制发${fmt(issued)}件 − 本年废止${fmt(repealed)}件 = ${fmt(want)}件`,
        table: 't2',
        row,
        col: 'inForce',
        ...ctx.placeOf('t2', row, 'inForce'),
        actual: inForce,
        expected: want,
      });
    }
  },
};
