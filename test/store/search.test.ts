/**
 * Search through the database's own index (migration 007_search, src/store/search.ts): SQLite
 * FTS5 with the trigram tokenizer, PostgreSQL pg_trgm. The same answers as the LIKE it replaced
 * — short agency-type names, filters, several words — the index kept by inserts, updates and
 * deletes, and words of 1 or 2 characters (below a trigram) still found. The plans show the
 * index is what answers a word of 3 characters or more.
 */
import { describe, expect, it } from 'vitest';
import { CompiledQuery, sql } from 'kysely';
import { openStore, type Store } from '../../src/store/index.js';
import fc from 'fast-check';
import {
  chooseLead,
  ftsQuery,
  indexable,
  leadWord,
  longestFirst,
  pgLeadRows,
  sharedTrigrams,
  RARE_POSTINGS,
  searchIndexProblem,
  trigramCandidates,
  unitHasWord,
} from '../../src/store/search.js';
import { searchVariants } from '../../src/units/names.js';
import { gramIndexable, gramToken, gramTokens } from '../../src/store/grams.js';
import { COUNT_CAP, countCap, filtered, pgPageQuery, SEARCH_COUNT_CAP } from '../../src/store/reads.js';
import { BACKENDS, storePerTest } from './backends.js';
import { bytesOf, genReport } from '../ingest/gen.js';

describe('search helpers', () => {
  it('a spelling shorter than a trigram is not looked up in the index; quotes in a phrase are doubled', () => {
    expect(indexable(['市场监管局', '市场监督管理局'])).toBe(true);
    expect(indexable(['延津'])).toBe(false);
    expect(indexable(['局'])).toBe(false);
    expect(indexable(['ab"'])).toBe(true);
    expect(ftsQuery(['a"b', '市场监督管理局'])).toBe('"a""b" OR "市场监督管理局"');
    // Spellings that start alike share their first trigram's postings; a 3-character spelling is its trigram alone.
    expect(trigramCandidates(searchVariants('市场监管局'))).toBe('("市场监" AND ("监管局" OR "管理局"))');
    expect(trigramCandidates(searchVariants('卫健委'))).toBe('("卫健委") OR ("卫生健" AND ("委员会" OR "健康委"))');
    expect(trigramCandidates(['延津县', '延津县财政局'])).toBe('("延津县")');
    expect(trigramCandidates(['北京市财政局'])).toBe('("北京市" AND "财政局")');
    // A row is checked for the full name first (what reports write; the same answer in any order).
    expect(longestFirst(searchVariants('市场监管局'))).toEqual(['市场监督管理局', '市场监管局']);
    expect(longestFirst(['甲乙', '丙丁', '戊'])).toEqual(['甲乙', '丙丁', '戊']);
  });

  it('a text holds a word of 1–2 characters exactly when the word is one of its grams (the same answer as LIKE)', () => {
    expect(gramToken('延津')).toHaveLength(8);
    expect(gramToken('局')).toHaveLength(4);
    expect(gramToken('延津县')).toBeNull();
    expect(gramToken('a b')).toBeNull();
    expect(gramToken('')).toBeNull();
    expect(gramIndexable(['局', '延津'])).toBe(true);
    expect(gramIndexable(['局', '市场监管局'])).toBe(false);
    // Characters outside the BMP are one character (a code point), as in PostgreSQL's substr.
    expect(gramToken('𠀀a')).toHaveLength(8);
    const alphabet = fc.constantFrom(...'延津县局市场（）()、ab1 \n%_"𠀀');
    fc.assert(
      fc.property(fc.array(alphabet, { maxLength: 30 }), fc.array(alphabet, { minLength: 1, maxLength: 2 }), (t, w) => {
        const text = t.join('');
        const word = w.join('');
        const token = gramToken(word);
        if (/\s/.test(word)) return token === null;
        return gramTokens(text).split(' ').includes(token!) === text.includes(word);
      }),
      { numRuns: 2000 },
    );
  });

  it('a search by words counts to 200 (「200+」), a list by region, year or status to 1,000; a cap asked for wins', () => {
    expect([SEARCH_COUNT_CAP, COUNT_CAP]).toEqual([200, 1000]);
    expect(countCap(undefined, ['市场监管局'])).toBe(200);
    expect(countCap(null, [])).toBe(1000);
    expect(countCap(3, ['市场监管局'])).toBe(3);
    expect(countCap(0, [])).toBe(1);
  });

  it('a search is driven by the trigram index first, else by the gram index, on SQLite only', () => {
    expect(leadWord('sqlite', ['延津', '市场监管局'])).toMatchObject({ word: '市场监管局', table: 'reports_fts' });
    expect(leadWord('sqlite', ['延津', '局'])).toMatchObject({ word: '延津', table: 'reports_grams', match: gramToken('延津') });
    expect(leadWord('postgres', ['延津'])).toBeNull();
  });

  it('on PostgreSQL a word leads through the postings of a trigram every spelling holds, when there is one', () => {
    expect(sharedTrigrams(searchVariants('市场监管局'))).toEqual(['市场监']);
    expect(sharedTrigrams(searchVariants('禹王台区人社局'))).toEqual(['禹王台', '王台区', '台区人']);
    expect(sharedTrigrams(['河南省财政厅'])).toEqual(['河南省', '南省财', '省财政', '财政厅']);
    // 人社局 and 人力资源社会保障局 share none: the GIN index as before.
    expect(sharedTrigrams(searchVariants('人社局'))).toEqual([]);
    expect(sharedTrigrams(['延津'])).toEqual([]);
    expect(sharedTrigrams([])).toEqual([]);
    expect(leadWord('postgres', ['延津', '市场监管局'])).toMatchObject({ word: '市场监管局', table: 'report_trigrams', trigrams: ['市场监'] });
    expect(leadWord('postgres', ['人社局'])).toBeNull();
    // Every word's shared trigrams are candidates to lead (each must be found).
    expect(leadWord('postgres', ['禹王台区', '人社局', '财政局'])).toMatchObject({ word: '禹王台区', trigrams: ['禹王台', '王台区', '财政局'] });
    expect(leadWord('postgres', ['人社局', '延津县'])).toMatchObject({ word: '延津县', trigrams: ['延津县'] });
  });
});

describe.each(BACKENDS)('search through the index on $name', (backend) => {
  let store: Store;
  storePerTest(backend, (s) => (store = s));
  const ingest = async (seed: number, agency: string, year: number): Promise<number> =>
    (await store.ingestFile({ bytes: bytesOf(genReport(seed, { agency, year }).text), fileName: `${agency}-${seed}.txt` })).id!;
  const found = async (q: string, extra: { year?: number } = {}) =>
    (await store.listReports({ q, pageSize: 100, ...extra })).items.map((r) => r.id).sort((a, b) => a - b);
  const units = async (q: string, region?: string) => (await store.listUnits({ q, region, pageSize: 100 })).items.map((u) => u.name).sort();

  it('merging the search index after a bulk import (optimizeSearchIndex) keeps every answer', async () => {
    const names = ['延津县市场监督管理局', '延津县财政局', '北京市财政局', '安阳市人民防空办公室', '封丘县人力资源和社会保障局', '封丘县市场监督管理局'];
    // One transaction each, as an ingest writes them: an FTS5 segment each.
    for (const [i, name] of names.entries()) await ingest(61 + i, name, 2021 + (i % 3));
    await store.importUnits([{ line: 2, name: '封丘县教育局', region: '河南省/新乡市/封丘县', level: null, parent: null, aliases: ['封教'] }]);
    const words = ['市场监管局', '财政局', '延津', '局', '人防办', '人社局', '封丘县 人社局', '不存在的单位名称', '封教'];
    const answers = async () => Promise.all(words.map(async (w) => [await found(w), await units(w), (await store.listReports({ q: w, pageSize: 2 })).total]));
    const before = await answers();
    expect(before[0]![0]).toHaveLength(2);
    // SQLite: the segments of each FTS5 table (its _idx table lists each segment's leaves).
    const segments = async () =>
      backend.name === 'sqlite'
        ? await Promise.all(
            ['reports_fts', 'reports_grams'].map(async (t) =>
              Number((await sql<{ n: number }>`select count(distinct segid) as n from ${sql.table(`${t}_idx`)}`.execute(store.db)).rows[0]!.n),
            ),
          )
        : [];
    if (backend.name === 'sqlite') expect(Math.min(...(await segments()))).toBeGreaterThan(1);
    await store.optimizeSearchIndex();
    expect(await answers()).toEqual(before);
    if (backend.name === 'sqlite') expect(await segments()).toEqual([1, 1]);
    // And written to afterwards, as before.
    const late = await ingest(71, '新乡市市场监督管理局', 2023);
    expect(await found('市场监管局')).toEqual([...before[0]![0]!, late].sort((a, b) => a - b));
  });

  it('the count stops at its cap (totalCapped), or at the end of the page asked; pages follow the id downwards', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) ids.push(await ingest(41 + i, `封丘县财政局${'一二三四五'[i]}分局`, 2023));
    await ingest(46, '北京市教育委员会', 2023);
    const down = [...ids].sort((a, b) => b - a);
    const list = (extra: { page?: number; pageSize?: number; countUpTo?: number; q?: string }) => store.listReports({ q: '封丘县财政局', ...extra });
    // Counted to 3 of 5: the answer says so.
    let r = await list({ countUpTo: 3, pageSize: 2 });
    expect([r.total, r.totalCapped]).toEqual([3, true]);
    expect(r.items.map((x) => x.id)).toEqual(down.slice(0, 2));
    // Page 2 of 2 reaches the 4th match: counted to the end of that page.
    r = await list({ countUpTo: 3, pageSize: 2, page: 2 });
    expect([r.total, r.totalCapped]).toEqual([4, true]);
    expect(r.items.map((x) => x.id)).toEqual(down.slice(2, 4));
    r = await list({ countUpTo: 3, pageSize: 2, page: 3 });
    expect([r.total, r.totalCapped]).toEqual([5, false]);
    expect(r.items.map((x) => x.id)).toEqual(down.slice(4));
    // A page past the last match: empty, with the count (counted alone on PostgreSQL, whose page
    // carries the count of its statement otherwise); ascending pages as well.
    expect(await list({ countUpTo: 3, pageSize: 2, page: 4 })).toMatchObject({ total: 5, totalCapped: false, items: [] });
    expect(await list({ countUpTo: 3, pageSize: 2, page: 9 })).toMatchObject({ total: 5, totalCapped: false, items: [] });
    r = await store.listReports({ q: '封丘县财政局', order: 'asc', countUpTo: 2, pageSize: 2, page: 2 });
    expect([r.total, r.totalCapped, r.items.map((x) => x.id)]).toEqual([4, true, ids.slice(2, 4)]);
    // Exactly as many as the cap: not capped. The default cap (200 for words) counts all of these.
    expect(await list({ countUpTo: 5 })).toMatchObject({ total: 5, totalCapped: false });
    expect(await list({})).toMatchObject({ total: 5, totalCapped: false });
    // Without words, the same: six reports counted to 4; a page of 50 counts to its end (all six).
    expect(await store.listReports({ countUpTo: 4, pageSize: 2 })).toMatchObject({ total: 4, totalCapped: true });
    expect(await store.listReports({ countUpTo: 4 })).toMatchObject({ total: 6, totalCapped: false });
    // Other orders page the same way.
    const byAgency = await store.listReports({ q: '封丘县财政局', sort: 'agency', order: 'asc', countUpTo: 2, pageSize: 10 });
    expect(byAgency).toMatchObject({ total: 5, totalCapped: false });
    expect(byAgency.items.map((x) => x.id).sort((a, b) => a - b)).toEqual(ids);
  });

  it('reports: short names, 1–2 character words, several words, filters, and the index kept on change', async () => {
    const market = await ingest(21, '延津县市场监督管理局', 2023);
    const market22 = await ingest(22, '延津县市场监督管理局', 2022);
    const air = await ingest(23, '安阳市人民防空办公室', 2023);
    const fin = await ingest(24, '北京市财政局', 2023);
    expect(await found('市场监管局')).toEqual([market, market22]);
    expect(await found('市场监督管理局', { year: 2023 })).toEqual([market]);
    expect(await found('人防办')).toEqual([air]);
    // Two characters and one: below a trigram, found all the same (LIKE over the table).
    expect(await found('延津')).toEqual([market, market22]);
    expect(await found('局')).toEqual([market, market22, fin]);
    expect(await found('延津 市场监管局', { year: 2022 })).toEqual([market22]);
    expect(await found('北京 财政局')).toEqual([fin]);
    expect(await found('不存在的单位名称')).toEqual([]);
    // Case and wildcards: a % or _ is a character like any other.
    expect(await found('100%')).toEqual([]);
    expect(await found('市场_管')).toEqual([]);

    // The unit list changes what a report is found by (its unit's name and aliases): an update.
    await store.importUnits([{ line: 2, name: '北京市财政局', region: null, level: null, parent: null, aliases: ['京财预算口'] }]);
    expect(await found('京财预算口')).toEqual([fin]);
    // A report deleted with its unit's reports gone from the index: rows removed from the table.
    await store.db.deleteFrom('reports').where('id', '=', air).execute();
    expect(await found('人防办')).toEqual([]);
    expect(await found('安阳市人民防空')).toEqual([]);
  });

  it('units: name, alias and region through the index; short words; the region filter', async () => {
    await store.importUnits([
      { line: 2, name: '延津县市场监督管理局', region: '河南省/新乡市/延津县', level: null, parent: null, aliases: ['延津市监局'] },
      { line: 3, name: '卧龙区人民防空办公室', region: '河南省/南阳市/卧龙区', level: null, parent: null, aliases: [] },
      { line: 4, name: '郑州市财政局', region: '河南省/郑州市', level: null, parent: null, aliases: [] },
    ]);
    expect(await units('市场监管局')).toEqual(['延津县市场监督管理局']);
    expect(await units('延津市监局')).toEqual(['延津县市场监督管理局']);
    expect(await units('卧龙区人防办')).toEqual(['卧龙区人民防空办公室']);
    expect(await units('南阳市')).toEqual(['卧龙区人民防空办公室']); // the region
    expect(await units('延津')).toEqual(['延津县市场监督管理局']);
    expect(await units('局')).toEqual(['延津县市场监督管理局', '郑州市财政局']);
    expect(await units('局', '河南省/郑州市')).toEqual(['郑州市财政局']);
    const wolong = (await store.listUnits({ q: '卧龙区' })).items[0]!;
    await store.updateUnit(wolong.id, { name: '卧龙区档案馆' });
    expect(await units('人防办')).toEqual([]);
    expect(await units('区档案')).toEqual(['卧龙区档案馆']);
    await store.deleteUnit(wolong.id);
    expect(await units('区档案')).toEqual([]);
  });

  it('a word of 3 characters or more is answered by the index', async () => {
    await ingest(31, '延津县市场监督管理局', 2023);
    if (backend.name === 'sqlite') {
      const plan = await sql<{
        detail: string;
      }>`explain query plan select id from reports where id in (select rowid from reports_fts where reports_fts match ${'"市场监督"'})`.execute(store.db);
      expect(plan.rows.map((r) => r.detail).join('\n')).toMatch(/VIRTUAL TABLE INDEX/);
      const n = await sql<{ n: number }>`select count(*) as n from reports_fts where reports_fts match ${'"市场监督"'}`.execute(store.db);
      expect(Number(n.rows[0]!.n)).toBe(1);
      // A list's page is driven by the index in its rowid order (no sort of every match first).
      const page = filtered(store.db, 'sqlite', { q: '市场监管局 延津' })
        .select('reports.id')
        .orderBy(sql.ref('reports_fts.rowid'), 'desc')
        .limit(20)
        .compile();
      const steps = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${page.sql}`, [...page.parameters]))).rows.map(
        (r) => r.detail,
      );
      expect(steps[0]).toMatch(/^SCAN reports_fts VIRTUAL TABLE/);
      expect(steps.join('\n')).not.toMatch(/TEMP B-TREE/);
    } else {
      await store.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from reports where search_text like ${'%市场监督%'}`.execute(trx);
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/reports_search_trgm/);
        const uplan = await sql<{ 'QUERY PLAN': string }>`explain select id from units where lower(name) like ${'%市场监督%'}`.execute(trx);
        expect(uplan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/units_name_trgm/);
      });
      // And the index finds the row: pg_trgm makes trigrams only of what LC_CTYPE calls letters —
      // none of Chinese under the C locale, where the index hands back every row for LIKE to check.
      await ingest(32, '北京市财政局', 2023);
      const trgm = await sql<{ n: number | null }>`select array_length(show_trgm(${'市场监督'}), 1) as n`.execute(store.db);
      expect(Number(trgm.rows[0]!.n)).toBeGreaterThan(0);
      await store.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const analyse = await sql<{ 'QUERY PLAN': string }>`explain analyze select id from reports where search_text like ${'%市场监督%'}`.execute(trx);
        const scan = analyse.rows.map((r) => r['QUERY PLAN']).find((l) => /Bitmap Index Scan on reports_search_trgm/.test(l));
        expect(scan).toMatch(/rows=1 /);
      });
      // Nothing to say at start-up here; a database of the same server created with the C locale is named.
      expect(await searchIndexProblem(store.db, 'postgres')).toBeNull();
      const where = await sql<{
        dir: string;
        who: string;
      }>`select split_part(current_setting('unix_socket_directories'), ',', 1) as dir, current_user as who`.execute(store.db);
      const { dir, who } = where.rows[0]!;
      await sql`create database t_c_locale template template0 lc_ctype 'C' lc_collate 'C'`.execute(store.db);
      const c = await openStore({ url: `postgresql://${who}@localhost/t_c_locale?host=${encodeURIComponent(dir)}` });
      try {
        expect(await searchIndexProblem(c.db, 'postgres')).toMatch(/LC_CTYPE 为「C」.*C\.UTF-8/);
      } finally {
        await c.close();
        // The pool's connections close after close() resolves: wait for them, or the forced drop
        // terminates one still closing and its client reports the error after the test.
        for (let i = 0; i < 100; i++) {
          const open = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity where datname = 't_c_locale'`.execute(store.db);
          if (Number(open.rows[0]!.n) === 0) break;
          await new Promise((r) => setTimeout(r, 50));
        }
        await sql`drop database t_c_locale with (force)`.execute(store.db);
      }
    }
    if (backend.name === 'sqlite') {
      expect(await searchIndexProblem(store.db, 'sqlite')).toBeNull();
    }
  });

  it('of several words the one with the fewest candidates leads (SQLite); the answer is the same in any order', async () => {
    const ids: number[] = [];
    for (let i = 0; i < 4; i++) ids.push(await ingest(71 + i, `${'甲乙丙丁'[i]}县财政局`, 2023));
    const yw = await ingest(75, '禹王台区财政局', 2023);
    await ingest(76, '禹王台区教育局', 2023);
    expect(await found('禹王台区 财政局')).toEqual([yw]);
    expect(await found('财政局 禹王台区')).toEqual([yw]);
    expect(await found('财政 禹王台区')).toEqual([yw]);
    expect(await found('财政局 县')).toEqual(ids);
    if (backend.name === 'sqlite') {
      expect(await chooseLead(store.db, 'sqlite', ['财政局', '禹王台区'])).toMatchObject({ word: '禹王台区', table: 'reports_fts' });
      expect(await chooseLead(store.db, 'sqlite', ['财政局', '禹王'])).toMatchObject({ word: '禹王', table: 'reports_grams' });
      expect(await chooseLead(store.db, 'sqlite', ['财政局'])).toMatchObject({ word: '财政局' });
    } else {
      // Chosen in the list's own statement: the trigrams of both words are candidates.
      expect(await chooseLead(store.db, 'postgres', ['财政局', '禹王台区'])).toMatchObject({ word: '财政局', trigrams: ['财政局', '禹王台', '王台区'] });
      const rows = async (trigrams: string[]) =>
        (await sql<{ report_id: number }>`select report_id from ${pgLeadRows(trigrams)} as l`.execute(store.db)).rows.length;
      // The first rare one (fewer than RARE_POSTINGS postings) leads; here every one is.
      expect(await rows(['财政局', '禹王台'])).toBe(5);
      expect(await rows(['禹王台', '财政局'])).toBe(2);
      expect(await rows(['不存在', '财政局'])).toBe(0);
      // Postings of two made-up trigrams, none rare: the one with fewer leads.
      const fake = (t: string, n: number) => Array.from({ length: n }, (_, i) => sql`(${t}, ${100_000 + i})`);
      await sql`insert into report_trigrams (trigram, report_id) values ${sql.join([...fake('zzz', RARE_POSTINGS + 30), ...fake('yyy', RARE_POSTINGS + 5)])}`.execute(
        store.db,
      );
      expect(await rows(['zzz', '禹王台'])).toBe(2);
      expect(await rows(['zzz', 'yyy'])).toBe(RARE_POSTINGS + 5);
      await sql`delete from report_trigrams where trigram in ('zzz', 'yyy')`.execute(store.db);
    }
  });

  it('PostgreSQL: the trigram postings are kept on insert, update and delete, answer as the GIN index does, and a list stops early', async () => {
    if (backend.name !== 'postgres') return;
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) ids.push(await ingest(81 + i, `${'甲乙丙丁戊己'[i]}县市场监督管理局`, 2020 + (i % 3)));
    const fin = await ingest(87, '北京市财政局', 2023);
    const trigramsOf = (t: string) => {
      const c = [...t];
      return [...new Set(c.slice(0, Math.max(0, c.length - 2)).map((_, i) => c.slice(i, i + 3).join('')))].sort();
    };
    const postings = async (id: number) =>
      (await sql<{ trigram: string }>`select trigram from report_trigrams where report_id = ${id}`.execute(store.db)).rows.map((r) => r.trigram).sort();
    const textOf = async (id: number) =>
      (await store.db.selectFrom('reports').select('search_text').where('id', '=', id).executeTakeFirstOrThrow()).search_text ?? '';
    // Every distinct run of 3 characters of the search text, white space and line breaks included.
    expect(await postings(fin)).toEqual(trigramsOf(await textOf(fin)));
    expect((await postings(fin)).length).toBeGreaterThan(20);
    // The same answers as through the GIN index (the list without a lead), page by page and counted.
    const viaGin = async (q: string) =>
      (await filtered(store.db, 'postgres', { q }, null).select('reports.id').orderBy('reports.id', 'desc').execute()).map((r) => r.id);
    for (const q of [
      '市场监管局',
      '市场监督管理局',
      '县市场监管局',
      '甲县市场监管局',
      '北京市财政局',
      '财政局',
      '不存在的单位名称',
      '市场监管局 甲县',
      '甲县 市场监管局',
      '人社局',
    ]) {
      const want = await viaGin(q);
      expect(
        (await store.listReports({ q, pageSize: 100 })).items.map((r) => r.id),
        q,
      ).toEqual(want);
      const page = await store.listReports({ q, pageSize: 2, page: 2, countUpTo: 3 });
      expect(
        page.items.map((r) => r.id),
        q,
      ).toEqual(want.slice(2, 4));
      expect([page.total, page.totalCapped], q).toEqual(want.length > 4 ? [4, true] : [want.length, false]);
    }
    // Kept when the text changes (a unit's alias joins it) and when the report goes.
    await store.importUnits([{ line: 2, name: '北京市财政局', region: null, level: null, parent: null, aliases: ['京财预算口'] }]);
    expect(await postings(fin)).toEqual(trigramsOf(await textOf(fin)));
    expect(await postings(fin)).toContain('京财预');
    expect(await found('京财预算口')).toEqual([fin]);
    await store.db.deleteFrom('reports').where('id', '=', ids[0]!).execute();
    expect(await postings(ids[0]!)).toEqual([]);
    expect(await found('甲县市场监管局')).toEqual([]);
    expect(await found('市场监管局')).toEqual(ids.slice(1));
    // The page walks 市场监's postings backwards and fetches each report by its key: no bitmap of
    // every match, no sort; the capped count stops at its limit the same way.
    const page = filtered(store.db, 'postgres', { q: '市场监管局' }).select('reports.id').orderBy(sql.ref('lead.report_id'), 'desc').limit(2).compile();
    // (A few rows: without enable_seqscan off the planner reads the whole small table instead.)
    const plan = (c: { sql: string; parameters: readonly unknown[] }) =>
      store.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const r = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${c.sql}`, [...c.parameters]));
        return r.rows.map((x) => x['QUERY PLAN']).join('\n');
      });
    const p = await plan(page);
    expect(p).toMatch(/Index Only Scan Backward using report_trigrams_pkey/);
    expect(p).toMatch(/Index Scan using reports_pkey/);
    expect(p).not.toMatch(/Sort|Bitmap|Merge Join|Hash Join/);
    const count = store.db
      .selectFrom(filtered(store.db, 'postgres', { q: '市场监管局' }).select('reports.id').limit(3).as('m'))
      .select((eb) => eb.fn.countAll().as('n'))
      .compile();
    expect(await plan(count)).not.toMatch(/Sort|Bitmap|Merge Join|Hash Join/);
    // The page and the count in one statement (a list in id order): the same walk, stopped at the
    // count's limit, in a CTE read once; only the page's ids (a sort of those counted) are joined.
    const lead = leadWord('postgres', ['市场监管局']);
    const one = await plan(pgPageQuery(store.db, filtered(store.db, 'postgres', { q: '市场监管局' }, lead), lead, 'desc', 2, 0, 3).compile());
    expect(one).toMatch(/CTE m[\s\S]*Limit[\s\S]*Index Only Scan Backward using report_trigrams_pkey/);
    expect(one).not.toMatch(/Bitmap|Merge Join|Hash Join|Sort Key: .*report_id/);
    // A word of several trigrams: the lead is chosen when the statement starts; the walk is the same.
    const several = await plan(
      filtered(store.db, 'postgres', { q: '乙县市场监管局' }).select('reports.id').orderBy(sql.ref('lead.report_id'), 'desc').limit(2).compile(),
    );
    expect(several).toMatch(/InitPlan/);
    expect(several).toMatch(/Index Only Scan Backward using report_trigrams_pkey on report_trigrams p/);
    expect(several).not.toMatch(/Bitmap|Merge Join|Hash Join|Sort Key: .*report_id/);
  });

  it('a word of 1–2 characters is answered by the gram index, kept on insert, update and delete', async () => {
    const yj = await ingest(51, '延津县财政局', 2023);
    const bj = await ingest(52, '北京市财政局', 2023);
    await store.importUnits([{ line: 2, name: '封丘县教育局', region: '河南省/新乡市/封丘县', level: null, parent: null, aliases: ['封教'] }]);
    expect(await found('延津')).toEqual([yj]);
    expect(await found('政局')).toEqual([yj, bj]);
    expect(await units('封教')).toEqual(['封丘县教育局']);
    expect(await units('丘')).toEqual(['封丘县教育局']);
    if (backend.name === 'sqlite') {
      // The page is driven by the gram table in its rowid order.
      const page = filtered(store.db, 'sqlite', { q: '延津' }).select('reports.id').orderBy(sql.ref('reports_grams.rowid'), 'desc').limit(20).compile();
      const steps = (await store.db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${page.sql}`, [...page.parameters]))).rows.map(
        (r) => r.detail,
      );
      expect(steps[0]).toMatch(/^SCAN reports_grams VIRTUAL TABLE/);
      const n = await sql<{ n: number }>`select count(*) as n from reports_grams where reports_grams match ${gramToken('延津')}`.execute(store.db);
      expect(Number(n.rows[0]!.n)).toBe(1);
    } else {
      await store.db.transaction().execute(async (trx) => {
        await sql`set local enable_seqscan = off`.execute(trx);
        const plan = await sql<{ 'QUERY PLAN': string }>`explain select id from reports where nb_grams(search_text) && ${['延津']}::text[]`.execute(trx);
        expect(plan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/reports_search_grams/);
        const u = store.db
          .selectFrom('units')
          .select('id')
          .where((eb) => unitHasWordFor(eb))
          .compile();
        const uplan = await trx.executeQuery<{ 'QUERY PLAN': string }>(CompiledQuery.raw(`explain ${u.sql}`, [...u.parameters]));
        expect(uplan.rows.map((r) => r['QUERY PLAN']).join('\n')).toMatch(/units_search_grams/);
      });
    }
    // Kept on update (a unit renamed, its reports matched again) and on delete.
    const unit = (await store.listUnits({ q: '封丘县' })).items[0]!;
    await store.updateUnit(unit.id, { name: '封丘县卫生健康委员会', aliases: [] });
    expect(await units('封教')).toEqual([]);
    expect(await units('卫健')).toEqual([]);
    expect(await units('卫生')).toEqual(['封丘县卫生健康委员会']);
    await store.db.deleteFrom('reports').where('id', '=', yj).execute();
    expect(await found('延津')).toEqual([]);
    expect(await found('政局')).toEqual([bj]);
  });
});

const unitHasWordFor = (eb: Parameters<typeof unitHasWord>[1]) => unitHasWord('postgres', eb, '封教');
