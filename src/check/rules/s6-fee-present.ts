import type { Rule } from '../rule.js';
import { sectionName, sectionPlace } from './util.js';

const FACTS = [
  { key: 'noticeCount', name: '发出收费通知的件数' },
  { key: 'noticeAmount', name: '收费通知的总金额' },
  { key: 'collectedAmount', name: '实际收取的总金额' },
] as const;

/**
 * 2021 format: section 六 must state the 信息处理费 facts (国办函〔2020〕109号). Only for reports
 * in the 2021 template, and only when section 六 was found: a missing section 六 is one M.section
 * finding (which says the fee facts belong there), not a second finding for the same gap.
 */
export const s6FeePresent: Rule = {
  meta: {
    id: 'S6.feePresent',
    severity: 'warning',
    type: 'section',
    docs: {
      description: '2021年版：第六部分应写明信息处理费的发出收费通知件数、总金额和实际收取总金额，缺哪项指出哪项',
      en: '2021 format: section 6 states the information-processing fee facts — notices issued, their total amount, the amount collected; names the missing ones.',
      source: 'spec §2 (六)、§6、§7.2 S6.feePresent；国办公开办函〔2021〕30号',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (r.template !== '2021') return;
    const s6 = r.sections.find((s) => s.key === 's6');
    if (!s6 || s6.heading === null) return;
    const fee = r.narrative.infoFee;
    const missing = FACTS.filter((f) => fee[f.key] === null);
    if (!missing.length) return;
    const stated = FACTS.length - missing.length;
    ctx.report({
      message: `${sectionName('s6')}未完整报告信息处理费情况：未写明${missing.map((f) => f.name).join('、')}${
        stated === 0
          ? ''
          : `（只写明了${FACTS.filter((f) => fee[f.key] !== null)
              .map((f) => f.name)
              .join('、')}）`
      }`,
      ...sectionPlace(r, 's6'),
      actual: stated,
      expected: FACTS.length,
    });
  },
};
