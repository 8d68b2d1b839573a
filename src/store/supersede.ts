/**
 * Supersede groups and what follows from them (docs/storage.md). A report's group is its matched
 * unit (`u:<id>`), else its agency name (`a:<nameKey>`), with the year; in a group the report
 * ingested last is current and each older one points to the next newer one (`superseded_by`).
 * After a report arrives, moves to another group or changes: the groups are relinked, decisions
 * follow the report to its new subject, the cross-year findings (against the same group's current
 * report of the year before) are made again, and the open counts and status recounted.
 */
import { sql, type Transaction } from 'kysely';
import { checkReport, RULES } from '../check/index.js';
import type { Finding, Report } from '../model/report.js';
import type { Db } from './context.js';
import { clean, findingKeys, fromJson, toJson, type ReportStatus } from './keys.js';
import type { DialectName } from './migrations.js';
import { subjectOf, type ReportRow } from './rows.js';
import type { Database } from './tables.js';

/** After a report's group changed: relink both groups, and let decisions follow it to the new subject. */
export async function afterMove(
  trx: Transaction<Database>,
  dialect: DialectName,
  old: ReportRow,
  moved: { group_key: string | null; year: number | null },
): Promise<void> {
  if (moved.group_key === null || moved.year === null) await trx.updateTable('reports').set({ superseded_by: null }).where('id', '=', old.id).execute();
  const groups = new Map<string, [string, number]>();
  for (const [k, y] of [
    [old.group_key, old.year],
    [moved.group_key, moved.year],
  ] as const) {
    if (k !== null && y !== null) groups.set(`${y}|${k}`, [k, y]);
  }
  for (const [k, y] of groups.values()) await regroup(trx, dialect, k, y);
  const from = subjectOf(old.group_key, old.sha256);
  const to = subjectOf(moved.group_key, old.sha256);
  if (from !== to || (old.year ?? 0) !== (moved.year ?? 0)) await copyDecisions(trx, from, old.year ?? 0, to, moved.year ?? 0);
  await relate(trx, old.group_key, old.year, [old.id]);
  if (moved.group_key !== old.group_key || moved.year !== old.year) await relate(trx, moved.group_key, moved.year);
}

/** The `findings` rows of a report, each with its key (keys.ts). */
export function findingRows(reportId: number, findings: readonly Finding[]) {
  const keys = findingKeys(findings);
  return findings.map((f, i) => ({
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
}

/** A report's findings, each with its key. */
export async function insertFindings(trx: Db, reportId: number, findings: readonly Finding[]): Promise<void> {
  const rows = findingRows(reportId, findings);
  // Chunks stay far below both databases' limits on bound parameters.
  for (let i = 0; i < rows.length; i += 500)
    await trx
      .insertInto('findings')
      .values(rows.slice(i, i + 500))
      .execute();
}

/** The ids of a group's reports (every version) in the given years. */
export async function groupMembers(trx: Db, groupKey: string, years: number[]): Promise<number[]> {
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
export async function relate(trx: Db, groupKey: string | null, year: number | null, ids: number[] = []): Promise<void> {
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
export async function recount(trx: Db, ids: number[]): Promise<void> {
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
export async function regroup(trx: Db, dialect: DialectName, groupKey: string, year: number): Promise<void> {
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
