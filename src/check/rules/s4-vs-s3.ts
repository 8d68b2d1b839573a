import { T4_GROUPS } from '../../model/templates.js';
import type { Report } from '../../model/report.js';
import type { Rule } from '../rule.js';
import { fmt, previousYear, sum, valueOf } from './util.js';

/** newReceived + carriedOver of table 三 (总计 column), or null when either is missing. */
const requests = (r: Report): number | null => {
  const a = valueOf(r.tables.t3, 'newReceived', 'total');
  const b = valueOf(r.tables.t3, 'carriedOver', 'total');
  return a === null || b === null ? null : a + b;
};

/**
 * Review or litigation cases about disclosure while no request was handled this year (and,
 * when known, last year): worth a look, though a case can stem from an older request — info.
 */
export const s4VsS3: Rule = {
  meta: {
    id: 'S4.vsS3',
    severity: 'info',
    type: 'crossSection',
    docs: {
      description: '表四有行政复议或行政诉讼案件，而表三本年（及上年）新收和结转申请均为0：提示核实（案件可能源于更早的申请）',
      en: 'Table 4 has review/litigation cases while table 3 shows no requests this year (and last year): worth checking, though cases may stem from older requests.',
      source: 'spec §7.2 S4.vsS3',
    },
  },
  check(ctx) {
    const r = ctx.record;
    const t4 = r.tables.t4;
    if (!t4) return;
    const totals = T4_GROUPS.map((g) => valueOf(t4, g.key, 'total')).filter((v): v is number => v !== null);
    const cases = sum(totals);
    if (cases <= 0) return;
    if (requests(r) !== 0) return;
    const prev = previousYear(r, ctx.previous);
    const prevReq = prev ? requests(prev) : null;
    if (prevReq !== null && prevReq > 0) return;
    ctx.report({
      message: `表四行政复议、行政诉讼案件合计${fmt(cases)}件，但表三本年新收和上年结转的政府信息公开申请均为0${prev && prevReq === 0 ? '，上年也为0' : ''}，请核实案件来源`,
      ...(prev ? {} : { note: '未提供上年报告；案件也可能源于更早年度的申请' }),
      table: 't4',
      actual: cases,
      expected: 0,
    });
  },
};
