/**
 * Reading reports: one report whole (record, findings with the reviewer's decisions, other
 * versions, cell reviews), its original bytes, and lists — filtered by year, words, region,
 * status, rule, unit, review and the user's scope; sorted and paged.
 */
import { sql, type SqlBool } from 'kysely';
import type { Finding, Report } from '../model/report.js';
import type { Db, StoreContext } from './context.js';
import { fromJson } from './keys.js';
import type { DialectName } from './migrations.js';
import { chooseLead, leadWord, pgLeadRows, reportHasWord, reportLike, reportStrpos, underRegion, wordsOf, type LeadWord } from './search.js';
import { searchVariants } from '../units/names.js';
import { cellReviewsOf } from './review.js';
import { MAX_PAGE_SIZE, subjectOf, summary, summaryQuery, SUMMARY_COLUMNS, toSummary } from './rows.js';
import type { Decision, ReportList, ReportQuery, ReportSummary, SortKey, Source, StoredReport } from './types.js';

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

/** One report whole: summary, record, findings with the reviewer's decisions, other versions, cell reviews. Null when there is none. */
export async function getReport(ctx: StoreContext, id: number): Promise<StoredReport | null> {
  const head = await summary(ctx, id);
  if (!head) return null;
  const row = await ctx.db
    .selectFrom('reports')
    .innerJoin('records', 'records.report_id', 'reports.id')
    .select(['records.record', 'reports.group_key', 'reports.year', 'reports.sha256'])
    .where('reports.id', '=', id)
    .executeTakeFirstOrThrow();
  const record = fromJson<Report>(row.record);
  const fs = await ctx.db.selectFrom('findings').select(['key', 'data']).where('report_id', '=', id).orderBy('id').execute();
  const ds = await ctx.db
    .selectFrom('decisions')
    .selectAll()
    .where('subject', '=', subjectOf(row.group_key, row.sha256))
    .where('year', '=', row.year ?? 0)
    .execute();
  const byKey = new Map(ds.map((d) => [d.key, { key: d.key, decision: d.decision as Decision['decision'], comment: d.comment, updatedAt: d.updated_at }]));
  const findings = fs.map((f) => ({ ...(JSON.parse(f.data) as Finding), key: f.key, decision: byKey.get(f.key) ?? null }));
  let history: ReportSummary[] = [];
  if (row.group_key !== null && row.year !== null) {
    const rows = await summaryQuery(ctx.db)
      .where('reports.group_key', '=', row.group_key)
      .where('reports.year', '=', row.year)
      .where('reports.id', '<>', id)
      .orderBy('reports.id', 'desc')
      .execute();
    history = rows.map(toSummary);
  }
  const cellReviews = await cellReviewsOf(ctx, subjectOf(row.group_key, row.sha256), row.year ?? 0);
  return { summary: head, record, findings, history, cellReviews };
}

/** What the analysis of many reports reads of each record: its tables, year and layout. */
export type RecordTables = Pick<Report, 'tables' | 'year' | 'layout'>;

/**
 * The tables, year and layout of many records, a few hundred a query, from records.analysis (a
 * region's roll-up reads only these, not the whole record with every cell's place, which took
 * most of its time). Ids without a record are absent from the map.
 */
export async function recordTables(ctx: StoreContext, ids: readonly number[]): Promise<Map<number, RecordTables>> {
  const out = new Map<number, RecordTables>();
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    if (!chunk.length) break;
    const rows = await ctx.db.selectFrom('records').select(['report_id', 'analysis']).where('report_id', 'in', chunk).execute();
    const missing: number[] = [];
    for (const r of rows) {
      if (r.analysis === null) missing.push(r.report_id);
      else out.set(Number(r.report_id), JSON.parse(r.analysis) as RecordTables);
    }
    // A row written before the column was kept (none after migration 010): from the whole record.
    for (const id of missing) {
      const rec = await ctx.db.selectFrom('records').select('record').where('report_id', '=', id).executeTakeFirst();
      if (rec) {
        const r = fromJson<Report>(rec.record);
        out.set(id, { tables: r.tables, year: r.year, layout: r.layout });
      }
    }
  }
  return out;
}

/** The original bytes of a report's file. */
export async function getSource(ctx: StoreContext, id: number): Promise<Source | null> {
  const r = await ctx.db
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

/**
 * Filters of a list query, applied to a query over reports (joined with units). On SQLite the lead
 * word (`leadIn` from chooseLead, else leadWord) joins its FTS5 table: the list can then follow its rowid.
 */
export function filtered(db: Db, dialect: DialectName, query: ReportQuery, leadIn?: LeadWord | null) {
  const words = wordsOf(query.q);
  // The lead chosen by the caller (chooseLead, by the candidates each word finds), else the first word an index answers.
  const lead = leadIn === undefined ? leadWord(dialect, words) : leadIn;
  let q = db.selectFrom('reports').leftJoin('units', 'units.id', 'reports.unit_id');
  if (lead?.table === 'report_trigrams') {
    // PostgreSQL: the postings of the lead's trigrams in report order, each report fetched by its
    // key (a LATERAL subquery behind OFFSET 0, which the planner keeps as it is) and checked for
    // the word, so a page or a capped count stops at the rows it needs. Joined plainly, the planner
    // took a merge join along the whole reports table for a common word (it cannot know that most
    // rows of 市场监's postings hold 市场监管局): 7,000 rows read for a count of 1,001, and every
    // row of the table for a word of a few hundred reports.
    q = db
      .selectFrom(pgLeadRows(lead.trigrams).as('lead'))
      .innerJoinLateral(
        (eb) => eb.selectFrom('reports').selectAll().whereRef('reports.id', '=', sql.ref<number>('lead.report_id')).offset(0).as('reports'),
        (j) => j.onTrue(),
      )
      .leftJoin('units', 'units.id', 'reports.unit_id') as unknown as typeof q;
    q = q.where((eb) => reportStrpos(eb, lead.verify));
  } else if (lead !== null) {
    // The FTS5 table is not in the typed schema: joined as raw SQL, the query's type unchanged.
    const t = sql.table(lead.table);
    q = q.innerJoin(sql<{ rowid: number }>`${t}`.as(lead.table), (j) => j.on(sql<SqlBool>`${t}.rowid = reports.id`)) as unknown as typeof q;
    q = q.where(sql<SqlBool>`${t} match ${lead.match}`);
    if (lead.verify.length) q = q.where((eb) => reportLike(eb, lead.verify));
  }
  const sc = query.scope;
  if (sc?.unitId !== undefined && sc.unitId !== null) q = q.where('reports.unit_id', '=', sc.unitId);
  if (sc?.region) {
    const r = sc.region;
    q = q.where((eb) => underRegion(dialect, eb, 'reports.region', r));
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
    q = q.where((eb) => underRegion(dialect, eb, 'reports.region', r));
  }
  if (query.rule) {
    const rule = query.rule;
    q = q.where((eb) =>
      eb.exists(eb.selectFrom('findings').select('findings.id').whereRef('findings.report_id', '=', 'reports.id').where('findings.rule', '=', rule)),
    );
  }
  // 市场监管局 also finds 市场监督管理局 (and back), through the search index (search.ts).
  // With a lead, the other words are checked on its rows by LIKE alone (the same answer as through
  // their index, without collecting every row their index finds).
  // On PostgreSQL by strpos: a LIKE could lead the planner to the word's GIN index, collecting its every match.
  for (const word of words)
    if (word !== lead?.word)
      q = q.where((eb) =>
        !lead ? reportHasWord(dialect, eb, word) : dialect === 'postgres' ? reportStrpos(eb, searchVariants(word)) : reportLike(eb, searchVariants(word)),
      );
  return q;
}

/** The column a list driven by `lead` follows for its order by id: the index's own (the same values as reports.id). */
const leadOrder = (lead: LeadWord) => sql.ref(lead.table === 'report_trigrams' ? 'lead.report_id' : `${lead.table}.rowid`);

/**
 * The most matches a list counts (ReportList.total): a word that most reports share would
 * otherwise visit every match only to print the number. Past it the list says 「1,000+」.
 */
export const COUNT_CAP = 1000;

/**
 * The most matches a search by words counts: a word shared by a whole kind of office (市场监管局,
 * 14 % of all reports) is refined, not counted — past it the list says 「200+」 and goes on paging.
 * A list by region, year or status (no words) counts to COUNT_CAP: a reviewer reads its number.
 * Counting is where a common word's search spent its time (each match fetched and checked).
 */
export const SEARCH_COUNT_CAP = 200;

/** The cap of a list's count: `countUpTo` when given, else SEARCH_COUNT_CAP for a search by words and COUNT_CAP for a list. */
export const countCap = (countUpTo: number | null | undefined, words: string[]): number =>
  Math.max(1, Math.trunc(countUpTo ?? (words.length ? SEARCH_COUNT_CAP : COUNT_CAP)));

/** Sort columns that are never null (the order can follow their index as it is, without NULLS LAST). */
const NOT_NULL: ReadonlySet<SortKey> = new Set<SortKey>(['id', 'createdAt', 'agency', 'status', 'errors', 'warnings', 'fileName']);

/**
 * One page of the reports a query selects (current versions unless asked), sorted. The total
 * counts at most `countUpTo` (COUNT_CAP; SEARCH_COUNT_CAP when the query has words) matches, or up
 * to the end of the page asked when that is further: with more, `total` is that many and
 * `totalCapped` true.
 */
export async function listReports(ctx: StoreContext, query: ReportQuery = {}): Promise<ReportList> {
  const pageSize = Math.min(MAX_PAGE_SIZE, Math.max(1, Math.trunc(query.pageSize ?? 50)));
  const page = Math.max(1, Math.trunc(query.page ?? 1));
  const words = wordsOf(query.q);
  const lead = await chooseLead(ctx.db, ctx.dialect, words);
  const base = filtered(ctx.db, ctx.dialect, query, lead);
  const sortKey: SortKey = query.sort && SORT_KEYS.includes(query.sort) ? query.sort : 'id';
  const dir = query.order === 'asc' ? 'asc' : query.order === 'desc' ? 'desc' : sortKey === 'id' || sortKey === 'createdAt' ? 'desc' : 'asc';
  let q = base.select(SUMMARY_COLUMNS);
  // The column comes from the whitelist above, never from the query text. By id alone (the
  // default) the order is the primary key's: the database walks it backwards and stops at the
  // page (NULLS LAST on PostgreSQL would sort every match instead).
  if (sortKey !== 'id') {
    const col = sql.ref(SORT_COLUMNS[sortKey]);
    q = NOT_NULL.has(sortKey) ? q.orderBy(col, dir) : q.orderBy(col, (ob) => (dir === 'asc' ? ob.asc() : ob.desc()).nullsLast());
  }
  const offset = (page - 1) * pageSize;
  const cap = Math.max(countCap(query.countUpTo, words), page * pageSize);
  if (ctx.dialect === 'postgres' && sortKey === 'id') {
    const r = await pgPageAndCount(ctx.db, base, lead, dir, pageSize, offset, cap);
    if (r) return { total: r.total, totalCapped: r.totalCapped, page, pageSize, items: r.items };
  } else {
    // Driven by the search index (filtered): its rowid is reports.id, and its order is one SQLite reads
    // lazily (ordering by reports.id instead sorts every match first).
    const rows = await q
      .orderBy(sortKey === 'id' && lead !== null ? leadOrder(lead) : sql.ref('reports.id'), dir)
      .limit(pageSize)
      .offset(offset)
      .execute();
    const items = rows.map(toSummary);
    // A page that is not full is the last one: the count is known without counting.
    if (items.length < pageSize && (items.length > 0 || page === 1)) return { total: offset + items.length, totalCapped: false, page, pageSize, items };
    const matches = await countUpTo(ctx.db, base, cap);
    return { total: Math.min(matches, cap), totalCapped: matches > cap, page, pageSize, items };
  }
  // PostgreSQL, a page past the last match: the count alone.
  const matches = await countUpTo(ctx.db, base, cap);
  return { total: Math.min(matches, cap), totalCapped: matches > cap, page, pageSize, items: [] };
}

type Filtered = ReturnType<typeof filtered>;

/** count(*) over the first `cap` + 1 matches only: the count stops there. */
async function countUpTo(db: Db, base: Filtered, cap: number): Promise<number> {
  const { n } = await db
    .selectFrom(
      base
        .select('reports.id')
        .limit(cap + 1)
        .as('m'),
    )
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}

/**
 * PostgreSQL, a list in id order: the page and the capped count in one statement — the ids of the
 * first `cap` + 1 matches in the list's order (a materialised CTE: the walk the count made), the
 * page cut from them and joined to its columns, their number beside each row. One round trip and
 * one statement where a full page took two (the page, then the count walking the same matches
 * again): each is a message exchange, a Bind and an executor start for the backend and a result
 * to parse for node-postgres. The same answer as the page and the count apart; null when the page
 * is empty past the first (no row carries the count: the caller counts alone).
 */
async function pgPageAndCount(
  db: Db,
  base: Filtered,
  lead: LeadWord | null,
  dir: 'asc' | 'desc',
  pageSize: number,
  offset: number,
  cap: number,
): Promise<Omit<ReportList, 'page' | 'pageSize'> | null> {
  const rows = await pgPageQuery(db, base, lead, dir, pageSize, offset, cap).execute();
  const items = rows.map(toSummary);
  if (items.length < pageSize && (items.length > 0 || offset === 0)) return { total: offset + items.length, totalCapped: false, items };
  if (!rows.length) return null;
  const matches = Number(rows[0]!.nb_matches);
  return { total: Math.min(matches, cap), totalCapped: matches > cap, items };
}

/** The statement of pgPageAndCount: each row a report's summary and `nb_matches`, the matches counted up to `cap` + 1. */
export function pgPageQuery(db: Db, base: Filtered, lead: LeadWord | null, dir: 'asc' | 'desc', pageSize: number, offset: number, cap: number) {
  const order = lead !== null ? leadOrder(lead) : sql.ref('reports.id');
  return db
    .with(
      (cte) => cte('m').materialized(),
      () =>
        base
          .select(sql<number>`${order}`.as('id'))
          .orderBy(order, dir)
          .limit(cap + 1),
    )
    .selectFrom((eb) => eb.selectFrom('m').select('m.id').orderBy('m.id', dir).limit(pageSize).offset(offset).as('p'))
    .innerJoin('reports', 'reports.id', 'p.id')
    .leftJoin('units', 'units.id', 'reports.unit_id')
    .select(SUMMARY_COLUMNS)
    .select((eb) => eb.selectFrom('m').select(eb.fn.countAll<number>().as('n')).as('nb_matches'))
    .orderBy('reports.id', dir);
}
