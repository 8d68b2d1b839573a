/**
 * The 依申请公开 request register (台账): one row per request, its deadlines in working days, its
 * fees by 国办函〔2020〕109号, tables 三 and 四 and the section 六 fee facts of any year, and the
 * register as XLSX. Pure functions returning results and messages; nothing is fetched at run time.
 */
export * from './row.js';
export * from './dates.js';
export { CHINA, chinaCalendar, coverage, addWorkdays, workdaysIn, uncoveredYears, type WorkCalendar, type CalendarOptions } from './calendar.js';
export type { RegisterFinding } from './finding.js';
export { receiptDay, RECEIPT_FIELD, type Receipt } from './receipt.js';
export { concludedDate, paymentDeadline } from './conclusion.js';
export { rowProblems, registerProblems, type Problem } from './validate.js';
export * from './deadline.js';
export * from './fees.js';
export * from './aggregate.js';
export { withRegister, draftReport } from './report.js';
export { checkRegister, type RegisterCheck } from './check.js';
export {
  importRegisterXlsx,
  exportRegisterXlsx,
  registerTemplateXlsx,
  REGISTER_SHEET,
  DEFAULT_APPLICANT_MAPPING,
  type ImportOptions,
  type ImportResult,
  type ExportOptions,
} from './xlsx.js';
export { REGISTER_COLUMNS } from './columns.js';
export { APPLICANT_LABELS, CHANNEL_LABELS, OUTCOME_LABELS, FIELD_LABELS } from './labels.js';
