/**
 * Storing files (docs/storage.md): the original bytes, content-addressed by sha256, with the
 * record parsed from them, its findings and its place in a supersede group — in one transaction.
 * Bytes already stored are a no-op (outcome `duplicate`); a record that does not fit the bytes is
 * rejected. Reparse reads stored files again after a parser update (decisions kept).
 */
import { createHash } from 'node:crypto';
import { acceptance, screen } from '../ingest/accept.js';
import type { Report } from '../model/report.js';
import { reportSchema } from '../model/schema.js';
import type { Matcher, MatchResult } from '../units/match.js';
import type { StoreContext } from './context.js';
import { analysisJson, clean, cleanOrNull, countBySeverity, statusOf, toJson, type ReportStatus } from './keys.js';
import { getMatcher, matchFields } from './matching.js';
import { getSource } from './reads.js';
import { META_COLUMNS, now, type ReportRow } from './rows.js';
import { afterMove, insertFindings, regroup, relate } from './supersede.js';
import type { IngestInput, IngestResult } from './types.js';

const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

const asBuffer = (b: Uint8Array): Buffer => (Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength));

function isUniqueViolation(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}

/** True when these bytes are already stored. */
export async function hasFile(ctx: StoreContext, hash: string): Promise<boolean> {
  return !!(await ctx.db.selectFrom('files').select('id').where('sha256', '=', hash).executeTakeFirst());
}

/** Every stored sha256 (batch ingest skips these before parsing). */
export async function knownHashes(ctx: StoreContext): Promise<Set<string>> {
  const rows = await ctx.db.selectFrom('files').select('sha256').execute();
  return new Set(rows.map((r) => r.sha256));
}

/**
 * Store one file and its parse. Never throws on bad input: an unreadable document is stored
 * with status `unreadable`; a record that does not fit the bytes is `rejected`.
 */
export async function ingestFile(ctx: StoreContext, input: IngestInput): Promise<IngestResult> {
  const fileName = clean(input.fileName);
  const early = screen(input.bytes);
  if (!early.keep) return rejected(fileName, early.message);
  const hash = sha256(input.bytes);
  const existing = await reportByHash(ctx, hash);
  if (existing) return resultOf(existing, fileName, 'duplicate', null);
  // What is stored is the record as validated (strictly: nothing the published schema does not name).
  const ok = reportSchema.safeParse(input.record ?? (await ctx.parse(input.bytes, { path: fileName })));
  if (!ok.success) return rejected(fileName, '解析结果格式不符合 nianbao.report/1，未保存');
  const record = ok.data as Report;
  if (record.source.sha256 !== hash) return rejected(fileName, '解析结果与文件内容不符（sha256 不同），未保存');
  const accepted = await acceptance(input.bytes, record);
  if (!accepted.keep) return rejected(fileName, accepted.message);
  const matcher = await getMatcher(ctx);
  const m = matcher.match({ agency: record.agency, agencyAlias: record.agencyAlias, title: record.title, fileName });
  try {
    const row = await ctx.db.transaction().execute(async (trx) => {
      const at = now();
      const file = await trx
        .insertInto('files')
        .values({ sha256: hash, size: input.bytes.length, data: asBuffer(input.bytes), created_at: at })
        .returning('id')
        .executeTakeFirstOrThrow();
      const fields = reportFields(record, fileName, m, matcher);
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
        .values({ report_id: rep.id, record: toJson(record), analysis: analysisJson(record) })
        .execute();
      await insertFindings(trx, rep.id, record.findings);
      if (fields.group_key !== null && fields.year !== null) await regroup(trx, ctx.dialect, fields.group_key, fields.year);
      await relate(trx, fields.group_key, fields.year, [rep.id]);
      return await trx.selectFrom('reports').select(META_COLUMNS).where('id', '=', rep.id).executeTakeFirstOrThrow();
    });
    const older = row.group_key !== null ? await ctx.db.selectFrom('reports').select('id').where('superseded_by', '=', row.id).executeTakeFirst() : undefined;
    return resultOf(row, fileName, older ? 'superseded' : 'new', row.status === 'unreadable' ? (record.findings.find((f) => f.fatal)?.message ?? null) : null);
  } catch (e) {
    // Another writer stored the same bytes between our check and our insert.
    if (isUniqueViolation(e)) {
      const again = await reportByHash(ctx, hash);
      if (again) return resultOf(again, fileName, 'duplicate', null);
    }
    throw e;
  }
}

/** Parse stored files again (after a parser update): records and findings replaced, decisions kept. */
export async function reparse(ctx: StoreContext, ids?: number[]): Promise<number> {
  let q = ctx.db.selectFrom('reports').select(['id']).orderBy('id');
  if (ids) q = q.where('id', 'in', ids.length ? ids : [-1]);
  const list = await q.execute();
  for (const { id } of list) {
    const src = await getSource(ctx, id);
    const old = await ctx.db.selectFrom('reports').select(META_COLUMNS).where('id', '=', id).executeTakeFirst();
    if (!src || !old) continue;
    const record = await ctx.parse(src.bytes, { path: old.file_name });
    const matcher = await getMatcher(ctx);
    const m = matcher.match({ agency: record.agency, agencyAlias: record.agencyAlias, title: record.title, fileName: old.file_name });
    await ctx.db.transaction().execute(async (trx) => {
      const fields = reportFields(record, old.file_name, m, matcher, old);
      await trx
        .updateTable('reports')
        .set({ ...fields, updated_at: now() })
        .where('id', '=', id)
        .execute();
      await trx
        .updateTable('records')
        .set({ record: toJson(record), analysis: analysisJson(record) })
        .where('report_id', '=', id)
        .execute();
      await trx.deleteFrom('findings').where('report_id', '=', id).execute();
      await insertFindings(trx, id, record.findings);
      await afterMove(trx, ctx.dialect, old, fields);
    });
  }
  return list.length;
}

/** The report columns that follow from a record and its match (a manual unit is kept). */
function reportFields(record: Report, fileName: string, m: MatchResult, matcher: Matcher, old?: ReportRow) {
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

async function reportByHash(ctx: StoreContext, hash: string): Promise<ReportRow | undefined> {
  return await ctx.db.selectFrom('reports').select(META_COLUMNS).where('sha256', '=', hash).executeTakeFirst();
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
