import { describe, expect, it } from 'vitest';
import { checkReport } from '../../src/check/index.js';
import type { Report, Table } from '../../src/model/report.js';
import { T3_COLUMN_KEYS, T4_GROUPS } from '../../src/model/templates.js';
import { aggregateYear } from '../../src/register/aggregate.js';
import { draftReport, withRegister } from '../../src/register/report.js';
import { checkRegister } from '../../src/register/check.js';
import { makeReport, previousOf } from '../check/factory.js';
import { generateRegister, type Generated } from './generate.js';
import { row } from './helpers.js';

const cell = (t: Table, r: string, c: string): number | null => t[r]?.[c] ?? null;

describe('year boundaries: 上年结转 and 结转下年度 by dates', () => {
  const rows = [
    // received in 2023, replied in 2024
    row({ id: 'A', submittedAt: '2023-12-20', outcome: 'granted', replyDate: '2024-01-10' }),
    // received and replied on the last day of 2023
    row({ id: 'D', submittedAt: '2023-12-31', outcome: 'partial', replyDate: '2023-12-31' }),
    // received on 12.30, still open
    row({ id: 'B', applicantType: 'commercial', submittedAt: '2024-12-30' }),
    // replied on 12.31
    row({ id: 'C', applicantType: 'research', submittedAt: '2024-05-06', outcome: 'denied.stateSecret', replyDate: '2024-12-31' }),
    // 补正 period ends 12.31: deemed withdrawn on 2025-01-01
    row({
      id: 'E',
      applicantType: 'legalService',
      submittedAt: '2024-12-02',
      correctionNoticeDate: '2024-12-04',
      correctionDueDate: '2024-12-31',
      outcome: 'other.overdueCorrection',
    }),
    // fee notice received 12.11, not paid: last day to pay 2025-01-09 (元旦 off), abandoned on 1.10
    row({
      id: 'F',
      applicantType: 'otherOrg',
      submittedAt: '2024-12-02',
      fee: { method: 'perRequest', noticeDate: '2024-12-10', noticeReceivedDate: '2024-12-11', amountYuan: 100 },
      outcome: 'other.overdueFee',
    }),
  ];
  const y23 = aggregateYear(rows, 2023);
  const y24 = aggregateYear(rows, 2024);
  const y25 = aggregateYear(rows, 2025);

  it('2023: A is carried forward, D concluded on the last day', () => {
    expect(cell(y23.t3, 'newReceived', 'total')).toBe(2);
    expect(cell(y23.t3, 'partial', 'naturalPerson')).toBe(1);
    expect(cell(y23.t3, 'carriedForward', 'naturalPerson')).toBe(1);
    expect(y23.members['carriedForward|naturalPerson']).toEqual(['A']);
  });
  it('2024: A carried over and concluded; C concluded on 12.31; B, E, F carried forward', () => {
    expect(cell(y24.t3, 'carriedOver', 'total')).toBe(1);
    expect(cell(y24.t3, 'granted', 'naturalPerson')).toBe(1);
    expect(cell(y24.t3, 'denied.stateSecret', 'research')).toBe(1);
    expect(cell(y24.t3, 'newReceived', 'total')).toBe(4);
    expect(cell(y24.t3, 'carriedForward', 'total')).toBe(3);
    expect(cell(y24.t3, 'carriedForward', 'commercial')).toBe(1);
    expect(cell(y24.t3, 'carriedForward', 'legalService')).toBe(1);
    expect(cell(y24.t3, 'carriedForward', 'otherOrg')).toBe(1);
    expect(cell(y24.t3, 'total', 'total')).toBe(2);
    expect(y24.infoFee).toEqual({ noticeCount: 1, noticeAmount: 100, collectedAmount: 0 });
  });
  it('2025: E concluded on 1.1 and F on 1.10, each in its column; B carried on', () => {
    expect(cell(y25.t3, 'carriedOver', 'total')).toBe(3);
    expect(cell(y25.t3, 'other.overdueCorrection', 'legalService')).toBe(1);
    expect(cell(y25.t3, 'other.overdueFee', 'otherOrg')).toBe(1);
    expect(cell(y25.t3, 'carriedForward', 'commercial')).toBe(1);
    expect(cell(y25.t3, 'newReceived', 'total')).toBe(0);
  });
  it('上年结转 of each year = 结转下年度 of the year before, every column', () => {
    for (const c of T3_COLUMN_KEYS) {
      expect(cell(y24.t3, 'carriedOver', c)).toBe(cell(y23.t3, 'carriedForward', c));
      expect(cell(y25.t3, 'carriedOver', c)).toBe(cell(y24.t3, 'carriedForward', c));
    }
  });
  it('the 2019 format (report year 2020) has one （六）其他处理 row', () => {
    const old = aggregateYear([row({ id: 'O', submittedAt: '2020-03-02', outcome: 'other.other', replyDate: '2020-03-09' })], 2020);
    expect(old.shape).toBe('single-other');
    expect(cell(old.t3, 'other.subtotal', 'naturalPerson')).toBe(1);
    expect(old.t3['other.other']).toBeUndefined();
  });
  it('a request that cannot be placed is left out and named, not counted as 0 silently', () => {
    const bad = row({ id: 'X', channel: 'online', submittedAt: '2024-03-01' });
    const y = aggregateYear([bad], 2024);
    expect(y.excluded).toEqual(['X']);
    expect(y.findings[0]!.message).toContain('申请「X」未计入2024年度表三');
  });
});

// ——— a generated register against an independent count ———

const DAY = 86_400_000;
const dayOf = (iso: string): number => Date.parse(`${iso}T00:00:00Z`) / DAY;

/**
 * Table 三 and 四 counted another way: each request's state (not yet received / open / concluded) at
 * the end of the day before 1 January and at the end of 31 December, from the facts the generator
 * made it with (not the register's date logic).
 */
function independent(gen: Generated[], year: number): { t3: Map<string, number>; t4: Map<string, number> } {
  const startOfYear = Date.UTC(year, 0, 1) / DAY - 1;
  const endOfYear = Date.UTC(year + 1, 0, 1) / DAY - 1;
  const state = (g: Generated, day: number): 'none' | 'open' | 'done' =>
    g.receivedDay > day ? 'none' : g.concludedDay !== null && g.concludedDay <= day ? 'done' : 'open';
  const t3 = new Map<string, number>();
  const add = (m: Map<string, number>, row: string, col: string): void => {
    for (const c of [col, 'total']) m.set(`${row}|${c}`, (m.get(`${row}|${c}`) ?? 0) + 1);
  };
  for (const g of gen) {
    const [before, after] = [state(g, startOfYear), state(g, endOfYear)];
    const col = g.row.applicantType;
    if (before === 'none' && after !== 'none') add(t3, 'newReceived', col);
    if (before === 'open') add(t3, 'carriedOver', col);
    if (after === 'open') add(t3, 'carriedForward', col);
    if (before !== 'done' && after === 'done') {
      const outcome = year <= 2020 && g.row.outcome!.startsWith('other.') ? 'other.subtotal' : g.row.outcome!;
      add(t3, outcome, col);
      add(t3, 'total', col);
    }
  }
  const t4 = new Map<string, number>();
  for (const g of gen) {
    const cases = [
      { group: 'review', c: g.row.review },
      { group: g.row.litigation?.afterReview ? 'litigationAfterReview' : 'litigationDirect', c: g.row.litigation },
    ];
    for (const { group, c } of cases) {
      if (!c || new Date(dayOf(c.filedDate) * DAY).getUTCFullYear() !== year) continue;
      const decided = c.decidedDate !== null && dayOf(c.decidedDate) <= endOfYear;
      add(t4, group, decided ? c.result! : 'pending');
    }
  }
  return { t3, t4 };
}

/** The report of `year` from the register: the factory's complete report with tables 三, 四 and the fee facts replaced. */
function reportOf(gen: Generated[], year: number): { report: Report; previous: Report } {
  const rows = gen.map((g) => g.row);
  const template = year <= 2020 ? '2019' : '2021';
  const base = makeReport({ template, year });
  const y = aggregateYear(rows, year);
  const report = withRegister(base, y);
  report.narrative.requestsReceived = y.t3['newReceived']!['total']!;
  const previous = withRegister(previousOf(base), aggregateYear(rows, year - 1));
  return { report, previous };
}

describe('a generated register (seeded) yields tables that pass every rule', () => {
  const gen = generateRegister(20241, 700, 2020, 2025);
  const rows = gen.map((g) => g.row);

  it('the generated rows are valid (no errors), so none is left out', () => {
    const errors = checkRegister(rows).findings.filter((f) => f.severity === 'error');
    expect(errors).toEqual([]);
  });

  for (const year of [2020, 2021, 2022, 2023, 2024, 2025]) {
    it(`${year}: every cell of tables 三 and 四 equals the independent count`, () => {
      const y = aggregateYear(rows, year);
      expect(y.excluded).toEqual([]);
      const want = independent(gen, year);
      let nonZero = 0;
      for (const [r, cols] of Object.entries(y.t3))
        for (const [c, v] of Object.entries(cols)) {
          expect({ cell: `${r}|${c}`, v }).toEqual({ cell: `${r}|${c}`, v: want.t3.get(`${r}|${c}`) ?? 0 });
          if (v) nonZero++;
        }
      for (const key of want.t3.keys()) expect(Object.keys(y.t3)).toContain(key.split('|')[0]);
      for (const g of T4_GROUPS)
        for (const [c, v] of Object.entries(y.t4[g.key]!))
          expect({ cell: `${g.key}|${c}`, v }).toEqual({ cell: `${g.key}|${c}`, v: want.t4.get(`${g.key}|${c}`) ?? 0 });
      // the register is not trivially empty in any year
      expect(nonZero).toBeGreaterThan(20);
    });

    it(`${year}: checkReport finds nothing, the previous year's report given`, () => {
      const { report, previous } = reportOf(gen, year);
      expect(checkReport(report, { previous })).toEqual([]);
    });
  }

  it('the fee facts: notices by notice date, money by payment date', () => {
    for (const year of [2022, 2024]) {
      const y = aggregateYear(rows, year);
      const notices = rows.filter((r) => r.fee && new Date(dayOf(r.fee.noticeDate) * DAY).getUTCFullYear() === year);
      expect(y.infoFee.noticeCount).toBe(notices.length);
      expect(y.infoFee.noticeAmount).toBeCloseTo(
        notices.reduce((s, r) => s + r.fee!.amountYuan, 0),
        6,
      );
      const paid = rows.filter((r) => r.fee?.paidDate?.startsWith(String(year)));
      expect(y.infoFee.collectedAmount).toBeCloseTo(
        paid.reduce((s, r) => s + r.fee!.paidAmountYuan!, 0),
        6,
      );
      expect(y.infoFee.noticeCount).toBeGreaterThan(0);
    }
  });

  it('the check is not blind: one changed cell or one wrong carry-over is found', () => {
    const { report, previous } = reportOf(gen, 2024);
    report.tables.t3!['granted']!['commercial']! += 1;
    expect(checkReport(report, { previous }).map((f) => f.rule)).toEqual(expect.arrayContaining(['T3.outcomeSum', 'T3.rowSum', 'T3.cellSuspect']));
    report.tables.t3!['carriedForward']!['total']! += 1;
    expect(checkReport(report, { previous }).map((f) => f.rule)).toContain('T3.balance');
    const other = reportOf(gen, 2024);
    other.previous.tables.t3!['carriedForward']!['naturalPerson']! += 1;
    expect(checkReport(other.report, { previous: other.previous }).map((f) => f.rule)).toContain('X.carryOver');
  });

  it('a draft record from the register alone: the table rules pass, the missing parts are named', () => {
    const draft = draftReport(aggregateYear(rows, 2024), { agency: '测试局' });
    const found = checkReport(draft);
    expect(found.filter((f) => f.rule.startsWith('T3.') || f.rule.startsWith('T4.') || f.rule.startsWith('S6.'))).toEqual([]);
    expect(found.map((f) => f.rule)).toEqual(expect.arrayContaining(['M.section', 'M.table']));
  });
});
