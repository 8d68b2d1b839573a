import type { Rule } from '../rule.js';
import { fmt, narrativePlace, sectionName } from './util.js';

/** The fee facts of section 六 against each other. Payments can cross years, hence warnings. */
export const s6FeeConsistency: Rule = {
  meta: {
    id: 'S6.feeConsistency',
    severity: 'warning',
    type: 'narrative',
    docs: {
      description: '第六部分信息处理费：发出收费通知0件时总金额应为0；实际收取总金额不应大于收费通知总金额',
      en: 'Section 6 fee facts: no notices ⇒ notice amount 0; amount collected ≤ notice amount (payments can cross years).',
      source: 'spec §7.2 S6.feeConsistency',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const { noticeCount, noticeAmount, collectedAmount } = r.narrative.infoFee;
    if (noticeCount === 0 && noticeAmount !== null && noticeAmount > 0) {
      ctx.report({
        message: `${sectionName('s6')}称发出收费通知0件，但收费通知总金额为${fmt(noticeAmount)}元`,
        ...narrativePlace(r, 'infoFee.noticeAmount'),
        actual: noticeAmount,
        expected: 0,
      });
    }
    if (collectedAmount !== null && noticeAmount !== null && collectedAmount > noticeAmount) {
      ctx.report({
        message: `${sectionName('s6')}中实际收取的信息处理费总金额(${fmt(collectedAmount)}元)大于收费通知总金额(${fmt(noticeAmount)}元)`,
        note: '上年发出的收费通知可能在本年缴费，请核实',
        ...narrativePlace(r, 'infoFee.collectedAmount'),
        actual: collectedAmount,
        expected: noticeAmount,
      });
    }
  },
};
