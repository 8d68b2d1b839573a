import { describe, expect, it } from 'vitest';
import { nNoRequests } from '../../src/check/rules/n-no-requests.js';
import { nRequests } from '../../src/check/rules/n-requests.js';
import { nReview } from '../../src/check/rules/n-review.js';
import { makeReport, run } from './factory.js';

describe('N.requests', () => {
  it('accepts the new requests, or new plus carried over', () => {
    expect(run(nRequests, makeReport({ narrative: { requestsReceived: 14 } }))).toEqual([]);
    expect(run(nRequests, makeReport({ narrative: { requestsReceived: 16 } }))).toEqual([]);
  });

  it('warns when section 一 states another number, pointing at the sentence', () => {
    const fs = run(nRequests, makeReport({ narrative: { requestsReceived: 20 } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({
      rule: 'N.requests',
      severity: 'warning',
      table: 't3',
      row: 'newReceived',
      col: 'total',
      actual: 20,
      expected: 14,
      span: [20, 22],
      line: 3,
    });
    expect(fs[0]!.message).toContain('「一、总体情况」称收到政府信息公开申请20件');
    expect(fs[0]!.message).toContain('表三「一、本年新收政府信息公开申请数量」行「总计」列为14');
  });

  it('stays silent when either number is unknown', () => {
    expect(run(nRequests, makeReport({ narrative: { requestsReceived: null } }))).toEqual([]);
    expect(run(nRequests, makeReport({ narrative: { requestsReceived: 20 }, t3: { newReceived: { total: null } } }))).toEqual([]);
  });
});

describe('N.noRequests', () => {
  it('is silent when no requests are said and none are counted', () => {
    expect(run(nNoRequests, makeReport({ narrative: { noRequests: true }, t3: { newReceived: { total: 0 } } }))).toEqual([]);
    expect(run(nNoRequests, makeReport())).toEqual([]);
  });

  it('warns when section 一 says none but table 三 counts new requests', () => {
    const fs = run(nNoRequests, makeReport({ narrative: { noRequests: true } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'N.noRequests', severity: 'warning', table: 't3', row: 'newReceived', col: 'total', actual: 14, expected: 0, line: 4 });
    expect(fs[0]!.message).toContain('称未收到政府信息公开申请，但表三「一、本年新收政府信息公开申请数量」行「总计」列为14');
  });
});

describe('N.review', () => {
  const none = { review: { total: 0 }, litigationDirect: { total: 0 } };

  it('is silent when table 四 has no cases, or when the text says nothing', () => {
    expect(run(nReview, makeReport({ narrative: { noReviewOrLitigation: true }, t4: none }))).toEqual([]);
    expect(run(nReview, makeReport())).toEqual([]);
  });

  it('warns, naming the one group with cases', () => {
    const fs = run(nReview, makeReport({ narrative: { noReviewOrLitigation: true }, t4: { litigationDirect: { total: 0 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'N.review', severity: 'warning', table: 't4', row: 'review', col: 'total', actual: 2, expected: 0, line: 5 });
    expect(fs[0]!.message).toContain('正文称未发生行政复议或行政诉讼，但表四「行政复议」的「总计」列为2');
  });

  it('lists several groups in one finding without naming a single cell', () => {
    const fs = run(nReview, makeReport({ narrative: { noReviewOrLitigation: true } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]!.row).toBeUndefined();
    expect(fs[0]!.message).toContain('表四「行政诉讼-未经复议直接起诉」的「总计」列为1');
    expect(fs[0]!.actual).toBe(3);
  });
});
