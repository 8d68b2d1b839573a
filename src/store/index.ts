/** The store of reports, files, findings, decisions and units: see store.ts and docs/storage.md. */
export { openStore, Store, SORT_KEYS, MAX_PAGE_SIZE, exportColumns } from './store.js';
export type {
  StoredReport,
  ReportQuery,
  SortKey,
  IngestInput,
  IngestResult,
  Source,
  ExportTable,
  Stats,
  Decision,
  StoredFinding,
  Unit,
  UnitImportResult,
  ReviewQueue,
  ReportList,
  ReportSummary,
  Coverage,
} from './store.js';
export { DEFAULT_SQLITE_FILE, redactUrl, type OpenOptions } from './db.js';
export { findingKeys, LIST_STATUSES, statusOf, type ListStatus, type ReportStatus } from './keys.js';
export type { DialectName } from './migrations.js';
export type { RecordTables } from './reads.js';
export { Accounts, MIN_PASSWORD, ROLE_NAME, ROLES, type AuditEntry, type Role, type User } from './accounts.js';
