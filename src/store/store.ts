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
 */
import { createHash } from 'node:crypto';
import { sql, type Kysely, type Selectable, type Transaction } from 'kysely';
import type { Finding, Report } from '../model/report.js';
import { reportSchema } from '../model/schema.js';
import { acceptance, screen } from '../ingest/accept.js';
import { checkReport, RULES } from '../check/index.js';
import { Matcher, type MatchResult } from '../units/match.js';
import { nameKey, searchVariants } from '../units/names.js';
import { pinyinKey } from '../units/pinyin.js';
import { ownRegion, placeName, placeRegion } from '../units/divisions.js';
import { parseUnitFile, unitNameProblem, type UnitRow } from '../units/import.js';
import * as shape from '../render/export.js';
import type { ExportBook, ExportReport, ExportTable } from '../render/export.js';
import { parseLazily, type ParseFn } from './context.js';
import { connect, type OpenOptions } from './db.js';
import { Accounts } from './accounts.js';
import type { DialectName } from './migrations.js';
import { clean, cleanOrNull, countBySeverity, findingKeys, fromJson, likeAnywhere, statusOf, toJson, type ReportStatus } from './keys.js';
import type { Database, ReportsTable, UnitsTable } from './tables.js';
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
  SortKey,
  Source,
  Stats,
  StoredFinding,
  StoredReport,
  Unit,
  UnitImportResult,
} from './types.js';

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
export type { ParseFn } from './context.js';
export type { ExportBook, ExportTable } from '../render/export.js';
export { exportColumns } from '../render/export.js';

const SORT_COLUMNS: Record<SortKey, string> = {
  id: 'reports.id',
  createdAt: 'reports.created_at',
  agency: 'reports.agency_sort',
  unit: 'units.name_sort',
  region: 'reports.region',
  year: 'reports.year',
  status: 'reports.status',
  errors: 'reports.errors',
  warnings: 'reports.warnings',
  fileName: 'reports.file_name',
};
/** Every order of a list (ReportQuery.sort). */
export const SORT_KEYS = Object.keys(SORT_COLUMNS) as readonly SortKey[];
export const MAX_PAGE_SIZE = 1000;

type Db = Kysely<Database> | Transaction<Database>;
/** A report row without its record (the record is large: read it only where it is needed). */
type ReportRow = Selectable<ReportsTable>;
/** The columns of a ReportSummary (the reports table joined with units). */
const SUMMARY_COLUMNS = [
  'reports.id',
  'reports.sha256',
  'reports.file_name',
  'reports.format',
  'reports.bytes',
  'reports.agency',
  'reports.agency_alias',
  'reports.unit_id',
  'units.name as unit_name',
  'reports.region',
  'reports.year',
  'reports.template',
  'reports.status',
  'reports.errors',
  'reports.warnings',
  'reports.infos',
  'reports.created_at',
  'reports.superseded_by',
  'reports.reviewed_at',
  'reports.review_note',
] as const;

const META_COLUMNS = [
  'id',
  'file_id',
  'sha256',
  'file_name',
  'format',
  'bytes',
  'title',
  'agency',
  'agency_alias',
  'agency_key',
  'unit_id',
  'match_status',
  'region',
  'region_code',
  'year',
  'template',
  'status',
  'errors',
  'warnings',
  'infos',
  'group_key',
  'superseded_by',
  'reviewed_at',
  'review_note',
  'search_text',
  'agency_sort',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof ReportRow)[];

const now = (): string => new Date().toISOString();
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');
const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** Open the store: PostgreSQL when `url` (default DATABASE_URL) is postgres://…, else the SQLite file. */
export async function openStore(opts: OpenOptions = {}): Promise<Store> {
  const c = await connect(opts);
  return new Store(c.db, c.dialect, c.where);
}

export class Store {
  private matcher: Matcher | null = null;
  private matcherRev = '';
  private accountsOf: Accounts | null = null;

  /** Users, sessions, API tokens and the audit log (accounts.ts). */
  get accounts(): Accounts {
    return (this.accountsOf ??= new Accounts(this.db));
  }

  /** `parse`: for files stored without a record and for reparse (default: parseReport, imported when first needed). */
  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: DialectName,
    readonly where: string,
    private readonly parse: ParseFn = parseLazily,
  ) {}

  async close(): Promise<void> {
    await this.db.destroy();
  }

  // ——— ingest ———

  /** True when these bytes are already stored. */
  async hasFile(hash: string): Promise<boolean> {
    return !!(await this.db.selectFrom('files').select('id').where('sha256', '=', hash).executeTakeFirst());
  }

  /** Every stored sha256 (batch ingest skips these before parsing). */
  async knownHashes(): Promise<Set<string>> {
    const rows = await this.db.selectFrom('files').select('sha256').execute();
    return new Set(rows.map((r) => r.sha256));
  }

  /**
   * Store one file and its parse. Never throws on bad input: an unreadable document is stored
   * with status `unreadable`; a record that does not fit the bytes is `rejected`.
   */
  async ingestFile(input: IngestInput): Promise<IngestResult> {
    const fileName = clean(input.fileName);
    const early = screen(input.bytes);
    if (!early.keep) return rejected(fileName, early.message);
    const hash = sha256(input.bytes);
    const existing = await this.reportByHash(hash);
    if (existing) return resultOf(existing, fileName, 'duplicate', null);
    // What is stored is the record as validated (strictly: nothing the published schema does not name).
    const ok = reportSchema.safeParse(input.record ?? (await this.parse(input.bytes, { path: fileName })));
    if (!ok.success) return rejected(fileName, '解析结果格式不符合 nianbao.report/1，未保存');
    const record = ok.data as Report;
    if (record.source.sha256 !== hash) return rejected(fileName, '解析结果与文件内容不符（sha256 不同），未保存');
    const accepted = await acceptance(input.bytes, record);
    if (!accepted.keep) return rejected(fileName, accepted.message);
    const matcher = await this.getMatcher();
    const m = matcher.match({ agency: record.agency, agencyAlias: record.agencyAlias, title: record.title, fileName });
    try {
      const row = await this.db.transaction().execute(async (trx) => {
        const at = now();
        const file = await trx
          .insertInto('files')
          .values({ sha256: hash, size: input.bytes.length, data: asBuffer(input.bytes), created_at: at })
          .returning('id')
          .executeTakeFirstOrThrow();
        const fields = this.reportFields(record, fileName, m, matcher);
        const rep = await trx
          .insertInto('reports')
          .values({
            ...fields,
            file_id: file.id,
            sha256: hash,
            file_name: fileName,
            bytes: input.bytes.length,
            superseded_by: null,
            reviewed_at: null,
            review_note: null,
            created_at: at,
            updated_at: at,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        await trx
          .insertInto('records')
          .values({ report_id: rep.id, record: toJson(record) })
          .execute();
        await insertFindings(trx, rep.id, record.findings);
        if (fields.group_key !== null && fields.year !== null) await regroup(trx, this.dialect, fields.group_key, fields.year);
        await relate(trx, fields.group_key, fields.year, [rep.id]);
        return await trx.selectFrom('reports').select(META_COLUMNS).where('id', '=', rep.id).executeTakeFirstOrThrow();
      });
      const older =
        row.group_key !== null ? await this.db.selectFrom('reports').select('id').where('superseded_by', '=', row.id).executeTakeFirst() : undefined;
      return resultOf(
        row,
        fileName,
        older ? 'superseded' : 'new',
        row.status === 'unreadable' ? (record.findings.find((f) => f.fatal)?.message ?? null) : null,
      );
    } catch (e) {
      // Another writer stored the same bytes between our check and our insert.
      if (isUniqueViolation(e)) {
        const again = await this.reportByHash(hash);
        if (again) return resultOf(again, fileName, 'duplicate', null);
      }
      throw e;
    }
  }

  /** Parse stored files again (after a parser update): records and findings replaced, decisions kept. */
  async reparse(ids?: number[]): Promise<number> {
    let q = this.db.selectFrom('reports').select(['id']).orderBy('id');
    if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
    const list = await q.execute();
    for (const { id } of list) {
      const src = await this.getSource(id);
      const old = await this.db.selectFrom('reports').select(META_COLUMNS).where('id', '=', id).executeTakeFirst();
      if (!src || !old) continue;
      const record = await this.parse(src.bytes, { path: old.file_name });
      const matcher = await this.getMatcher();
      const m = matcher.match({ agency: record.agency, agencyAlias: record.agencyAlias, title: record.title, fileName: old.file_name });
      await this.db.transaction().execute(async (trx) => {
        const fields = this.reportFields(record, old.file_name, m, matcher, old);
        await trx
          .updateTable('reports')
          .set({ ...fields, updated_at: now() })
          .where('id', '=', id)
          .execute();
        await trx
          .updateTable('records')
          .set({ record: toJson(record) })
          .where('report_id', '=', id)
          .execute();
        await trx.deleteFrom('findings').where('report_id', '=', id).execute();
        await insertFindings(trx, id, record.findings);
        await this.afterMove(trx, old, fields);
      });
    }
    return list.length;
  }

  /** The report columns that follow from a record and its match (a manual unit is kept). */
  private reportFields(record: Report, fileName: string, m: MatchResult, matcher: Matcher, old?: ReportRow) {
    const status = statusOf(record);
    return {
      format: record.source.format,
      title: cleanOrNull(record.title),
      agency: cleanOrNull(record.agency),
      agency_alias: cleanOrNull(record.agencyAlias),
      year: record.year,
      template: record.template,
      status,
      ...countBySeverity(record),
      ...matchFields({ agency: record.agency, agencyAlias: record.agencyAlias, title: record.title, fileName, year: record.year, status }, m, matcher, old),
    };
  }

  /** After a report's group changed: relink both groups, and let decisions follow it to the new subject. */
  private async afterMove(trx: Transaction<Database>, old: ReportRow, moved: { group_key: string | null; year: number | null }): Promise<void> {
    if (moved.group_key === null || moved.year === null) await trx.updateTable('reports').set({ superseded_by: null }).where('id', '=', old.id).execute();
    const groups = new Map<string, [string, number]>();
    for (const [k, y] of [
      [old.group_key, old.year],
      [moved.group_key, moved.year],
    ] as const) {
      if (k !== null && y !== null) groups.set(`${y}|${k}`, [k, y]);
    }
    for (const [k, y] of groups.values()) await regroup(trx, this.dialect, k, y);
    const from = subjectOf(old.group_key, old.sha256);
    const to = subjectOf(moved.group_key, old.sha256);
    if (from !== to || (old.year ?? 0) !== (moved.year ?? 0)) await copyDecisions(trx, from, old.year ?? 0, to, moved.year ?? 0);
    await relate(trx, old.group_key, old.year, [old.id]);
    if (moved.group_key !== old.group_key || moved.year !== old.year) await relate(trx, moved.group_key, moved.year);
  }

  private async reportByHash(hash: string): Promise<ReportRow | undefined> {
    return await this.db.selectFrom('reports').select(META_COLUMNS).where('sha256', '=', hash).executeTakeFirst();
  }

  // ——— reading ———

  async getReport(id: number): Promise<StoredReport | null> {
    const summary = await this.summary(id);
    if (!summary) return null;
    const row = await this.db
      .selectFrom('reports')
      .innerJoin('records', 'records.report_id', 'reports.id')
      .select(['records.record', 'reports.group_key', 'reports.year', 'reports.sha256'])
      .where('reports.id', '=', id)
      .executeTakeFirstOrThrow();
    const record = fromJson<Report>(row.record);
    const fs = await this.db.selectFrom('findings').select(['key', 'data']).where('report_id', '=', id).orderBy('id').execute();
    const ds = await this.db
      .selectFrom('decisions')
      .selectAll()
      .where('subject', '=', subjectOf(row.group_key, row.sha256))
      .where('year', '=', row.year ?? 0)
      .execute();
    const byKey = new Map(ds.map((d) => [d.key, { key: d.key, decision: d.decision as Decision['decision'], comment: d.comment, updatedAt: d.updated_at }]));
    const findings = fs.map((f) => ({ ...(JSON.parse(f.data) as Finding), key: f.key, decision: byKey.get(f.key) ?? null }));
    let history: ReportSummary[] = [];
    if (row.group_key !== null && row.year !== null) {
      const rows = await this.summaryQuery()
        .where('reports.group_key', '=', row.group_key)
        .where('reports.year', '=', row.year)
        .where('reports.id', '<>', id)
        .orderBy('reports.id', 'desc')
        .execute();
      history = rows.map(toSummary);
    }
    const cellReviews = await this.cellReviewsOf(subjectOf(row.group_key, row.sha256), row.year ?? 0);
    return { summary, record, findings, history, cellReviews };
  }

  async summary(id: number): Promise<ReportSummary | null> {
    const r = await this.summaryQuery().where('reports.id', '=', id).executeTakeFirst();
    return r ? toSummary(r) : null;
  }

  /** The original bytes of a report's file. */
  async getSource(id: number): Promise<Source | null> {
    const r = await this.db
      .selectFrom('reports')
      .innerJoin('files', 'files.id', 'reports.file_id')
      .select(['files.data', 'reports.file_name', 'reports.format', 'reports.sha256'])
      .where('reports.id', '=', id)
      .executeTakeFirst();
    if (!r) return null;
    return {
      bytes: new Uint8Array(r.data.buffer, r.data.byteOffset, r.data.byteLength),
      fileName: r.file_name,
      format: r.format as Source['format'],
      sha256: r.sha256,
    };
  }

  private summaryQuery() {
    return this.db.selectFrom('reports').leftJoin('units', 'units.id', 'reports.unit_id').select(SUMMARY_COLUMNS);
  }

  /** Filters of a list query, applied to a query over reports (joined with units). */
  private filtered(query: ReportQuery) {
    let q = this.db.selectFrom('reports').leftJoin('units', 'units.id', 'reports.unit_id');
    const sc = query.scope;
    if (sc?.unitId !== undefined && sc.unitId !== null) q = q.where('reports.unit_id', '=', sc.unitId);
    if (sc?.region) {
      const r = sc.region;
      q = q.where((eb) => eb.or([eb('reports.region', '=', r), sql<boolean>`${eb.ref('reports.region')} like ${likeStart(r + '/')} escape '\\'`]));
    }
    if (!query.includeSuperseded) q = q.where('reports.superseded_by', 'is', null);
    if (query.year !== undefined && query.year !== null) q = q.where('reports.year', '=', query.year);
    if (query.status) {
      const list = Array.isArray(query.status) ? query.status : [query.status];
      if (list.length)
        q = q.where((eb) =>
          eb.or(
            list.map((st) =>
              st === 'ok'
                ? eb.and([eb('reports.status', '=', 'ok'), eb('reports.warnings', '=', 0)])
                : st === 'warnings'
                  ? eb.and([eb('reports.status', '=', 'ok'), eb('reports.warnings', '>', 0)])
                  : eb('reports.status', '=', st),
            ),
          ),
        );
    }
    if (query.unitId !== undefined && query.unitId !== null) q = q.where('reports.unit_id', '=', query.unitId);
    if (query.review === 'reviewed') q = q.where('reports.reviewed_at', 'is not', null);
    if (query.review === 'pending') q = q.where('reports.reviewed_at', 'is', null);
    if (query.region) {
      const r = query.region.replace(/\/+$/, '');
      q = q.where((eb) => eb.or([eb('reports.region', '=', r), sql<boolean>`${eb.ref('reports.region')} like ${likeStart(r + '/')} escape '\\'`]));
    }
    if (query.rule) {
      const rule = query.rule;
      q = q.where((eb) =>
        eb.exists(eb.selectFrom('findings').select('findings.id').whereRef('findings.report_id', '=', 'reports.id').where('findings.rule', '=', rule)),
      );
    }
    for (const term of (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      // 市场监管局 also finds 市场监督管理局 (and back): the agency-type spellings of units/names.ts.
      const variants = searchVariants(term);
      q = q.where((eb) => eb.or(variants.map((v) => sql<boolean>`${eb.ref('reports.search_text')} like ${likeAnywhere(v)} escape '\\'`)));
    }
    return q;
  }

  async listReports(query: ReportQuery = {}): Promise<ReportList> {
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? 50)));
    const page = Math.max(1, Math.trunc(query.page ?? 1));
    const base = this.filtered(query);
    const { total } = await base.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const sortKey: SortKey = query.sort && SORT_KEYS.includes(query.sort) ? query.sort : 'id';
    const dir = query.order === 'asc' ? 'asc' : query.order === 'desc' ? 'desc' : sortKey === 'id' || sortKey === 'createdAt' ? 'desc' : 'asc';
    const rows = await base
      .select(SUMMARY_COLUMNS)
      // The column comes from the whitelist above, never from the query text.
      .orderBy(sql.ref(SORT_COLUMNS[sortKey]), (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast())
      .orderBy('reports.id', dir)
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { total: Number(total), page, pageSize, items: rows.map(toSummary) };
  }

  // ——— cell reviews ———

  private async cellReviewsOf(subject: string, year: number): Promise<CellReview[]> {
    const rows = await this.db.selectFrom('cell_reviews').selectAll().where('subject', '=', subject).where('year', '=', year).orderBy('updated_at').execute();
    return rows.map((r) => ({
      table: r.tbl as CellReview['table'],
      row: r.row_key,
      col: r.col_key,
      value: r.value === null ? null : (JSON.parse(r.value) as number),
      readValue: r.read_value === null ? null : (JSON.parse(r.read_value) as number | null),
      reviewer: r.reviewer,
      updatedAt: r.updated_at,
    }));
  }

  /**
   * A reviewer's value for one cell, checked against the original page: kept beside the record
   * (which is not changed), with who and when. Null when the report or the cell does not exist.
   */
  async setCellReview(
    reportId: number,
    at: { table: CellReview['table']; row: string; col: string },
    input: { value: number | null; reviewer: string },
  ): Promise<CellReview | null> {
    const got = await this.db
      .selectFrom('reports')
      .innerJoin('records', 'records.report_id', 'reports.id')
      .select(['reports.group_key', 'reports.year', 'reports.sha256', 'records.record'])
      .where('reports.id', '=', reportId)
      .executeTakeFirst();
    if (!got) return null;
    const cell = fromJson<Report>(got.record).cells.find((c) => c.table === at.table && c.row === at.row && c.col === at.col);
    if (!cell) return null;
    const row = {
      subject: subjectOf(got.group_key, got.sha256),
      year: got.year ?? 0,
      tbl: at.table,
      row_key: at.row,
      col_key: at.col,
      value: input.value === null ? null : JSON.stringify(input.value),
      read_value: JSON.stringify(cell.value ?? null),
      reviewer: clean(input.reviewer.trim()).slice(0, 64),
      updated_at: now(),
    };
    await this.db
      .insertInto('cell_reviews')
      .values(row)
      .onConflict((oc) =>
        oc
          .columns(['subject', 'year', 'tbl', 'row_key', 'col_key'])
          .doUpdateSet({ value: row.value, read_value: row.read_value, reviewer: row.reviewer, updated_at: row.updated_at }),
      )
      .execute();
    return { table: at.table, row: at.row, col: at.col, value: input.value, readValue: cell.value ?? null, reviewer: row.reviewer, updatedAt: row.updated_at };
  }

  /** Withdraw a reviewer's value for a cell. False when there was none. */
  async deleteCellReview(reportId: number, at: { table: CellReview['table']; row: string; col: string }): Promise<boolean> {
    const r = await this.db.selectFrom('reports').select(['group_key', 'year', 'sha256']).where('id', '=', reportId).executeTakeFirst();
    if (!r) return false;
    const res = await this.db
      .deleteFrom('cell_reviews')
      .where('subject', '=', subjectOf(r.group_key, r.sha256))
      .where('year', '=', r.year ?? 0)
      .where('tbl', '=', at.table)
      .where('row_key', '=', at.row)
      .where('col_key', '=', at.col)
      .executeTakeFirst();
    return Number(res.numDeletedRows) > 0;
  }

  // ——— decisions ———

  /** Confirm or dismiss a finding of a report. Null when the report or the finding does not exist. */
  async setDecision(reportId: number, key: string, input: { decision: Decision['decision']; comment?: string }): Promise<Decision | null> {
    const r = await this.db.selectFrom('reports').select(['group_key', 'year', 'sha256']).where('id', '=', reportId).executeTakeFirst();
    if (!r) return null;
    const f = await this.db.selectFrom('findings').select('id').where('report_id', '=', reportId).where('key', '=', key).executeTakeFirst();
    if (!f) return null;
    const d = {
      subject: subjectOf(r.group_key, r.sha256),
      year: r.year ?? 0,
      key,
      decision: input.decision,
      comment: clean(input.comment ?? '').slice(0, 2000),
      updated_at: now(),
    };
    await this.db
      .insertInto('decisions')
      .values(d)
      .onConflict((oc) => oc.columns(['subject', 'year', 'key']).doUpdateSet({ decision: d.decision, comment: d.comment, updated_at: d.updated_at }))
      .execute();
    await recount(this.db, r.group_key !== null && r.year !== null ? await groupMembers(this.db, r.group_key, [r.year]) : [reportId]);
    return { key, decision: d.decision, comment: d.comment, updatedAt: d.updated_at };
  }

  // ——— units ———

  /** The matcher over the current list of units, rebuilt when the list changed (also by another process). */
  private async getMatcher(): Promise<Matcher> {
    const rev = (await this.db.selectFrom('meta').select('value').where('key', '=', 'units_rev').executeTakeFirst())?.value ?? '0';
    if (!this.matcher || rev !== this.matcherRev) {
      const units = await this.db.selectFrom('units').selectAll().execute();
      this.matcher = new Matcher(
        units.map((u) => ({ id: u.id, name: u.name, aliases: JSON.parse(u.aliases) as string[], region: u.region, regionCode: u.region_code })),
      );
      this.matcherRev = rev;
    }
    return this.matcher;
  }

  private async bumpUnits(trx: Db): Promise<void> {
    const rev = `${Date.now()}-${Math.random().toString(36).slice(2)}`;
    await trx
      .insertInto('meta')
      .values({ key: 'units_rev', value: rev })
      .onConflict((oc) => oc.column('key').doUpdateSet({ value: rev }))
      .execute();
  }

  /** Import units from a CSV or XLSX file (see units/import.ts). */
  async importUnitFile(bytes: Uint8Array, opts: { region?: string | null } = {}): Promise<UnitImportResult> {
    const parsed = await parseUnitFile(bytes);
    const res = await this.importUnits(parsed.rows, opts);
    return { ...res, rejected: [...parsed.rejected, ...res.rejected].sort((a, b) => a.line - b.line) };
  }

  /**
   * Add or update units (one per name and place; aliases are merged), link parents by name, then
   * match the reports again (a manual choice is kept).
   */
  async importUnits(rows: UnitRow[], opts: { region?: string | null } = {}): Promise<UnitImportResult> {
    let added = 0;
    let updated = 0;
    const rejected: UnitImportResult['rejected'] = [];
    await this.db.transaction().execute(async (trx) => {
      const ids: { row: UnitRow; id: number; code: string | null }[] = [];
      for (const row of rows) {
        const name = clean(row.name.trim());
        const place = unitPlace(name, row.region);
        if ('message' in place) {
          rejected.push({ line: row.line, message: `第${row.line}行：${place.message}；未导入` });
          continue;
        }
        const { region, code } = place;
        // A reviewer imports the units of their own region only.
        if (opts.region && !(region === opts.region || region?.startsWith(`${opts.region}/`))) {
          rejected.push({
            line: row.line,
            message: `第${row.line}行：单位不在您负责的地区（${opts.region}）内${region ? `（${region}）` : '（未写地区）'}；未导入`,
          });
          continue;
        }
        const key = nameKey(name);
        const ident = `${key}|${code ?? (region ? nameKey(region) : '')}`;
        const at = now();
        const old = await trx.selectFrom('units').selectAll().where('ident', '=', ident).executeTakeFirst();
        if (old) {
          const aliases = [...new Set([...(JSON.parse(old.aliases) as string[]), ...row.aliases.map(clean)])];
          await trx
            .updateTable('units')
            .set({
              name,
              name_sort: pinyinKey(name),
              aliases: JSON.stringify(aliases),
              region,
              region_code: code,
              level: row.level ? clean(row.level) : old.level,
              updated_at: at,
            })
            .where('id', '=', old.id)
            .execute();
          ids.push({ row, id: old.id, code });
          updated++;
        } else {
          const r = await trx
            .insertInto('units')
            .values({
              name,
              name_key: key,
              name_sort: pinyinKey(name),
              ident,
              aliases: JSON.stringify(row.aliases.map(clean)),
              region,
              region_code: code,
              level: row.level ? clean(row.level) : null,
              parent_id: null,
              created_at: at,
              updated_at: at,
            })
            .returning('id')
            .executeTakeFirstOrThrow();
          ids.push({ row, id: r.id, code });
          added++;
        }
      }
      // Parents by name, once every unit of the file exists; several namesakes: the one whose place contains the child's.
      for (const { row, id, code } of ids) {
        if (!row.parent) continue;
        const cands = (await trx.selectFrom('units').select(['id', 'region_code']).where('name_key', '=', nameKey(row.parent)).execute()).filter(
          (u) => u.id !== id,
        );
        const near = cands.length > 1 && code ? cands.filter((u) => u.region_code && code.startsWith(u.region_code)) : cands;
        if (near.length === 1) await trx.updateTable('units').set({ parent_id: near[0]!.id }).where('id', '=', id).execute();
        else
          rejected.push({
            line: row.line,
            message: near.length
              ? `第${row.line}行：上级单位「${row.parent}」有多个同名单位，未设上级`
              : `第${row.line}行：上级单位「${row.parent}」不在名单中，未设上级`,
          });
      }
      await this.bumpUnits(trx);
    });
    const rematched = await this.rematch();
    return { added, updated, rejected, rematched };
  }

  /**
   * Change one unit: its name, region, level, parent and aliases (each left as it is when not
   * given). The same checks as an import (a real region, a name the list does not already hold,
   * no parent loop); then the reports are matched again. Never throws on bad input.
   */
  async updateUnit(
    id: number,
    patch: { name?: string; region?: string | null; level?: string | null; parentId?: number | null; aliases?: string[] },
  ): Promise<{ unit: Unit; rematched: number } | { error: string; status: 400 | 404 | 409 }> {
    const old = await this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    if (!old) return { error: '没有这个单位', status: 404 };
    const name = clean((patch.name ?? old.name).trim());
    const bad = unitNameProblem(name);
    if (bad) return { error: bad, status: 400 };
    const place = patch.region === undefined ? { region: old.region, code: old.region_code } : unitPlace(name, patch.region);
    if ('message' in place) return { error: place.message, status: 400 };
    const parentId = patch.parentId === undefined ? old.parent_id : patch.parentId;
    if (parentId !== null) {
      // Walk up from the new parent: reaching this unit would make a loop.
      let at: number | null = parentId;
      for (let hops = 0; at !== null; hops++) {
        if (at === id || hops > 1000) return { error: '上级单位不能是本单位或本单位的下级', status: 400 };
        const up: { parent_id: number | null } | undefined = await this.db.selectFrom('units').select('parent_id').where('id', '=', at).executeTakeFirst();
        if (!up) return { error: `没有编号为 ${parentId} 的上级单位`, status: 400 };
        at = up.parent_id;
      }
    }
    const aliases =
      patch.aliases === undefined
        ? (JSON.parse(old.aliases) as string[])
        : [...new Set(patch.aliases.map((a) => clean(a.trim())).filter((a) => a && a !== name))];
    const key = nameKey(name);
    const ident = `${key}|${place.code ?? (place.region ? nameKey(place.region) : '')}`;
    const same = await this.db.selectFrom('units').select(['id', 'name']).where('ident', '=', ident).where('id', '!=', id).executeTakeFirst();
    if (same) return { error: `名录中已有同一地区的「${same.name}」（编号 ${same.id}）`, status: 409 };
    const level = patch.level === undefined ? old.level : patch.level ? clean(patch.level.trim()) || null : null;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('units')
        .set({
          name,
          name_key: key,
          ident,
          aliases: JSON.stringify(aliases),
          region: place.region,
          region_code: place.code,
          level,
          parent_id: parentId,
          updated_at: now(),
        })
        .where('id', '=', id)
        .execute();
      await this.bumpUnits(trx);
    });
    const rematched = await this.rematch();
    return { unit: (await this.getUnit(id))!, rematched };
  }

  /**
   * Remove a unit from the list. Its reports stay and are matched again (a reviewer's choice of
   * this unit is undone: the unit is gone); its children lose their parent. Null when no such unit.
   */
  async deleteUnit(id: number): Promise<{ rematched: number } | null> {
    const found = await this.db.transaction().execute(async (trx) => {
      const u = await trx.selectFrom('units').select('id').where('id', '=', id).executeTakeFirst();
      if (!u) return false;
      await trx.updateTable('units').set({ parent_id: null }).where('parent_id', '=', id).execute();
      await trx.updateTable('reports').set({ unit_id: null, match_status: 'unmatched' }).where('unit_id', '=', id).execute();
      await trx.deleteFrom('units').where('id', '=', id).execute();
      await this.bumpUnits(trx);
      return true;
    });
    return found ? { rematched: await this.rematch() } : null;
  }

  /** Match every report again (after the list of units changed); manual choices are kept. */
  async rematch(): Promise<number> {
    const matcher = await this.getMatcher();
    const rows = await this.db.selectFrom('reports').select(META_COLUMNS).execute();
    let changed = 0;
    for (const old of rows) {
      const n = namesOf(old);
      const f = matchFields(n, matcher.match(n), matcher, old);
      if (
        f.unit_id === old.unit_id &&
        f.match_status === old.match_status &&
        f.region === old.region &&
        f.region_code === old.region_code &&
        f.group_key === old.group_key &&
        f.search_text === old.search_text
      )
        continue;
      changed++;
      await this.db.transaction().execute(async (trx) => {
        await trx
          .updateTable('reports')
          .set({ ...f, updated_at: now() })
          .where('id', '=', old.id)
          .execute();
        await this.afterMove(trx, old, { group_key: f.group_key, year: old.year });
      });
    }
    return changed;
  }

  async listUnits(
    query: { q?: string | null; region?: string | null; page?: number; pageSize?: number; scope?: AccessScope | null } = {},
  ): Promise<{ total: number; items: Unit[] }> {
    let q = this.db.selectFrom('units');
    const sc = query.scope;
    if (sc?.unitId !== undefined && sc.unitId !== null) q = q.where('units.id', '=', sc.unitId);
    if (sc?.region) {
      const r = sc.region;
      q = q.where((eb) => eb.or([eb('units.region', '=', r), sql<boolean>`${eb.ref('units.region')} like ${likeStart(r + '/')} escape '\\'`]));
    }
    for (const term of (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)) {
      q = q.where((eb) =>
        eb.or(
          searchVariants(term).flatMap((v) => {
            const p = likeAnywhere(v);
            return [
              sql<boolean>`lower(${eb.ref('units.name')}) like ${p} escape '\\'`,
              sql<boolean>`lower(${eb.ref('units.aliases')}) like ${p} escape '\\'`,
              sql<boolean>`lower(coalesce(${eb.ref('units.region')}, '')) like ${p} escape '\\'`,
            ];
          }),
        ),
      );
    }
    if (query.region) {
      const r = query.region.replace(/\/+$/, '');
      q = q.where((eb) => eb.or([eb('units.region', '=', r), sql<boolean>`${eb.ref('units.region')} like ${likeStart(r + '/')} escape '\\'`]));
    }
    const { total } = await q.select((eb) => eb.fn.countAll<number>().as('total')).executeTakeFirstOrThrow();
    const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? 100)));
    const page = Math.max(1, Math.trunc(query.page ?? 1));
    const rows = await q
      .selectAll()
      // Places in the official order of GB/T 2260 codes, units in pinyin order within a place.
      .orderBy('region_code', (ob) => ob.asc().nullsLast())
      .orderBy('region', (ob) => ob.asc().nullsLast())
      .orderBy('name_sort')
      .orderBy('id')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute();
    return { total: Number(total), items: rows.map(toUnit) };
  }

  async getUnit(id: number): Promise<Unit | null> {
    const u = await this.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
    return u ? toUnit(u) : null;
  }

  /** Which unit a report with these names would be matched to, and where it is placed (nothing is written). */
  async matchUnit(names: { agency: string | null; agencyAlias?: string | null; title?: string | null; fileName?: string | null }): Promise<{
    status: MatchResult['status'];
    unit: Unit | null;
    candidates: Unit[];
    region: string | null;
    regionCode: string | null;
  }> {
    const matcher = await this.getMatcher();
    const m = matcher.match({ agency: names.agency, agencyAlias: names.agencyAlias ?? null, title: names.title ?? null, fileName: names.fileName ?? null });
    const candidates = (await Promise.all(m.candidates.map((id) => this.getUnit(id)))).filter((u): u is Unit => u !== null);
    const unit = m.unitId !== null ? (candidates.find((u) => u.id === m.unitId) ?? null) : null;
    const region = unit?.region
      ? { region: unit.region, code: unit.regionCode }
      : { region: m.region.division?.path ?? null, code: m.region.division?.code ?? null };
    return { status: m.status, unit, candidates, region: region.region, regionCode: region.code };
  }

  /** Current reports whose unit is unmatched or ambiguous, with the units that could be meant. */
  async reviewQueue(opts: { limit?: number; scope?: AccessScope | null } = {}): Promise<ReviewQueue> {
    const matcher = await this.getMatcher();
    // A reviewer settles the unplaced or unmatched reports of their region; a unit has none to settle.
    if (opts.scope?.unitId !== undefined && opts.scope.unitId !== null) return { items: [] };
    const region = opts.scope?.region ?? null;
    const rows = await this.summaryQuery()
      .$if(region !== null, (qb) =>
        qb.where((eb) => eb.or([eb('reports.region', '=', region!), sql<boolean>`${eb.ref('reports.region')} like ${likeStart(region! + '/')} escape '\\'`])),
      )
      .select(['reports.match_status', 'reports.title'])
      .where('reports.superseded_by', 'is', null)
      .where('reports.match_status', 'in', ['unmatched', 'ambiguous'])
      .where('reports.status', '<>', 'unreadable')
      .orderBy('reports.id')
      .limit(Math.max(1, Math.min(opts.limit ?? 1000, 10_000)))
      .execute();
    const units = new Map<number, Unit>();
    const items: ReviewQueue['items'] = [];
    for (const r of rows) {
      const m = matcher.match({ agency: r.agency, agencyAlias: r.agency_alias, title: r.title, fileName: r.file_name });
      const candidates: Unit[] = [];
      for (const id of m.candidates) {
        if (!units.has(id)) {
          const u = await this.getUnit(id);
          if (u) units.set(id, u);
        }
        const u = units.get(id);
        if (u) candidates.push(u);
      }
      items.push({ report: toSummary(r), reason: r.match_status === 'ambiguous' ? 'ambiguous' : 'unmatched', candidates });
    }
    return { items };
  }

  /** A reviewer's choice of unit for a report (null: back to automatic matching). Null when report or unit does not exist. */
  async setReportUnit(reportId: number, unitId: number | null): Promise<ReportSummary | null> {
    const old = await this.db.selectFrom('reports').select(META_COLUMNS).where('id', '=', reportId).executeTakeFirst();
    if (!old) return null;
    if (unitId !== null && !(await this.getUnit(unitId))) return null;
    const matcher = await this.getMatcher();
    const n = namesOf(old);
    const auto = matcher.match(n);
    // A chosen unit: its place, or (a unit without one) where the report's own name put it.
    const m: MatchResult = unitId === null ? auto : { status: 'matched', unitId, candidates: [unitId], region: auto.region };
    const f = matchFields(n, m, matcher);
    if (unitId !== null) f.match_status = 'manual';
    await this.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('reports')
        .set({ ...f, updated_at: now() })
        .where('id', '=', reportId)
        .execute();
      await this.afterMove(trx, old, { group_key: f.group_key, year: old.year });
    });
    return await this.summary(reportId);
  }

  /**
   * The current reports a reviewer's choice of unit would replace (or be replaced by): the same
   * unit's reports of the same year. Empty when the choice supersedes nothing.
   */
  async supersedeConflicts(reportId: number, unitId: number | null): Promise<ReportSummary[]> {
    const r = await this.db.selectFrom('reports').select(['year', 'status', 'group_key']).where('id', '=', reportId).executeTakeFirst();
    if (!r || unitId === null || r.year === null || r.status === 'unreadable') return [];
    const key = `u:${unitId}`;
    if (key === r.group_key) return [];
    const rows = await this.summaryQuery()
      .where('reports.group_key', '=', key)
      .where('reports.year', '=', r.year)
      .where('reports.superseded_by', 'is', null)
      .where('reports.id', '<>', reportId)
      .execute();
    return rows.map(toSummary);
  }

  /** Mark a report reviewed (已审核) or not. Null when it does not exist. */
  async setReviewed(reportId: number, reviewed: boolean, note?: string | null): Promise<ReportSummary | null> {
    const res = await this.db
      .updateTable('reports')
      .set({ reviewed_at: reviewed ? now() : null, review_note: reviewed ? cleanOrNull(note?.slice(0, 2000) || null) : null })
      .where('id', '=', reportId)
      .executeTakeFirst();
    return Number(res.numUpdatedRows) ? await this.summary(reportId) : null;
  }

  /** Confirm or dismiss every finding of one rule in the given reports; how many findings were decided. */
  async decideRule(reportIds: number[], rule: string, input: { decision: Decision['decision']; comment?: string }): Promise<number> {
    if (!reportIds.length) return 0;
    const fs = await this.db.selectFrom('findings').select(['report_id', 'key']).where('report_id', 'in', reportIds).where('rule', '=', rule).execute();
    for (const f of fs) await this.setDecision(f.report_id, f.key, input);
    return fs.length;
  }

  /** Regions with reports or units, each with how many current reports it holds (itself and below). */
  async regions(scope: AccessScope | null = null): Promise<{ region: string; reports: number }[]> {
    const all = await this.allRegions();
    if (!scope) return all;
    if (scope.region) {
      const r = scope.region;
      return all.filter((x) => x.region === r || x.region.startsWith(`${r}/`) || r.startsWith(`${x.region}/`));
    }
    // A unit: the places of its own reports and of itself.
    const own = await this.listReports({ scope, pageSize: MAX_PAGE_SIZE });
    const unit = scope.unitId !== undefined && scope.unitId !== null ? await this.getUnit(scope.unitId) : null;
    const mine = new Set([...own.items.map((x) => x.region), unit?.region].filter((x): x is string => !!x));
    return all.filter((x) => [...mine].some((m) => m === x.region || m.startsWith(`${x.region}/`)));
  }

  private async allRegions(): Promise<{ region: string; reports: number }[]> {
    const rows = await this.db
      .selectFrom('reports')
      .select(['region', (eb) => eb.fn.countAll<number>().as('n')])
      .where('superseded_by', 'is', null)
      .where('region', 'is not', null)
      .groupBy('region')
      .execute();
    const units = await this.db.selectFrom('units').select('region').distinct().where('region', 'is not', null).execute();
    const count = new Map<string, number>();
    const add = (path: string, n: number): void => {
      const parts = path.split('/');
      for (let i = 1; i <= parts.length; i++) {
        const p = parts.slice(0, i).join('/');
        count.set(p, (count.get(p) ?? 0) + n);
      }
    };
    for (const r of rows) add(r.region!, Number(r.n));
    for (const u of units) add(u.region!, 0);
    return [...count].map(([region, reports]) => ({ region, reports })).sort((a, b) => a.region.localeCompare(b.region, 'zh-CN'));
  }

  // ——— coverage, export, health ———

  /** Units × years: the current report's state, or missing. Years default to those with reports. */
  async coverage(query: { years?: number[] | null; region?: string | null; scope?: AccessScope | null } = {}): Promise<Coverage> {
    let years = (query.years ?? []).filter((y) => Number.isInteger(y));
    if (!years.length) {
      const ys = await this.db
        .selectFrom('reports')
        .select('year')
        .distinct()
        .where('year', 'is not', null)
        .where('superseded_by', 'is', null)
        .orderBy('year')
        .execute();
      // Every year with a report (a unit's history is the point of the page; there are not many).
      years = ys.map((y) => y.year!);
    }
    years = [...new Set(years)].sort((a, b) => a - b);
    const { items } = await this.listUnits({ region: query.region ?? null, pageSize: MAX_PAGE_SIZE, scope: query.scope ?? null });
    const all: Unit[] = [...items];
    for (let page = 2; all.length % MAX_PAGE_SIZE === 0 && all.length > 0; page++) {
      const more = await this.listUnits({ region: query.region ?? null, page, pageSize: MAX_PAGE_SIZE, scope: query.scope ?? null });
      if (!more.items.length) break;
      all.push(...more.items);
    }
    const found = new Map<string, { state: 'ok' | 'errors' | 'unreadable'; id: number }>();
    if (years.length && all.length) {
      const reps = await this.db
        .selectFrom('reports')
        .select(['id', 'unit_id', 'year', 'status'])
        .where('superseded_by', 'is', null)
        .where('unit_id', 'is not', null)
        .where('year', 'in', years)
        .execute();
      for (const r of reps) found.set(`${r.unit_id}|${r.year}`, { state: r.status as ReportStatus, id: r.id });
    }
    return {
      years,
      rows: all.map((unit) => ({
        unit,
        cells: years.map((year) => {
          const f = found.get(`${unit.id}|${year}`);
          return { year, state: f ? f.state : 'missing', reportId: f ? f.id : null };
        }),
      })),
    };
  }

  /** Every table cell of the listed reports (filters as listReports, all pages): one row per report per table row. */
  exportRows(query: ReportQuery = {}): Promise<ExportTable> {
    return shape.exportTable(this.exportReports(query));
  }

  /** The rows of exportRows one by one, 200 reports read at a time (for streaming a large export). */
  exportRowIterator(query: ReportQuery = {}): AsyncGenerator<ExportTable['rows'][number]> {
    return shape.exportRowValues(this.exportReports(query));
  }

  /**
   * The XLSX export (docs/storage.md): the rows of exportRows with the state of every value cell,
   * every finding of those reports with its place and the reviewer's decision, and every cell
   * that is not plainly read. `ids`: only these reports.
   */
  exportBook(query: ReportQuery = {}, ids?: number[]): Promise<ExportBook> {
    return shape.exportBook(this.exportReports(query, { ids, findings: true }));
  }

  /** The listed reports with their records, 200 read at a time; with `findings`, each one's findings and the reviewer's decisions. */
  private async *exportReports(query: ReportQuery, opts: { ids?: number[] | undefined; findings?: boolean } = {}): AsyncGenerator<ExportReport> {
    if (opts.ids && !opts.ids.length) return;
    let after = 0;
    for (;;) {
      let q = this.filtered(query)
        .innerJoin('records', 'records.report_id', 'reports.id')
        .select([
          'reports.id',
          'reports.file_name',
          'reports.agency',
          'units.name as unit_name',
          'reports.region',
          'reports.year',
          'reports.template',
          'reports.status',
          'reports.group_key',
          'reports.sha256',
          'records.record',
        ])
        .where('reports.id', '>', after);
      if (opts.ids) q = q.where('reports.id', 'in', opts.ids);
      const batch = await q.orderBy('reports.id').limit(200).execute();
      if (!batch.length) break;
      const found = new Map<number, StoredFinding[]>();
      if (opts.findings) {
        const fs = await this.db
          .selectFrom('findings')
          .select(['report_id', 'key', 'data'])
          .where(
            'report_id',
            'in',
            batch.map((r) => r.id),
          )
          .orderBy('id')
          .execute();
        const subjects = [...new Set(batch.map((r) => subjectOf(r.group_key, r.sha256)))];
        const ds = await this.db.selectFrom('decisions').selectAll().where('subject', 'in', subjects).execute();
        const byKey = new Map(ds.map((d) => [`${d.subject}|${d.year}|${d.key}`, d]));
        const subjectOfReport = new Map(batch.map((r) => [r.id, `${subjectOf(r.group_key, r.sha256)}|${r.year ?? 0}`]));
        for (const f of fs) {
          const d = byKey.get(`${subjectOfReport.get(f.report_id)}|${f.key}`);
          const list = found.get(f.report_id) ?? [];
          list.push({
            ...(JSON.parse(f.data) as Finding),
            key: f.key,
            decision: d ? { key: d.key, decision: d.decision as Decision['decision'], comment: d.comment, updatedAt: d.updated_at } : null,
          });
          found.set(f.report_id, list);
        }
      }
      for (const r of batch) {
        yield {
          id: r.id,
          fileName: r.file_name,
          agency: r.agency,
          unitName: r.unit_name,
          region: r.region,
          year: r.year,
          template: r.template,
          status: r.status,
          record: fromJson<Report>(r.record),
          findings: found.get(r.id) ?? [],
        };
      }
      after = batch[batch.length - 1]!.id;
    }
  }

  async stats(): Promise<Stats> {
    const n = (r: { n: number | string | bigint }): number => Number(r.n);
    const reports = n(
      await this.db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const current = n(
      await this.db
        .selectFrom('reports')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('superseded_by', 'is', null)
        .executeTakeFirstOrThrow(),
    );
    const files = n(
      await this.db
        .selectFrom('files')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    const units = n(
      await this.db
        .selectFrom('units')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow(),
    );
    return { db: this.dialect, reports, current, files, units };
  }
}

// ——— helpers ———

interface MatchInput {
  agency: string | null;
  agencyAlias: string | null;
  title: string | null;
  fileName: string;
  year: number | null;
  status: string;
}

/** Unit, region, supersede group and search text of a report, from its names and its match. */
function matchFields(n: MatchInput, m: MatchResult, matcher: Matcher, old?: Pick<ReportRow, 'match_status' | 'unit_id'>) {
  const agencyKey = n.agency ? nameKey(n.agency) : n.agencyAlias ? nameKey(n.agencyAlias) : null;
  const manual = old?.match_status === 'manual' && old.unit_id !== null && matcher.entries.has(old.unit_id);
  const unitId = manual ? old.unit_id : m.unitId;
  const unit = unitId !== null ? (matcher.entries.get(unitId)?.unit ?? null) : null;
  const own = m.region.division;
  const region = unit?.region ? { region: unit.region, code: unit.regionCode } : own ? { region: own.path, code: own.code } : { region: null, code: null };
  const groupKey = n.status === 'unreadable' || n.year === null ? null : unitId !== null ? `u:${unitId}` : agencyKey ? `a:${agencyKey}` : null;
  return {
    agency_key: agencyKey,
    unit_id: unitId,
    match_status: manual ? 'manual' : m.status,
    region: region.region,
    region_code: region.code,
    group_key: groupKey,
    search_text: searchText([n.agency, n.agencyAlias, n.title, n.fileName, region.region, unit?.name, ...(unit?.aliases ?? [])]),
    agency_sort: pinyinKey(n.agency ?? n.agencyAlias),
  };
}

const namesOf = (r: ReportRow): MatchInput => ({
  agency: r.agency,
  agencyAlias: r.agency_alias,
  title: r.title,
  fileName: r.file_name,
  year: r.year,
  status: r.status,
});

function subjectOf(groupKey: string | null, sha: string): string {
  return groupKey ?? `f:${sha}`;
}

const likeStart = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

const searchText = (parts: (string | null | undefined)[]): string =>
  clean(
    parts
      .filter((p): p is string => !!p)
      .join('\n')
      .toLowerCase(),
  );

async function insertFindings(trx: Db, reportId: number, findings: readonly Finding[]): Promise<void> {
  const keys = findingKeys(findings);
  const rows = findings.map((f, i) => ({
    report_id: reportId,
    key: keys[i]!,
    rule: f.rule,
    severity: f.severity,
    tbl: f.table ?? null,
    row_key: f.row ?? null,
    col_key: f.col ?? null,
    message: clean(f.message),
    line: f.line ?? null,
    page: f.page ?? null,
    fatal: f.fatal ? 1 : 0,
    data: toJson(f),
  }));
  // Chunks stay far below both databases' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('findings')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The ids of a group's reports (every version) in the given years. */
async function groupMembers(trx: Db, groupKey: string, years: number[]): Promise<number[]> {
  const rows = await trx.selectFrom('reports').select('id').where('group_key', '=', groupKey).where('year', 'in', years).execute();
  return rows.map((r) => r.id);
}

/** The rules that compare a report with the same unit's previous year (run by the store, which knows the previous year). */
const CROSS_YEAR = RULES.filter((r) => r.meta.type === 'crossYear').map((r) => r.meta.id);

/**
 * After a report of (group, year) arrived, moved or changed: the cross-year findings of every
 * version of that year (against the current report of the year before) and of the year after
 * (against the new current one: a late-arriving earlier report re-checks the later one), then
 * their open counts.
 */
async function relate(trx: Db, groupKey: string | null, year: number | null, ids: number[] = []): Promise<void> {
  const targets = new Set(ids);
  if (groupKey !== null && year !== null) for (const id of await groupMembers(trx, groupKey, [year, year + 1])) targets.add(id);
  for (const id of targets) await crossYear(trx, id);
  await recount(trx, [...targets]);
}

/** Replace a report's cross-year findings by those against its unit's current report of the year before. */
async function crossYear(trx: Db, id: number): Promise<void> {
  await trx.deleteFrom('findings').where('report_id', '=', id).where('rule', 'in', CROSS_YEAR).execute();
  const row = await trx
    .selectFrom('reports')
    .innerJoin('records', 'records.report_id', 'reports.id')
    .select(['reports.group_key', 'reports.year', 'reports.status', 'records.record'])
    .where('reports.id', '=', id)
    .executeTakeFirst();
  if (!row || row.group_key === null || row.year === null || row.status === 'unreadable') return;
  const prev = await trx
    .selectFrom('reports')
    .innerJoin('records', 'records.report_id', 'reports.id')
    .select('records.record')
    .where('reports.group_key', '=', row.group_key)
    .where('reports.year', '=', row.year - 1)
    .where('reports.superseded_by', 'is', null)
    .where('reports.status', '<>', 'unreadable')
    .executeTakeFirst();
  if (!prev) return;
  const found = checkReport(fromJson<Report>(row.record), { previous: fromJson<Report>(prev.record), only: CROSS_YEAR });
  if (found.length) await insertFindings(trx, id, found);
}

/**
 * A report's counts are of its open findings (those a reviewer dismissed no longer count), and
 * its status follows: unreadable when a finding is fatal, errors while an error is open, else ok.
 */
async function recount(trx: Db, ids: number[]): Promise<void> {
  for (const id of ids) {
    const r = await trx.selectFrom('reports').select(['group_key', 'year', 'sha256']).where('id', '=', id).executeTakeFirst();
    if (!r) continue;
    const fs = await trx.selectFrom('findings').select(['key', 'severity', 'fatal']).where('report_id', '=', id).execute();
    const dismissed = new Set(
      (
        await trx
          .selectFrom('decisions')
          .select('key')
          .where('subject', '=', subjectOf(r.group_key, r.sha256))
          .where('year', '=', r.year ?? 0)
          .where('decision', '=', 'dismissed')
          .execute()
      ).map((d) => d.key),
    );
    const open = fs.filter((f) => !dismissed.has(f.key));
    const n = (sev: string): number => open.filter((f) => f.severity === sev).length;
    const status: ReportStatus = fs.some((f) => f.fatal) ? 'unreadable' : n('error') > 0 ? 'errors' : 'ok';
    await trx
      .updateTable('reports')
      .set({ errors: n('error'), warnings: n('warning'), infos: n('info'), status })
      .where('id', '=', id)
      .execute();
  }
}

/** Advisory-lock class of the supersede groups (an arbitrary constant: "nb"). */
const LOCK_CLASS = 0x6e62;

/** FNV-1a, as a signed 32-bit integer (the type of pg_advisory_xact_lock's arguments). */
function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/** Relink one group: ordered by id, each report points to the next newer one; the newest is current. */
async function regroup(trx: Db, dialect: DialectName, groupKey: string, year: number): Promise<void> {
  // PostgreSQL: two writers relinking one group at once would each miss the other's new report;
  // a transaction lock per group serializes them (the second then sees the first's row).
  // SQLite has one writer at a time already.
  if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(${LOCK_CLASS}, ${hash32(`${year}|${groupKey}`)})`.execute(trx);
  const members = await trx
    .selectFrom('reports')
    .select(['id', 'superseded_by'])
    .where('group_key', '=', groupKey)
    .where('year', '=', year)
    .orderBy('id')
    .execute();
  for (let i = 0; i < members.length; i++) {
    const next = members[i + 1]?.id ?? null;
    if (members[i]!.superseded_by !== next) await trx.updateTable('reports').set({ superseded_by: next }).where('id', '=', members[i]!.id).execute();
  }
}

/** Copy decisions and cell reviews to a new subject (a report matched to a unit later), keeping any already there. */
async function copyDecisions(trx: Transaction<Database>, from: string, fromYear: number, to: string, toYear: number): Promise<void> {
  const ds = await trx.selectFrom('decisions').selectAll().where('subject', '=', from).where('year', '=', fromYear).execute();
  for (const d of ds) {
    await trx
      .insertInto('decisions')
      .values({ ...d, subject: to, year: toYear })
      .onConflict((oc) => oc.columns(['subject', 'year', 'key']).doNothing())
      .execute();
  }
  const cs = await trx.selectFrom('cell_reviews').selectAll().where('subject', '=', from).where('year', '=', fromYear).execute();
  for (const c of cs) {
    await trx
      .insertInto('cell_reviews')
      .values({ ...c, subject: to, year: toYear })
      .onConflict((oc) => oc.columns(['subject', 'year', 'tbl', 'row_key', 'col_key']).doNothing())
      .execute();
  }
}

interface SummaryRow {
  id: number;
  sha256: string;
  file_name: string;
  format: string;
  bytes: number;
  agency: string | null;
  agency_alias: string | null;
  unit_id: number | null;
  unit_name: string | null;
  region: string | null;
  year: number | null;
  template: string | null;
  status: string;
  errors: number;
  warnings: number;
  infos: number;
  created_at: string;
  superseded_by: number | null;
  reviewed_at: string | null;
  review_note: string | null;
}

function toSummary(r: SummaryRow): ReportSummary {
  return {
    id: r.id,
    sha256: r.sha256,
    fileName: r.file_name,
    format: r.format as ReportSummary['format'],
    bytes: r.bytes,
    agency: r.agency,
    agencyAlias: r.agency_alias,
    unitId: r.unit_id,
    unitName: r.unit_name,
    region: r.region,
    year: r.year,
    template: r.template as ReportSummary['template'],
    status: r.status as ReportStatus,
    errors: r.errors,
    warnings: r.warnings,
    infos: r.infos,
    createdAt: r.created_at,
    supersededBy: r.superseded_by,
    reviewedAt: r.reviewed_at,
    reviewNote: r.review_note,
  };
}

/**
 * Where a unit is, from the region written in its list (or, without one, its name). A region
 * written must be a real division: a typo would create a region of its own in the region filter
 * and keep the unit's reports out of their place.
 */
function unitPlace(name: string, written: string | null): { region: string | null; code: string | null } | { message: string } {
  const region = written ? clean(written.trim()) : null;
  const placed = region ? placeRegion(region) : placeName(name);
  if (region && placed.kind !== 'placed' && !ownRegion(region))
    return {
      message:
        placed.kind === 'ambiguous'
          ? `地区「${region}」有多个同名行政区划（${placed.candidates
              .slice(0, 4)
              .map((d) => d.path)
              .join('、')}），请写出上级，如 ${placed.candidates[0]!.path}`
          : `地区「${region}」不是行政区划名称，请按 省/市/县 填写，如 河南省/南阳市/卧龙区`,
    };
  return placed.kind === 'placed' ? { region: placed.division.path, code: placed.division.code } : { region, code: null };
}

function toUnit(u: Selectable<UnitsTable>): Unit {
  return {
    id: u.id,
    name: u.name,
    aliases: JSON.parse(u.aliases) as string[],
    region: u.region,
    regionCode: u.region_code,
    level: u.level,
    parentId: u.parent_id,
  };
}

function resultOf(r: ReportRow, fileName: string, outcome: IngestResult['outcome'], message: string | null): IngestResult {
  return { fileName, id: r.id, outcome, status: r.status as ReportStatus, agency: r.agency, year: r.year, errors: r.errors, warnings: r.warnings, message };
}

const rejected = (fileName: string, message: string): IngestResult => ({
  fileName,
  id: null,
  outcome: 'rejected',
  status: null,
  agency: null,
  year: null,
  errors: 0,
  warnings: 0,
  message,
});
