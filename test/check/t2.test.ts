import { describe, expect, it } from 'vitest';
import { t2Domain } from '../../src/check/rules/t2-domain.js';
import { decimalsOf, t2FeePrecision } from '../../src/check/rules/t2-fee-precision.js';
import { t2IssuedVsInForce } from '../../src/check/rules/t2-issued-vs-in-force.js';
import { t2PublishedVsTotal } from '../../src/check/rules/t2-published-vs-total.js';
import { cellOf, makeReport, run, setCell } from './factory.js';

describe('T2.domain', () => {
  it('accepts both templates as built (2019 本年增/减 may be negative)', () => {
    expect(run(t2Domain, makeReport())).toEqual([]);
    const r19 = makeReport({ template: '2019' });
    expect(r19.tables.t2!['licensing']!['yearChange']).toBe(-2);
    expect(run(t2Domain, r19)).toEqual([]);
  });

  it('2021: a fractional count and a negative fee are errors; a fractional fee is not', () => {
    const r = makeReport({ t2: { normativeDocuments: { issued: 2.5 }, fees: { feesWan: -1 } } });
    const fs = run(t2Domain, r);
    expect(fs).toHaveLength(2);
    expect(fs[0]).toMatchObject({
      rule: 'T2.domain',
      severity: 'error',
      table: 't2',
      row: 'normativeDocuments',
      col: 'issued',
      actual: 2.5,
      expected: '非负整数',
    });
    expect(fs[0]!.message).toContain('表二「行政规范性文件」行「本年制发件数」列为2.5');
    expect(fs[1]).toMatchObject({ row: 'fees', col: 'feesWan', actual: -1 });
    expect(fs[1]!.message).toContain('表二「行政事业性收费」行「本年收费金额（单位：万元）」列');
    expect(run(t2Domain, makeReport({ t2: { fees: { feesWan: 0.5 } } }))).toEqual([]);
  });

  it('2019: 本年增/减 must be an integer, 采购总金额 must not be negative', () => {
    const fs = run(t2Domain, makeReport({ template: '2019', t2: { licensing: { yearChange: 1.5 }, procurement: { amount: -5 }, penalty: { decisions: -1 } } }));
    expect(fs.map((f) => `${f.row}.${f.col}`).sort()).toEqual(['licensing.yearChange', 'penalty.decisions', 'procurement.amount']);
    expect(fs.find((f) => f.col === 'yearChange')!.message).toContain('表二「行政许可」行「本年增/减」列为1.5，应为整数');
  });
});

describe('T2.feePrecision', () => {
  it('counts decimals as written', () => {
    expect(decimalsOf('143.2062')).toBe(4);
    expect(decimalsOf('1,143.20620')).toBe(5);
    expect(decimalsOf('0')).toBe(0);
  });

  it('accepts up to 4 decimals', () => {
    const r = makeReport();
    setCell(r, 't2', 'fees', 'feesWan', 143.2062, '143.2062');
    expect(run(t2FeePrecision, r)).toEqual([]);
  });

  it('warns above 4 decimals, from the raw token (12.50000 has the value 12.5)', () => {
    const r = makeReport();
    setCell(r, 't2', 'fees', 'feesWan', 12.5, '12.50000');
    const fs = run(t2FeePrecision, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T2.feePrecision', severity: 'warning', table: 't2', row: 'fees', col: 'feesWan', actual: 5, expected: 4 });
    expect(fs[0]!.message).toContain('表二「行政事业性收费」行「本年收费金额（单位：万元）」列写作12.50000');
    expect(fs[0]!.span).toEqual(cellOf(r, 't2', 'fees', 'feesWan').span);
  });

  it('stays silent on a missing fee cell', () => {
    expect(run(t2FeePrecision, makeReport({ t2: { fees: { feesWan: null } } }))).toEqual([]);
  });
});

describe('T2.issuedVsInForce', () => {
  it('is silent when issued ≤ in force + repealed', () => {
    expect(run(t2IssuedVsInForce, makeReport())).toEqual([]);
  });

  it('warns when more documents were issued than are in force or repealed', () => {
    const fs = run(t2IssuedVsInForce, makeReport({ t2: { normativeDocuments: { issued: 50 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: 'T2.issuedVsInForce',
      severity: 'warning',
      table: 't2',
      row: 'normativeDocuments',
      col: 'issued',
      actual: 50,
      expected: 42,
    });
    expect(fs[0]!.message).toContain('表二「行政规范性文件」行「本年制发件数」列为50');
  });

  it('does not apply to the 2019 template', () => {
    expect(run(t2IssuedVsInForce, makeReport({ template: '2019' }))).toEqual([]);
  });
});

describe('T2.publishedVsTotal', () => {
  it('is silent when newly published ≤ total published', () => {
    expect(run(t2PublishedVsTotal, makeReport({ template: '2019' }))).toEqual([]);
  });

  it('warns when more were newly published than are published in total', () => {
    const fs = run(t2PublishedVsTotal, makeReport({ template: '2019', t2: { regulations: { newlyPublished: 11 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: 'T2.publishedVsTotal',
      severity: 'warning',
      table: 't2',
      row: 'regulations',
      col: 'newlyPublished',
      actual: 11,
      expected: 10,
    });
    expect(fs[0]!.message).toContain('表二「规章」行「本年新公开数量」列为11');
  });

  it('does not apply to the 2021 template', () => {
    expect(run(t2PublishedVsTotal, makeReport())).toEqual([]);
  });
});
