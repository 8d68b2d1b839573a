import { T4_GROUPS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { fmt, narrativePlace, t4Cell, valueOf } from './util.js';

/**
 * The prose says there was no review or litigation (未发生行政复议/行政诉讼) while table 四 has
 * cases. The record keeps one flag for both kinds, so any group total > 0 contradicts it.
 * One finding, naming the table cell when exactly one group has cases.
 */
export const nReview: Rule = {
  meta: {
    id: 'N.review',
    severity: 'warning',
    type: 'narrative',
    docs: {
      description: '正文称未发生行政复议、行政诉讼，表四各组总计应为0',
      en: 'The text says there was no administrative review or litigation ⇒ every table 4 group total = 0.',
      source: 'spec §7.4 N.review',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (!r.narrative.noReviewOrLitigation || !r.tables.t4) return;
    const hits = T4_GROUPS.map((g) => ({ g: g.key, v: valueOf(r.tables.t4, g.key, 'total') })).filter(
      (x): x is { g: (typeof T4_GROUPS)[number]['key']; v: number } => x.v !== null && x.v > 0,
    );
    if (!hits.length) return;
    const one = hits.length === 1 ? hits[0]! : null;
    ctx.report({
      message: `正文称未发生行政复议或行政诉讼，但${hits.map((h) => `${t4Cell(h.g, 'total')}为${fmt(h.v)}`).join('，')}`,
      table: 't4',
      ...(one ? { row: one.g, col: 'total' } : {}),
      ...narrativePlace(r, 'noReviewOrLitigation'),
      actual: hits.reduce((s, h) => s + h.v, 0),
      expected: 0,
    });
  },
};
