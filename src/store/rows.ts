/**
 * Rows as the store's results: the columns read, a report row as a ReportSummary and a unit row as
 * a Unit, one of each by id, and the small keys the other parts share (the decisions' subject, a
 * LIKE prefix, the time).
 */
import type { Selectable } from 'kysely';
import type { ReportStatus } from './keys.js';
import type { Db, StoreContext } from './context.js';
import type { ReportsTable, UnitsTable } from './tables.js';
import type { ReportSummary, Unit } from './types.js';

/** A report row without its record (the record is large: read it only where it is needed). */
export type ReportRow = Selectable<ReportsTable>;

/** The columns of a ReportSummary (the reports table joined with units). */
export const SUMMARY_COLUMNS = [
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

/** Every column of a report row but the record. */
export const META_COLUMNS = [
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

/** The most rows a list gives at once. */
export const MAX_PAGE_SIZE = 1000;

export const now = (): string => new Date().toISOString();

/** The subject of a report's decisions and cell reviews: its supersede group, else its file. */
export function subjectOf(groupKey: string | null, sha: string): string {
  return groupKey ?? `f:${sha}`;
}

/** A LIKE pattern matching what starts with `s`, with the wildcards of `s` escaped (ESCAPE '\'). */
export const likeStart = (s: string): string => `${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/** Reports joined with their units, selecting a summary's columns. */
export function summaryQuery(db: Db) {
  return db.selectFrom('reports').leftJoin('units', 'units.id', 'reports.unit_id').select(SUMMARY_COLUMNS);
}

/** One report's summary; null when there is none. */
export async function summary(ctx: StoreContext, id: number): Promise<ReportSummary | null> {
  const r = await summaryQuery(ctx.db).where('reports.id', '=', id).executeTakeFirst();
  return r ? toSummary(r) : null;
}

/** One unit; null when there is none. */
export async function getUnit(ctx: StoreContext, id: number): Promise<Unit | null> {
  const u = await ctx.db.selectFrom('units').selectAll().where('id', '=', id).executeTakeFirst();
  return u ? toUnit(u) : null;
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

export function toSummary(r: SummaryRow): ReportSummary {
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

export function toUnit(u: Selectable<UnitsTable>): Unit {
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
