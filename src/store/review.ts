/**
 * What reviewers record: decisions on findings (confirmed or dismissed, one by one or for a rule
 * across reports), their values for table cells checked against the original page, and the
 * reviewed mark (已审核). Decisions and cell reviews are keyed by the report's subject and year, not
 * by its row, so they carry over to a re-parse and to a corrected file; a decision recounts the
 * open findings of its group (supersede.ts).
 */
import type { Report } from '../model/report.js';
import type { StoreContext } from './context.js';
import { clean, cleanOrNull, fromJson } from './keys.js';
import { now, subjectOf, summary } from './rows.js';
import { groupMembers, recount } from './supersede.js';
import type { CellReview, Decision, ReportSummary } from './types.js';

/** The cell reviews of a subject and year, oldest first. */
export async function cellReviewsOf(ctx: StoreContext, subject: string, year: number): Promise<CellReview[]> {
  const rows = await ctx.db.selectFrom('cell_reviews').selectAll().where('subject', '=', subject).where('year', '=', year).orderBy('updated_at').execute();
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
export async function setCellReview(
  ctx: StoreContext,
  reportId: number,
  at: { table: CellReview['table']; row: string; col: string },
  input: { value: number | null; reviewer: string },
): Promise<CellReview | null> {
  const got = await ctx.db
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
  await ctx.db
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
export async function deleteCellReview(ctx: StoreContext, reportId: number, at: { table: CellReview['table']; row: string; col: string }): Promise<boolean> {
  const r = await ctx.db.selectFrom('reports').select(['group_key', 'year', 'sha256']).where('id', '=', reportId).executeTakeFirst();
  if (!r) return false;
  const res = await ctx.db
    .deleteFrom('cell_reviews')
    .where('subject', '=', subjectOf(r.group_key, r.sha256))
    .where('year', '=', r.year ?? 0)
    .where('tbl', '=', at.table)
    .where('row_key', '=', at.row)
    .where('col_key', '=', at.col)
    .executeTakeFirst();
  return Number(res.numDeletedRows) > 0;
}

/** Confirm or dismiss a finding of a report. Null when the report or the finding does not exist. */
export async function setDecision(
  ctx: StoreContext,
  reportId: number,
  key: string,
  input: { decision: Decision['decision']; comment?: string },
): Promise<Decision | null> {
  const r = await ctx.db.selectFrom('reports').select(['group_key', 'year', 'sha256']).where('id', '=', reportId).executeTakeFirst();
  if (!r) return null;
  const f = await ctx.db.selectFrom('findings').select('id').where('report_id', '=', reportId).where('key', '=', key).executeTakeFirst();
  if (!f) return null;
  const d = {
    subject: subjectOf(r.group_key, r.sha256),
    year: r.year ?? 0,
    key,
    decision: input.decision,
    comment: clean(input.comment ?? '').slice(0, 2000),
    updated_at: now(),
  };
  await ctx.db
    .insertInto('decisions')
    .values(d)
    .onConflict((oc) => oc.columns(['subject', 'year', 'key']).doUpdateSet({ decision: d.decision, comment: d.comment, updated_at: d.updated_at }))
    .execute();
  await recount(ctx.db, r.group_key !== null && r.year !== null ? await groupMembers(ctx.db, r.group_key, [r.year]) : [reportId]);
  return { key, decision: d.decision, comment: d.comment, updatedAt: d.updated_at };
}

/** Confirm or dismiss every finding of one rule in the given reports; how many findings were decided. */
export async function decideRule(
  ctx: StoreContext,
  reportIds: number[],
  rule: string,
  input: { decision: Decision['decision']; comment?: string },
): Promise<number> {
  if (!reportIds.length) return 0;
  const fs = await ctx.db.selectFrom('findings').select(['report_id', 'key']).where('report_id', 'in', reportIds).where('rule', '=', rule).execute();
  for (const f of fs) await setDecision(ctx, f.report_id, f.key, input);
  return fs.length;
}

/** Mark a report reviewed (已审核) or not. Null when it does not exist. */
export async function setReviewed(ctx: StoreContext, reportId: number, reviewed: boolean, note?: string | null): Promise<ReportSummary | null> {
  const res = await ctx.db
    .updateTable('reports')
    .set({ reviewed_at: reviewed ? now() : null, review_note: reviewed ? cleanOrNull(note?.slice(0, 2000) || null) : null })
    .where('id', '=', reportId)
    .executeTakeFirst();
  return Number(res.numUpdatedRows) ? await summary(ctx, reportId) : null;
}
