import type { Rule } from '../rule.js';
import { fmt, narrativePlace, previousYear, sectionName, t3Cell, t3ShapeOf, valueOf } from './util.js';

/**
 * 表三 （六）2. 申请人逾期未按收费通知要求缴纳费用 counts requests dropped after a fee notice, so
 * those notices must exist: overdueFee[总计] ≤ notices this year (+ last year's, when known).
 * Without last year's report the bound is this year's notices alone, with a note saying so.
 */
export const s6FeeVsTable3: Rule = {
  meta: {
    id: 'S6.feeVsTable3',
    severity: 'warning',
    type: 'crossSection',
    docs: {
      description: '表三「申请人逾期未按收费通知要求缴纳费用」行总计不应多于第六部分发出收费通知的件数（可加上年发出的件数）',
      en: 'Table 3 row "fee notice not paid in time" (total) ≤ fee notices issued per section 6 (plus last year\'s, when known).',
      source: 'spec §7.2 S6.feeVsTable3',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (t3ShapeOf(r) !== 'split-other') return;
    const overdue = valueOf(r.tables.t3, 'other.overdueFee', 'total');
    const notices = r.narrative.infoFee.noticeCount;
    if (overdue === null || notices === null) return;
    const prev = previousYear(r, ctx.previous);
    const prevNotices = prev ? prev.narrative.infoFee.noticeCount : null;
    const bound = notices + (prevNotices ?? 0);
    if (overdue <= bound) return;
    // The table cell is the place in question; the fee sentence only when the cell has no place.
    const cellPlace = ctx.placeOf('t3', 'other.overdueFee', 'total');
    const with_ = prevNotices !== null ? `，加上年${fmt(prevNotices)}件共${fmt(bound)}件` : '';
    ctx.report({
      message: `${t3Cell('other.overdueFee', 'total')}为${fmt(overdue)}，但${sectionName('s6')}称本年发出收费通知${fmt(notices)}件${with_}：因逾期未缴费而不再处理的申请应有对应的收费通知`,
      ...(prevNotices === null ? { note: '未提供上年报告：若上年发出的收费通知在本年逾期，可能属正常情况' } : {}),
      table: 't3',
      row: 'other.overdueFee',
      col: 'total',
      ...(cellPlace.span ? cellPlace : narrativePlace(r, 'infoFee.noticeCount')),
      actual: overdue,
      expected: bound,
    });
  },
};
