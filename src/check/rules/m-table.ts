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
      const message = `未找到${TABLE_NAMES[t]}（${sectionName(WHERE[t])}部分的统计表）`;
      // The section holds pictures (a web page or DOCX): the table was most likely published as one.
      const pictures = r.sections.find((s) => s.key === WHERE[t])?.pictures ?? [];
      if (!pictures.length) {
        ctx.report({ message, table: t, actual: null });
        continue;
      }
      const names = `${pictures.slice(0, 3).join('、')}${pictures.length > 3 ? `等 ${pictures.length} 张` : ''}`;
      ctx.report({
        message: `${message}：该部分有图片（${names}），表格可能以图片形式发布，图片中的内容未读取`,
        table: t,
        actual: null,
        note: '请提供报告原件（DOCX、PDF），或把图片作为扫描件导入（可识别图片中的表格）',
      });
    }
  },
};
