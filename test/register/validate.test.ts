import { describe, expect, it } from 'vitest';
import { CHINA } from '../../src/register/calendar.js';
import { checkRegister } from '../../src/register/check.js';
import { registerRowSchema } from '../../src/register/row.js';
import { registerProblems, rowProblems } from '../../src/register/validate.js';
import { row } from './helpers.js';

const errors = (r: ReturnType<typeof row>): string[] =>
  rowProblems(r, CHINA)
    .filter((p) => p.severity === 'error')
    .map((p) => p.field);

describe('row invariants (spec §9)', () => {
  it('a plain valid row has no problem', () => {
    expect(rowProblems(row({ submittedAt: '2024-03-04', outcome: 'granted', replyDate: '2024-03-20' }), CHINA)).toEqual([]);
  });
  it('the schema is strict: unknown keys, bad dates, out-of-range dates, unknown outcomes are refused', () => {
    expect(registerRowSchema.safeParse({ ...row(), colour: 'red' }).success).toBe(false);
    expect(registerRowSchema.safeParse({ ...row(), submittedAt: '2024-02-30' }).success).toBe(false);
    expect(registerRowSchema.safeParse({ ...row(), submittedAt: '1900-01-05' }).success).toBe(false);
    expect(registerRowSchema.safeParse({ ...row(), outcome: 'denied.other' }).success).toBe(false);
    expect(registerRowSchema.safeParse({ ...row(), outcome: 'other.subtotal' }).success).toBe(false);
  });
  it('absent facts are null, never 0', () => {
    const r = row({ submittedAt: '2024-03-04', fee: { method: 'perRequest', noticeDate: '2024-03-10', amountYuan: 100 } });
    expect(r.fee!.paidAmountYuan).toBeNull();
    expect(r.replyDate).toBeNull();
    expect(r.extension).toBeNull();
  });
  it('an outcome needs its date, a reply date needs an outcome', () => {
    expect(errors(row({ submittedAt: '2024-03-04', outcome: 'granted' }))).toEqual(['replyDate']);
    expect(errors(row({ submittedAt: '2024-03-04', replyDate: '2024-03-20' }))).toEqual(['outcome']);
  });
  it('outcomes that need a 补正 or a fee notice', () => {
    expect(errors(row({ submittedAt: '2024-03-04', outcome: 'unable.unclear', replyDate: '2024-03-20' }))).toEqual(['correctionReceivedDate']);
    expect(errors(row({ submittedAt: '2024-03-04', outcome: 'other.overdueCorrection', replyDate: '2024-03-20' }))).toEqual(['correctionNoticeDate']);
    expect(
      errors(
        row({
          submittedAt: '2024-03-04',
          outcome: 'other.overdueFee',
          fee: { method: 'perRequest', noticeDate: '2024-03-10', amountYuan: 100, paidDate: '2024-03-12', paidAmountYuan: 100 },
        }),
      ),
    ).toEqual(['fee.paidDate']);
    // deemed withdrawn without a reply: the 补正 period decides the date
    expect(
      errors(row({ submittedAt: '2024-03-04', correctionNoticeDate: '2024-03-06', correctionDueDate: '2024-03-20', outcome: 'other.overdueCorrection' })),
    ).toEqual([]);
  });
  it('facts given by halves and dates out of order', () => {
    expect(errors(row({ submittedAt: '2024-03-04', fee: { method: 'perPage', noticeDate: '2024-03-10', amountYuan: 100, paidDate: '2024-03-12' } }))).toEqual([
      'fee.pages',
      'fee.paidAmountYuan',
    ]);
    expect(errors(row({ submittedAt: '2024-03-04', review: { filedDate: '2024-05-01', result: 'upheld' } }))).toEqual(['review.decidedDate']);
    expect(errors(row({ submittedAt: '2024-03-04', litigation: { afterReview: true, filedDate: '2024-05-01' } }))).toEqual(['litigation.afterReview']);
    expect(errors(row({ submittedAt: '2024-03-04', consultations: [{ kind: 'thirdParty', from: '2024-03-10', to: '2024-03-08' }] }))).toEqual([
      'consultations.thirdParty',
    ]);
    expect(errors(row({ channel: 'postSigned', submittedAt: '2024-03-04', signedAt: '2024-03-01' }))).toEqual(['signedAt']);
  });
});

describe('across rows', () => {
  it('duplicate ids; split items of one request that disagree', () => {
    const rs = [
      row({ id: 'S-1', submittedAt: '2024-03-04', splitFrom: 'S' }),
      row({ id: 'S-2', submittedAt: '2024-03-04', splitFrom: 'S' }),
      row({ id: 'S-3', submittedAt: '2024-03-05', splitFrom: 'S', applicantKey: 'other' }),
      row({ id: 'S-1', submittedAt: '2024-03-04' }),
    ];
    const ps = registerProblems(rs);
    expect(ps.map((p) => [p.index, p.problem.rule])).toEqual([
      [3, 'R.duplicateId'],
      [2, 'R.split'],
    ]);
    expect(ps[1]!.problem.reason).toContain('申请人标识、收到申请之日');
  });
  it('checkRegister: errors first, each naming the request and the column', () => {
    const out = checkRegister(
      [row({ id: 'K-1', submittedAt: '2024-03-04', outcome: 'granted', replyDate: '2024-05-06' }), row({ id: 'K-2', channel: 'fax' })],
      {
        asOf: '2024-06-01',
      },
    );
    expect(out.findings[0]).toMatchObject({ rule: 'R.receivedMissing', severity: 'error', id: 'K-2' });
    expect(out.findings[0]!.message).toBe('申请「K-2」的「确认收到日期」：「传真」渠道的申请须填写此日期，才能确定收到申请之日（条例第三十一条）');
    expect(out.findings.map((f) => f.rule)).toContain('R.lateReply');
    expect(out.deadlines.map((d) => d.status)).toEqual(['concluded', 'unknown']);
  });
});
