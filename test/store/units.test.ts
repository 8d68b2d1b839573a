/**
 * Units in the store, on SQLite and PostgreSQL: import of the list, matching of reports (names,
 * aliases, agency types of the same place), the review queue, a reviewer's choice, coverage.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { coverage as coverageSchema, reviewQueue as reviewSchema, unitImportResult, unitList } from '../../src/server/contract.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS } from './backends.js';
import { bytesOf, genReport, genReportWithError } from '../ingest/gen.js';

const LIST = [
  '名称,地区,层级,上级,别名',
  '涧西区人民政府,河南省/洛阳市/涧西区,县级,,',
  '涧西区人民政府办公室,,部门,涧西区人民政府,区政府办',
  '人民防空办公室,河南省 洛阳市 涧西区,部门,涧西区人民政府,',
  '南京市鼓楼区人民政府,,县级,,',
  '福州市鼓楼区人民政府,,县级,,',
  ',河南省,部门,,',
  '延津县财政局,,部门,延津县人民政府,',
].join('\r\n');

describe.each(BACKENDS)('units on $name', (backend) => {
  let store: Store;
  beforeAll(() => backend.setup());
  afterAll(() => backend.teardown());
  beforeEach(async () => {
    store = await backend.open();
  });
  afterEach(async () => {
    // Unset when open() failed (e.g. no PostgreSQL): the test has failed already.
    await (store as Store | undefined)?.close();
    store = undefined as unknown as Store;
  });

  const ingest = async (seed: number, agency: string, year: number, err = false): Promise<number> => {
    const g = err ? genReportWithError : genReport;
    return (await store.ingestFile({ bytes: bytesOf(g(seed, { agency, year }).text), fileName: `${agency}-${seed}.txt` })).id!;
  };

  it('imports the list, matches reports by name, alias and agency type, and queues the rest', async () => {
    const office = await ingest(1, '洛阳市涧西区人民政府办公室', 2023, true);
    const airDefence = await ingest(2, '区国动办', 2023);
    const gulou = await ingest(3, '鼓楼区人民政府', 2023);
    const stranger = await ingest(4, '某某市无名局', 2023);

    // Before the list: the ambiguous place is queued as such, never placed by a guess.
    const q0 = await store.reviewQueue();
    expect(reviewSchema.parse(q0)).toBeTruthy();
    expect(q0.items.find((i) => i.report.id === gulou)).toMatchObject({ reason: 'ambiguous', report: { region: null } });
    // A decision taken before the report has a unit.
    const key = (await store.getReport(office))!.findings.find((f) => f.rule === 'T3.rowSum')!.key;
    await store.setDecision(office, key, { decision: 'dismissed', comment: '已核实' });

    const res = await store.importUnitFile(bytesOf(LIST));
    expect(unitImportResult.parse(res)).toEqual(res);
    expect(res).toMatchObject({ added: 6, updated: 0 });
    expect(res.rejected.map((r) => r.line)).toEqual([7, 8]);
    expect(res.rejected[0]!.message).toMatch(/第7行没有单位名称/);
    expect(res.rejected[1]!.message).toMatch(/上级单位「延津县人民政府」不在名单中/);

    const units = await store.listUnits({ pageSize: 100 });
    expect(unitList.parse(units)).toBeTruthy();
    const byName = new Map(units.items.map((u) => [u.name, u]));
    const gov = byName.get('涧西区人民政府')!;
    expect(byName.get('涧西区人民政府办公室')).toMatchObject({
      region: '河南省/洛阳市/涧西区',
      regionCode: '410305',
      parentId: gov.id,
      aliases: ['区政府办'],
      level: '部门',
    });
    expect(byName.get('人民防空办公室')).toMatchObject({ region: '河南省/洛阳市/涧西区', parentId: gov.id });
    expect(byName.get('南京市鼓楼区人民政府')!.region).toBe('江苏省/南京市/鼓楼区');
    expect((await store.listUnits({ q: '鼓楼' })).total).toBe(2);
    expect((await store.listUnits({ q: '区政府办' })).items.map((u) => u.name)).toEqual(['涧西区人民政府办公室']);

    expect(await store.matchUnit({ agency: '区国动办' })).toMatchObject({
      status: 'matched',
      unit: { name: '人民防空办公室' },
      region: '河南省/洛阳市/涧西区',
      regionCode: '410305',
    });
    const amb = await store.matchUnit({ agency: '鼓楼区人民政府' });
    expect(amb).toMatchObject({ status: 'ambiguous', unit: null, region: null });
    expect(amb.candidates).toHaveLength(2);

    const s = async (id: number) => (await store.summary(id))!;
    expect(await s(office)).toMatchObject({ unitId: byName.get('涧西区人民政府办公室')!.id, unitName: '涧西区人民政府办公室', region: '河南省/洛阳市/涧西区' });
    expect(await s(airDefence)).toMatchObject({ unitId: byName.get('人民防空办公室')!.id, region: '河南省/洛阳市/涧西区' });
    expect((await s(gulou)).unitId).toBeNull();
    expect((await s(stranger)).unitId).toBeNull();

    // The decision followed the report to its unit.
    expect((await store.getReport(office))!.findings.find((f) => f.key === key)!.decision).toMatchObject({ decision: 'dismissed' });
    // Search finds a report by its unit's alias.
    expect((await store.listReports({ q: '区政府办' })).items.map((i) => i.id)).toEqual([office]);

    const q1 = await store.reviewQueue();
    expect(q1.items.map((i) => i.report.id).sort()).toEqual([gulou, stranger].sort());
    const g = q1.items.find((i) => i.report.id === gulou)!;
    expect(g.reason).toBe('ambiguous');
    expect(g.candidates.map((c) => c.name).sort()).toEqual(['南京市鼓楼区人民政府', '福州市鼓楼区人民政府']);
    expect(q1.items.find((i) => i.report.id === stranger)).toMatchObject({ reason: 'unmatched', candidates: [] });

    // The reviewer chooses; the choice holds through another import of the list.
    const nanjing = byName.get('南京市鼓楼区人民政府')!.id;
    expect(await store.setReportUnit(gulou, nanjing)).toMatchObject({ id: gulou, unitId: nanjing, region: '江苏省/南京市/鼓楼区' });
    expect(await store.setReportUnit(gulou, 999)).toBeNull();
    expect(await store.setReportUnit(999, nanjing)).toBeNull();
    const again = await store.importUnitFile(bytesOf(LIST));
    expect(again).toMatchObject({ added: 0, updated: 6 });
    expect((await s(gulou)).unitId).toBe(nanjing);
    expect((await store.reviewQueue()).items.map((i) => i.report.id)).toEqual([stranger]);
    // Back to automatic matching: ambiguous again.
    expect(await store.setReportUnit(gulou, null)).toMatchObject({ unitId: null, region: null });
  });

  it('a corrected file under another spelling of the same unit supersedes the old one', async () => {
    await store.importUnitFile(bytesOf(LIST));
    const v1 = await ingest(11, '涧西区政府办公室', 2022);
    const v2 = await ingest(12, '洛阳市涧西区人民政府办公室', 2022);
    expect((await store.summary(v1))!.supersededBy).toBe(v2);
    expect((await store.getReport(v2))!.history.map((h) => h.id)).toEqual([v1]);
  });

  it('coverage: units × years → published, with errors, missing', async () => {
    await store.importUnitFile(bytesOf(LIST));
    const office = await ingest(21, '涧西区人民政府办公室', 2023, true);
    const gov22 = await ingest(22, '涧西区人民政府', 2022);
    const nj = await ingest(23, '南京市鼓楼区人民政府', 2023);
    const cov = await store.coverage({ years: [2023, 2022] });
    expect(coverageSchema.parse(cov)).toEqual(cov);
    expect(cov.years).toEqual([2022, 2023]);
    const row = (name: string) => cov.rows.find((r) => r.unit.name === name)!.cells.map((c) => [c.year, c.state, c.reportId]);
    expect(row('涧西区人民政府办公室')).toEqual([
      [2022, 'missing', null],
      [2023, 'errors', office],
    ]);
    expect(row('涧西区人民政府')).toEqual([
      [2022, 'ok', gov22],
      [2023, 'missing', null],
    ]);
    expect(row('南京市鼓楼区人民政府')).toEqual([
      [2022, 'missing', null],
      [2023, 'ok', nj],
    ]);
    expect(cov.rows).toHaveLength(6);
    const js = await store.coverage({ years: [2023], region: '江苏省' });
    expect(js.rows.map((r) => r.unit.name)).toEqual(['南京市鼓楼区人民政府']);
    // Default years: those with reports.
    expect((await store.coverage({})).years).toEqual([2022, 2023]);
  });
});
