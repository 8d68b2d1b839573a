import { describe, expect, it } from 'vitest';
import { compareReports } from '../../src/analyse/compare.js';
import { record, t3Of, t4Of } from './helpers.js';

const a = record({
  agency: '甲区民政局',
  year: 2023,
  t2: { regulations: { issued: 1, repealed: 0, inForce: 4 } },
  t3: t3Of({ newReceived: [30, 0, 0, 0, 0, 0], granted: [10, 0, 0, 0, 0, 0], 'unable.notHeld': [20, 0, 0, 0, 0, 0], total: [30, 0, 0, 0, 0, 0] }),
  t4: t4Of({ review: [1, 1, 0, 0] }),
});
const b = record({
  agency: '甲区民政局',
  year: 2024,
  t2: { regulations: { issued: 3, repealed: 1, inForce: 6 } },
  t3: t3Of({ newReceived: [36, 4, 0, 0, 0, 0], granted: [30, 4, 0, 0, 0, 0], 'unable.notHeld': [6, 0, 0, 0, 0, 0], total: [36, 4, 0, 0, 0, 0] }),
  t4: t4Of({ review: [2, 0, 0, 0] }),
});

describe('compare two reports', () => {
  it('gives both values and b − a for every cell of the three tables', () => {
    const c = compareReports(a, b);
    const cell = (table: string, row: string, col: string) => c.cells.find((x) => x.table === table && x.row === row && x.col === col)!;
    expect(cell('t3', 'newReceived', 'total')).toMatchObject({ a: 30, b: 40, delta: 10, name: '表三「一、本年新收政府信息公开申请数量」行「总计」列' });
    expect(cell('t3', 'granted', 'commercial')).toMatchObject({ a: 0, b: 4, delta: 4 });
    expect(cell('t2', 'regulations', 'issued')).toMatchObject({ a: 1, b: 3, delta: 2, name: '表二「规章」行「本年制发件数」列' });
    expect(cell('t4', 'review', 'corrected')).toMatchObject({ a: 1, b: 0, delta: -1 });
    // every printed cell of both: 25 rows × 7 columns of table 三, 15 of table 四, 3 of table 二
    expect(c.cells.filter((x) => x.table === 't3')).toHaveLength(175);
    expect(c.cells.filter((x) => x.table === 't4')).toHaveLength(15);
    expect(c.cells.filter((x) => x.table === 't2')).toHaveLength(3);
  });

  it('a cell absent in one report has no difference (null), not a difference from 0', () => {
    const b2 = structuredClone(b);
    b2.tables.t3!['granted']!['total'] = null;
    const x = compareReports(a, b2).cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'total')!;
    expect(x).toMatchObject({ a: 10, b: null, delta: null });
  });

  it('compares every indicator, and gives year-over-year values for the same unit’s next year', () => {
    const c = compareReports(a, b);
    const open = c.indicators.find((i) => i.id === 'openRate')!;
    expect(open.a.value).toBeCloseTo((10 / 30) * 100, 9);
    expect(open.b.value).toBeCloseTo((34 / 40) * 100, 9);
    expect(open.delta).toBeCloseTo((34 / 40) * 100 - (10 / 30) * 100, 9);
    expect(c.consecutive).toBe(true);
    expect(c.yearOverYear.find((v) => v.id === 'yoy.newReceived')!.value).toBeCloseTo(((40 - 30) / 30) * 100, 9);
    // two units, or years apart: no year-over-year
    expect(compareReports(a, { ...b, agency: '乙区民政局' }).yearOverYear).toEqual([]);
    expect(compareReports(a, { ...b, year: 2025 }).consecutive).toBe(false);
  });
});
