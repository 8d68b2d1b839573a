/** Messages of the register: results, never exceptions. Chinese, naming the request or the cell. */
import type { Severity } from '../model/report.js';

export interface RegisterFinding {
  /** Rule id, e.g. `R.lateReply`, `R.import.cell`. */
  rule: string;
  severity: Severity;
  /** Chinese, naming the place: 申请「2024-依-0012」… or 第5行「答复日期」列… */
  message: string;
  /** The request (register row id) the finding is about. */
  id?: string;
  /** The field, as a path of the row: `fee.paidDate`. */
  field?: string;
  /** Spreadsheet row number (import). */
  line?: number;
}

/** 申请「2024-依-0012」 */
export const req = (id: string): string => `申请「${id}」`;
