import type { Rule } from '../rule.js';
import { fmt, t2Cell, t2RowName, t2TemplateOf, valueOf } from './util.js';

/** 2021 表二 第二十条第（一）项: a document issued this year is either still in force or was repealed. */
export const t2IssuedVsInForce: Rule = {
  meta: {
    id: 'T2.issuedVsInForce',
    severity: 'warning',
    type: 'arithmetic',
    docs: {
      description: '2021年版表二第二十条第（一）项：本年制发件数 ≤ 现行有效件数 + 本年废止件数',
      en: 'Table 2 (2021), art. 20(1): documents issued this year ≤ documents in force + repealed this year.',
      source: 'spec §7.1 T2.issuedVsInForce',
    },
  },
  check(ctx) {
    const t2 = ctx.record.tables.t2;
    if (!t2 || t2TemplateOf(ctx.record) !== '2021') return;
    for (const row of ['regulations', 'normativeDocuments']) {
      const issued = valueOf(t2, row, 'issued');
      const repealed = valueOf(t2, row, 'repealed');
      const inForce = valueOf(t2, row, 'inForce');
      if (issued === null || repealed === null || inForce === null) continue;
      if (issued <= inForce + repealed) continue;
      ctx.report({
        message: `${t2Cell('2021', row, 'issued')}为${fmt(issued)}，多于同行现行有效件数(${fmt(inForce)})与本年废止件数(${fmt(repealed)})之和${fmt(inForce + repealed)}：本年制发的${t2RowName('2021', row)}应仍有效或已废止`,
        table: 't2',
        row,
        col: 'issued',
        ...ctx.placeOf('t2', row, 'issued'),
        actual: issued,
        expected: inForce + repealed,
      });
    }
  },
};
