import type { Rule } from '../rule.js';
import { fmt, narrativePlace, sectionName, t3Cell, valueOf } from './util.js';

/** Section 一 says no requests came in (未收到/不涉及依申请公开) while table 三 shows new requests. */
export const nNoRequests: Rule = {
  meta: {
    id: 'N.noRequests',
    severity: 'warning',
    type: 'narrative',
    docs: {
      description: '总体情况称未收到（不涉及）依申请公开，表三本年新收申请总计应为0',
      en: 'Section 1 says no requests were received ⇒ table 3 new requests (total) = 0.',
      source: 'spec §7.4 N.noRequests',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (!r.narrative.noRequests) return;
    const fresh = valueOf(r.tables.t3, 'newReceived', 'total');
    if (fresh === null || fresh === 0) return;
    ctx.report({
      message: `${sectionName('s1')}称未收到政府信息公开申请，但${t3Cell('newReceived', 'total')}为${fmt(fresh)}`,
      table: 't3',
      row: 'newReceived',
      col: 'total',
      ...narrativePlace(r, 'noRequests'),
      actual: fresh,
      expected: 0,
    });
  },
};
