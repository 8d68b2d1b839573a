import type { Rule } from '../rule.js';
import { isUnreadable, sectionName } from './util.js';

/** Each of the six statutory parts has its heading (条例第五十条). One finding per missing part. */
export const mSection: Rule = {
  meta: {
    id: 'M.section',
    severity: 'error',
    type: 'section',
    docs: {
      description: '报告应包含六个部分的标题（一、总体情况 … 六、其他需要报告的事项），缺少的逐一指出',
      en: 'The report has the headings of all six required parts; each missing one is named.',
      source: 'spec §2；条例第五十条；review-criteria R.sectionsComplete',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (isUnreadable(r)) return;
    for (const s of r.sections) {
      if (s.heading !== null) continue;
      // S6.feePresent stays silent without section 六; say here that the fee facts belong to it.
      const fee = s.key === 's6' && r.template === '2021' ? '（2021年版格式要求在该部分报告信息处理费情况）' : '';
      ctx.report({ message: `缺少${sectionName(s.key)}部分${fee}`, actual: null, expected: sectionName(s.key).slice(1, -1) });
    }
  },
};
