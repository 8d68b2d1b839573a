import type { Rule } from '../rule.js';
import { isUnreadable } from './util.js';

/**
 * Table 二 and table 三 in different versions: e.g. 2021 table 二 with （六）其他处理 as one row.
 * The only table-三 difference between the versions is the split of （六）, so that is what decides.
 */
export const mHybrid: Rule = {
  meta: {
    id: 'M.hybrid',
    severity: 'warning',
    type: 'template',
    docs: {
      description: '表二与表三应为同一版格式（如2021年版表二配单行「（六）其他处理」的表三即为混用）',
      en: 'Tables 2 and 3 use the same format version (e.g. a 2021 table 2 with a single-row (六) in table 3 mixes versions).',
      source: 'spec §4.2、§8 C12',
    },
  },
  check(ctx) {
    const { t2, t3 } = ctx.record.layout;
    if (isUnreadable(ctx.record) || t2 === null || t3 === null) return;
    const t3Version = t3 === 'split-other' ? '2021' : '2019';
    if (t2 === t3Version) return;
    const shape = t3 === 'split-other' ? '拆分为三行（2021年版）' : '为单行（2019年版）';
    ctx.report({
      message: `表二为${t2}年版格式，但表三「（六）其他处理」${shape}：报告混用了两版格式`,
      actual: `表二${t2}/表三${t3Version}`,
      expected: `表二${t2}/表三${t2}`,
    });
  },
};
