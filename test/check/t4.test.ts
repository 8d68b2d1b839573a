import { describe, expect, it } from 'vitest';
import { t4Domain } from '../../src/check/rules/t4-domain.js';
import { t4GroupSum } from '../../src/check/rules/t4-group-sum.js';
import { cellOf, makeReport, run } from './factory.js';

describe('T4.groupSum', () => {
  it('is silent when each group adds up', () => {
    expect(run(t4GroupSum, makeReport())).toEqual([]);
  });

  it('reports the group whose 总计 is off, at its 总计 cell', () => {
    const r = makeReport({ t4: { review: { total: 3 } } });
    const fs = run(t4GroupSum, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'T4.groupSum', severity: 'error', table: 't4', row: 'review', col: 'total', actual: 3, expected: 2 });
    expect(fs[0]!.message).toContain('表四「行政复议」的「总计」列为3');
    expect(fs[0]!.line).toBe(cellOf(r, 't4', 'review', 'total').line);
  });

  it('names the litigation groups with their parent header', () => {
    const fs = run(t4GroupSum, makeReport({ t4: { litigationAfterReview: { pending: 1 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ row: 'litigationAfterReview', col: 'total', actual: 0, expected: 1 });
    expect(fs[0]!.message).toContain('表四「行政诉讼-复议后起诉」的「总计」列');
  });

  it('skips a group with a missing cell', () => {
    expect(run(t4GroupSum, makeReport({ t4: { review: { upheld: null, total: 9 } } }))).toEqual([]);
  });
});

describe('T4.domain', () => {
  it('accepts non-negative integers', () => {
    expect(run(t4Domain, makeReport())).toEqual([]);
  });

  it('reports negative and fractional case counts', () => {
    const fs = run(t4Domain, makeReport({ t4: { litigationDirect: { corrected: -1 }, review: { pending: 0.5 } } }));
    expect(fs).toHaveLength(2);
    const neg = fs.find((f) => f.row === 'litigationDirect')!;
    expect(neg).toMatchObject({ rule: 'T4.domain', severity: 'error', table: 't4', col: 'corrected', actual: -1 });
    expect(neg.message).toContain('表四「行政诉讼-未经复议直接起诉」的「结果纠正」列为-1');
  });
});
