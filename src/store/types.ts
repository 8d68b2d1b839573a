/**
 * What the store gives and takes: plain interfaces, independent of the HTTP contract. The
 * server's zod schemas (src/server/contract.ts) describe the same shapes; a type-level check there
 * fails to compile when the two drift apart.
 */
import type { Finding, Report, SourceFormat } from '../model/report.js';
import type { TableId, TemplateId } from '../model/templates.js';
import type { ListStatus, ReportStatus } from './keys.js';

/** One stored report as lists show it (the reports table joined with units). */
export interface ReportSummary {
  id: number;
  sha256: string;
  fileName: string;
  format: SourceFormat;
  bytes: number;
  /** As the report names itself. */
  agency: string | null;
  agencyAlias: string | null;
  /** The matched unit, null when unmatched. */
  unitId: number | null;
  unitName: string | null;
  /** 省/市/县 path, e.g. 河南省/洛阳市/涧西区. */
  region: string | null;
  year: number | null;
  template: TemplateId | null;
  status: ReportStatus;
  /** Open error findings (dismissed ones are not counted). */
  errors: number;
  warnings: number;
  infos: number;
  /** ISO 8601. */
  createdAt: string;
  /** A newer file for the same unit and year replaced this one. */
  supersededBy: number | null;
  /** When a reviewer marked it 已审核 (ISO 8601); null: not yet reviewed. */
  reviewedAt: string | null;
  reviewNote: string | null;
}

export interface ReportList {
  /** Matches counted: every one, or COUNT_CAP — SEARCH_COUNT_CAP for words — (or the end of the page asked) when totalCapped. */
  total: number;
  /** More match than total (the list says 「1,000+」, or 「200+」 for a search by words). */
  totalCapped: boolean;
  page: number;
  pageSize: number;
  items: ReportSummary[];
}

/** A reviewer's decision on a finding. */
export interface Decision {
  /** Stable finding key: rule|table|row|col|n (survives re-parsing). */
  key: string;
  decision: 'confirmed' | 'dismissed';
  comment: string;
  updatedAt: string;
}

/** A finding as stored: with its key and the reviewer's decision, if any. */
export interface StoredFinding extends Finding {
  key: string;
  decision: Decision | null;
}

/** A reviewer's value for one table cell, checked against the original page. */
export interface CellReview {
  table: TableId;
  row: string;
  col: string;
  /** The reviewer's value, as on the original page (null: blank there). */
  value: number | null;
  /** What nianbao read when the reviewer confirmed (the record keeps it unchanged). */
  readValue: number | null;
  reviewer: string;
  updatedAt: string;
}

export interface StoredReport {
  summary: ReportSummary;
  record: Report;
  findings: StoredFinding[];
  /** Other versions for the same unit (or agency) and year, newest first. */
  history: ReportSummary[];
  /** Cells a reviewer confirmed against the original. */
  cellReviews: CellReview[];
}

/** The outcome of storing one file. */
export interface IngestResult {
  fileName: string;
  id: number | null;
  outcome: 'new' | 'duplicate' | 'superseded' | 'rejected';
  status: ReportStatus | null;
  agency: string | null;
  year: number | null;
  errors: number;
  warnings: number;
  /** Chinese: why rejected or unreadable. */
  message: string | null;
}

export interface IngestInput {
  bytes: Uint8Array;
  /** Name shown to users (a path relative to what was ingested, or the uploaded name). */
  fileName: string;
  /** The record already parsed from these bytes (batch ingest parses in child processes). */
  record?: Report;
}

/** The original bytes of a report's file. */
export interface Source {
  bytes: Uint8Array;
  fileName: string;
  format: SourceFormat;
  sha256: string;
}

/** A unit of the list (名录). */
export interface Unit {
  id: number;
  name: string;
  aliases: string[];
  region: string | null;
  /** GB/T 2260 code when placed. */
  regionCode: string | null;
  /** 省级/市级/县级/乡级 or 部门. */
  level: string | null;
  parentId: number | null;
}

export interface UnitImportResult {
  added: number;
  updated: number;
  rejected: { line: number; message: string }[];
  /** Reports whose unit or place changed with the new list (their cross-year checks run again). */
  rematched: number;
}

/** Current reports whose unit is unmatched or ambiguous, with the units that could be meant. */
export interface ReviewQueue {
  items: { report: ReportSummary; reason: 'unmatched' | 'ambiguous'; candidates: Unit[] }[];
}

/** Units × years: the current report's state, or missing. */
export interface Coverage {
  years: number[];
  rows: { unit: Unit; cells: { year: number; state: 'missing' | ReportStatus; reportId: number | null }[] }[];
}

export interface Stats {
  db: 'sqlite' | 'postgres';
  reports: number;
  current: number;
  files: number;
  units: number;
}

/** What a user may see: a region (its reports and units) or one unit; absent fields: no limit. */
export interface AccessScope {
  region?: string | null;
  unitId?: number | null;
}

/** The orders of a report list (columns in reads.ts). */
export type SortKey = 'id' | 'createdAt' | 'agency' | 'unit' | 'region' | 'year' | 'status' | 'errors' | 'warnings' | 'fileName';

export interface ReportQuery {
  year?: number | null;
  /** Words searched in agency, alias, title, file name, region, unit name and aliases (all must occur). */
  q?: string | null;
  /** Region path or its start: 河南省, 河南省/洛阳市. */
  region?: string | null;
  /** One status or several (ok,warnings,errors: keep unreadable files out of the way); see ListStatus. */
  status?: ListStatus | ListStatus[] | null;
  /** Reports with at least one finding of this rule. */
  rule?: string | null;
  unitId?: number | null;
  /** Also list versions that a newer file replaced (default: current versions only). */
  includeSuperseded?: boolean;
  /** Reports a reviewer marked 已审核 (reviewed), or those not yet marked (pending). */
  review?: 'reviewed' | 'pending' | null;
  sort?: SortKey | null;
  order?: 'asc' | 'desc' | null;
  /** 1-based. */
  page?: number | null;
  pageSize?: number | null;
  /** What the asking user may see (a reviewer's region, a unit's own reports); absent: everything. */
  scope?: AccessScope | null;
  /** Count at most this many matches (default COUNT_CAP, SEARCH_COUNT_CAP with words), or to the end of the page when further. Not taken from a request. */
  countUpTo?: number | null;
}
