import type { Rule } from '../rule.js';
import { fmt, narrativePlace, sectionName, t3Cell, valueOf } from './util.js';

/**
 * Section 一's "收到…申请N件" against table 三. Reports count either the new requests or new plus
 * carried over, so both are accepted. The finding names the table cell compared and points at
 * the sentence (span/line) — the number a reviewer would check first.
 */
export const nRequests: Rule = {
  meta: {
    id: 'N.requests',
    severity: 'warning',
    type: 'narrative',
    docs: {
      description: '总体情况中“收到/受理申请N件”应等于表三本年新收申请总计（或本年新收加上年结转）',
      en: 'Requests received as stated in section 1 = table 3 new requests, total column (or new + carried over).',
      source: 'spec §7.4 N.requests',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const said = r.narrative.requestsReceived;
    const fresh = valueOf(r.tables.t3, 'newReceived', 'total');
    if (said === null || fresh === null) return;
    const carried = valueOf(r.tables.t3, 'carriedOver', 'total');
    if (said === fresh || (carried !== null && said === fresh + carried)) return;
    const also = carried !== null && carried > 0 ? `（加上年结转${fmt(carried)}件为${fmt(fresh + carried)}件）` : '';
    ctx.report({
      message: `${sectionName('s1')}称收到政府信息公开申请${fmt(said)}件，但${t3Cell('newReceived', 'total')}为${fmt(fresh)}${also}`,
      table: 't3',
      row: 'newReceived',
      col: 'total',
      ...narrativePlace(r, 'requestsReceived'),
      actual: said,
      expected: fresh,
    });
  },
};
