import { TEMPLATES, T3_DATA_ROWS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { isUnreadable, t2RowName, t2TemplateOf, t3RowName, t3ShapeOf } from './util.js';

/**
 * Data rows of tables 二 and 三 whose label the parser did not find (their cells are missing).
 * One finding per table, listing the rows by their printed labels.
 */
export const mRow: Rule = {
  meta: {
    id: 'M.row',
    severity: 'error',
    type: 'structure',
    docs: {
      description: '表二、表三应包含所用版本格式的全部数据行；未找到行标题的行逐表列出',
      en: 'Tables 2 and 3 contain every data row of the format used; rows whose label was not found are listed per table.',
      source: 'spec §3、§4.2',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (isUnreadable(r)) return;
    const t2t = t2TemplateOf(r);
    if (r.tables.t2 && r.structure.t2.found && t2t) {
      const want = TEMPLATES[t2t].t2Rows.map((x) => x.row.key);
      const lost = want.filter((k) => !r.structure.t2.rows.includes(k));
      if (lost.length) {
        ctx.report({
          message: `表二缺少${lost.length}个数据行（未找到行标题）：${lost.map((k) => t2RowName(t2t, k)).join('、')}`,
          table: 't2',
          ...(lost.length === 1 ? { row: lost[0] } : {}),
          actual: want.length - lost.length,
          expected: want.length,
        });
      }
    }
    const shape = t3ShapeOf(r);
    if (r.tables.t3 && r.structure.t3.found && shape) {
      const want = T3_DATA_ROWS(shape);
      const lost = want.filter((k) => !r.structure.t3.rows.includes(k));
      if (lost.length) {
        ctx.report({
          message: `表三缺少${lost.length}个数据行（未找到行标题）：${lost.map(t3RowName).join('、')}`,
          table: 't3',
          ...(lost.length === 1 ? { row: lost[0] } : {}),
          actual: want.length - lost.length,
          expected: want.length,
        });
      }
    }
  },
};
