import type { Rule } from '../rule.js';
import { fmt, t2Cell, t2Def, t2TemplateOf } from './util.js';

/**
 * 表二 value ranges by column type of the template actually used: counts are integers ≥ 0,
 * 2019 本年增/减 is a signed integer, amounts (本年收费金额, 采购总金额) are ≥ 0.
 */
export const t2Domain: Rule = {
  meta: {
    id: 'T2.domain',
    severity: 'error',
    type: 'domain',
    docs: {
      description: '表二：件数、项目数为非负整数；2019年版「本年增/减」为整数（可为负）；收费金额、采购总金额不为负',
      en: 'Table 2: counts are non-negative integers; the 2019 year-change column is a (signed) integer; amounts are ≥ 0.',
      source: 'spec §7.1 T2.domain；§3',
    },
  },
  check(ctx) {
    const t2 = ctx.record.tables.t2;
    const template = t2TemplateOf(ctx.record);
    if (!t2 || !template) return;
    for (const [row, cols] of Object.entries(t2)) {
      for (const [col, v] of Object.entries(cols)) {
        const def = t2Def(template, row, col);
        // A row the template does not have (a provincial extra row) has no known type.
        if (v === null || !def) continue;
        const type = def.col.type;
        const ok = type === 'signed-int' ? Number.isInteger(v) : type === 'decimal' ? v >= 0 : Number.isInteger(v) && v >= 0;
        if (ok) continue;
        const want = type === 'signed-int' ? '整数' : type === 'decimal' ? '不小于0的数' : '非负整数';
        ctx.report({
          message: `${t2Cell(template, row, col)}为${fmt(v)}，应为${want}`,
          table: 't2',
          row,
          col,
          ...ctx.placeOf('t2', row, col),
          actual: v,
          expected: want,
        });
      }
    }
  },
};
