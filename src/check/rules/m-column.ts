import { T3_COLUMNS } from '../../model/templates.js';
import type { Rule } from '../rule.js';
import { isUnreadable, t3ColName } from './util.js';

/**
 * Table 三 columns the header does not name. The parser reports the same fact as P.columns
 * when it narrows the table; this rule speaks only when no P.columns finding is in the record
 * (a record built or re-checked without its parse findings), so the fact is reported once.
 */
export const mColumn: Rule = {
  meta: {
    id: 'M.column',
    severity: 'error',
    type: 'structure',
    docs: {
      description: '表三应有七个数值列（自然人、五类法人或其他组织、总计）；记录中已有解析发现P.columns时不重复报告',
      en: 'Table 3 has all seven value columns; silent when the parser already reported the same as P.columns.',
      source: 'spec §4.1、§8 C2',
    },
  },
  check(ctx) {
    const r = ctx.record;
    if (isUnreadable(r) || !r.tables.t3 || !r.structure.t3.found) return;
    if (r.findings.some((f) => f.rule === 'P.columns')) return;
    const lost = T3_COLUMNS.filter((c) => !r.structure.t3.columns.includes(c.key));
    if (!lost.length) return;
    ctx.report({
      message: `表三缺少${lost.map((c) => t3ColName(c.key)).join('')}列（表格列数不全），该列数值无法读取`,
      table: 't3',
      ...(lost.length === 1 ? { col: lost[0]!.key } : {}),
      actual: T3_COLUMNS.length - lost.length,
      expected: T3_COLUMNS.length,
    });
  },
};
