import { describe, expect, it } from 'vitest';
import { assessFees, perPageFee, perRequestFee, perRequestTotal } from '../../src/register/fees.js';
import { row } from './helpers.js';

/** The tiers written out as tables, page by page and request by request (an independent reading of 109号). */
const pageRate = (p: number): number => (p <= 30 ? 0 : p <= 100 ? 10 : p <= 200 ? 20 : 40);
const requestRate = (n: number): number => {
  const bands = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Array(20).fill(100)];
  if (n <= 30) return bands[n - 1]!;
  let rate = 200;
  for (let k = 40; k < n; k += 10) rate += 100;
  return rate;
};

describe('按件 (109号第四条): per applicant and calendar month, excess-progressive', () => {
  it('the tiers at their edges', () => {
    expect([1, 10, 11, 30, 31, 40, 41, 50, 51, 61].map(perRequestFee)).toEqual([0, 0, 100, 100, 200, 200, 300, 300, 400, 500]);
  });
  it('the spec example: 35 requests in one month cost 20×100 + 5×200 = 3,000 元', () => {
    expect(perRequestTotal(35)).toBe(3000);
  });
  it('matches the request-by-request table up to 120 requests', () => {
    let sum = 0;
    for (let n = 1; n <= 120; n++) {
      sum += requestRate(n);
      expect(perRequestFee(n)).toBe(requestRate(n));
      expect(perRequestTotal(n)).toBe(sum);
    }
  });
});

describe('按量 (109号第五条): by pages', () => {
  it('the tiers at their edges', () => {
    expect(perPageFee(30)).toBe(0);
    expect(perPageFee(31)).toBe(10);
    expect(perPageFee(100)).toBe(700);
    expect(perPageFee(101)).toBe(720);
    expect(perPageFee(200)).toBe(2700);
    expect(perPageFee(201)).toBe(2740);
  });
  it('matches the page-by-page table up to 500 pages', () => {
    let sum = 0;
    for (let p = 1; p <= 500; p++) {
      sum += pageRate(p);
      expect(perPageFee(p)).toBe(sum);
    }
  });
});

describe('assessing the register', () => {
  /** Applicant A: 12 requests in March 2024 (the last on 3.31), one on 4.1; applicant B: one in March. */
  const rows = [
    ...Array.from({ length: 12 }, (_, i) =>
      row({
        id: `A-${i + 1}`,
        applicantKey: 'A',
        submittedAt: `2024-03-${String(i + 20).padStart(2, '0')}`,
        ...(i >= 10 ? { fee: { method: 'perRequest' as const, noticeDate: '2024-04-03', amountYuan: 100 } } : {}),
      }),
    ),
    row({ id: 'A-13', applicantKey: 'A', submittedAt: '2024-04-01', fee: { method: 'perRequest', noticeDate: '2024-04-03', amountYuan: 100 } }),
    row({ id: 'B-1', applicantKey: 'B', submittedAt: '2024-03-25', fee: { method: 'perPage', pages: 45, noticeDate: '2024-03-28', amountYuan: 150 } }),
    row({
      id: 'B-2',
      applicantKey: 'B',
      submittedAt: '2024-03-26',
      fee: { method: 'perPage', pages: 45, noticeDate: '2024-03-28', amountYuan: 100, waived: true },
    }),
  ];
  const out = assessFees(rows);
  const of = (id: string) => out.rows.find((r) => r.id === id)!;
  it('counts each applicant’s requests per calendar month', () => {
    expect(of('A-11')).toMatchObject({ index: 11, monthCount: 12, month: '2024-03', expected: 100 });
    expect(of('A-12')).toMatchObject({ index: 12, expected: 100 });
    expect(of('A-13')).toMatchObject({ index: 1, monthCount: 1, month: '2024-04', expected: 0 });
    expect(of('B-1')).toMatchObject({ index: 1, expected: 150 });
  });
  it('warns where a notice says another amount (the first request of a month is free); a waived notice is not checked', () => {
    expect(out.findings.map((f) => f.id)).toEqual(['A-13']);
    expect(out.findings[0]!.message).toContain('2024年4月第1件');
  });
});
