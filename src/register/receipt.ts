/**
 * The day a request counts as received (条例第三十一条): the day handed in (当面; 口头 requests
 * written down, 第二十九条), the day the agency signs for a registered letter, and for ordinary
 * post, the internet or the office's fax the day receipt is confirmed (平常信函: confirmed on
 * the day it arrives; 互联网、传真: the day both sides confirm).
 */
import { cnDate, type IsoDate } from './dates.js';
import { req, type RegisterFinding } from './finding.js';
import { CHANNEL_LABELS, fieldName } from './labels.js';
import type { Channel, RegisterRow } from './row.js';

/** The field whose date decides the receipt day, per channel (null: the entered receipt day). */
export const RECEIPT_FIELD: Record<Channel, 'submittedAt' | 'signedAt' | 'confirmedAt' | null> = {
  inPerson: 'submittedAt',
  oral: 'submittedAt',
  postSigned: 'signedAt',
  postOrdinary: 'confirmedAt',
  online: 'confirmedAt',
  fax: 'confirmedAt',
  email: 'confirmedAt',
  other: null,
};

export interface Receipt {
  /** The receipt day; null when it cannot be determined. */
  date: IsoDate | null;
  /** The field it came from. */
  from: 'submittedAt' | 'signedAt' | 'confirmedAt' | 'receivedDate' | null;
  findings: RegisterFinding[];
}

type ReceiptFields = Pick<RegisterRow, 'id' | 'channel' | 'submittedAt' | 'signedAt' | 'confirmedAt' | 'receivedDate'>;

/** The receipt day of a request, by its channel. */
export function receiptDay(row: ReceiptFields): Receipt {
  const field = RECEIPT_FIELD[row.channel];
  const legal = field ? row[field] : null;
  const channel = `「${CHANNEL_LABELS[row.channel]}」`;
  if (legal) {
    const findings: RegisterFinding[] = [];
    if (row.receivedDate && row.receivedDate !== legal)
      findings.push({
        rule: 'R.receivedDate',
        severity: 'warning',
        id: row.id,
        field: 'receivedDate',
        message: `${req(row.id)}${fieldName('receivedDate')}为${cnDate(row.receivedDate)}，但${channel}渠道以${fieldName(field!)}${cnDate(legal)}为收到申请之日（条例第三十一条），按后者计算`,
      });
    return { date: legal, from: field, findings };
  }
  if (row.receivedDate) {
    const findings: RegisterFinding[] = field
      ? [
          {
            rule: 'R.receiptBasis',
            severity: 'warning',
            id: row.id,
            field: field,
            message: `${req(row.id)}为${channel}渠道，应以${fieldName(field)}为收到申请之日（条例第三十一条），但未填写，暂按${fieldName('receivedDate')}${cnDate(row.receivedDate)}计算`,
          },
        ]
      : [];
    return { date: row.receivedDate, from: 'receivedDate', findings };
  }
  const need = field ? fieldName(field) : fieldName('receivedDate');
  return {
    date: null,
    from: null,
    findings: [
      {
        rule: 'R.receivedMissing',
        severity: 'error',
        id: row.id,
        field: field ?? 'receivedDate',
        message: `${req(row.id)}无法确定收到申请之日：${channel}渠道需填写${need}（条例第三十一条）`,
      },
    ],
  };
}
