/**
 * The index of words of one or two characters (migration 011_search_grams). A trigram index
 * (FTS5 trigram, pg_trgm) holds runs of 3 characters and cannot find 延津 or 局; without this
 * index such a word was a LIKE over every row (5 s at p95 under load at 100,000 reports).
 *
 * Every character and every pair of adjacent characters of a text (none of them white space —
 * a search word never holds any) is a "gram"; a text holds a word of 1–2 characters exactly when
 * the word is one of its grams, so the index answers the same as LIKE '%word%' does.
 *
 * - SQLite: an FTS5 table (contentless, `detail=none`) whose rows are the grams of a text, each
 *   written as ASCII (a character is its code point in base 36, four digits: a gram is 4 or 8
 *   letters and digits), so FTS5's ascii tokenizer keeps each gram one token whatever it holds.
 *   Triggers fill it through the SQL function `nb_grams`, registered on every connection
 *   (db.ts): a tool that writes reports without it gets "no such function: nb_grams".
 * - PostgreSQL: the SQL function `nb_grams(text) returns text[]` (immutable) and a GIN index on
 *   it; a word is `nb_grams(col) @> array[word]`.
 */

/** The longest word the gram index finds; longer ones go to the trigram index. */
export const GRAM_MAX = 2;

const CODE_WIDTH = 4;
const code = (ch: string): string => (ch.codePointAt(0) ?? 0).toString(36).padStart(CODE_WIDTH, '0');
const SPACE = /\s/u;

/** A word of 1–2 characters, none of them white space, as its token; null for any other word. */
export function gramToken(word: string): string | null {
  const chars = [...word];
  if (chars.length === 0 || chars.length > GRAM_MAX || chars.some((c) => SPACE.test(c))) return null;
  return chars.map(code).join('');
}

/** Whether every spelling of a word is found through the gram index. */
export const gramIndexable = (variants: readonly string[]): boolean => variants.length > 0 && variants.every((v) => gramToken(v) !== null);

/** The FTS5 query for any of the spellings (tokens are letters and digits only: no quoting needed). */
export const gramQuery = (variants: readonly string[]): string => variants.map((v) => gramToken(v)).join(' OR ');

/** The tokens of a text for the SQLite index: each distinct gram once, separated by spaces. */
export function gramTokens(text: string | null): string {
  if (!text) return '';
  const chars = [...text];
  const seen = new Set<string>();
  for (let i = 0; i < chars.length; i++) {
    const a = chars[i]!;
    if (SPACE.test(a)) continue;
    seen.add(code(a));
    const b = chars[i + 1];
    if (b !== undefined && !SPACE.test(b)) seen.add(code(a) + code(b));
  }
  return [...seen].join(' ');
}

/** The PostgreSQL function: the distinct grams of a text (characters and pairs, no white space). */
export const PG_GRAMS_FUNCTION = `create or replace function nb_grams(t text) returns text[] language sql immutable strict parallel safe as $$
  select coalesce(array_agg(distinct g), '{}'::text[]) from (
    select substr(t, i, 1) as g from generate_series(1, char_length(t)) as i
    union all
    select substr(t, i, 2) from generate_series(1, char_length(t) - 1) as i
  ) as s where g !~ '\\s'
$$`;

/**
 * The units' text the gram index holds: name, aliases and region, lower-cased as the units' LIKE
 * conditions are, one per line. `row` prefixes the columns (`new.`, `units.`, or '' in an index):
 * on PostgreSQL the query's expression must be the index's for the planner to use it.
 */
export function unitGramsText(dialect: 'sqlite' | 'postgres', row: string): string {
  const nl = dialect === 'postgres' ? "E'\\n'" : 'char(10)';
  return `lower(${row}name) || ${nl} || lower(${row}aliases) || ${nl} || lower(coalesce(${row}region, ''))`;
}

/**
 * PostgreSQL's trigram postings (migration 012_search_trigram_postings): `report_trigrams`, one
 * row for each distinct run of 3 characters (white space included) of each report's search text,
 * keyed (trigram, report_id). The pg_trgm GIN index answers a word only with a bitmap of every
 * report holding it, which a page or a capped count must then read whole (市场监管局: 14,285
 * reports at 100,000, 7–14 ms); a btree of (trigram, report_id) gives a trigram's reports in
 * report order, so a list walks them lazily and stops at its page or its cap (search.ts, sharedTrigrams).
 * A trigger keeps the table on insert, delete and a change of the search text.
 */
export const PG_TRIGRAMS_FUNCTION = `create or replace function nb_trigrams(t text) returns setof text language sql immutable strict parallel safe as $$
  select distinct substr(t, i, 3) from generate_series(1, char_length(t) - 2) as i
$$`;

export const PG_TRIGRAMS_TRIGGER = `create or replace function nb_report_trigrams_sync() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and old.search_text is not distinct from new.search_text then
    return null;
  end if;
  if tg_op in ('UPDATE', 'DELETE') then
    delete from report_trigrams where report_id = old.id;
  end if;
  if tg_op in ('UPDATE', 'INSERT') then
    insert into report_trigrams (trigram, report_id) select g, new.id from nb_trigrams(new.search_text) as g;
  end if;
  return null;
end
$$;
create trigger report_trigrams_sync after insert or delete or update of search_text on reports
  for each row execute function nb_report_trigrams_sync()`;
