import type { Rule } from '../rule.js';
import { t2Cell } from './util.js';

const MAX_DECIMALS = 4;

/** Digits after the decimal point as written (the value alone cannot tell 1.50000 from 1.5). */
export const decimalsOf = (raw: string): number => /\.(\d+)/.exec(raw.replace(/,/g, ''))?.[1]?.length ?? 0;

/** 表二 本年收费金额（万元）: more than four decimals is below 0.01 元 — almost always a unit or typing slip. */
export const t2FeePrecision: Rule = {
  meta: {
    id: 'T2.feePrecision',
    severity: 'warning',
    type: 'domain',
    docs: {
      description: '表二「行政事业性收费」本年收费金额（万元）小数位不超过4位（4位即精确到元）',
      en: 'Table 2 (2021): the administrative fee amount in 10,000 yuan has at most 4 decimals (4 decimals = 1 yuan).',
      source: 'spec §7.1 T2.feePrecision；§3.1；§9.2',
    },
  },
  check(ctx) {
    const cell = ctx.cell('t2', 'fees', 'feesWan');
    if (!cell || cell.value === null || cell.raw === null) return;
    const n = decimalsOf(cell.raw);
    if (n <= MAX_DECIMALS) return;
    ctx.report({
      message: `${t2Cell('2021', 'fees', 'feesWan')}写作${cell.raw}，有${n}位小数；以万元为单位保留${MAX_DECIMALS}位小数即精确到元，请核实金额或单位`,
      table: 't2',
      row: 'fees',
      col: 'feesWan',
      ...ctx.placeOf('t2', 'fees', 'feesWan'),
      actual: n,
      expected: MAX_DECIMALS,
    });
  },
};
