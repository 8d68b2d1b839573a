/** The tables of the store, for kysely. Same schema on SQLite and PostgreSQL (see migrations.ts). */
import type { Generated } from 'kysely';

export interface FilesTable {
  id: Generated<number>;
  sha256: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export interface ReportsTable {
  id: Generated<number>;
  file_id: number;
  sha256: string;
  file_name: string;
  format: string;
  bytes: number;
  title: string | null;
  agency: string | null;
  agency_alias: string | null;
  /** nameKey of the agency (or alias): the supersede group of an unmatched report. */
  agency_key: string | null;
  unit_id: number | null;
  /** matched | manual | ambiguous | unmatched */
  match_status: string;
  region: string | null;
  region_code: string | null;
  year: number | null;
  template: string | null;
  /** ok | errors | unreadable */
  status: string;
  errors: number;
  warnings: number;
  infos: number;
  /** u:<unit id> | a:<agency key> | null: reports of one group and year supersede each other. */
  group_key: string | null;
  superseded_by: number | null;
  /** When a reviewer marked the report reviewed (ISO 8601), null while not reviewed. */
  reviewed_at: string | null;
  /** Pinyin sort key of the agency (units/pinyin.ts); '' when none. */
  agency_sort: Generated<string>;
  review_note: string | null;
  /** Lowercased agency, alias, title, file name, region, unit name and aliases, for q. */
  search_text: string;
  created_at: string;
  updated_at: string;
}

export interface RecordsTable {
  report_id: number;
  /** The record as JSON: TEXT on SQLite, jsonb on PostgreSQL (read back as an object). */
  record: unknown;
  /** Its tables, year and layout as JSON text (`analysisJson`): what a region's analysis reads. */
  analysis: string | null;
}

export interface FindingsTable {
  id: Generated<number>;
  report_id: number;
  key: string;
  rule: string;
  severity: string;
  tbl: string | null;
  row_key: string | null;
  col_key: string | null;
  message: string;
  line: number | null;
  page: number | null;
  fatal: number;
  /** The whole finding as JSON text. */
  data: string;
}

export interface DecisionsTable {
  /** u:<unit id> | a:<agency key> | f:<sha256> (see subjectOf in rows.ts). */
  subject: string;
  /** Report year, 0 when unknown. */
  year: number;
  key: string;
  decision: string;
  comment: string;
  updated_at: string;
}

export interface CellReviewsTable {
  /** As DecisionsTable.subject. */
  subject: string;
  year: number;
  tbl: string;
  row_key: string;
  col_key: string;
  /** The value the reviewer confirmed (JSON number text), null: the cell is blank on the page. */
  value: string | null;
  /** What nianbao had read when the reviewer confirmed (JSON text), to see later if a re-read differs. */
  read_value: string | null;
  reviewer: string;
  updated_at: string;
}

export interface UnitsTable {
  id: Generated<number>;
  name: string;
  name_key: string;
  /** Pinyin sort key of the name (units/pinyin.ts). */
  name_sort: Generated<string>;
  /** name_key|region code (or region text): one unit per name and place. */
  ident: string;
  aliases: string;
  region: string | null;
  region_code: string | null;
  level: string | null;
  parent_id: number | null;
  created_at: string;
  updated_at: string;
}

export interface UsersTable {
  id: Generated<number>;
  name: string;
  /** admin | reviewer | unit */
  role: string;
  /** reviewer: a region path; unit: the unit's id; admin: null. */
  scope_region: string | null;
  scope_unit_id: number | null;
  /** argon2id PHC string; never the password. */
  password_hash: string;
  created_at: string;
  updated_at: string;
}

export interface SessionsTable {
  /** sha256 of the session id the cookie holds (the id itself is never stored). */
  id_hash: string;
  user_id: number;
  created_at: string;
  expires_at: string;
}

export interface ApiTokensTable {
  id: Generated<number>;
  user_id: number;
  label: string;
  /** sha256 of the token (shown once, never stored). */
  token_hash: string;
  created_at: string;
  last_used_at: string | null;
}

export interface AuditTable {
  id: Generated<number>;
  at: string;
  user_name: string;
  role: string;
  action: string;
  target: string | null;
  detail: string | null;
  ip: string | null;
}

export interface RegisterRowsTable {
  id: Generated<number>;
  unit_id: number;
  /** The row's own serial (RegisterRow.id), unique within a unit. */
  row_key: string;
  /** The RegisterRow as JSON. */
  data: string;
  updated_at: string;
}

/** A report written in the editor: one per unit and year (src/store/drafts.ts). */
export interface ReportDraftsTable {
  id: Generated<number>;
  unit_id: number;
  year: number;
  /** draft | submitted | returned | approved | published */
  status: string;
  /** The record (nianbao.report/1) as JSON text. */
  record: string;
  /** The unit's text of sections 一–六, JSON { s1: "…", … }. */
  sections: string;
  /** The unit's explanation of a finding, by finding key, JSON. */
  explanations: string;
  errors: number;
  warnings: number;
  submitted_at: string | null;
  /** Publication date (YYYY-MM-DD) once published. */
  published_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface ReportDraftEventsTable {
  id: Generated<number>;
  draft_id: number;
  at: string;
  user_name: string;
  role: string;
  /** create | save | submit | return | approve | publish */
  action: string;
  from_status: string | null;
  to_status: string;
  comment: string | null;
  /** The problem list DOCX of a return. */
  attachment: Buffer | null;
  attachment_name: string | null;
}

/** An original waiting for a worker (blobs.ts): content-addressed, removed once its report is stored. */
export interface BlobsTable {
  sha256: string;
  size: number;
  data: Buffer;
  created_at: string;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface Database {
  files: FilesTable;
  reports: ReportsTable;
  records: RecordsTable;
  findings: FindingsTable;
  decisions: DecisionsTable;
  cell_reviews: CellReviewsTable;
  units: UnitsTable;
  meta: MetaTable;
  users: UsersTable;
  sessions: SessionsTable;
  api_tokens: ApiTokensTable;
  audit_log: AuditTable;
  register_rows: RegisterRowsTable;
  report_drafts: ReportDraftsTable;
  report_draft_events: ReportDraftEventsTable;
  blobs: BlobsTable;
}
