import { TABLE_NAMES, type TableId } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { isUnreadable, sectionName } from './util.js';

const WHERE: Record<TableId, string> = { t2: 's2', t3: 's3', t4: 's4' };

/** The three statutory tables are present (a document that is no report at all is R./P. fatal instead). */
export const mTable: Rule = {
  meta: {
    id: 'M.table',
    severity: 'error',
    type: 'structure',
    docs: {
      description: '报告应包含表二（主动公开）、表三（依申请公开）、表四（行政复议、行政诉讼）三张统计表',
      en: 'The report contains the three statutory tables: 2 (proactive disclosure), 3 (requests), 4 (review and litigation).',
      source: 'spec §3–§5；review-criteria R.sectionsComplete',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (isUnreadable(r)) return;
    for (const t of ['t2', 't3', 't4'] as const) {
      if (r.tables[t] !== null) continue;
      ctx.report({ message: `未找到${TABLE_NAMES[t]}（${sectionName(WHERE[t])}部分的统计表）`, table: t, actual: null });
    }
  },
};
