/**
 * When a request is concluded (spec §7): the day of the final reply; for a request deemed
 * abandoned, the day after the applicant's deadline (inferred) — the 补正 period the notice gave
 * (条例第三十条), or the 20 working days to pay from the day after receiving the fee notice
 * (国办函〔2020〕109号).
 */
import { addWorkdays, type WorkCalendar } from './calendar.js';
import { addDays, type IsoDate } from './dates.js';
import type { Fee, RegisterRow } from './row.js';

/** The last day to pay a fee notice: the 20th working day after the day the notice was received (or sent). */
export function paymentDeadline(fee: Pick<Fee, 'noticeDate' | 'noticeReceivedDate'>, cal: WorkCalendar): IsoDate {
  return addWorkdays(cal, fee.noticeReceivedDate ?? fee.noticeDate, 20);
}

/** The conclusion day; null while pending, or when the row lacks the date that decides it. */
export function concludedDate(row: RegisterRow, cal: WorkCalendar): IsoDate | null {
  if (!row.outcome) return null;
  if (row.replyDate) return row.replyDate;
  if (row.outcome === 'other.overdueCorrection' && row.correctionDueDate && !row.correctionReceivedDate) return addDays(row.correctionDueDate, 1);
  if (row.outcome === 'other.overdueFee' && row.fee && !row.fee.paidDate) return addDays(paymentDeadline(row.fee, cal), 1);
  return null;
}
