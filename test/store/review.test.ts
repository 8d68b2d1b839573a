/**
 * What a reviewer's actions do in the store, on SQLite and PostgreSQL: cross-year findings from
 * the same unit's previous report (also when the earlier report arrives later), counts that
 * leave out dismissed findings, the reviewed mark, assigning a unit that would supersede another
 * report (asked first, undone by assigning back), regions checked on import and offered from
 * the reports' own places.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoSet } from '../../src/synth/demo.js';
import { loadDemo } from '../../src/cli/serve.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, storePerTest } from './backends.js';

const shared = join(__dirname, '..', '..', '..', 'shared');

describe.each(BACKENDS)('reviewing on $name', (backend) => {
  let store: Store;
  storePerTest(backend, (s) => (store = s));

  const byAgency = async (agency: string, year: number) => (await store.listReports({ q: agency, year, pageSize: 10 })).items.find((r) => r.agency === agency)!;
  const rulesOf = async (id: number): Promise<string[]> => (await store.getReport(id))!.findings.map((f) => f.rule);

  it('cross-year: every demo 2024 report with a 2023 report of its unit is checked against it (X.carryOver shown)', async () => {
    await loadDemo(store);
    const list = await store.listReports({ pageSize: 100 });
    const pairs = list.items.filter((r) => r.year === 2024 && list.items.some((o) => o.year === 2023 && o.agency === r.agency));
    expect(pairs.length).toBeGreaterThanOrEqual(5);
    for (const r of pairs) expect(await rulesOf(r.id), r.agency!).toContain('X.carryOver');
    // A 2023 report has no 2022 one: no cross-year finding.
    for (const r of list.items.filter((x) => x.year === 2023)) expect(await rulesOf(r.id)).not.toContain('X.carryOver');
  });

  it('cross-year: a previous year that arrives later re-checks the later report', async () => {
    const { files, unitsCsv } = demoSet();
    await store.importUnitFile(new TextEncoder().encode(unitsCsv));
    const later = files.find((f) => f.name.startsWith('2024-青禾县教育局'))!;
    const earlier = files.find((f) => f.name.startsWith('2023-青禾县教育局'))!;
    const r24 = await store.ingestFile({ bytes: later.bytes, fileName: later.name });
    expect(await rulesOf(r24.id!)).not.toContain('X.carryOver');
    await store.ingestFile({ bytes: earlier.bytes, fileName: earlier.name });
    expect(await rulesOf(r24.id!)).toContain('X.carryOver');
    const s = (await store.summary(r24.id!))!;
    const open = (await store.getReport(r24.id!))!.findings.filter((f) => f.severity === 'warning').length;
    expect(s.warnings).toBe(open);
  });

  it('dismissing a report’s warnings takes them out of its counts; the reviewed mark is kept and filterable', async () => {
    await loadDemo(store);
    const r = (await store.listReports({ pageSize: 100 })).items.find((x) => x.warnings > 0 && x.errors === 0)!;
    const warnings = (await store.getReport(r.id))!.findings.filter((f) => f.severity === 'warning');
    for (const f of warnings) await store.setDecision(r.id, f.key, { decision: 'dismissed' });
    expect((await store.summary(r.id))!.warnings).toBe(0);
    await store.setDecision(r.id, warnings[0]!.key, { decision: 'confirmed' });
    expect((await store.summary(r.id))!.warnings).toBe(1);

    const e = (await store.listReports({ status: 'errors', pageSize: 100 })).items[0]!;
    const errs = (await store.getReport(e.id))!.findings.filter((f) => f.severity === 'error');
    for (const f of errs) await store.setDecision(e.id, f.key, { decision: 'dismissed' });
    expect((await store.summary(e.id))!).toMatchObject({ errors: 0, status: 'ok' });

    expect((await store.listReports({ review: 'reviewed' })).total).toBe(0);
    const marked = (await store.setReviewed(r.id, true, '已核对'))!;
    expect(marked.reviewedAt).not.toBeNull();
    expect(marked.reviewNote).toBe('已核对');
    expect((await store.listReports({ review: 'reviewed' })).items.map((x) => x.id)).toEqual([r.id]);
    expect((await store.listReports({ review: 'pending', pageSize: 100 })).items.map((x) => x.id)).not.toContain(r.id);
    expect((await store.setReviewed(r.id, false))!.reviewedAt).toBeNull();
  });

  it('a unit assignment that would supersede another report is named first, and assigning back undoes it', async () => {
    await loadDemo(store);
    const office = await byAgency('青禾县人民政府办公室', 2024);
    const civil = await byAgency('青禾县人民防空办公室', 2024);
    expect(office.unitId).not.toBeNull();
    expect(await store.supersedeConflicts(civil.id, office.unitId)).toEqual([expect.objectContaining({ id: office.id })]);
    expect(await store.supersedeConflicts(civil.id, null)).toEqual([]);
    await store.setReportUnit(civil.id, office.unitId);
    expect((await store.summary(office.id))!.supersededBy).toBe(civil.id);
    // Undo: back to what it was (no unit); the office's own report is current again.
    await store.setReportUnit(civil.id, civil.unitId);
    expect((await store.summary(office.id))!.supersededBy).toBeNull();
    expect((await store.listReports({ year: 2024, pageSize: 100 })).items.map((x) => x.id)).toEqual(expect.arrayContaining([office.id, civil.id]));
  });

  it('a reviewer’s value for a cell is kept beside the reading, with who and when; the record is unchanged; it can be withdrawn', async () => {
    await loadDemo(store);
    const r = (await store.listReports({ year: 2024, pageSize: 1 })).items[0]!;
    const before = (await store.getReport(r.id))!;
    const cell = before.record.cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'total')!;
    const at = { table: 't3' as const, row: 'granted', col: 'total' };
    expect(await store.setCellReview(r.id, { ...at, row: 'nope' }, { value: 1, reviewer: '张三' })).toBeNull();
    const saved = (await store.setCellReview(r.id, at, { value: (cell.value ?? 0) + 1, reviewer: '张三' }))!;
    expect(saved).toMatchObject({ ...at, value: (cell.value ?? 0) + 1, readValue: cell.value, reviewer: '张三' });
    const after = (await store.getReport(r.id))!;
    expect(after.record.cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'total')!.value).toBe(cell.value);
    expect(after.cellReviews).toEqual([expect.objectContaining({ ...at, reviewer: '张三', updatedAt: saved.updatedAt })]);
    expect(await store.deleteCellReview(r.id, at)).toBe(true);
    expect((await store.getReport(r.id))!.cellReviews).toEqual([]);
    expect(await store.deleteCellReview(r.id, at)).toBe(false);
  });

  it('keeps only records that validate strictly: one with a key the schema does not name is refused, nothing stored', async () => {
    const f = demoSet().files[0]!;
    const { parseReport } = await import('../../src/index.js');
    const record = await parseReport(f.bytes, { path: f.name });
    const bad = await store.ingestFile({
      bytes: f.bytes,
      fileName: f.name,
      record: { ...record, cells: [{ ...record.cells[0]!, guess: 1 } as never, ...record.cells.slice(1)] },
    });
    expect(bad).toMatchObject({ outcome: 'rejected', id: null });
    expect((await store.listReports()).total).toBe(0);
    expect((await store.ingestFile({ bytes: f.bytes, fileName: f.name, record })).outcome).toBe('new');
  });

  it('a region on import must be a division (or a region path of its own); regions are offered from the reports too', async () => {
    const res = await store.importUnitFile(
      new TextEncoder().encode('名称,地区\n甲单位,bar\n乙单位,河南省/南阳市/卧龙去\n丙单位,河南省/南阳市/卧龙区\n丁单位,演示省/演示市/青禾县\n'),
    );
    expect(res.added).toBe(2);
    expect(res.rejected.map((r) => r.line)).toEqual([2, 3]);
    expect(res.rejected[0]!.message).toMatch(/第2行：地区「bar」不是行政区划名称/);
    expect((await store.listUnits()).items.map((u) => u.region)).not.toContain('bar');
    const seed = readdirSync(join(shared, 'seeds')).find((f) => readFileSync(join(shared, 'seeds', f), 'utf8').includes('卧龙区人民政府'))!;
    await store.ingestFile({ bytes: readFileSync(join(shared, 'seeds', seed)), fileName: seed });
    const seed2 = readdirSync(join(shared, 'seeds')).find((f) => f.startsWith('003_'))!;
    const r = await store.ingestFile({ bytes: readFileSync(join(shared, 'seeds', seed2)), fileName: seed2 });
    const regions = await store.regions();
    const place = (await store.summary(r.id!))!.region!;
    expect(place).toMatch(/^河南省\//);
    expect(regions).toEqual(
      expect.arrayContaining([expect.objectContaining({ region: place, reports: 1 }), expect.objectContaining({ region: '演示省/演示市/青禾县', reports: 0 })]),
    );
    expect(regions.find((x) => x.region === '河南省')!.reports).toBeGreaterThanOrEqual(2);
  });
});
