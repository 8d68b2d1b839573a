/**
 * The store on SQLite and on PostgreSQL: the same tests, run against both (describe.each).
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { reportDetail, reportList, reportSummary, uploadResult, health } from '../../src/server/contract.js';
import { findingKeys, type Store } from '../../src/store/index.js';
import { BACKENDS, snapshot, storePerTest } from './backends.js';
import { bytesOf, genReport, genReportWithError } from '../ingest/gen.js';

describe('findingKeys', () => {
  it('keys a finding by rule, place and occurrence, stable across runs', () => {
    const f = (rule: string, table?: 't3', row?: string, col?: string) => ({
      rule,
      severity: 'error' as const,
      message: 'x',
      ...(table ? { table } : {}),
      ...(row ? { row } : {}),
      ...(col ? { col } : {}),
    });
    expect(findingKeys([f('T3.rowSum', 't3', 'granted', 'total'), f('M.hybrid'), f('T3.rowSum', 't3', 'granted', 'total'), f('M.hybrid')])).toEqual([
      'T3.rowSum|t3|granted|total|0',
      'M.hybrid||||0',
      'T3.rowSum|t3|granted|total|1',
      'M.hybrid||||1',
    ]);
  });
});

describe.each(BACKENDS)('store on $name', (backend) => {
  let store: Store;
  storePerTest(backend, (s) => (store = s));

  it('stores a file, its record and findings; getReport gives them back in the API shape', async () => {
    const { text } = genReportWithError(11, { agency: '南阳市卧龙区人民政府', year: 2023 });
    const bytes = bytesOf(text);
    const r = await store.ingestFile({ bytes, fileName: '2023/卧龙区.txt' });
    expect(uploadResult.shape.results.element.parse(r)).toEqual(r);
    expect(r).toMatchObject({ outcome: 'new', status: 'errors', agency: '南阳市卧龙区人民政府', year: 2023 });
    expect(r.errors).toBeGreaterThan(0);

    const d = await store.getReport(r.id!);
    expect(d).not.toBeNull();
    expect(reportDetail.omit({ sourceText: true, pages: true }).parse(d)).toBeTruthy();
    const expected = await parseReport(bytes, { path: '2023/卧龙区.txt' });
    expect(d!.record).toEqual(expected);
    expect(d!.summary).toMatchObject({
      fileName: '2023/卧龙区.txt',
      region: '河南省/南阳市/卧龙区',
      template: '2021',
      supersededBy: null,
      unitId: null,
      bytes: bytes.length,
    });
    expect(d!.findings.map((f) => f.key)).toEqual(findingKeys(expected.findings));
    expect(d!.findings.map((f) => f.message)).toEqual(expected.findings.map((f) => f.message));
    expect(d!.findings.every((f) => f.decision === null)).toBe(true);
    expect(d!.history).toEqual([]);

    const src = await store.getSource(r.id!);
    expect(Buffer.from(src!.bytes).equals(Buffer.from(bytes))).toBe(true);
    expect(src!.format).toBe('text');
    expect(await store.getReport(9999)).toBeNull();
    expect(await store.getSource(9999)).toBeNull();
  });

  it('ingesting the same bytes again is a no-op, whatever the file name', async () => {
    const bytes = bytesOf(genReport(12).text);
    const first = await store.ingestFile({ bytes, fileName: 'a.txt' });
    const before = await snapshot(store);
    const again = await store.ingestFile({ bytes, fileName: 'copy-of-a.txt' });
    expect(again).toMatchObject({ outcome: 'duplicate', id: first.id });
    expect(await snapshot(store)).toEqual(before);
  });

  it('stores unreadable files too, with their bytes, status unreadable and a message', async () => {
    const bytes = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
    const r = await store.ingestFile({ bytes, fileName: 'scan.png' });
    expect(r).toMatchObject({ outcome: 'new', status: 'unreadable', agency: null, year: null });
    expect(r.message).toMatch(/图片/);
    expect((await store.listReports({ status: 'unreadable' })).items.map((i) => i.id)).toEqual([r.id]);
    expect(Buffer.from((await store.getSource(r.id!))!.bytes).equals(Buffer.from(bytes))).toBe(true);
  });

  it('a corrected file for the same agency and year supersedes the old one; the history is kept', async () => {
    const agency = '开封市鼓楼区人民政府';
    const a = await store.ingestFile({ bytes: bytesOf(genReportWithError(21, { agency, year: 2022 }).text), fileName: 'v1.txt' });
    const other = await store.ingestFile({ bytes: bytesOf(genReport(22, { agency, year: 2023 }).text), fileName: 'other-year.txt' });
    const b = await store.ingestFile({ bytes: bytesOf(genReport(23, { agency, year: 2022 }).text), fileName: 'v2.txt' });
    const c = await store.ingestFile({ bytes: bytesOf(genReport(24, { agency, year: 2022 }).text), fileName: 'v3.txt' });
    expect([a.outcome, other.outcome, b.outcome, c.outcome]).toEqual(['new', 'new', 'superseded', 'superseded']);
    expect((await store.summary(a.id!))!.supersededBy).toBe(b.id);
    expect((await store.summary(b.id!))!.supersededBy).toBe(c.id);
    expect((await store.summary(c.id!))!.supersededBy).toBeNull();
    expect((await store.summary(other.id!))!.supersededBy).toBeNull();

    const current = await store.listReports({ q: '鼓楼区' });
    expect(current.items.map((i) => i.id).sort()).toEqual([other.id, c.id].sort());
    const all = await store.listReports({ q: '鼓楼区', includeSuperseded: true });
    expect(all.total).toBe(4);
    const d = await store.getReport(c.id!);
    expect(d!.history.map((h) => h.id)).toEqual([b.id, a.id]);
    // Re-ingesting the old version does not bring it back.
    expect((await store.ingestFile({ bytes: bytesOf(genReportWithError(21, { agency, year: 2022 }).text), fileName: 'v1-again.txt' })).outcome).toBe(
      'duplicate',
    );
    expect((await store.summary(c.id!))!.supersededBy).toBeNull();
  });

  it('versions written at the same time still form one chain with one current report', async () => {
    const texts = [0, 1, 2, 3, 4, 5].map((i) => genReport(80 + i, { agency: '卧龙区人民政府', year: 2024 }).text);
    // Also the same bytes twice at once: stored once.
    const results = await Promise.all([...texts, texts[0]!].map((t, i) => store.ingestFile({ bytes: bytesOf(t), fileName: `v${i}.txt` })));
    expect(results.filter((r) => r.outcome === 'duplicate')).toHaveLength(1);
    const all = await store.listReports({ includeSuperseded: true, sort: 'id', order: 'asc' });
    expect(all.total).toBe(6);
    const ids = all.items.map((i) => i.id);
    expect(all.items.map((i) => i.supersededBy)).toEqual([...ids.slice(1), null]);
  });

  it('reviewer decisions survive re-parsing and carry over to a corrected file', async () => {
    const agency = '延津县人民政府办公室';
    const r = await store.ingestFile({ bytes: bytesOf(genReportWithError(31, { agency, year: 2023 }).text), fileName: 'a.txt' });
    const d0 = await store.getReport(r.id!);
    const f = d0!.findings.find((x) => x.rule === 'T3.rowSum')!;
    expect(f.key).toBe('T3.rowSum|t3|newReceived|total|0');
    const dec = await store.setDecision(r.id!, f.key, { decision: 'dismissed', comment: '原文如此，已电话核实' });
    expect(dec).toMatchObject({ key: f.key, decision: 'dismissed', comment: '原文如此，已电话核实' });
    expect(await store.setDecision(r.id!, 'No.such|||||0', { decision: 'confirmed' })).toBeNull();
    expect(await store.setDecision(4242, f.key, { decision: 'confirmed' })).toBeNull();

    // Changing one's mind overwrites.
    await store.setDecision(r.id!, f.key, { decision: 'confirmed', comment: '请单位更正' });
    expect((await store.getReport(r.id!))!.findings.find((x) => x.key === f.key)!.decision).toMatchObject({ decision: 'confirmed', comment: '请单位更正' });

    // Re-parse: findings rows are rewritten, the decision is still attached.
    await store.db.updateTable('records').set({ record: '{}' }).where('report_id', '=', r.id!).execute();
    expect(await store.reparse([r.id!])).toBe(1);
    const d1 = await store.getReport(r.id!);
    expect(d1!.record.agency).toBe(agency);
    expect(d1!.findings.find((x) => x.key === f.key)!.decision).toMatchObject({ decision: 'confirmed', comment: '请单位更正' });

    // A corrected file (same agency and year) still has the problem: the decision carries over.
    const v2 = await store.ingestFile({ bytes: bytesOf(genReportWithError(32, { agency, year: 2023 }).text), fileName: 'b.txt' });
    expect(v2.outcome).toBe('superseded');
    expect((await store.getReport(v2.id!))!.findings.find((x) => x.key === f.key)!.decision).toMatchObject({ decision: 'confirmed' });
    // Another year of the same agency does not share it.
    const y = await store.ingestFile({ bytes: bytesOf(genReportWithError(33, { agency, year: 2024 }).text), fileName: 'c.txt' });
    expect((await store.getReport(y.id!))!.findings.find((x) => x.key === f.key)!.decision).toBeNull();
  });

  it('lists with filters, search, sorting and pages', async () => {
    const ids: Record<string, number> = {};
    const add = async (name: string, agency: string, year: number, err = false): Promise<void> => {
      const g = err ? genReportWithError : genReport;
      ids[name] = (await store.ingestFile({ bytes: bytesOf(g(100 + Object.keys(ids).length, { agency, year }).text), fileName: `${name}.txt` })).id!;
    };
    await add('wolong', '卧龙区人民政府', 2023);
    await add('jianxi', '洛阳市涧西区人民政府办公室', 2023, true);
    await add('yanjin', '延津县人民政府', 2022);
    await add('wolong22', '卧龙区人民政府', 2022, true);
    await add('percent', '百分之百%测试局', 2023);

    const items = async (q: Parameters<Store['listReports']>[0]): Promise<number[]> => (await store.listReports(q)).items.map((i) => i.id);
    expect(reportList.parse(await store.listReports({}))).toBeTruthy();
    expect((await store.listReports({})).total).toBe(5);
    expect(await items({ q: '卧龙区' })).toEqual([ids['wolong22'], ids['wolong']]);
    expect(await items({ q: '卧龙区 2022年' })).toEqual([ids['wolong22']]); // every word, here one from the title
    expect(await items({ q: '卧龙区 延津' })).toEqual([]);
    expect(await items({ q: '卧龙区', year: 2022 })).toEqual([ids['wolong22']]);
    expect(await items({ q: 'JIANXI' })).toEqual([ids['jianxi']]); // file name, case-insensitive
    expect(await items({ q: '%' })).toEqual([ids['percent']]); // LIKE wildcards are literal
    expect(await items({ q: '_' })).toEqual([]);
    expect(await items({ region: '河南省', sort: 'id', order: 'asc' })).toEqual([ids['wolong'], ids['jianxi'], ids['yanjin'], ids['wolong22']]);
    expect(await items({ region: '河南省/南阳市/', sort: 'id', order: 'asc' })).toEqual([ids['wolong'], ids['wolong22']]);
    expect(await items({ region: '河南省/南阳' })).toEqual([]); // whole names only
    expect(await items({ status: 'errors', sort: 'id', order: 'asc' })).toEqual([ids['jianxi'], ids['wolong22']]);
    expect(await items({ rule: 'T3.rowSum', sort: 'id', order: 'asc' })).toEqual([ids['jianxi'], ids['wolong22']]);
    expect(await items({ rule: 'No.such' })).toEqual([]);
    // Sorting: year descending, ties by id descending; the region-less report last either way.
    expect(await items({ sort: 'year', order: 'desc' })).toEqual([ids['percent'], ids['jianxi'], ids['wolong'], ids['wolong22'], ids['yanjin']]);
    expect((await items({ sort: 'region', order: 'asc' })).at(-1)).toBe(ids['percent']);
    expect((await items({ sort: 'region', order: 'desc' })).at(-1)).toBe(ids['percent']);
    const p2 = await store.listReports({ sort: 'id', order: 'asc', page: 2, pageSize: 2 });
    expect(p2).toMatchObject({ total: 5, page: 2, pageSize: 2 });
    expect(p2.items.map((i) => i.id)).toEqual([ids['yanjin'], ids['wolong22']]);
    for (const i of p2.items) expect(reportSummary.parse(i)).toEqual(i);
  });

  it('exports every table cell: one row per report per table row', async () => {
    const { text } = genReport(41, { agency: '延津县人民政府', year: 2023 });
    const r = await store.ingestFile({ bytes: bytesOf(text), fileName: 'x.txt' });
    const rec = (await store.getReport(r.id!))!.record;
    const ex = await store.exportRows({});
    const col = (k: string): number => ex.columns.findIndex((c) => c.key === k);
    const tableRows = (['t2', 't3', 't4'] as const).reduce((n, t) => n + Object.keys(rec.tables[t] ?? {}).length, 0);
    expect(tableRows).toBeGreaterThan(30);
    expect(ex.rows).toHaveLength(tableRows);
    for (const row of ex.rows) expect(row).toHaveLength(ex.columns.length);
    const granted = ex.rows.find((x) => x[col('table')] === '表三' && x[col('row')] === 'granted')!;
    expect(granted[col('rowName')]).toBe('予以公开');
    expect(granted[col('naturalPerson')]).toBe(rec.tables.t3!['granted']!['naturalPerson']);
    expect(granted[col('total')]).toBe(rec.tables.t3!['granted']!['total']);
    expect(granted[col('issued')]).toBeNull();
    expect(granted[col('region')]).toBe('河南省/新乡市/延津县');
    expect((await store.exportRows({ year: 1999 })).rows).toEqual([]);
    const streamed: unknown[] = [];
    for await (const row of store.exportRowIterator({})) streamed.push(row);
    expect(streamed).toEqual(ex.rows);
  });

  it('reports stats for the health check', async () => {
    await store.ingestFile({ bytes: bytesOf(genReport(51, { agency: '卧龙区人民政府', year: 2021 }).text), fileName: 'a.txt' });
    await store.ingestFile({ bytes: bytesOf(genReport(52, { agency: '卧龙区人民政府', year: 2021 }).text), fileName: 'b.txt' });
    const s = await store.stats();
    expect(s).toEqual({ db: backend.name, reports: 2, current: 1, files: 2, units: 0 });
    expect(health.parse({ ok: true, db: s.db, reports: s.reports, version: '0' })).toBeTruthy();
  });

  it('keeps text a database cannot hold (NUL) out of the way', async () => {
    const text = genReport(61, { agency: '延津县人民政府', year: 2023 }).text.replace('一、总体情况', '一、总体情况\u0000');
    const r = await store.ingestFile({ bytes: bytesOf(text), fileName: 'nul\u0000name.txt' });
    expect(r.outcome).toBe('new');
    expect((await store.summary(r.id!))!.fileName).toBe('nul\uFFFDname.txt');
  });

  it('rejects a given record that does not belong to the bytes', async () => {
    const a = bytesOf(genReport(71).text);
    const rec = await parseReport(a, { path: 'a.txt' });
    const r = await store.ingestFile({ bytes: bytesOf(genReport(72).text), fileName: 'b.txt', record: rec });
    expect(r).toMatchObject({ outcome: 'rejected', id: null });
    expect((await store.stats()).files).toBe(0);
    expect((await store.ingestFile({ bytes: a, fileName: 'a.txt', record: rec })).outcome).toBe('new');
  });
});
