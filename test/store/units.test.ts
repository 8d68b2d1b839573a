/**
 * Units in the store, on SQLite and PostgreSQL: import of the list, matching of reports (names,
 * aliases, agency types of the same place), the review queue, a reviewer's choice, coverage.
 */
import { describe, expect, it } from 'vitest';
import { coverage as coverageSchema, reviewQueue as reviewSchema, unitImportResult, unitList } from '../../src/server/contract.js';
import type { Store } from '../../src/store/index.js';
import { BACKENDS, storePerTest } from './backends.js';
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
  storePerTest(backend, (s) => (store = s));

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
    expect(res.rejected[0]!.message).toMatch(/第7行：单位名称不能为空/);
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

  it('a unit is edited (checked as on import) and deleted; its reports are matched again, nothing else lost', async () => {
    await store.importUnitFile(bytesOf(LIST));
    const byName = new Map((await store.listUnits()).items.map((u) => [u.name, u]));
    const office = byName.get('涧西区人民政府办公室')!;
    const gov = byName.get('涧西区人民政府')!;
    const report = await ingest(31, '涧西区人民政府办公室', 2023);
    expect((await store.summary(report))!.unitId).toBe(office.id);

    // Refused, nothing changed: not a real region, not a Chinese name, a loop, a name already listed, no such unit.
    expect(await store.updateUnit(office.id, { region: 'bar' })).toMatchObject({ status: 400, error: expect.stringMatching(/不是行政区划名称/) });
    expect(await store.updateUnit(office.id, { name: 'office' })).toMatchObject({ status: 400, error: expect.stringMatching(/不是中文机关名称/) });
    expect(await store.updateUnit(gov.id, { parentId: office.id })).toMatchObject({ status: 400, error: expect.stringMatching(/下级/) });
    expect(await store.updateUnit(office.id, { parentId: office.id })).toMatchObject({ status: 400 });
    expect(await store.updateUnit(office.id, { name: '涧西区人民政府' })).toMatchObject({ status: 409, error: expect.stringMatching(/已有/) });
    expect(await store.updateUnit(9999, { name: '某单位' })).toMatchObject({ status: 404 });
    expect(await store.getUnit(office.id)).toEqual(office);

    // An alias added: a report under that name now finds the unit.
    const short = await ingest(32, '涧西区综合办公室', 2022);
    expect((await store.summary(short))!.unitId).toBeNull();
    const edited = await store.updateUnit(office.id, { aliases: ['区政府办', '涧西区综合办公室'], level: '部门' });
    expect(edited).toMatchObject({ unit: { id: office.id, aliases: ['区政府办', '涧西区综合办公室'], region: '河南省/洛阳市/涧西区' } });
    expect((await store.summary(short))!.unitId).toBe(office.id);
    // Renamed with the old name kept as an alias: the reports stay with it and show the new name.
    const renamed = await store.updateUnit(office.id, { name: '涧西区人民政府办公室（政务公开办）', aliases: ['涧西区综合办公室', '涧西区人民政府办公室'] });
    expect(renamed).toMatchObject({ unit: { name: '涧西区人民政府办公室（政务公开办）', region: '河南省/洛阳市/涧西区', level: '部门' } });
    expect((await store.summary(report))!).toMatchObject({ unitId: office.id, unitName: '涧西区人民政府办公室（政务公开办）' });
    // Moved to another district: a report that names 涧西区 no longer belongs to it.
    expect(await store.updateUnit(office.id, { region: '河南省/洛阳市/西工区' })).toMatchObject({ unit: { regionCode: '410303' } });
    expect((await store.summary(report))!.unitId).toBeNull();
    expect(await store.updateUnit(office.id, { region: '河南省/洛阳市/涧西区' })).toMatchObject({ unit: { regionCode: '410305' } });
    expect((await store.summary(report))!.unitId).toBe(office.id);

    // Deleted: the children lose their parent, the reports stay and are matched again (here to nothing).
    const air = byName.get('人民防空办公室')!;
    expect(air.parentId).toBe(gov.id);
    expect(await store.setReportUnit(report, office.id)).toMatchObject({ unitId: office.id });
    expect(await store.deleteUnit(gov.id)).toMatchObject({ rematched: expect.any(Number) });
    expect((await store.getUnit(air.id))!.parentId).toBeNull();
    expect(await store.deleteUnit(office.id)).not.toBeNull();
    expect(await store.getUnit(office.id)).toBeNull();
    expect(await store.deleteUnit(office.id)).toBeNull();
    expect((await store.summary(report))!).toMatchObject({ id: report, unitId: null });
    expect((await store.reviewQueue()).items.map((i) => i.report.id)).toContain(report);
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
    // Default years: those with reports, all of them (not the last ten only).
    expect((await store.coverage({})).years).toEqual([2022, 2023]);
    for (let y = 2010; y <= 2021; y++) await ingest(100 + y, '涧西区人民政府', y);
    const all = await store.coverage({});
    expect(all.years).toEqual(Array.from({ length: 14 }, (_, i) => 2010 + i));
    expect(
      all.rows
        .find((r) => r.unit.name === '涧西区人民政府')!
        .cells.filter((c) => c.state !== 'missing')
        .map((c) => c.year),
    ).toEqual([2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022]);
  });
});
