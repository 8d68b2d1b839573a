/**
 * How the report list and the unit list are filtered, searched and ordered, on SQLite and
 * PostgreSQL: 正常 / 有警告 / 有错误 as separate statuses, common short names of agency types
 * found in searches (市场监管局 → 市场监督管理局), names in pinyin order, and the pinyin keys
 * filled for what an older database already held.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import Database from 'better-sqlite3';
import type { Store } from '../../src/store/index.js';
import { openStore } from '../../src/store/index.js';
import { migrations } from '../../src/store/migrations.js';
import { pinyinKey } from '../../src/units/pinyin.js';
import { searchVariants } from '../../src/units/names.js';
import { BACKENDS, storePerTest } from './backends.js';
import { bytesOf, genReport, genReportWithError } from '../ingest/gen.js';

describe('pinyin keys and search spellings', () => {
  it('pinyinKey orders names by their pinyin, Latin and digits first, any collation alike (hex only)', () => {
    const names = ['郑州市财政局', '安阳市人民政府', '北京市', '成都市', '洛阳市', 'abc局', '12号'];
    const sorted = [...names].sort((a, b) => (pinyinKey(a) < pinyinKey(b) ? -1 : 1));
    expect(sorted).toEqual(['12号', 'abc局', '安阳市人民政府', '北京市', '成都市', '洛阳市', '郑州市财政局']);
    expect(pinyinKey('洛阳市')).toMatch(/^[0-9a-f]+$/);
    expect(pinyinKey('洛阳市')).toHaveLength(15);
    expect(pinyinKey(null)).toBe('');
  });

  it('searchVariants: a short name stands for the full one and back; a common word alone does not', () => {
    expect(searchVariants('市场监管局')).toEqual(['市场监管局', '市场监督管理局']);
    expect(searchVariants('卧龙区人防办')).toContain('卧龙区人民防空办公室');
    expect(searchVariants('大数据局')).toContain('政务服务和大数据管理局');
    expect(searchVariants('人民政府')).toEqual(['人民政府']);
    expect(searchVariants('延津')).toEqual(['延津']);
  });
});

describe.each(BACKENDS)('report and unit lists on $name', (backend) => {
  let store: Store;
  storePerTest(backend, (s) => (store = s));
  const ingest = async (seed: number, agency: string, year: number, err = false): Promise<number> => {
    const g = err ? genReportWithError : genReport;
    return (await store.ingestFile({ bytes: bytesOf(g(seed, { agency, year }).text), fileName: `${agency}-${seed}.txt` })).id!;
  };

  it('正常 lists reports with nothing open, 有警告 those with warnings and no error; dismissing the warnings moves a report', async () => {
    const ids: number[] = [];
    for (let seed = 1; seed <= 8; seed++) ids.push(await ingest(seed, `第${seed}县人民政府`, 2023, seed % 4 === 0));
    const all = (await store.listReports({ pageSize: 100 })).items;
    const ids_ = (st: string) =>
      all
        .filter((r) => (st === 'ok' ? r.status === 'ok' && r.warnings === 0 : st === 'warnings' ? r.status === 'ok' && r.warnings > 0 : r.status === st))
        .map((r) => r.id)
        .sort();
    const listed = async (st: 'ok' | 'warnings' | 'errors') => (await store.listReports({ status: st, pageSize: 100 })).items.map((r) => r.id).sort();
    expect(ids_('warnings').length, 'the generated set has reports with warnings only').toBeGreaterThan(0);
    expect(ids_('errors').length).toBeGreaterThan(0);
    expect(await listed('ok')).toEqual(ids_('ok'));
    expect(await listed('warnings')).toEqual(ids_('warnings'));
    expect(await listed('errors')).toEqual(ids_('errors'));
    expect((await store.listReports({ status: ['ok', 'warnings', 'errors'], pageSize: 100 })).total).toBe(all.length);
    // Every warning of one report dismissed: it is 正常 now.
    const w = ids_('warnings')[0]!;
    for (const f of (await store.getReport(w))!.findings.filter((f) => f.severity === 'warning'))
      await store.setDecision(w, f.key, { decision: 'dismissed', comment: '' });
    expect(await listed('warnings')).not.toContain(w);
    expect(await listed('ok')).toContain(w);
  });

  it('a search by a short name finds the full name (reports and units); lists sort by pinyin', async () => {
    const full = await ingest(11, '郑州市市场监督管理局', 2023);
    const air = await ingest(12, '安阳市人民防空办公室', 2023);
    const other = await ingest(13, '北京市财政局', 2023);
    const found = async (q: string) => (await store.listReports({ q })).items.map((r) => r.id).sort();
    expect(await found('市场监管局')).toEqual([full]);
    expect(await found('人防办')).toEqual([air]);
    expect(await found('市场监督管理局')).toEqual([full]);
    const byAgency = (await store.listReports({ sort: 'agency', order: 'asc' })).items.map((r) => r.id);
    expect(byAgency).toEqual([air, other, full]);
    expect((await store.listReports({ sort: 'agency', order: 'desc' })).items.map((r) => r.id)).toEqual([full, other, air]);

    await store.importUnits([
      { line: 2, name: '郑州市市场监督管理局', region: null, level: null, parent: null, aliases: [] },
      { line: 3, name: '郑州市财政局', region: null, level: null, parent: null, aliases: [] },
      { line: 4, name: '郑州市安全生产委员会', region: null, level: null, parent: null, aliases: [] },
    ]);
    expect((await store.listUnits({ q: '市场监管局' })).items.map((u) => u.name)).toEqual(['郑州市市场监督管理局']);
    // One place: 安 < 财 < 市 in pinyin (an < cai < shi); by code point 安 (5B89) < 市 (5E02) < 财 (8D22).
    expect((await store.listUnits()).items.map((u) => u.name)).toEqual(['郑州市安全生产委员会', '郑州市财政局', '郑州市市场监督管理局']);
  });
});

describe('the pinyin migration', () => {
  it('fills the sort keys of reports and units an older database already held', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'nianbao-mig-')), 'old.db');
    const db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(file) }) }); // eslint-disable-line @typescript-eslint/no-explicit-any
    const migrator = new Migrator({
      db,
      provider: { getMigrations: async () => migrations('sqlite') },
      migrationTableName: 'nianbao_migration',
      migrationLockTableName: 'nianbao_migration_lock',
    });
    expect((await migrator.migrateTo('003_cell_reviews')).error).toBeUndefined();
    const at = new Date().toISOString();
    await db
      .insertInto('units')
      .values({ name: '北京市财政局', name_key: '北京市财政局', ident: 'x', aliases: '[]', created_at: at, updated_at: at })
      .execute();
    await db.destroy();
    const store = await openStore({ url: null, file });
    try {
      expect((await store.listUnits()).items.map((u) => u.name)).toEqual(['北京市财政局']);
      const raw = new Database(file);
      expect(raw.prepare('select name_sort from units').get()).toEqual({ name_sort: pinyinKey('北京市财政局') });
      raw.close();
    } finally {
      await store.close();
    }
  });
});
