import { describe, expect, it } from 'vitest';
import { s4VsS3 } from '../../src/check/rules/s4-vs-s3.js';
import { s6FeeConsistency } from '../../src/check/rules/s6-fee-consistency.js';
import { s6FeePresent } from '../../src/check/rules/s6-fee-present.js';
import { s6FeeVsTable3 } from '../../src/check/rules/s6-fee-vs-table3.js';
import { cellOf, makeReport, previousOf, run } from './factory.js';

describe('S6.feePresent', () => {
  it('is silent when all three fee facts are stated', () => {
    expect(run(s6FeePresent, makeReport())).toEqual([]);
  });

  it('names the missing facts when only 未收取 is said (partial)', () => {
    const r = makeReport({ narrative: { infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: 0, compliance: 'partial' } } });
    const fs = run(s6FeePresent, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'S6.feePresent', severity: 'warning', actual: 1, expected: 3, line: 600 });
    expect(fs[0]!.message).toContain('「六、其他需要报告的事项」');
    expect(fs[0]!.message).toContain('未写明发出收费通知的件数、收费通知的总金额');
    expect(fs[0]!.message).not.toContain('未写明发出收费通知的件数、收费通知的总金额、实际收取的总金额');
    expect(fs[0]!.table).toBeUndefined();
  });

  it('names all three when none is stated (absent)', () => {
    const r = makeReport({ narrative: { infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: null, compliance: 'absent' } } });
    const fs = run(s6FeePresent, r);
    expect(fs[0]!.message).toContain('未写明发出收费通知的件数、收费通知的总金额、实际收取的总金额');
    expect(fs[0]!.actual).toBe(0);
  });

  it('does not apply to 2019-template reports', () => {
    const r = makeReport({ template: '2019', narrative: { infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: null } } });
    expect(run(s6FeePresent, r)).toEqual([]);
  });

  it('leaves a missing section 六 to M.section (one finding for one gap)', () => {
    const r = makeReport({ narrative: { infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: null } } });
    r.sections[5]!.heading = null;
    expect(run(s6FeePresent, r)).toEqual([]);
  });
});

describe('S6.feeConsistency', () => {
  it('is silent on consistent facts, and on unstated ones', () => {
    expect(run(s6FeeConsistency, makeReport())).toEqual([]);
    expect(run(s6FeeConsistency, makeReport({ narrative: { infoFee: { noticeCount: 0, noticeAmount: null, collectedAmount: 0 } } }))).toEqual([]);
  });

  it('warns when no notice was issued but the notices total an amount', () => {
    const fs = run(s6FeeConsistency, makeReport({ narrative: { infoFee: { noticeCount: 0, noticeAmount: 50, collectedAmount: 0 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'S6.feeConsistency', severity: 'warning', actual: 50, expected: 0, line: 900 });
    expect(fs[0]!.message).toContain('「六、其他需要报告的事项」称发出收费通知0件，但收费通知总金额为50元');
  });

  it('warns when more was collected than the notices asked for', () => {
    const fs = run(s6FeeConsistency, makeReport({ narrative: { infoFee: { collectedAmount: 200 } } }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ actual: 200, expected: 100, line: 901 });
    expect(fs[0]!.message).toContain('实际收取的信息处理费总金额(200元)大于收费通知总金额(100元)');
  });
});

describe('S6.feeVsTable3', () => {
  it('is silent when requests dropped for non-payment ≤ notices issued', () => {
    expect(run(s6FeeVsTable3, makeReport({ t3: { 'other.overdueFee': { total: 1 } } }))).toEqual([]);
  });

  it('warns when more requests were dropped for non-payment than notices were issued', () => {
    const r = makeReport({ t3: { 'other.overdueFee': { total: 2 } }, narrative: { infoFee: { noticeCount: 1 } } });
    const fs = run(s6FeeVsTable3, r);
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'S6.feeVsTable3', severity: 'warning', table: 't3', row: 'other.overdueFee', col: 'total', actual: 2, expected: 1 });
    expect(fs[0]!.message).toContain('表三「其他处理-申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请」行「总计」列为2');
    expect(fs[0]!.note).toContain('上年');
    expect(fs[0]!.span).toEqual(cellOf(r, 't3', 'other.overdueFee', 'total').span);
  });

  it("counts last year's notices when last year's report is given", () => {
    const r = makeReport({ t3: { 'other.overdueFee': { total: 2 } } });
    const prev = previousOf(r);
    expect(run(s6FeeVsTable3, r, prev)).toEqual([]);
    prev.narrative.infoFee.noticeCount = 0;
    const fs = run(s6FeeVsTable3, r, prev);
    expect(fs).toHaveLength(1);
    expect(fs[0]!.note).toBeUndefined();
  });

  it('stays silent when the notice count is not stated or the cell is missing', () => {
    expect(run(s6FeeVsTable3, makeReport({ t3: { 'other.overdueFee': { total: 2 } }, narrative: { infoFee: { noticeCount: null } } }))).toEqual([]);
    expect(run(s6FeeVsTable3, makeReport({ t3: { 'other.overdueFee': { total: null } }, narrative: { infoFee: { noticeCount: 0 } } }))).toEqual([]);
  });
});

describe('S4.vsS3', () => {
  const noRequests = { newReceived: { total: 0 }, carriedOver: { total: 0 } };

  it('is silent when requests exist, or when there are no cases', () => {
    expect(run(s4VsS3, makeReport())).toEqual([]);
    const r = makeReport({ t3: noRequests, t4: { review: { total: 0 }, litigationDirect: { total: 0 } } });
    expect(run(s4VsS3, r)).toEqual([]);
  });

  it('notes cases without any request this year (info)', () => {
    const fs = run(s4VsS3, makeReport({ t3: noRequests }));
    expect(fs).toHaveLength(1);
    expect(fs[0]).toMatchObject({ rule: 'S4.vsS3', severity: 'info', table: 't4', actual: 3, expected: 0 });
    expect(fs[0]!.message).toContain('表四行政复议、行政诉讼案件合计3件');
    expect(fs[0]!.col).toBeUndefined();
  });

  it("is silent when last year's report shows requests the cases can stem from", () => {
    const r = makeReport({ t3: noRequests });
    expect(run(s4VsS3, r, previousOf(r))).toEqual([]);
  });
});
