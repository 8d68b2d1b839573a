/**
 * Words searched through the database's own index (migration 007_search): one word (already
 * lower-cased) matches when the text holds any of its spellings (searchVariants: 市场监管局 also
 * finds 市场监督管理局).
 *
 * - SQLite: the FTS5 tables with the trigram tokenizer, `reports_fts` over reports.search_text
 *   and `units_fts` over the units' name, aliases and region. A phrase query there is a substring
 *   match, as LIKE '%word%' is.
 * - PostgreSQL: the same LIKE as before, answered by the pg_trgm GIN indexes.
 *
 * A trigram index holds runs of 3 characters: a word of 1 or 2 characters (延津 is 2, 局 is 1)
 * cannot be looked up in it, and is matched by LIKE over the table instead (on SQLite the FTS
 * table would find nothing; on PostgreSQL the planner scans). The answer is the same either way.
 */
import { sql, type ExpressionBuilder, type SqlBool, type Expression, type Kysely } from 'kysely';
import { searchVariants } from '../units/names.js';
import type { DialectName } from './migrations.js';
import { likeAnywhere } from './keys.js';
import { likeStart } from './rows.js';
import type { Database } from './tables.js';

/** The shortest word a trigram index can find. */
export const TRIGRAM_MIN = 3;

/** Whether every spelling of the word is long enough for the trigram index. */
export const indexable = (variants: readonly string[]): boolean => variants.every((v) => [...v].length >= TRIGRAM_MIN);

/** An FTS5 query for any of the spellings, each a quoted phrase (a quote inside doubled). */
export const ftsQuery = (variants: readonly string[]): string => variants.map((v) => `"${v.replace(/"/g, '""')}"`).join(' OR ');

type ReportsEb = ExpressionBuilder<Database, 'reports'>;
type UnitsEb = ExpressionBuilder<Database, 'units'>;

/** The condition that a report's search text holds the word (one of its spellings). */
export function reportHasWord(dialect: DialectName, eb: ReportsEb, word: string): Expression<SqlBool> {
  const variants = searchVariants(word);
  if (dialect === 'sqlite' && indexable(variants))
    return sql<SqlBool>`${eb.ref('reports.id')} in (select rowid from reports_fts where reports_fts match ${ftsQuery(variants)})`;
  return eb.or(variants.map((v) => sql<SqlBool>`${eb.ref('reports.search_text')} like ${likeAnywhere(v)} escape '\\'`));
}

/**
 * On SQLite, the first word of a search that the trigram index can answer: the list is then driven
 * by that index (reports joined to `reports_fts`, read in its rowid order), so a page or a capped
 * count stops after the matches it needs instead of first collecting every match of a word that
 * thousands of reports share (市场监管局: 14,285 at 100,000 reports, 4 ms a query; driven, 0.4–0.7 ms).
 * Null on PostgreSQL, or when no word is long enough.
 */
export function leadWord(dialect: DialectName, words: readonly string[]): string | null {
  if (dialect !== 'sqlite') return null;
  return words.find((w) => indexable(searchVariants(w))) ?? null;
}

/** The condition that a unit's name, aliases or region holds the word (one of its spellings). */
export function unitHasWord(dialect: DialectName, eb: UnitsEb, word: string): Expression<SqlBool> {
  const variants = searchVariants(word);
  if (dialect === 'sqlite' && indexable(variants))
    return sql<SqlBool>`${eb.ref('units.id')} in (select rowid from units_fts where units_fts match ${ftsQuery(variants)})`;
  // The expressions of the pg_trgm indexes (lower(name), lower(aliases), lower(coalesce(region, ''))).
  return eb.or(
    variants.flatMap((v) => {
      const p = likeAnywhere(v);
      return [
        sql<SqlBool>`lower(${eb.ref('units.name')}) like ${p} escape '\\'`,
        sql<SqlBool>`lower(${eb.ref('units.aliases')}) like ${p} escape '\\'`,
        sql<SqlBool>`lower(coalesce(${eb.ref('units.region')}, '')) like ${p} escape '\\'`,
      ];
    }),
  );
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
