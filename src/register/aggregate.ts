/**
 * Tables 三 and 四 and the section 六 fee facts of one year, computed from the register
 * (spec §7, §10), in the shapes of the report model (`Table`, row and column keys of
 * src/model/templates.ts), so the report's rules can run on them.
 *
 * For year t (Y0 = 1 January, Y1 = 31 December), per applicant column:
 *   上年结转  carriedOver    received < Y0 and (not concluded, or concluded ≥ Y0)
 *   本年新收  newReceived    Y0 ≤ received ≤ Y1
 *   办理结果  outcome rows   Y0 ≤ concluded ≤ Y1, by outcome
 *   结转下年度 carriedForward received ≤ Y1 and (not concluded, or concluded > Y1)
 * so 新收 + 结转 = 总计 + 结转下年度 holds by construction, and 上年结转[t] = 结转下年度[t−1].
 *
 * Table 四 (inferred; no official counting rule found): a review or lawsuit counts in the year it
 * was filed, under its result when decided by 31 December, else under 尚未审结.
 * Fee facts: notices by notice date, amounts collected by payment date (spec §4).
 */
import type { Table } from '../model/report.js';
import { T3_COLUMN_KEYS, T3_DATA_ROWS, T4_COLUMNS, T4_GROUPS, expectedTemplate, type T3Shape, type TemplateId } from '../model/templates.js';
import { CHINA, type WorkCalendar } from './calendar.js';
import { concludedDate } from './conclusion.js';
import { cnDate, yearOf } from './dates.js';
import { req, type RegisterFinding } from './finding.js';
import { OUTCOME_LABELS } from './labels.js';
import { receiptDay } from './receipt.js';
import type { Case, RegisterRow } from './row.js';

/** Section 六: 发出收费通知的件数和总金额以及实际收取的总金额 (元). */
export interface FeeFacts {
  noticeCount: number;
  noticeAmount: number;
  collectedAmount: number;
}

export interface YearTables {
  year: number;
  /** The format the year calls for (2019 format up to 2020, 2021 format from 2021). */
  template: TemplateId;
  shape: T3Shape;
  t3: Table;
  t4: Table;
  infoFee: FeeFacts;
  /** The requests behind each count: table 三 `row|col`, table 四 `group|col`, fees `noticeCount` / `collected`. */
  members: Record<string, string[]>;
  /** Requests that could not be placed (no receipt day, an outcome without its date): left out and named in `findings`. */
  excluded: string[];
  findings: RegisterFinding[];
}

export interface AggregateOptions {
  calendar?: WorkCalendar;
  /** The format to fill; default: the one the year calls for. */
  template?: TemplateId;
}

const OTHER_SPLIT = ['other.overdueCorrection', 'other.overdueFee', 'other.other'];
const cents = (x: number): number => Math.round(x * 100) / 100;

/** Tables 三 and 四 and the fee facts of `year`. Every cell is a count (0 when no request falls in it). */
export function aggregateYear(rows: RegisterRow[], year: number, opts: AggregateOptions = {}): YearTables {
  const cal = opts.calendar ?? CHINA;
  const template = opts.template ?? expectedTemplate(year);
  const shape: T3Shape = template === '2021' ? 'split-other' : 'single-other';
  const y0 = `${year}-01-01`;
  const y1 = `${year}-12-31`;
  const t3: Table = Object.fromEntries(T3_DATA_ROWS(shape).map((r) => [r, Object.fromEntries(T3_COLUMN_KEYS.map((c) => [c, 0]))]));
  const t4: Table = Object.fromEntries(T4_GROUPS.map((g) => [g.key, Object.fromEntries(T4_COLUMNS.map((c) => [c.key, 0]))]));
  const members: Record<string, string[]> = {};
  const excluded: string[] = [];
  const findings: RegisterFinding[] = [];
  const count = (table: Table, row: string, col: string, id: string): void => {
    table[row]![col]! += 1;
    table[row]!['total']! += 1;
    const key = `${row}|${col}`;
    (members[key] ??= []).push(id);
  };
  const leaveOut = (r: RegisterRow, why: string): void => {
    excluded.push(r.id);
    findings.push({ rule: 'R.notCounted', severity: 'error', id: r.id, message: `${req(r.id)}未计入${year}年度表三：${why}` });
  };

  for (const r of rows) {
    const received = receiptDay(r).date;
    if (!received) {
      leaveOut(r, '无法确定收到申请之日');
      continue;
    }
    const concluded = concludedDate(r, cal);
    if (r.outcome && !concluded) {
      leaveOut(r, `已填写办理结果「${OUTCOME_LABELS[r.outcome]}」，但无法确定办结日期`);
      continue;
    }
    if (concluded && concluded < received) {
      leaveOut(r, `办结日期${cnDate(concluded)}早于收到申请之日${cnDate(received)}`);
      continue;
    }
    const col = r.applicantType;
    if (received < y0 && (!concluded || concluded >= y0)) count(t3, 'carriedOver', col, r.id);
    if (received >= y0 && received <= y1) count(t3, 'newReceived', col, r.id);
    if (concluded && concluded >= y0 && concluded <= y1) {
      const row = shape === 'single-other' && OTHER_SPLIT.includes(r.outcome!) ? 'other.subtotal' : r.outcome!;
      count(t3, row, col, r.id);
      count(t3, 'total', col, r.id);
    }
    if (received <= y1 && (!concluded || concluded > y1)) count(t3, 'carriedForward', col, r.id);
  }

  for (const r of rows) {
    const cases: [string, Case | null][] = [
      ['review', r.review],
      [r.litigation?.afterReview ? 'litigationAfterReview' : 'litigationDirect', r.litigation],
    ];
    for (const [group, c] of cases) {
      if (!c || yearOf(c.filedDate) !== year) continue;
      if (c.result && !c.decidedDate) {
        findings.push({
          rule: 'R.notCounted',
          severity: 'error',
          id: r.id,
          message: `${req(r.id)}的${group === 'review' ? '行政复议' : '行政诉讼'}有结果但无决定日期，未计入${year}年度表四`,
        });
        continue;
      }
      const col = c.result && c.decidedDate && c.decidedDate <= y1 ? c.result : 'pending';
      count(t4, group, col, r.id);
    }
  }

  const infoFee: FeeFacts = { noticeCount: 0, noticeAmount: 0, collectedAmount: 0 };
  for (const r of rows) {
    const f = r.fee;
    if (!f) continue;
    if (yearOf(f.noticeDate) === year) {
      infoFee.noticeCount++;
      infoFee.noticeAmount = cents(infoFee.noticeAmount + f.amountYuan);
      (members['noticeCount'] ??= []).push(r.id);
    }
    if (f.paidDate && f.paidAmountYuan !== null && yearOf(f.paidDate) === year) {
      infoFee.collectedAmount = cents(infoFee.collectedAmount + f.paidAmountYuan);
      (members['collected'] ??= []).push(r.id);
    }
  }
  return { year, template, shape, t3, t4, infoFee, members, excluded, findings };
}
