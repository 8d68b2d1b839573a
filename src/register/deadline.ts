/**
 * Reply deadlines in working days (条例第三十条、第三十二至三十五条; spec §3):
 *
 *   due = the (20 + extension)-th working day after the start, not counting paused days
 *   start = the day the corrected request was received (补正 restarts the period), else the receipt day
 *
 * Day 1 is the first working day after the start (民法典第二百零一条: the start day is not
 * counted); `dueStrict` counts the start day itself when it is a working day. Only the lenient
 * deadline is enforced. Paused: the days of a consultation (第三方 第三十二条, 其他机关 第三十四条),
 * at most the 15 working days the law gives for the opinion, and the days from a fee notice to
 * payment (basis unverified, said in an info finding). An approved later date under 第三十五条
 * replaces a shorter deadline.
 */
import { CHINA, addWorkdays, uncoveredYears, workdaysIn, type WorkCalendar } from './calendar.js';
import { concludedDate, paymentDeadline } from './conclusion.js';
import { addDays, cnDate, endOfWeek, maxDate, type IsoDate } from './dates.js';
import { req, type RegisterFinding } from './finding.js';
import { OUTCOME_LABELS, fieldName } from './labels.js';
import { receiptDay } from './receipt.js';
import type { RegisterRow } from './row.js';

/** Working days the law gives for the reply (第三十三条第二款), the extension at most, the 补正 notice, an opinion. */
export const REPLY_WORKDAYS = 20;
export const MAX_EXTENSION_WORKDAYS = 20;
export const CORRECTION_NOTICE_WORKDAYS = 7;
export const OPINION_WORKDAYS = 15;

export type RequestStatus = 'concluded' | 'awaitingCorrection' | 'open' | 'unknown';

export interface Deadline {
  id: string;
  received: IsoDate | null;
  /** The day the period runs from. */
  start: IsoDate | null;
  /** True when a 补正 restarted the period. */
  restarted: boolean;
  /** 20, plus the extension. */
  workdays: number;
  /** Working days not counted (consultations, fee). */
  pausedWorkdays: number;
  /** The last day to reply (lenient reading); null while waiting for a 补正 or when the receipt day is unknown. */
  due: IsoDate | null;
  /** The same counting the start day as day 1 when it is a working day. */
  dueStrict: IsoDate | null;
  concluded: IsoDate | null;
  status: RequestStatus;
  /** Replied after `due` (null: no reply, or no deadline). */
  late: boolean | null;
  /** Replied after `dueStrict` (shown, not warned). */
  lateStrict: boolean | null;
  /** Open and past `due` on `asOf`. */
  overdue: boolean;
  /** Open and due between `asOf` and the Sunday of its week. */
  dueThisWeek: boolean;
  /** The calendar lacks a year the count runs through: the dates assume Monday–Friday there. */
  provisional: boolean;
  findings: RegisterFinding[];
}

export interface DeadlineOptions {
  calendar?: WorkCalendar;
  /** The day the flags (overdue, due this week) are computed for; without it they are false. */
  asOf?: IsoDate | null;
}

const DEEMED = new Set(['other.overdueCorrection', 'other.overdueFee']);

/**
 * Days not counted, after `start`: the working days after a consultation went out up to the day the
 * opinion came back (the first 15 of them at most), and after a fee notice up to payment (or the
 * last day to pay).
 */
function pausedDays(row: RegisterRow, start: IsoDate, cal: WorkCalendar): { days: Set<IsoDate>; fee: Set<IsoDate> } {
  const days = new Set<IsoDate>();
  const fee = new Set<IsoDate>();
  const mark = (from: IsoDate, to: IsoDate | null, cap: number | null, into: Set<IsoDate>): void => {
    let n = 0;
    for (let d = addDays(from, 1), i = 0; (to === null || d <= to) && i < 3660; d = addDays(d, 1), i++) {
      if (!cal.isWorkday(d)) continue;
      if (cap !== null && ++n > cap) break;
      if (d > start) into.add(d);
    }
  };
  for (const c of row.consultations) mark(c.from, c.to, OPINION_WORKDAYS, days);
  const f = row.fee;
  if (f && !f.waived && f.amountYuan > 0) mark(f.noticeDate, f.paidDate ?? paymentDeadline(f, cal), null, fee);
  for (const d of fee) days.add(d);
  return { days, fee };
}

/** The deadline and flags of one request. */
export function deadlineOf(row: RegisterRow, opts: DeadlineOptions = {}): Deadline {
  const cal = opts.calendar ?? CHINA;
  const asOf = opts.asOf ?? null;
  const findings: RegisterFinding[] = [];
  const f = (rule: string, severity: RegisterFinding['severity'], message: string, field?: string): void => {
    findings.push({ rule, severity, id: row.id, ...(field ? { field } : {}), message: `${req(row.id)}${message}` });
  };
  const received = receiptDay(row).date;
  const concluded = concludedDate(row, cal);
  const waiting = !!row.correctionNoticeDate && !row.correctionReceivedDate;
  const status: RequestStatus = concluded ? 'concluded' : received === null ? 'unknown' : waiting ? 'awaitingCorrection' : 'open';
  const workdays = REPLY_WORKDAYS + (row.extension?.days ?? 0);
  const base: Deadline = {
    id: row.id,
    received,
    start: null,
    restarted: false,
    workdays,
    pausedWorkdays: 0,
    due: null,
    dueStrict: null,
    concluded,
    status,
    late: null,
    lateStrict: null,
    overdue: false,
    dueThisWeek: false,
    provisional: false,
    findings,
  };
  if (!received) return base;

  // 补正 (第三十条): the notice within 7 working days of receipt.
  if (row.correctionNoticeDate) {
    const limit = addWorkdays(cal, received, CORRECTION_NOTICE_WORKDAYS);
    if (row.correctionNoticeDate > limit)
      f(
        'R.correctionLate',
        'warning',
        `的补正告知日期${cnDate(row.correctionNoticeDate)}晚于收到申请之日（${cnDate(received)}）起7个工作日（${cnDate(limit)}）（条例第三十条）`,
        'correctionNoticeDate',
      );
  }
  if (waiting) {
    if (!concluded && asOf && row.correctionDueDate && asOf > row.correctionDueDate)
      f(
        'R.correctionOverdue',
        'info',
        `的补正期限${cnDate(row.correctionDueDate)}已过，未收到补正：无正当理由逾期不补正的，视为放弃申请，可按「${OUTCOME_LABELS['other.overdueCorrection']}」办结（条例第三十条）`,
        'correctionReceivedDate',
      );
    base.provisional = uncoveredYears(cal, received, received).length > 0;
    return base;
  }

  const start = row.correctionReceivedDate ?? received;
  const paused = pausedDays(row, start, cal);
  const skip = (d: IsoDate): boolean => paused.days.has(d);
  let due = addWorkdays(cal, start, workdays, skip);
  let dueStrict = cal.isWorkday(start) && !skip(start) ? addWorkdays(cal, start, workdays - 1, skip) : due;
  const original = addWorkdays(cal, start, REPLY_WORKDAYS, skip);
  if (row.art35?.delayedDueDate) {
    due = maxDate(due, row.art35.delayedDueDate);
    dueStrict = maxDate(dueStrict, row.art35.delayedDueDate);
  }
  base.start = start;
  base.restarted = !!row.correctionReceivedDate;
  base.due = due;
  base.dueStrict = dueStrict;
  base.pausedWorkdays = [...paused.days].filter((d) => d <= due && cal.isWorkday(d)).length;
  base.provisional = uncoveredYears(cal, received, maxDate(due, row.replyDate ?? due)).length > 0;

  // Extension (第三十三条第二款): approved by the head of the office, notified within the period.
  const ext = row.extension;
  if (ext) {
    const lacking = [!ext.approvedDate ? fieldName('extension.approvedDate') : '', !ext.noticeDate ? fieldName('extension.noticeDate') : ''].filter(Boolean);
    if (lacking.length)
      f(
        'R.extension',
        'warning',
        `延期答复须经政府信息公开工作机构负责人同意并告知申请人（条例第三十三条第二款），但未填写${lacking.join('、')}`,
        !ext.approvedDate ? 'extension.approvedDate' : 'extension.noticeDate',
      );
    if (ext.noticeDate && ext.noticeDate > original)
      f('R.extension', 'warning', `的延期告知日期${cnDate(ext.noticeDate)}晚于原答复期限${cnDate(original)}：延期应在答复期限内告知`, 'extension.noticeDate');
  }

  // Consultations (第三十二条、第三十四条): 15 working days for the opinion.
  for (const c of row.consultations) {
    const who = c.kind === 'thirdParty' ? '第三方' : '其他机关';
    const field = `consultations.${c.kind}`;
    const end = c.to ?? asOf;
    if (!end) continue;
    const used = workdaysIn(cal, addDays(c.from, 1), end);
    if (used <= OPINION_WORKDAYS) continue;
    if (c.to)
      f(
        'R.consultation',
        'warning',
        `征求${who}意见用时${used}个工作日（${cnDate(c.from)}至${cnDate(c.to)}），超过${OPINION_WORKDAYS}个工作日（条例第${c.kind === 'thirdParty' ? '三十二' : '三十四'}条）：超出部分计入答复期限`,
        field,
      );
    else if (!concluded)
      f(
        'R.consultation',
        'info',
        `征求${who}意见已${used}个工作日未收到答复：${c.kind === 'thirdParty' ? '第三方逾期未提出意见的，由行政机关依照条例规定决定是否公开（第三十二条）' : '逾期未提出意见的视为同意公开（第三十四条）'}`,
        field,
      );
  }

  // Fee (109号): the notice within the period; payment within 20 working days from the day after receiving it.
  const fee = row.fee;
  if (fee) {
    if (fee.noticeDate > due)
      f(
        'R.feeNoticeLate',
        'warning',
        `的收费通知日期${cnDate(fee.noticeDate)}晚于答复期限${cnDate(due)}：收费通知应在答复期限内发出（国办函〔2020〕109号）`,
        'fee.noticeDate',
      );
    const payBy = paymentDeadline(fee, cal);
    if (fee.paidDate && fee.paidDate > payBy)
      f('R.feePaidLate', 'warning', `的缴费日期${cnDate(fee.paidDate)}晚于缴费期限${cnDate(payBy)}（收到收费通知次日起20个工作日）`, 'fee.paidDate');
    if (fee.paidDate && fee.paidAmountYuan !== null && Math.abs(fee.paidAmountYuan - fee.amountYuan) > 1e-9 && !fee.waived)
      f('R.feePaidAmount', 'warning', `的实缴金额${fee.paidAmountYuan}元与收费金额${fee.amountYuan}元不符`, 'fee.paidAmountYuan');
    if (!fee.paidDate && !concluded && asOf && asOf > payBy && !fee.waived && fee.amountYuan > 0)
      f(
        'R.feeUnpaid',
        'info',
        `的缴费期限${cnDate(payBy)}已过，未缴费：逾期未缴费的视为放弃申请，可按「${OUTCOME_LABELS['other.overdueFee']}」办结`,
        'fee.paidDate',
      );
    const feeDays = [...paused.fee].filter((d) => d <= due).length;
    if (feeDays > 0)
      f(
        'R.feePause',
        'info',
        `自发出收费通知至缴费的${feeDays}个工作日未计入答复期限：这一做法在国办函〔2020〕109号中的依据未能核实，请按本地规定确认`,
        'fee.noticeDate',
      );
  }

  // The reply against the deadline.
  if (concluded && row.replyDate && row.outcome && !DEEMED.has(row.outcome)) {
    base.late = row.replyDate > due;
    base.lateStrict = row.replyDate > dueStrict;
    if (base.late) {
      const ext = row.extension ? `，含延期${row.extension.days}个工作日` : '';
      const pause = base.pausedWorkdays ? `，不计征求意见等${base.pausedWorkdays}个工作日` : '';
      f(
        'R.lateReply',
        'warning',
        `于${cnDate(row.replyDate)}答复，晚于答复期限${cnDate(due)}（自${base.restarted ? '收到补正后的申请' : '收到申请'}之日${cnDate(start)}起${workdays}个工作日${ext}${pause}，条例第三十三条）`,
        'replyDate',
      );
    }
  }
  if (!concluded && asOf) {
    if (due < asOf) {
      base.overdue = true;
      f('R.overdue', 'warning', `的答复期限${cnDate(due)}已过（截至${cnDate(asOf)}），尚未答复`, 'replyDate');
    } else if (due <= endOfWeek(asOf)) {
      base.dueThisWeek = true;
      f('R.dueThisWeek', 'info', `的答复期限为${cnDate(due)}（本周内）`, 'replyDate');
    }
  }
  return base;
}

export interface DeadlineReport {
  rows: Deadline[];
  /** Every row's findings, plus one per year the calendar does not cover. */
  findings: RegisterFinding[];
}

/** Deadlines of every row; one finding per year the holiday data lacks, naming the requests it touches. */
export function deadlines(rows: RegisterRow[], opts: DeadlineOptions = {}): DeadlineReport {
  const cal = opts.calendar ?? CHINA;
  const out = rows.map((r) => deadlineOf(r, opts));
  const byYear = new Map<number, string[]>();
  out.forEach((d) => {
    if (!d.provisional || !d.received) return;
    const to = maxDate(d.due ?? d.received, d.concluded ?? d.received);
    for (const y of uncoveredYears(cal, d.received, to)) byYear.set(y, [...(byYear.get(y) ?? []), d.id]);
  });
  const findings = out.flatMap((d) => d.findings);
  for (const [y, ids] of [...byYear].sort((a, b) => a[0] - b[0])) {
    const some = ids
      .slice(0, 5)
      .map((id) => `「${id}」`)
      .join('');
    findings.push({
      rule: 'R.calendarCoverage',
      severity: 'warning',
      message: `节假日数据（${cal.source}）未包含${y}年的节假日和调休安排，${y}年按周一至周五为工作日计算，期限可能不准：涉及申请${some}${ids.length > 5 ? `等${ids.length}件` : ''}`,
    });
  }
  return { rows: out, findings };
}
