/**
 * 信息处理费 by 《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）, excess-progressive:
 *
 * 按件 (第四条), per applicant and calendar month, counting every request (split items each count,
 * 一事一申请): requests 1–10 free; 11–30 100 元 each; from 31 on the rate rises by 100 元 for each
 * further band of 10 (31–40 200 元, 41–50 300 元 — our reading of 「以10件为一档」).
 *
 * 按量 (第五条), per request, by pages: 1–30 free; 31–100 10 元 a page; 101–200 20 元; from 201 40 元.
 */
import { monthOf, type IsoDate } from './dates.js';
import { req, type RegisterFinding } from './finding.js';
import { receiptDay } from './receipt.js';
import type { RegisterRow } from './row.js';

/** The fee for the n-th request (n ≥ 1) of one applicant in one calendar month, 按件. */
export function perRequestFee(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`request index ${n}`);
  if (n <= 10) return 0;
  if (n <= 30) return 100;
  return 100 * (2 + Math.floor((n - 31) / 10));
}

/** What `count` requests of one applicant in one month cost together, 按件. */
export function perRequestTotal(count: number): number {
  let s = 0;
  for (let n = 1; n <= count; n++) s += perRequestFee(n);
  return s;
}

/** Page tiers of 第五条: [up to page, 元 a page]. */
export const PAGE_TIERS: readonly (readonly [number, number])[] = [
  [30, 0],
  [100, 10],
  [200, 20],
  [Infinity, 40],
];

/** The fee for a request that provides `pages` pages, 按量. */
export function perPageFee(pages: number): number {
  if (!Number.isInteger(pages) || pages < 0) throw new RangeError(`pages ${pages}`);
  let s = 0;
  let from = 0;
  for (const [upTo, rate] of PAGE_TIERS) {
    if (pages > from) s += (Math.min(pages, upTo) - from) * rate;
    from = upTo;
  }
  return s;
}

export interface FeeAssessment {
  id: string;
  /** The request's place among the applicant's requests of its month (1-based); null without a receipt day. */
  index: number | null;
  /** The applicant's requests in that month. */
  monthCount: number | null;
  /** `YYYY-MM` of the receipt day. */
  month: string | null;
  /** The fee the tiers give for this request by its notice's method; null without a notice or a basis. */
  expected: number | null;
  /** The amount of the notice; null without a notice. */
  stated: number | null;
}

/**
 * Every row's place in its applicant's month and, for rows with a fee notice, the fee the tiers
 * give, with a warning where the notice says otherwise (waived notices excepted).
 */
export function assessFees(rows: RegisterRow[]): { rows: FeeAssessment[]; findings: RegisterFinding[] } {
  const days = rows.map((r) => receiptDay(r).date);
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const d = days[i];
    if (!d) return;
    const key = `${r.applicantKey}\u0000${monthOf(d)}`;
    groups.set(key, [...(groups.get(key) ?? []), i]);
  });
  const index = new Map<number, { n: number; count: number }>();
  for (const idx of groups.values()) {
    // By receipt day, then as listed (a stable sort keeps the register's order on one day).
    const sorted = [...idx].sort((a, b) => (days[a]! < days[b]! ? -1 : days[a]! > days[b]! ? 1 : 0));
    sorted.forEach((i, k) => index.set(i, { n: k + 1, count: sorted.length }));
  }
  const findings: RegisterFinding[] = [];
  const out = rows.map((r, i): FeeAssessment => {
    const d = days[i] ?? null;
    const at = index.get(i);
    const fee = r.fee;
    let expected: number | null = null;
    if (fee && fee.method === 'perRequest' && at) expected = perRequestFee(at.n);
    if (fee && fee.method === 'perPage' && fee.pages !== null) expected = perPageFee(fee.pages);
    const a: FeeAssessment = {
      id: r.id,
      index: at?.n ?? null,
      monthCount: at?.count ?? null,
      month: d ? monthOf(d) : null,
      expected,
      stated: fee ? fee.amountYuan : null,
    };
    if (fee && !fee.waived && expected !== null && Math.abs(expected - fee.amountYuan) > 1e-9) {
      const basis =
        fee.method === 'perRequest'
          ? `按件收费：该申请人${cnMonth(d!)}第${at!.n}件申请，按国办函〔2020〕109号第四条应收${expected}元`
          : `按量收费：${fee.pages}页，按国办函〔2020〕109号第五条应收${expected}元`;
      findings.push({
        rule: 'R.feeAmount',
        severity: 'warning',
        id: r.id,
        field: 'fee.amountYuan',
        message: `${req(r.id)}${basis}，但收费金额为${fee.amountYuan}元`,
      });
    }
    return a;
  });
  return { rows: out, findings };
}

/** 2024年3月 */
const cnMonth = (d: IsoDate): string => `${Number(d.slice(0, 4))}年${Number(d.slice(5, 7))}月`;
