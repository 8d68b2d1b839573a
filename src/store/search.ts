/**
 * Words searched through the database's own index (migration 007_search): one word (already
 * lower-cased) matches when the text holds any of its spellings (searchVariants: 市场监管局 also
 * finds 市场监督管理局).
 *
 * - SQLite: the FTS5 tables with the trigram tokenizer, `reports_fts` over reports.search_text
 *   and `units_fts` over the units' name, aliases and region. A phrase query there is a substring
 *   match, as LIKE '%word%' is.
 * - PostgreSQL: the same LIKE as before, answered by the pg_trgm GIN indexes; a list of reports
 *   is led instead by the trigram postings (migration 012, sharedTrigrams), read in report order, when
 *   a trigram is in every spelling of a word.
 *
 * A trigram index holds runs of 3 characters: a word of 1 or 2 characters (延津 is 2, 局 is 1)
 * cannot be looked up in it; such a word is looked up in the gram index (grams.ts, migration
 * 011: every character and pair of a text), and a spelling neither index can hold (white space
 * inside, which a search word never has) is a LIKE over the table. The answer is the same as
 * LIKE '%word%' whichever index gives it.
 */
import { sql, type ExpressionBuilder, type SqlBool, type Expression, type Kysely } from 'kysely';
import { searchVariants } from '../units/names.js';
import type { DialectName } from './migrations.js';
import { likeAnywhere } from './keys.js';
import { likeStart } from './rows.js';
import { gramIndexable, gramQuery, gramToken, unitGramsText } from './grams.js';
import type { Database } from './tables.js';

/** The shortest word a trigram index can find. */
export const TRIGRAM_MIN = 3;

/** Whether every spelling of the word is long enough for the trigram index. */
export const indexable = (variants: readonly string[]): boolean => variants.every((v) => [...v].length >= TRIGRAM_MIN);

/** An FTS5 query for any (or, with `op` AND, every) of the phrases, each quoted (a quote inside doubled). */
export const ftsQuery = (phrases: readonly string[], op: 'OR' | 'AND' = 'OR'): string => phrases.map((v) => `"${v.replace(/"/g, '""')}"`).join(` ${op} `);

/**
 * The first and the last trigram of a word of 3 characters or more (one when they are the same):
 * 禹王台区人力资源和社会保障局 → 禹王台, 保障局. A text holding the word holds every trigram of
 * it, so these find a superset of the texts holding it, and the likeliest rare ones: a name starts
 * with its place (禹王台区…) and a short word has no middle.
 */
export function endTrigrams(word: string): string[] {
  const c = [...word];
  const first = c.slice(0, TRIGRAM_MIN).join('');
  const last = c.slice(-TRIGRAM_MIN).join('');
  return first === last ? [first] : [first, last];
}

/**
 * The FTS5 query that finds every text holding any of the spellings, and a few more: each spelling
 * as the AND of its end trigrams, not as a phrase; the texts found are then checked with LIKE
 * (trigramCandidates' callers), and the answer is exact. A phrase makes FTS5 read the positions of
 * every trigram of the word, those thousands of texts share (人力资, 保障局) too: 1–1.7 ms for a
 * department's full name at 100,000 reports; the AND of all five covering trigrams 0.56 ms; of the
 * first and the last 0.11 ms. Spellings with the same ends (人力资源和社会保障局, 人力资源社会保障局)
 * are queried once, and spellings that start alike share their first trigram: 市场监管局 and
 * 市场监督管理局 are "市场监" AND ("监管局" OR "管理局") — the same texts as the OR of the two ANDs,
 * with 市场监's 14,285 postings read once (a page 0.49 → 0.40 ms, its capped count 1.08 → 1.01 ms
 * at 100,000 reports).
 */
export function trigramCandidates(variants: readonly string[]): string {
  // First trigram → the last trigrams of the spellings that start with it (none: the first alone suffices).
  const byFirst = new Map<string, Set<string> | null>();
  for (const v of variants) {
    const [first, last] = endTrigrams(v) as [string, string | undefined];
    const lasts = byFirst.has(first) ? byFirst.get(first)! : new Set<string>();
    byFirst.set(first, last === undefined || lasts === null ? null : lasts.add(last));
  }
  return [...byFirst]
    .map(([first, lasts]) =>
      lasts === null
        ? `(${ftsQuery([first])})`
        : lasts.size === 1
          ? `(${ftsQuery([first, ...lasts], 'AND')})`
          : `(${ftsQuery([first])} AND (${ftsQuery([...lasts])}))`,
    )
    .join(' OR ');
}

type ReportsEb = ExpressionBuilder<Database, 'reports'>;
type UnitsEb = ExpressionBuilder<Database, 'units'>;

/**
 * The spellings of a word sorted by the index that finds them: 3 characters or more by the
 * trigram index, 1–2 (without white space) by the gram index (grams.ts), any other by LIKE.
 */
function byIndex(variants: readonly string[]): { trigram: string[]; gram: string[]; scan: string[] } {
  const out = { trigram: [] as string[], gram: [] as string[], scan: [] as string[] };
  for (const v of variants) (indexable([v]) ? out.trigram : gramToken(v) !== null ? out.gram : out.scan).push(v);
  return out;
}

/**
 * The spellings in the order a row is checked for them: the longest first (the same answer in any
 * order). A spelling the text does not hold costs a scan of the whole text, one it holds stops at
 * the match; the longest is the official full name (市场监督管理局, 人力资源和社会保障局), which
 * reports write, where the short name (市场监管局, 人社局) is what people type. Checked short name
 * first, 1,001 reports of 市场监管局 each took two scans: SQLite's capped count 0.45 → 0.29 ms at
 * 100,000 reports.
 */
export const longestFirst = (variants: readonly string[]): string[] => [...variants].sort((a, b) => [...b].length - [...a].length);

/** The condition that a report's search text holds one of the spellings, by LIKE. */
export const reportLike = (eb: ReportsEb, variants: readonly string[]): Expression<SqlBool> =>
  eb.or(longestFirst(variants).map((v) => sql<SqlBool>`${eb.ref('reports.search_text')} like ${likeAnywhere(v)} escape '\\'`));

/** The condition that a report's search text holds the word (one of its spellings). */
export function reportHasWord(dialect: DialectName, eb: ReportsEb, word: string): Expression<SqlBool> {
  const { trigram, gram, scan } = byIndex(searchVariants(word));
  const col = eb.ref('reports.search_text');
  const like = (vs: string[]) => (vs.length ? [reportLike(eb, vs)] : []);
  if (dialect === 'postgres')
    // A spelling of 3 characters or more through the pg_trgm index (pgTrigramWord); shorter ones through the grams' GIN index.
    return eb.or([...trigram.map((v) => pgTrigramWord(col, v)), ...like(scan), ...(gram.length ? [sql<SqlBool>`nb_grams(${col}) && ${pgArray(gram)}`] : [])]);
  return sqliteHasWord(eb, 'reports', { trigram, gram, scan }, like);
}

/**
 * On SQLite, a table's rows holding one of the spellings: through its trigram FTS5 table
 * (candidates checked by `like`), its gram table (exact), or `like` alone.
 */
function sqliteHasWord<TB extends 'reports' | 'units'>(
  eb: ExpressionBuilder<Database, TB>,
  table: TB,
  { trigram, gram, scan }: ReturnType<typeof byIndex>,
  like: (vs: string[]) => Expression<SqlBool>[],
): Expression<SqlBool> {
  const id = sql.ref(`${table}.id`);
  const [fts, grams] = [sql.table(`${table}_fts`), sql.table(`${table}_grams`)];
  return eb.or([
    ...(trigram.length
      ? [eb.and([sql<SqlBool>`${id} in (select rowid from ${fts} where ${fts} match ${trigramCandidates(trigram)})`, eb.or(like(trigram))])]
      : []),
    ...(gram.length ? [sql<SqlBool>`${id} in (select rowid from ${grams} where ${grams} match ${gramQuery(gram)})`] : []),
    ...like(scan),
  ]);
}

/**
 * PostgreSQL: a text holds a word of 3 characters or more — the index finds the texts holding its
 * first and last trigrams (LIKE on each: pg_trgm looks up one trigram for each, where LIKE on the
 * whole word made it read the postings of every trigram, those most texts share too), and
 * strpos() keeps those holding the word itself (the same test as LIKE '%word%', which has no
 * wildcard left once escaped; strpos compares bytes, several times faster than LIKE over UTF-8 when
 * the planner scans rows instead: a capped count of 市场监管局 34 → 4–5 ms at 100,000 reports).
 */
function pgTrigramWord(col: Expression<string>, v: string): Expression<SqlBool> {
  if ([...v].length === TRIGRAM_MIN) return sql<SqlBool>`${col} like ${likeAnywhere(v)} escape '\\'`;
  const ends = endTrigrams(v);
  return sql<SqlBool>`(${sql.join(
    ends.map((t) => sql`${col} like ${likeAnywhere(t)} escape '\\'`),
    sql` and `,
  )} and strpos(${col}, ${v}) > 0)`;
}

/** A text[] literal of PostgreSQL, as a parameter. */
const pgArray = (vs: string[]) => sql`${vs}::text[]`;

/** The index that drives a list: an FTS5 table and its query (SQLite), or trigram postings (PostgreSQL). */
export type LeadWord =
  | {
      word: string;
      table: 'reports_fts' | 'reports_grams';
      match: string;
      /** The spellings a matched row must still be checked for with LIKE (the trigram index's candidates); empty when the match is exact. */
      verify: string[];
    }
  | {
      word: string;
      /** PostgreSQL's postings (migration 012): each report's distinct runs of 3 characters. */
      table: 'report_trigrams';
      /**
       * The trigrams one of which leads (pgLeadRows picks the one with the fewest postings): every
       * spelling of the word holds each of them — and, with several words, of the other words too.
       */
      trigrams: string[];
      /** The spellings a row must hold one of (strpos): every row read is checked. */
      verify: string[];
    };

/**
 * The runs of 3 characters that every spelling of a word holds (市场监管局 and 市场监督管理局 share
 * 市场监 only), in the order of the first spelling; a report holding the word holds each of them,
 * so any one's postings are a superset of its reports: PostgreSQL's candidates to lead a list
 * (pgLeadRows). Empty when a spelling is shorter than a trigram or they share none (人社局,
 * 人力资源社会保障局): such a word is looked up in the GIN index as before, or checked by strpos on
 * the rows another word leads to. (The postings of one trigram for each spelling side by side,
 * UNION ALL in report order, were planned as a parallel sort of all of them: 60 ms for 人社局's
 * page.)
 */
export function sharedTrigrams(variants: readonly string[]): string[] {
  if (!variants.length || !indexable(variants)) return [];
  const c = [...variants[0]!];
  const out = new Set<string>();
  for (let i = 0; i + TRIGRAM_MIN <= c.length; i++) {
    const t = c.slice(i, i + TRIGRAM_MIN).join('');
    if (variants.every((v) => v.includes(t))) out.add(t);
  }
  return [...out];
}

/** Postings fewer than this make a trigram rare enough to lead at once (pgLeadRows). */
export const RARE_POSTINGS = 64;

/**
 * The reports that hold the lead's trigram, as rows of `report_id` (its postings: an index scan
 * gives them in report order, lazily). Of several trigrams, chosen when the statement starts (an
 * InitPlan): the first with fewer than RARE_POSTINGS postings (a name's place: 禹王台, probed
 * alone), else the one with the fewest (each counted up to PROBE_CAP), else the first —
 * 河南省财政厅 walks the few postings of 南省财, not the 6,000 reports of 河南省.
 */
export function pgLeadRows(trigrams: readonly string[]) {
  const list = sql`unnest(cast(${[...trigrams]} as text[])) with ordinality as t (g, i)`;
  const count = (cap: number) => sql`(select count(*) from (select 1 from report_trigrams as c where c.trigram = t.g limit ${sql.lit(cap)}) as c)`;
  const driver =
    trigrams.length === 1
      ? sql`${trigrams[0]}`
      : // unnest gives the array in order: the first rare one is found without counting the others.
        sql`coalesce((select t.g from ${list} where ${count(RARE_POSTINGS)} < ${sql.lit(RARE_POSTINGS)} limit 1), (select t.g from ${list} order by ${count(PROBE_CAP)}, t.i limit 1))`;
  return sql<{ report_id: number }>`(select p.report_id from report_trigrams as p where p.trigram = ${driver})`;
}

/** PostgreSQL: the condition that a report's search text holds one of the spellings, by strpos (LIKE '%v%' without a wildcard, compared as bytes). */
export const reportStrpos = (eb: ReportsEb, variants: readonly string[]): Expression<SqlBool> =>
  eb.or(longestFirst(variants).map((v) => sql<SqlBool>`strpos(${eb.ref('reports.search_text')}, ${v}) > 0`));

/**
 * On SQLite, the first word of a search that one index answers for every spelling (the trigram
 * index first, the more selective, then the gram index): the list is then driven by that index
 * (reports joined to its FTS5 table, read in its rowid order), so a page or a capped count stops
 * after the matches it needs instead of first collecting every match of a word that thousands of
 * reports share (市场监管局: 14,285 at 100,000 reports, 4 ms a query; driven, 0.4–0.7 ms).
 * On PostgreSQL, through the trigram postings (migration 012) read in report order for the same
 * reason — the pg_trgm GIN index answers only with a bitmap of every match (7–14 ms for 市场监管局's
 * 14,285): the first word whose spellings share a trigram (sharedTrigrams), with the shared trigrams
 * of every word as candidates to lead. Null when no word is.
 */
export function leadWord(dialect: DialectName, words: readonly string[]): LeadWord | null {
  const all = leadsOf(dialect, words);
  if (dialect === 'postgres') {
    // Every word must be found: the trigrams of all of them are candidates, and the one with the
    // fewest postings leads (pgLeadRows, when the statement runs; the other words by strpos).
    const first = all[0];
    return first?.table === 'report_trigrams'
      ? { ...first, trigrams: [...new Set(all.flatMap((l) => (l.table === 'report_trigrams' ? l.trigrams : [])))] }
      : null;
  }
  return all.find((l) => l.table !== 'reports_grams') ?? all[0] ?? null;
}

/** The words an index answers for every spelling, each as the lead it would be. */
function leadsOf(dialect: DialectName, words: readonly string[]): LeadWord[] {
  return words.flatMap((word): LeadWord[] => {
    const vs = searchVariants(word);
    if (dialect === 'postgres') {
      const trigrams = sharedTrigrams(vs);
      return trigrams.length ? [{ word, table: 'report_trigrams', trigrams, verify: vs }] : [];
    }
    if (indexable(vs)) return [{ word, table: 'reports_fts', match: trigramCandidates(vs), verify: vs }];
    if (gramIndexable(vs)) return [{ word, table: 'reports_grams', match: gramQuery(vs), verify: [] }];
    return [];
  });
}

/** How many candidates a probe counts at most (choosing the lead of several words). */
export const PROBE_CAP = 500;

/**
 * The lead of a search of several words: the word whose index (or postings) finds the fewest
 * candidates (each counted up to PROBE_CAP, 0.05–0.1 ms a word at 100,000 reports; all words in
 * one statement). The list is driven by it and every other word is checked by LIKE (strpos on
 * PostgreSQL) on its rows only: 禹王台区 财政局 reads the 35 rows of 禹王台区, where looking 财政局
 * up in its index collected 14,285 rows first (2.5 ms). One word, or none the indexes answer: as
 * leadWord.
 */
export async function chooseLead(db: Kysely<Database>, dialect: DialectName, words: readonly string[]): Promise<LeadWord | null> {
  // PostgreSQL chooses in the list's own statement (leadWord, pgLeadRows).
  if (dialect === 'postgres') return leadWord(dialect, words);
  const all = leadsOf(dialect, words);
  if (all.length < 2) return all[0] ?? null;
  // One statement for all the words (on PostgreSQL a round trip and a plan each): a count each.
  const counts = all.map((lead, i) => {
    if (lead.table === 'report_trigrams') throw new Error('chooseLead: PostgreSQL leads are chosen by leadWord');
    const from = sql`${sql.table(lead.table)} where ${sql.table(lead.table)} match ${lead.match}`;
    return sql`(select count(*) from (select 1 from ${from} limit ${PROBE_CAP}) as ${sql.id(`c${i}`)}) as ${sql.id(`n${i}`)}`;
  });
  const r = await sql<Record<string, number>>`select ${sql.join(counts)}`.execute(db);
  const row = r.rows[0] ?? {};
  let best: { lead: LeadWord; n: number } | null = null;
  for (const [i, lead] of all.entries()) {
    const n = Number(row[`n${i}`] ?? 0);
    if (best === null || n < best.n) best = { lead, n };
  }
  return best!.lead;
}

/** The condition that a unit's name, aliases or region holds the word (one of its spellings). */
export function unitHasWord(dialect: DialectName, eb: UnitsEb, word: string): Expression<SqlBool> {
  const { trigram, gram, scan } = byIndex(searchVariants(word));
  // The expressions of the pg_trgm indexes (lower(name), lower(aliases), lower(coalesce(region, ''))).
  const like = (vs: string[]) =>
    vs.flatMap((v) => {
      const p = likeAnywhere(v);
      return [
        sql<SqlBool>`lower(${eb.ref('units.name')}) like ${p} escape '\\'`,
        sql<SqlBool>`lower(${eb.ref('units.aliases')}) like ${p} escape '\\'`,
        sql<SqlBool>`lower(coalesce(${eb.ref('units.region')}, '')) like ${p} escape '\\'`,
      ];
    });
  if (dialect === 'postgres')
    return eb.or([
      ...like([...trigram, ...scan]),
      ...(gram.length ? [sql<SqlBool>`nb_grams(${sql.raw(unitGramsText('postgres', 'units.'))}) && ${pgArray(gram)}`] : []),
    ]);
  return sqliteHasWord(eb, 'units', { trigram, gram, scan }, like);
}

/** The words of a search box: lower-cased, split on white space. */
export const wordsOf = (q: string | null | undefined): string[] => (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);

/**
 * The condition that a region column is `r` or lies under it (`r/…`). On SQLite (binary
 * collation) as a range the region index answers — `LIKE 'r/%' ESCAPE` scans the whole table;
 * on PostgreSQL, whose collation may not order `/` by its code, the LIKE as before.
 */
export function underRegion<DB, TB extends keyof DB>(
  dialect: DialectName,
  eb: ExpressionBuilder<DB, TB>,
  column: 'reports.region' | 'units.region',
  r: string,
): Expression<SqlBool> {
  const col = sql.ref(column);
  if (dialect === 'sqlite') return sql<SqlBool>`(${col} = ${r} or (${col} > ${r + '/'} and ${col} < ${r + '0'}))`;
  return sql<SqlBool>`(${col} = ${r} or ${col} like ${likeStart(r + '/')} escape '\\')`;
}

/** SQLite's FTS5 tables of the search (migrations 007 and 011). */
export const SEARCH_FTS_TABLES = ['reports_fts', 'units_fts', 'reports_grams', 'units_grams'] as const;

/**
 * SQLite: each FTS5 table of the search merged into one segment ('optimize'). Rows written one
 * transaction after another (a batch ingest) leave an FTS5 index in many segments, which FTS5's
 * own automerge merges only in part; a lookup reads every segment of each term, and a list in
 * newest-first order loads each term's doclist from each. At 100,000 reports written in bulk a
 * search's statements cost 20–50 % less once merged (市场监管局's page and capped count 0.82 →
 * 0.64 ms, a unit's full name 0.25 → 0.13 ms in process), and the merge takes about a second
 * (the whole index rewritten in one transaction; readers go on under WAL). The answers are the
 * same: only the index's layout changes. PostgreSQL: nothing to do.
 */
export async function optimizeSearchIndex(db: Kysely<Database>, dialect: DialectName): Promise<void> {
  if (dialect !== 'sqlite') return;
  for (const t of SEARCH_FTS_TABLES) await sql.raw(`insert into ${t}(${t}) values('optimize')`).execute(db);
}

/**
 * Why the search index cannot serve Chinese words, or null. PostgreSQL's pg_trgm makes trigrams of
 * CJK characters only under a UTF-8 LC_CTYPE: in a database created with the C (or POSIX) locale
 * `show_trgm('市场监管局')` is empty, the index returns every row and each search reads the whole
 * table — right answers, slowly. Said at start-up (serve, worker) so an operator can recreate it.
 */
export async function searchIndexProblem(db: Kysely<Database>, dialect: DialectName): Promise<string | null> {
  if (dialect !== 'postgres') return null;
  try {
    const r = await sql<{ n: number }>`select cardinality(show_trgm('市场监管局')) as n`.execute(db);
    if (Number(r.rows[0]?.n ?? 0) > 0) return null;
    const c = await sql<{ lc: string }>`select current_setting('lc_ctype') as lc`.execute(db);
    return `PostgreSQL 数据库的 LC_CTYPE 为「${c.rows[0]?.lc ?? '?'}」，pg_trgm 不能为中文建索引：搜索结果正确但每次都要扫描全表、在大量报告时很慢。请用 UTF-8 的 LC_CTYPE（如 C.UTF-8）新建数据库（见 docs/storage.md）后用 nianbao backup / restore 迁移`;
  } catch {
    return null;
  }
}
