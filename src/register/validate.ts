/**
 * What makes a register row unusable (errors: the import rejects the row) or doubtful (warnings):
 * the receipt day, an outcome without its date, outcomes that need a 补正 or a fee notice, dates
 * out of order, facts given by halves. Row invariants: spec §9.
 */
import type { Severity } from '../model/report.js';
import type { WorkCalendar } from './calendar.js';
import { concludedDate } from './conclusion.js';
import { cnDate, type IsoDate } from './dates.js';
import { req, type RegisterFinding } from './finding.js';
import { CHANNEL_LABELS, OUTCOME_LABELS, fieldName } from './labels.js';
import { RECEIPT_FIELD, receiptDay } from './receipt.js';
import type { RegisterRow } from './row.js';

/** A problem of one row: the field it is about and the reason, without the place. */
export interface Problem {
  rule: string;
  severity: Severity;
  field: string;
  reason: string;
}

const err = (rule: string, field: string, reason: string): Problem => ({ rule, severity: 'error', field, reason });
const warn = (rule: string, field: string, reason: string): Problem => ({ rule, severity: 'warning', field, reason });

/** The problems of one row on its own. */
export function rowProblems(row: RegisterRow, cal: WorkCalendar): Problem[] {
  const out: Problem[] = [];
  const receipt = receiptDay(row);
  const received = receipt.date;
  if (!received) {
    const field = RECEIPT_FIELD[row.channel] ?? 'receivedDate';
    out.push(err('R.receivedMissing', field, `「${CHANNEL_LABELS[row.channel]}」渠道的申请须填写此日期，才能确定收到申请之日（条例第三十一条）`));
  }
  for (const f of receipt.findings) if (f.severity !== 'error') out.push({ rule: f.rule, severity: f.severity, field: f.field!, reason: f.message });

  // Dates in order: [earlier field, its date, later field, its date].
  const order = (a: string, da: IsoDate | null, b: string, db: IsoDate | null): void => {
    if (da && db && db < da) out.push(err('R.dateOrder', b, `${cnDate(db)}早于${fieldName(a)}${cnDate(da)}`));
  };
  const recField = receipt.from ?? 'receivedDate';
  order('submittedAt', row.submittedAt, 'signedAt', row.signedAt);
  order('submittedAt', row.submittedAt, 'confirmedAt', row.confirmedAt);
  order(recField, received, 'correctionNoticeDate', row.correctionNoticeDate);
  order('correctionNoticeDate', row.correctionNoticeDate, 'correctionDueDate', row.correctionDueDate);
  order('correctionNoticeDate', row.correctionNoticeDate, 'correctionReceivedDate', row.correctionReceivedDate);
  order(recField, received, 'replyDate', row.replyDate);
  order('correctionReceivedDate', row.correctionReceivedDate, 'replyDate', row.replyDate);
  for (const c of row.consultations) {
    const f = `consultations.${c.kind}`;
    order(recField, received, f, c.from);
    if (c.to && c.to < c.from) out.push(err('R.dateOrder', f, `结束日期${cnDate(c.to)}早于开始日期${cnDate(c.from)}`));
  }
  if (row.extension) {
    order(recField, received, 'extension.approvedDate', row.extension.approvedDate);
    order(recField, received, 'extension.noticeDate', row.extension.noticeDate);
  }
  if (row.art35) {
    order(recField, received, 'art35.reasonRequestDate', row.art35.reasonRequestDate);
    order('art35.reasonRequestDate', row.art35.reasonRequestDate, 'art35.delayedDueDate', row.art35.delayedDueDate);
  }

  if (row.correctionReceivedDate && !row.correctionNoticeDate)
    out.push(err('R.correction', 'correctionNoticeDate', '已填写补正后收到日期，但未填写补正告知日期'));

  // Outcome and its date (spec §9: outcome set exactly when the request is concluded).
  if (row.replyDate && !row.outcome) out.push(err('R.outcome', 'outcome', `已填写答复日期${cnDate(row.replyDate)}，但未填写办理结果`));
  const o = row.outcome;
  if (o === 'other.overdueCorrection') {
    if (!row.correctionNoticeDate) out.push(err('R.outcome', 'correctionNoticeDate', `办理结果为「${OUTCOME_LABELS[o]}」，须有补正告知日期`));
    if (row.correctionReceivedDate) out.push(err('R.outcome', 'correctionReceivedDate', `办理结果为「${OUTCOME_LABELS[o]}」，但已收到补正材料`));
  }
  if (o === 'other.overdueFee') {
    if (!row.fee) out.push(err('R.outcome', 'fee.noticeDate', `办理结果为「${OUTCOME_LABELS[o]}」，须有收费通知`));
    else if (row.fee.paidDate) out.push(err('R.outcome', 'fee.paidDate', `办理结果为「${OUTCOME_LABELS[o]}」，但已缴费`));
  }
  if (o === 'unable.unclear' && !row.correctionReceivedDate)
    out.push(err('R.outcome', 'correctionReceivedDate', `办理结果为「${OUTCOME_LABELS[o]}」，须有补正后收到日期（条例第三十条）`));
  if (o && !concludedDate(row, cal) && !out.some((p) => p.rule === 'R.outcome'))
    out.push(
      err(
        'R.outcome',
        o === 'other.overdueCorrection' ? 'correctionDueDate' : 'replyDate',
        o === 'other.overdueCorrection'
          ? `办理结果为「${OUTCOME_LABELS[o]}」，须填写补正期限或答复日期，才能确定办结日期`
          : `已填写办理结果「${OUTCOME_LABELS[o]}」，但未填写答复日期`,
      ),
    );

  const fee = row.fee;
  if (fee) {
    order(recField, received, 'fee.noticeDate', fee.noticeDate);
    order('fee.noticeDate', fee.noticeDate, 'fee.noticeReceivedDate', fee.noticeReceivedDate);
    order('fee.noticeDate', fee.noticeDate, 'fee.paidDate', fee.paidDate);
    if (fee.method === 'perPage' && fee.pages === null) out.push(err('R.fee', 'fee.pages', '按量收费须填写计费页数（国办函〔2020〕109号第五条）'));
    if (fee.paidDate && fee.paidAmountYuan === null) out.push(err('R.fee', 'fee.paidAmountYuan', '已填写缴费日期，但未填写实缴金额'));
    if (!fee.paidDate && fee.paidAmountYuan !== null) out.push(err('R.fee', 'fee.paidDate', '已填写实缴金额，但未填写缴费日期'));
  }

  for (const [key, c] of [
    ['review', row.review],
    ['litigation', row.litigation],
  ] as const) {
    if (!c) continue;
    if (c.result && !c.decidedDate) out.push(err('R.case', `${key}.decidedDate`, '已填写结果，但未填写决定（审结）日期'));
    if (!c.result && c.decidedDate) out.push(err('R.case', `${key}.result`, '已填写决定（审结）日期，但未填写结果'));
    order(`${key}.filedDate`, c.filedDate, `${key}.decidedDate`, c.decidedDate);
  }
  if (row.litigation?.afterReview && !row.review) out.push(err('R.case', 'litigation.afterReview', '为「复议后起诉」，但未填写行政复议'));
  if (row.litigation?.afterReview && row.review) order('review.filedDate', row.review.filedDate, 'litigation.filedDate', row.litigation.filedDate);
  if (row.litigation && !row.litigation.afterReview && row.review && row.review.filedDate <= row.litigation.filedDate)
    out.push(warn('R.case', 'litigation.afterReview', '申请过行政复议后起诉的，一般应计入「复议后起诉」'));
  return out;
}

/** A row problem as a finding about the request. */
export const problemFinding = (id: string, p: Problem): RegisterFinding => ({
  rule: p.rule,
  severity: p.severity,
  id,
  field: p.field,
  message: p.reason.startsWith(req(id)) ? p.reason : `${req(id)}的${fieldName(p.field)}：${p.reason}`,
});

/** Problems across rows: duplicate ids (the later rows), split items that disagree with each other. */
export function registerProblems(rows: RegisterRow[]): { index: number; problem: Problem }[] {
  const out: { index: number; problem: Problem }[] = [];
  const seen = new Map<string, number>();
  const groups = new Map<string, number[]>();
  rows.forEach((r, i) => {
    const first = seen.get(r.id);
    if (first !== undefined) out.push({ index: i, problem: err('R.duplicateId', 'id', `编号「${r.id}」重复（与第${first + 1}条相同）`) });
    else seen.set(r.id, i);
    if (r.splitFrom) groups.set(r.splitFrom, [...(groups.get(r.splitFrom) ?? []), i]);
  });
  for (const [from, idx] of groups) {
    const head = rows[idx[0]!]!;
    const headDay = receiptDay(head).date;
    for (const i of idx.slice(1)) {
      const r = rows[i]!;
      const diff: string[] = [];
      if (r.applicantKey !== head.applicantKey) diff.push('申请人标识');
      if (r.applicantType !== head.applicantType) diff.push('申请人类别');
      if (receiptDay(r).date !== headDay) diff.push('收到申请之日');
      if (diff.length)
        out.push({
          index: i,
          problem: warn('R.split', 'splitFrom', `与同拆分自「${from}」的申请「${head.id}」的${diff.join('、')}不同：拆分的各项应属同一申请`),
        });
    }
  }
  return out;
}
