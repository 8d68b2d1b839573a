/**
 * The data of an export: the listed reports (filters as a list, all pages) with their records
 * and, when asked, their findings with the reviewer's decisions, read 200 at a time. The tables
 * and sheets are shaped from them in src/render/export.ts.
 */
import type { Finding, Report } from '../model/report.js';
import type { ExportReport } from '../render/export.js';
import type { StoreContext } from './context.js';
import { fromJson } from './keys.js';
import { filtered } from './reads.js';
import { subjectOf } from './rows.js';
import type { Decision, ReportQuery, StoredFinding } from './types.js';

/** The listed reports with their records, 200 read at a time; with `findings`, each one's findings and the reviewer's decisions. */
export async function* exportReports(
  ctx: StoreContext,
  query: ReportQuery,
  opts: { ids?: number[] | undefined; findings?: boolean } = {},
): AsyncGenerator<ExportReport> {
  if (opts.ids && !opts.ids.length) return;
  let after = 0;
  for (;;) {
    let q = filtered(ctx.db, ctx.dialect, query)
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
      const fs = await ctx.db
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
      const ds = await ctx.db.selectFrom('decisions').selectAll().where('subject', 'in', subjects).execute();
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
