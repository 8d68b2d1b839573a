import type { Rule } from '../rule.js';
import { fmt, t2Cell, t2TemplateOf, valueOf } from './util.js';

/** 2019 表二 第二十条第（一）项: what was newly published is part of what is published in total. */
export const t2PublishedVsTotal: Rule = {
  meta: {
    id: 'T2.publishedVsTotal',
    severity: 'warning',
    type: 'arithmetic',
    docs: {
      description: '2019年版表二第二十条第（一）项：本年新公开数量 ≤ 对外公开总数量',
      en: 'Table 2 (2019), art. 20(1): newly published this year ≤ total published.',
      source: 'spec §7.1 T2.publishedVsTotal',
    },
  },
  check(ctx) {
    const t2 = ctx.record.tables.t2;
    if (!t2 || t2TemplateOf(ctx.record) !== '2019') return;
    for (const row of ['regulations', 'normativeDocuments']) {
      const pub = valueOf(t2, row, 'newlyPublished');
      const total = valueOf(t2, row, 'totalPublished');
      if (pub === null || total === null || pub <= total) continue;
      ctx.report({
        message: `${t2Cell('2019', row, 'newlyPublished')}为${fmt(pub)}，大于同行对外公开总数量(${fmt(total)})`,
        table: 't2',
        row,
        col: 'newlyPublished',
        ...ctx.placeOf('t2', row, 'newlyPublished'),
        actual: pub,
        expected: total,
      });
    }
  },
};
