/**
 * The store: original files (content-addressed by sha256, bytes kept), parsed records, their
 * findings, reviewer decisions, the list of units, on SQLite or PostgreSQL through one code path.
 *
 * Semantics (docs/storage.md):
 * - Ingesting bytes already stored is a no-op (outcome `duplicate`).
 * - A report is written in one transaction: file, report row, findings, supersede links.
 * - Supersede group: the matched unit (`u:<id>`), else the agency name (`a:<nameKey>`), with the
 *   year. In a group the report ingested last is current; each older one points to the next
 *   newer one (`superseded_by`), so the history is kept.
 * - Decisions are keyed by (group subject, year, finding key), not by report row, so they carry
 *   over to a re-parse and to a corrected file of the same unit and year.
 * All SQL is built by kysely with bound parameters; the few raw fragments take no user text.
 *
 * The Store class is the one entry; each concern is a module of its own, taking the store's
 * context (context.ts): ingest.ts and supersede.ts, reads.ts, review.ts, units.ts and
 * matching.ts, coverage.ts, exports.ts (the data; the tables are shaped in src/render/export.ts),
 * stats.ts. Results are the plain interfaces of types.ts.
 */
import type { Kysely } from 'kysely';
import * as shape from '../render/export.js';
import type { ExportBook, ExportTable } from '../render/export.js';
import type { MatchResult } from '../units/match.js';
import type { UnitRow } from '../units/import.js';
import { Accounts } from './accounts.js';
import { parseLazily, type ParseFn, type StoreContext } from './context.js';
import * as coverage from './coverage.js';
import { connect, type OpenOptions } from './db.js';
import { exportReports } from './exports.js';
import * as ingest from './ingest.js';
import * as matching from './matching.js';
import type { DialectName } from './migrations.js';
import * as reads from './reads.js';
import { optimizeSearchIndex } from './search.js';
import { ReadPool } from './read-pool.js';
import * as review from './review.js';
import * as rows from './rows.js';
import * as stats from './stats.js';
import type { Database } from './tables.js';
import type {
  AccessScope,
  CellReview,
  Coverage,
  Decision,
  IngestInput,
  IngestResult,
  ReportList,
  ReportQuery,
  ReportSummary,
  ReviewQueue,
  Source,
  Stats,
  StoredReport,
  Unit,
  UnitImportResult,
} from './types.js';
import * as units from './units.js';

export type {
  AccessScope,
  CellReview,
  Coverage,
  Decision,
  IngestInput,
  IngestResult,
  ReportList,
  ReportQuery,
  ReportSummary,
  ReviewQueue,
  SortKey,
  Source,
  Stats,
  StoredFinding,
  StoredReport,
  Unit,
  UnitImportResult,
} from './types.js';
export type { ExportBook, ExportTable } from '../render/export.js';
export { exportColumns } from '../render/export.js';
export { SORT_KEYS } from './reads.js';
export { MAX_PAGE_SIZE } from './rows.js';
export type { ParseFn } from './context.js';

/** Open the store: PostgreSQL when `url` (default DATABASE_URL) is postgres://…, else the SQLite file. */
export async function openStore(opts: OpenOptions & { readers?: number } = {}): Promise<Store> {
  const c = await connect(opts);
  const store = new Store(c.db, c.dialect, c.where);
  // Lists and searches in reader threads (read-pool.ts): SQLite in a file only.
  if (opts.readers && c.dialect === 'sqlite' && c.where !== ':memory:') store.readPool = new ReadPool(c.where, opts.readers);
  return store;
}

export class Store {
  private readonly ctx: StoreContext;
  private accountsOf: Accounts | null = null;
  /** Reader threads for lists and searches on SQLite (openStore's `readers`), or null: read in place. */
  readPool: ReadPool | null = null;

  /** Users, sessions, API tokens and the audit log (accounts.ts). */
  get accounts(): Accounts {
    return (this.accountsOf ??= new Accounts(this.db));
  }

  /** `parse`: for files stored without a record and for reparse (default: parseReport, imported when first needed). */
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    readonly where: string,
    parse: ParseFn = parseLazily,
  ) {
    this.ctx = { db, dialect, units: { matcher: null, rev: '' }, parse };
  }

  async close(): Promise<void> {
    await this.readPool?.close();
    await this.db.destroy();
  }

  /**
   * The search index merged after a bulk write (search.ts optimizeSearchIndex: SQLite's FTS5 tables
   * into one segment each; nothing on PostgreSQL). `nianbao ingest` runs it after storing many files.
   */
  optimizeSearchIndex(): Promise<void> {
    return optimizeSearchIndex(this.db, this.dialect);
  }

  // ——— ingest (ingest.ts) ———

  /** True when these bytes are already stored. */
  hasFile(hash: string): Promise<boolean> {
    return ingest.hasFile(this.ctx, hash);
  }

  /** Every stored sha256 (batch ingest skips these before parsing). */
  knownHashes(): Promise<Set<string>> {
    return ingest.knownHashes(this.ctx);
  }

  /**
   * Store one file and its parse. Never throws on bad input: an unreadable document is stored
   * with status `unreadable`; a record that does not fit the bytes is `rejected`.
   */
  ingestFile(input: IngestInput): Promise<IngestResult> {
    return ingest.ingestFile(this.ctx, input);
  }

  /** Parse stored files again (after a parser update): records and findings replaced, decisions kept. */
  reparse(ids?: number[]): Promise<number> {
    return ingest.reparse(this.ctx, ids);
  }

  // ——— reading (reads.ts) ———

  getReport(id: number): Promise<StoredReport | null> {
    return reads.getReport(this.ctx, id);
  }

  summary(id: number): Promise<ReportSummary | null> {
    return rows.summary(this.ctx, id);
  }

  /** The tables, year and layout of many records (by report id), in a few queries. */
  recordTables(ids: readonly number[]): Promise<Map<number, reads.RecordTables>> {
    return reads.recordTables(this.ctx, ids);
  }

  /** The original bytes of a report's file. */
  getSource(id: number): Promise<Source | null> {
    return reads.getSource(this.ctx, id);
  }

  listReports(query: ReportQuery = {}): Promise<ReportList> {
    return this.readPool ? this.readPool.run('listReports', query) : reads.listReports(this.ctx, query);
  }

  // ——— reviewers' decisions, cell reviews, the reviewed mark (review.ts) ———

  /**
   * A reviewer's value for one cell, checked against the original page: kept beside the record
   * (which is not changed), with who and when. Null when the report or the cell does not exist.
   */
  setCellReview(
    reportId: number,
    at: { table: CellReview['table']; row: string; col: string },
    input: { value: number | null; reviewer: string },
  ): Promise<CellReview | null> {
    return review.setCellReview(this.ctx, reportId, at, input);
  }

  /** Withdraw a reviewer's value for a cell. False when there was none. */
  deleteCellReview(reportId: number, at: { table: CellReview['table']; row: string; col: string }): Promise<boolean> {
    return review.deleteCellReview(this.ctx, reportId, at);
  }

  /** Confirm or dismiss a finding of a report. Null when the report or the finding does not exist. */
  setDecision(reportId: number, key: string, input: { decision: Decision['decision']; comment?: string }): Promise<Decision | null> {
    return review.setDecision(this.ctx, reportId, key, input);
  }

  /** Confirm or dismiss every finding of one rule in the given reports; how many findings were decided. */
  decideRule(reportIds: number[], rule: string, input: { decision: Decision['decision']; comment?: string }): Promise<number> {
    return review.decideRule(this.ctx, reportIds, rule, input);
  }

  /** Mark a report reviewed (已审核) or not. Null when it does not exist. */
  setReviewed(reportId: number, reviewed: boolean, note?: string | null): Promise<ReportSummary | null> {
    return review.setReviewed(this.ctx, reportId, reviewed, note);
  }

  // ——— units (units.ts) ———

  /** Import units from a CSV or XLSX file (see units/import.ts). */
  importUnitFile(bytes: Uint8Array, opts: { region?: string | null } = {}): Promise<UnitImportResult> {
    return units.importUnitFile(this.ctx, bytes, opts);
  }

  /**
   * Add or update units (one per name and place; aliases are merged), link parents by name, then
   * match the reports again (a manual choice is kept).
   */
  importUnits(rows: UnitRow[], opts: { region?: string | null } = {}): Promise<UnitImportResult> {
    return units.importUnits(this.ctx, rows, opts);
  }

  /**
   * Change one unit: its name, region, level, parent and aliases (each left as it is when not
   * given). The same checks as an import (a real region, a name the list does not already hold,
   * no parent loop); then the reports are matched again. Never throws on bad input.
   */
  updateUnit(
    id: number,
    patch: { name?: string; region?: string | null; level?: string | null; parentId?: number | null; aliases?: string[] },
  ): Promise<{ unit: Unit; rematched: number } | { error: string; status: 400 | 404 | 409 }> {
    return units.updateUnit(this.ctx, id, patch);
  }

  /**
   * Remove a unit from the list. Its reports stay and are matched again (a reviewer's choice of
   * this unit is undone: the unit is gone); its children lose their parent. Null when no such unit.
   */
  deleteUnit(id: number): Promise<{ rematched: number } | null> {
    return units.deleteUnit(this.ctx, id);
  }

  listUnits(
    query: { q?: string | null; region?: string | null; page?: number; pageSize?: number; scope?: AccessScope | null } = {},
  ): Promise<{ total: number; items: Unit[] }> {
    return this.readPool ? this.readPool.run('listUnits', query) : units.listUnits(this.ctx, query);
  }

  getUnit(id: number): Promise<Unit | null> {
    return rows.getUnit(this.ctx, id);
  }

  // ——— matching reports to units (matching.ts) ———

  /** Match every report again (after the list of units changed); manual choices are kept. */
  rematch(): Promise<number> {
    return matching.rematch(this.ctx);
  }

  /** Which unit a report with these names would be matched to, and where it is placed (nothing is written). */
  matchUnit(names: { agency: string | null; agencyAlias?: string | null; title?: string | null; fileName?: string | null }): Promise<{
    status: MatchResult['status'];
    unit: Unit | null;
    candidates: Unit[];
    region: string | null;
    regionCode: string | null;
  }> {
    return matching.matchUnit(this.ctx, names);
  }

  /** Current reports whose unit is unmatched or ambiguous, with the units that could be meant. */
  reviewQueue(opts: { limit?: number; scope?: AccessScope | null } = {}): Promise<ReviewQueue> {
    return matching.reviewQueue(this.ctx, opts);
  }

  /** A reviewer's choice of unit for a report (null: back to automatic matching). Null when report or unit does not exist. */
  setReportUnit(reportId: number, unitId: number | null): Promise<ReportSummary | null> {
    return matching.setReportUnit(this.ctx, reportId, unitId);
  }

  /**
   * The current reports a reviewer's choice of unit would replace (or be replaced by): the same
   * unit's reports of the same year. Empty when the choice supersedes nothing.
   */
  supersedeConflicts(reportId: number, unitId: number | null): Promise<ReportSummary[]> {
    return matching.supersedeConflicts(this.ctx, reportId, unitId);
  }

  // ——— regions and coverage (coverage.ts) ———

  /** Regions with reports or units, each with how many current reports it holds (itself and below). */
  regions(scope: AccessScope | null = null): Promise<{ region: string; reports: number }[]> {
    return coverage.regions(this.ctx, scope);
  }

  /** Units × years: the current report's state, or missing. Years default to those with reports. */
  coverage(query: { years?: number[] | null; region?: string | null; scope?: AccessScope | null } = {}): Promise<Coverage> {
    return coverage.coverage(this.ctx, query);
  }

  // ——— export (the data: exports.ts; the tables: src/render/export.ts) ———

  /** Every table cell of the listed reports (filters as listReports, all pages): one row per report per table row. */
  exportRows(query: ReportQuery = {}): Promise<ExportTable> {
    return shape.exportTable(exportReports(this.ctx, query));
  }

  /** The rows of exportRows one by one, 200 reports read at a time (for streaming a large export). */
  exportRowIterator(query: ReportQuery = {}): AsyncGenerator<ExportTable['rows'][number]> {
    return shape.exportRowValues(exportReports(this.ctx, query));
  }

  /**
   * The XLSX export (docs/storage.md): the rows of exportRows with the state of every value cell,
   * every finding of those reports with its place and the reviewer's decision, and every cell
   * that is not plainly read. `ids`: only these reports.
   */
  exportBook(query: ReportQuery = {}, ids?: number[]): Promise<ExportBook> {
    return shape.exportBook(exportReports(this.ctx, query, { ids, findings: true }));
  }

  // ——— health (stats.ts) ———

  stats(): Promise<Stats> {
    return stats.stats(this.ctx);
  }
}
