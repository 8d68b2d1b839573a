import { describe, expect, it } from 'vitest';
import { xCarryOver } from '../../src/check/rules/x-carry-over.js';
import { xInForceRoll } from '../../src/check/rules/x-in-force-roll.js';
import { makeReport, previousOf, run, setCell } from './factory.js';

describe('X.carryOver', () => {
  it("is silent when 上年结转 equals last year's 结转下年度", () => {
    const r = makeReport();
    expect(run(xCarryOver, r, previousOf(r))).toEqual([]);
  });

  it('warns per column that differs, at this year’s 上年结转 cell', () => {
    const r = makeReport();
    const prev = previousOf(r);
    setCell(prev, 't3', 'carriedForward', 'naturalPerson', 5);
    const fs = run(xCarryOver, r, prev);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'X.carryOver', severity: 'warning', table: 't3', row: 'carriedOver', col: 'naturalPerson', actual: 2, expected: 5 });
    expect(fs[0]!.message).toContain('表三「二、上年结转政府信息公开申请数量」行「自然人」列为2，但2023年度报告');
  });

  it('is silent without a previous report, or when the years are not consecutive', () => {
    const r = makeReport();
    const prev = previousOf(r);
    setCell(prev, 't3', 'carriedForward', 'naturalPerson', 5);
    expect(run(xCarryOver, r, null)).toEqual([]);
    prev.year = 2022;
    expect(run(xCarryOver, r, prev)).toEqual([]);
  });

  it('holds across the 2020 → 2021 switch of formats', () => {
    const r = makeReport({ year: 2021 });
    const prev = makeReport({ template: '2019', year: 2020 });
    const fs = run(xCarryOver, r, prev);
    // This year's 上年结转 is [2,0,0,0,0,0 | 2]; the 2019-format defaults carry forward [1,1,0,0,0,0 | 2].
    expect(fs.map((f) => f.col)).toEqual(['naturalPerson', 'commercial']);
  });
});

describe('X.inForceRoll', () => {
  it("is silent when 现行有效 = last year's + issued − repealed", () => {
    const r = makeReport();
    expect(run(xInForceRoll, r, previousOf(r))).toEqual([]);
  });

  it('notes a difference (info), at this year’s 现行有效 cell', () => {
    const r = makeReport();
    const prev = previousOf(r);
    setCell(prev, 't2', 'normativeDocuments', 'inForce', 30);
    const fs = run(xInForceRoll, r, prev);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'X.inForceRoll', severity: 'info', table: 't2', row: 'normativeDocuments', col: 'inForce', actual: 40, expected: 33 });
    expect(fs[0]!.message).toContain('表二「行政规范性文件」行「现行有效件数」列为40');
  });

  it('does not apply to the 2019 format or without last year', () => {
    const r = makeReport();
    expect(run(xInForceRoll, r, null)).toEqual([]);
    const r19 = makeReport({ template: '2019', year: 2020 });
    expect(run(xInForceRoll, r19, makeReport({ template: '2019', year: 2019 }))).toEqual([]);
  });
});
