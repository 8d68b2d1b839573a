/**
 * A register of generated requests (seeded), valid row by row, with the facts each request was
 * made with — in particular the day it was concluded — so that tests can count independently of
 * the register's own date logic.
 */
import { Rng } from '../../src/synth/rng.js';
import { APPLICANT_TYPES, OUTCOMES, registerRowSchema, type RegisterRow, type RegisterRowInput } from '../../src/register/row.js';

export interface Generated {
  row: RegisterRow;
  /** Day number (days since 1970-01-01) of the receipt day, and of the conclusion (null: still open). */
  receivedDay: number;
  concludedDay: number | null;
}

const DAY = 86_400_000;
const iso = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);
const dayOf = (y: number, m: number, d: number): number => Date.UTC(y, m - 1, d) / DAY;

/**
 * `n` requests received between `from` and `to` (years, inclusive), a few still open at `openAfter`.
 * Dates are chosen so every row is valid and fees are paid in the year of their notice.
 */
export function generateRegister(seed: number, n: number, from = 2022, to = 2025): Generated[] {
  const rng = new Rng(seed);
  const first = dayOf(from, 1, 1);
  const last = dayOf(to, 12, 31);
  const applicants = Array.from({ length: Math.max(3, Math.floor(n / 6)) }, (_, i) => ({ key: `A${i}`, type: rng.pick(APPLICANT_TYPES) }));
  const out: Generated[] = [];
  for (let i = 0; i < n; i++) {
    const who = rng.weighted([
      [1, applicants[0]!],
      [3, rng.pick(applicants)],
    ]);
    const received = rng.int(first, last);
    const channel = rng.pick(['inPerson', 'oral', 'postSigned', 'postOrdinary', 'online', 'fax', 'email', 'other'] as const);
    const r: RegisterRowInput = {
      id: `G-${String(i).padStart(4, '0')}`,
      applicantKey: who.key,
      applicantType: who.type,
      channel,
      subject: `申请事项${i}`,
    };
    // The channel's date decides the receipt day; others may precede it.
    if (channel === 'inPerson' || channel === 'oral') r.submittedAt = iso(received);
    else if (channel === 'postSigned') r.signedAt = iso(received);
    else if (channel === 'other') r.receivedDate = iso(received);
    else {
      r.confirmedAt = iso(received);
      if (rng.chance(0.5)) r.submittedAt = iso(received - rng.int(0, 3));
    }
    let start = received;
    let concluded: number | null = null;
    const open = rng.chance(0.08);
    const outcome = rng.weighted<string>([
      [10, 'granted'],
      [4, 'partial'],
      [6, rng.pick(OUTCOMES.filter((o) => o.startsWith('denied.')))],
      [6, rng.pick(OUTCOMES.filter((o) => o.startsWith('unable.') && o !== 'unable.unclear'))],
      [4, rng.pick(OUTCOMES.filter((o) => o.startsWith('declined.')))],
      [2, 'unable.unclear'],
      [2, 'other.overdueCorrection'],
      [1, 'other.overdueFee'],
      [1, 'other.other'],
    ]);
    if (outcome === 'unable.unclear' || outcome === 'other.overdueCorrection' || rng.chance(0.1)) {
      const notice = received + rng.int(1, 8);
      r.correctionNoticeDate = iso(notice);
      r.correctionDueDate = iso(notice + 15);
      if (outcome !== 'other.overdueCorrection') {
        start = notice + rng.int(2, 14);
        r.correctionReceivedDate = iso(start);
      }
    }
    if (rng.chance(0.15)) {
      const f = start + rng.int(1, 10);
      r.consultations = [{ kind: 'thirdParty', from: iso(f), to: iso(f + rng.int(3, 20)) }];
      if (rng.chance(0.3)) r.consultations.push({ kind: 'otherAgency', from: iso(f + 1), to: iso(f + rng.int(2, 10)) });
    }
    if (rng.chance(0.1)) r.extension = { days: rng.int(5, 20), approvedDate: iso(start + 15), noticeDate: iso(start + 16) };
    if (!open) {
      if (outcome === 'other.overdueCorrection') {
        // Deemed withdrawn: the day after the 补正 period, unless a closing reply is recorded.
        if (rng.chance(0.5)) concluded = Date.parse(r.correctionDueDate! + 'T00:00:00Z') / DAY + 1;
        else {
          concluded = Date.parse(r.correctionDueDate! + 'T00:00:00Z') / DAY + rng.int(1, 5);
          r.replyDate = iso(concluded);
        }
      } else {
        concluded = start + rng.int(0, 45);
        r.replyDate = iso(concluded);
      }
      r.outcome = outcome;
    }
    // A fee notice, paid in its own year (or, for 逾期未缴费, never paid).
    const noticeDay = start + rng.int(1, 10);
    const noticeYear = new Date(noticeDay * DAY).getUTCFullYear();
    const sameYear = dayOf(noticeYear, 12, 31) - noticeDay > 30;
    if (outcome === 'other.overdueFee' || (rng.chance(0.12) && sameYear && (concluded === null || noticeDay < concluded))) {
      const method = rng.chance(0.5) ? 'perRequest' : 'perPage';
      const pages = rng.int(10, 260);
      const fee: NonNullable<RegisterRowInput['fee']> = { method, noticeDate: iso(noticeDay), amountYuan: method === 'perPage' ? 0 : 100 };
      if (method === 'perPage') fee.pages = pages;
      if (outcome !== 'other.overdueFee' && sameYear) {
        fee.paidDate = iso(noticeDay + rng.int(1, 20));
        fee.paidAmountYuan = fee.amountYuan;
      }
      r.fee = fee;
      if (concluded !== null && noticeDay >= concluded) {
        concluded = noticeDay + 25;
        r.replyDate = iso(concluded);
      }
    }
    if (concluded !== null && rng.chance(0.1)) {
      const filed = concluded + rng.int(5, 60);
      const decided = rng.chance(0.7) ? filed + rng.int(30, 200) : null;
      r.review = decided
        ? { filedDate: iso(filed), result: rng.pick(['upheld', 'corrected', 'other'] as const), decidedDate: iso(decided) }
        : { filedDate: iso(filed) };
      if (rng.chance(0.5)) {
        const after = rng.chance(0.5);
        const lf = (after && decided ? decided : filed) + rng.int(5, 30);
        const ld = rng.chance(0.5) ? lf + rng.int(60, 300) : null;
        r.litigation = {
          afterReview: after && decided !== null,
          filedDate: iso(lf),
          ...(ld ? { result: rng.pick(['upheld', 'corrected', 'other'] as const), decidedDate: iso(ld) } : {}),
        };
        if (r.litigation.afterReview === false) delete r.review;
      }
    }
    out.push({ row: registerRowSchema.parse(r), receivedDay: received, concludedDay: concluded });
  }
  return out;
}
