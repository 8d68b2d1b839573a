import { describe, expect, it } from 'vitest';
import { deadlineOf, deadlines } from '../../src/register/deadline.js';
import { receiptDay } from '../../src/register/receipt.js';
import { checkRegister } from '../../src/register/check.js';
import { row } from './helpers.js';

const rules = (fs: { rule: string }[]): string[] => fs.map((f) => f.rule);

describe('receipt day per channel (条例第三十一条)', () => {
  it('in person and oral: the day handed in', () => {
    expect(receiptDay(row({ channel: 'inPerson', submittedAt: '2024-03-04' })).date).toBe('2024-03-04');
    expect(receiptDay(row({ channel: 'oral', submittedAt: '2024-03-05' })).from).toBe('submittedAt');
  });
  it('registered post: the day the agency signs, not the day posted', () => {
    const r = receiptDay(row({ channel: 'postSigned', submittedAt: '2024-03-01', signedAt: '2024-03-06' }));
    expect(r).toMatchObject({ date: '2024-03-06', from: 'signedAt' });
  });
  it('ordinary post, online, fax, e-mail: the day receipt is confirmed', () => {
    for (const channel of ['postOrdinary', 'online', 'fax', 'email'] as const) {
      const r = receiptDay(row({ channel, submittedAt: '2024-03-01', confirmedAt: '2024-03-07' }));
      expect(r.date).toBe('2024-03-07');
    }
  });
  it('online without a confirmation: no receipt day, an error naming the column', () => {
    const r = receiptDay(row({ channel: 'online', submittedAt: '2024-03-01' }));
    expect(r.date).toBeNull();
    expect(r.findings[0]).toMatchObject({ rule: 'R.receivedMissing', severity: 'error', field: 'confirmedAt' });
    expect(r.findings[0]!.message).toContain('「确认收到日期」');
  });
  it('an entered receipt day: used for channel 其他; a warning where the channel date is missing or differs', () => {
    expect(receiptDay(row({ channel: 'other', receivedDate: '2024-03-08' }))).toMatchObject({ date: '2024-03-08', findings: [] });
    const fax = receiptDay(row({ channel: 'fax', receivedDate: '2024-03-08' }));
    expect(fax.date).toBe('2024-03-08');
    expect(rules(fax.findings)).toEqual(['R.receiptBasis']);
    const differs = receiptDay(row({ channel: 'postSigned', signedAt: '2024-03-06', receivedDate: '2024-03-05' }));
    expect(differs.date).toBe('2024-03-06');
    expect(rules(differs.findings)).toEqual(['R.receivedDate']);
  });
  it('the receipt day moves the deadline: a letter signed for later is due later', () => {
    const posted = deadlineOf(row({ channel: 'postSigned', submittedAt: '2024-09-20', signedAt: '2024-09-23' }));
    expect(posted.due).toBe('2024-10-24');
  });
});

describe('reply deadline: 20 working days (条例第三十三条)', () => {
  it('across 春节 2025 with the 调休 Sunday and Saturday worked', () => {
    const d = deadlineOf(row({ submittedAt: '2025-01-20' }));
    expect(d.due).toBe('2025-02-21');
    // strict reading: the receipt day (a working Monday) is day 1
    expect(d.dueStrict).toBe('2025-02-20');
    expect(d.status).toBe('open');
  });
  it('across 国庆 2025 (10.1–10.8 off, 9.28 and 10.11 worked)', () => {
    expect(deadlineOf(row({ submittedAt: '2025-09-26' })).due).toBe('2025-10-30');
  });
  it('received on a holiday: strict and lenient agree', () => {
    const d = deadlineOf(row({ submittedAt: '2024-10-03' }));
    expect(d.due).toBe(d.dueStrict);
    // 10.8–10.11 (4), Sat 10.12 (5), 10.14–10.18 (10), 10.21–10.25 (15), 10.28–11.1 (20)
    expect(d.due).toBe('2024-11-01');
  });
  it('a reply after the deadline is late; on the deadline it is not', () => {
    const late = deadlineOf(row({ submittedAt: '2025-01-20', outcome: 'granted', replyDate: '2025-02-24' }));
    expect(late.late).toBe(true);
    expect(late.findings.find((f) => f.rule === 'R.lateReply')!.message).toContain('2025年2月21日');
    const onTime = deadlineOf(row({ submittedAt: '2025-01-20', outcome: 'granted', replyDate: '2025-02-21' }));
    expect(onTime.late).toBe(false);
    expect(onTime.lateStrict).toBe(true);
    expect(rules(onTime.findings)).not.toContain('R.lateReply');
  });
});

describe('补正 restarts the period (条例第三十条)', () => {
  const base = { submittedAt: '2024-03-04', correctionNoticeDate: '2024-03-06', correctionDueDate: '2024-03-21' };
  it('from the day the corrected request is received, not paused', () => {
    const d = deadlineOf(row({ ...base, correctionReceivedDate: '2024-03-20' }));
    expect(d.restarted).toBe(true);
    expect(d.start).toBe('2024-03-20');
    // 3.21–3.22 (2), 3.25–3.29 (7), 4.1–4.3 (10), 4.4–4.6 清明 off, Sun 4.7 worked (11), 4.8–4.12 (16), 4.15–4.18 (20)
    expect(d.due).toBe('2024-04-18');
    // a pause would have given 20 − 2 days before the notice… the original deadline without 补正 is 4.1
    expect(deadlineOf(row({ submittedAt: '2024-03-04' })).due).toBe('2024-04-01');
  });
  it('while waiting for the 补正 there is no deadline; after the period, a hint to close it', () => {
    const d = deadlineOf(row(base), { asOf: '2024-03-25' });
    expect(d.status).toBe('awaitingCorrection');
    expect(d.due).toBeNull();
    expect(rules(d.findings)).toContain('R.correctionOverdue');
  });
  it('the notice within 7 working days of receipt', () => {
    // 3.5–3.8 (4), 3.11–3.13 (7): the last day is 3.13
    expect(rules(deadlineOf(row({ ...base, correctionNoticeDate: '2024-03-13', correctionReceivedDate: '2024-03-20' })).findings)).not.toContain(
      'R.correctionLate',
    );
    expect(rules(deadlineOf(row({ ...base, correctionNoticeDate: '2024-03-14', correctionReceivedDate: '2024-03-20' })).findings)).toContain(
      'R.correctionLate',
    );
  });
  it('deemed withdrawn: concluded the day after the 补正 period', () => {
    const d = deadlineOf(row({ ...base, outcome: 'other.overdueCorrection' }));
    expect(d.concluded).toBe('2024-03-22');
    expect(d.late).toBeNull();
  });
});

describe('extension (条例第三十三条第二款)', () => {
  it('adds up to 20 working days', () => {
    const d = deadlineOf(row({ submittedAt: '2025-09-26', extension: { days: 20, approvedDate: '2025-10-20', noticeDate: '2025-10-21' } }));
    expect(d.workdays).toBe(40);
    // from 10.30 (20): 10.31 (21), 11.3–11.7 (26), 11.10–11.14 (31), 11.17–11.21 (36), 11.24–11.27 (40)
    expect(d.due).toBe('2025-11-27');
    expect(d.findings).toEqual([]);
  });
  it('more than 20 days is refused by the schema', () => {
    expect(() => row({ submittedAt: '2025-09-26', extension: { days: 21 } })).toThrow();
  });
  it('without approval or notice, or notified after the original deadline: warnings', () => {
    expect(rules(deadlineOf(row({ submittedAt: '2025-09-26', extension: { days: 10 } })).findings)).toContain('R.extension');
    const lateNotice = deadlineOf(row({ submittedAt: '2025-09-26', extension: { days: 10, approvedDate: '2025-10-28', noticeDate: '2025-10-31' } }));
    expect(lateNotice.findings.map((f) => f.message).join()).toContain('晚于原答复期限2025年10月30日');
  });
});

describe('consultations: time not counted (条例第三十二条、第三十四条)', () => {
  it('the working days from the day after the request for an opinion to the day it came back', () => {
    const d = deadlineOf(row({ submittedAt: '2024-03-04', consultations: [{ kind: 'thirdParty', from: '2024-03-11', to: '2024-03-15' }] }));
    expect(d.pausedWorkdays).toBe(4);
    // 3.5–3.8 (4), 3.11 (5), 3.12–3.15 paused, 3.18–3.22 (10), 3.25–3.29 (15), 4.1–4.3 (18), Sun 4.7 (19), 4.8 (20)
    expect(d.due).toBe('2024-04-08');
  });
  it('overlapping consultations are not counted twice', () => {
    const d = deadlineOf(
      row({
        submittedAt: '2024-03-04',
        consultations: [
          { kind: 'thirdParty', from: '2024-03-11', to: '2024-03-15' },
          { kind: 'otherAgency', from: '2024-03-12', to: '2024-03-14' },
        ],
      }),
    );
    expect(d.due).toBe('2024-04-08');
  });
  it('at most the 15 working days the law gives the opinion; longer is a warning', () => {
    const d = deadlineOf(row({ submittedAt: '2024-05-06', consultations: [{ kind: 'thirdParty', from: '2024-05-07', to: '2024-06-28' }] }));
    expect(d.pausedWorkdays).toBe(15);
    expect(rules(d.findings)).toContain('R.consultation');
    const open = deadlineOf(row({ submittedAt: '2024-05-06', consultations: [{ kind: 'otherAgency', from: '2024-05-07', to: null }] }), { asOf: '2024-06-20' });
    expect(open.pausedWorkdays).toBe(15);
    expect(open.due).toBe(d.due);
    expect(open.findings.find((f) => f.rule === 'R.consultation')!.message).toContain('视为同意');
  });
});

describe('flags on a day: overdue, due this week', () => {
  const r = row({ submittedAt: '2025-01-20' }); // due 2025-02-21, a Friday
  it('due this week', () => {
    const d = deadlineOf(r, { asOf: '2025-02-17' });
    expect(d).toMatchObject({ dueThisWeek: true, overdue: false });
  });
  it('overdue the day after', () => {
    expect(deadlineOf(r, { asOf: '2025-02-22' })).toMatchObject({ dueThisWeek: false, overdue: true });
  });
  it('neither the week before, nor once replied', () => {
    expect(deadlineOf(r, { asOf: '2025-02-14' })).toMatchObject({ dueThisWeek: false, overdue: false });
    const replied = row({ submittedAt: '2025-01-20', outcome: 'granted', replyDate: '2025-02-10' });
    expect(deadlineOf(replied, { asOf: '2025-03-01' })).toMatchObject({ overdue: false, late: false, status: 'concluded' });
  });
});

describe('fee notice in the period (国办函〔2020〕109号)', () => {
  it('payment within 20 working days of the day after the notice is received; the pause is said to be unverified', () => {
    const d = deadlineOf(
      row({
        submittedAt: '2024-03-04',
        fee: { method: 'perRequest', noticeDate: '2024-03-11', noticeReceivedDate: '2024-03-12', amountYuan: 100, paidDate: '2024-04-12', paidAmountYuan: 100 },
      }),
    );
    // last day to pay: 20 working days after 3.12 = 4.10 (清明 4.4–4.6 off, Sun 4.7 worked)
    expect(d.findings.find((f) => f.rule === 'R.feePaidLate')!.message).toContain('2024年4月10日');
    expect(rules(d.findings)).toContain('R.feePause');
    expect(d.pausedWorkdays).toBeGreaterThan(0);
  });
});

describe('years the holiday data does not cover', () => {
  it('a finding naming the year and the requests, dates marked provisional', () => {
    const rs = [row({ id: 'Y-1', submittedAt: '2026-12-20' }), row({ id: 'Y-2', submittedAt: '2024-03-04' })];
    const out = deadlines(rs);
    expect(out.rows[0]!.provisional).toBe(true);
    expect(out.rows[1]!.provisional).toBe(false);
    const f = out.findings.filter((x) => x.rule === 'R.calendarCoverage');
    expect(f).toHaveLength(1);
    expect(f[0]!.message).toContain('2027年');
    expect(f[0]!.message).toContain('「Y-1」');
    expect(checkRegister(rs).findings.some((x) => x.rule === 'R.calendarCoverage')).toBe(true);
  });
});
