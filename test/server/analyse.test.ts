/**
 * Compare and analyse through the HTTP API, on real stored reports: the demo set (DOCX, HTML,
 * text; 青禾县 2023–2024) and generated text reports of two districts whose unit list gives a
 * whole-area report and its children. Every figure the API gives is checked against the stored
 * tables, computed here by hand (not through src/analyse): cells and their changes, indicators,
 * ranks among units with at least 30 requests, sums by scope, the whole-area difference, the
 * workbook's cells. And the user's scope: another region's reviewer gets 404 or nothing.
 */
import ExcelJS from 'exceljs';
import { strFromU8, unzipSync } from 'fflate';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDemo } from '../../src/cli/serve.js';
import { generateValues, type Grid, type ReportValues } from '../../src/synth/values.js';
import type { Report, Table } from '../../src/model/report.js';
import { createApp } from '../../src/server/app.js';
import * as contract from '../../src/server/contract.js';
import { ROUTES } from '../../src/server/routes.js';
import { openStore, type ReportSummary, type Store } from '../../src/store/index.js';
import { bytesOf, renderValues } from '../ingest/gen.js';
import { docTexts, rowOf } from '../render/docx-text.js';

const DEMO = '演示省/演示市/青禾县';
const JX = '河南省/洛阳市/涧西区';
const XG = '河南省/洛阳市/西工区';
const PW = 'analyse-test-pw';

let store: Store;
let app: ReturnType<typeof createApp>['app'];
let close: () => Promise<void>;
const cookies: Record<string, string> = {};
/** Current demo reports by unit name and year. */
const demo = new Map<string, ReportSummary>();
const jx = new Map<string, number>();
let jxParentValues: ReportValues;
let jxChildren: ReportValues[];

const as = (who: string, url: string): Promise<Response> => Promise.resolve(app.request(url, { headers: { cookie: cookies[who]! } }));
const get = async <T>(who: string, url: string, schema: { parse: (x: unknown) => T }): Promise<T> => {
  const res = await as(who, url);
  expect(res.status, `${url}: ${res.status}`).toBe(200);
  return schema.parse(await res.json());
};
const record = async (id: number): Promise<Report> => (await store.getReport(id))!.record;
/** A cell as stored: a number, or null when the table, row or cell is absent (never 0). */
const cell = (t: Table | null | undefined, row: string, col: string): number | null => {
  const x = t?.[row]?.[col];
  return typeof x === 'number' ? x : null;
};
const round = (x: number): number => Math.round(x * 1e6) / 1e6;
const id = (name: string, year: number): number => demo.get(`${name}|${year}`)!.id;

/** Generated values of one district unit (2021 format). */
const values = (seed: number, agency: string, year: number, scale: 'zero' | 'medium'): ReportValues => ({
  ...generateValues(seed, { kind: '2021', scale }),
  agency,
  year,
});
const sum = (vs: ReportValues[], table: 't2' | 't3' | 't4'): Grid => {
  const out: Grid = {};
  for (const v of vs)
    for (const [row, cols] of Object.entries(v.tables[table]))
      for (const [col, x] of Object.entries(cols)) (out[row] ??= {})[col] = round((out[row]?.[col] ?? 0) + x);
  return out;
};
const ingest = async (v: ReportValues, name = `${v.agency}${v.year}.txt`): Promise<number> =>
  (await store.ingestFile({ bytes: bytesOf(renderValues(v)), fileName: name })).id!;

beforeAll(async () => {
  store = await openStore({ file: join(mkdtempSync(join(tmpdir(), 'nianbao-analyse-')), 'db.sqlite') });
  ({ app, close } = createApp({ store, workers: 0 }));
  await loadDemo(store);
  for (const s of (await store.listReports({ pageSize: 200 })).items) if (s.unitName && s.year) demo.set(`${s.unitName}|${s.year}`, s);
  // Two districts: a whole-area report (层级 全区) and its departments (上级 = the district government).
  const unit = (line: number, name: string, region: string, level: string, parent: string | null) => ({ line, name, region, level, parent, aliases: [] });
  const imported = await store.importUnits([
    unit(2, '涧西区人民政府', JX, '全区', null),
    unit(3, '涧西区民政局', JX, '部门', '涧西区人民政府'),
    unit(4, '涧西区教育局', JX, '部门', '涧西区人民政府'),
    unit(5, '涧西区审计局', JX, '部门', '涧西区人民政府'),
    unit(6, '西工区人民政府', XG, '全区', null),
    unit(7, '西工区民政局', XG, '部门', '西工区人民政府'),
    unit(8, '西工区财政局', XG, '部门', '西工区人民政府'),
  ]);
  expect(imported.rejected).toEqual([]);
  jxChildren = [values(301, '涧西区民政局', 2024, 'medium'), values(302, '涧西区教育局', 2024, 'medium'), values(303, '涧西区审计局', 2024, 'zero')];
  for (const v of jxChildren) jx.set(v.agency, await ingest(v));
  // The district's whole-area report: the sum of its three departments, but 行政许可 one more.
  jxParentValues = {
    ...structuredClone(jxChildren[0]!),
    agency: '涧西区人民政府',
    tables: { t2: sum(jxChildren, 't2'), t3: sum(jxChildren, 't3'), t4: sum(jxChildren, 't4') },
  };
  jxParentValues.tables.t2['licensing']!['decisions']! += 1;
  jx.set('涧西区人民政府', await ingest(jxParentValues));
  // 民政局 also reported for 2022 (not 2023): no change across the gap.
  jx.set('涧西区民政局2022', await ingest(values(311, '涧西区民政局', 2022, 'medium')));
  // 西工区: one department of two reported.
  const xgChild = values(321, '西工区民政局', 2024, 'medium');
  await ingest(xgChild);
  await ingest({ ...structuredClone(xgChild), agency: '西工区人民政府' });

  for (const [name, role, scope] of [
    ['admin', 'admin', null],
    ['qinghe', 'reviewer', DEMO],
    ['xinxiang', 'reviewer', '河南省/新乡市'],
    ['edu', 'unit', '青禾县教育局'],
  ] as const) {
    expect(await store.accounts.addUser({ name, role, scope, password: PW })).toMatchObject({ created: true });
    const res = await app.request(ROUTES.login.path(), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name, password: PW }),
    });
    expect(res.status).toBe(200);
    cookies[name] = /nianbao_session=[^;]+/.exec(res.headers.get('set-cookie') ?? '')![0];
  }
}, 240_000);
afterAll(async () => {
  await close?.();
  await store?.close();
});

/** (予以公开 + 部分公开) ÷ 总计 × 100, by hand from a stored table 三. */
const openRate = (t3: Table | null): number | null => {
  const [g, p, t] = [cell(t3, 'granted', 'total'), cell(t3, 'partial', 'total'), cell(t3, 'total', 'total')];
  return g === null || p === null || t === null || t === 0 ? null : ((g + p) / t) * 100;
};
const requests = (t3: Table | null): number | null => {
  const [n, c] = [cell(t3, 'newReceived', 'total'), cell(t3, 'carriedOver', 'total')];
  return n === null || c === null ? null : n + c;
};

describe("a unit's years", () => {
  it('青禾县教育局: every stored cell per year, its change from the year before, indicators with formula ids and cells', async () => {
    const unitId = demo.get('青禾县教育局|2024')!.unitId!;
    const y = await get('admin', ROUTES.unitYears.path(unitId), contract.unitYears);
    expect(y.unit.name).toBe('青禾县教育局');
    expect(y.years).toEqual([2023, 2024]);
    expect(y.reports.map((r) => r.id)).toEqual([id('青禾县教育局', 2023), id('青禾县教育局', 2024)]);
    expect(y.consecutive).toEqual([false, true]);
    const recs = [await record(y.reports[0]!.id), await record(y.reports[1]!.id)];
    // Every number stored in either report is in the series, with its value and change.
    let stored = 0;
    for (const r of recs)
      for (const table of ['t2', 't3', 't4'] as const)
        for (const [row, cols] of Object.entries(r.tables[table] ?? {}))
          for (const [col, x] of Object.entries(cols))
            if (typeof x === 'number') stored += y.cells.some((c) => c.table === table && c.row === row && c.col === col) ? 1 : 0;
    expect(stored).toBeGreaterThan(300);
    let changed = 0;
    for (const c of y.cells) {
      const [a, b] = recs.map((r) => cell(r.tables[c.table], c.row, c.col));
      expect(c.values, `${c.table} ${c.row} ${c.col}`).toEqual([a, b]);
      expect(c.deltas).toEqual([null, a !== null && b !== null ? round(b - a) : null]);
      if (c.deltas[1]) changed++;
    }
    expect(changed).toBeGreaterThan(10);
    // 公开率 [openRate]: by hand, with the cells it was computed from.
    const open = y.indicators.find((i) => i.id === 'openRate')!;
    recs.forEach((r, i) => {
      expect(open.values[i]!.value).toBeCloseTo(openRate(r.tables.t3)!, 9);
      expect(open.values[i]!.cells.map((c) => `${c.row}=${c.value}`).sort()).toEqual(
        ['granted', 'partial', 'total'].map((row) => `${row}=${cell(r.tables.t3, row, 'total')}`).sort(),
      );
    });
    expect(open.changes[1]).toBeCloseTo(openRate(recs[1]!.tables.t3)! - openRate(recs[0]!.tables.t3)!, 5);
    // 新收申请同比 [yoy.newReceived]: 2024 against 2023; 2023 has no previous report here.
    const yoy = y.yearOverYear.find((i) => i.id === 'yoy.newReceived')!;
    const [n0, n1] = recs.map((r) => cell(r.tables.t3, 'newReceived', 'total')!);
    expect(yoy.values[1]!.value).toBeCloseTo(((n1! - n0!) / n0!) * 100, 9);
    expect(yoy.values[1]!.cells.map((c) => c.year).sort()).toEqual([2023, 2024]);
    expect(yoy.values[0]).toMatchObject({ value: null, reason: 'noPrevious' });
    // Every indicator of the dictionary, each with its definition.
    expect(y.definitions.map((d) => d.id)).toEqual(
      expect.arrayContaining(['openRate', 'openRate.concluded', 'reviewCorrectionRate.concluded', 'yoy.requests']),
    );
  });

  it('a year missing in between: no change and no year-over-year (null), never a change over two years', async () => {
    const unitId = (await store.summary(jx.get('涧西区民政局')!))!.unitId!;
    const y = await get('admin', ROUTES.unitYears.path(unitId), contract.unitYears);
    expect(y.years).toEqual([2022, 2024]);
    expect(y.consecutive).toEqual([false, false]);
    expect(y.cells.every((c) => c.deltas.every((d) => d === null))).toBe(true);
    expect(y.indicators.every((i) => i.changes.every((d) => d === null))).toBe(true);
    expect(y.yearOverYear.every((i) => i.values.every((v) => v.value === null && v.reason === 'noPrevious'))).toBe(true);
  });

  it('a cell the report lacks is null, and an indicator needing it is null with the missing cell named (青禾县财政局 2024 lost its 其他 column)', async () => {
    const unitId = demo.get('青禾县财政局|2024')!.unitId!;
    const y = await get('admin', ROUTES.unitYears.path(unitId), contract.unitYears);
    const r = await record(id('青禾县财政局', 2024));
    expect(cell(r.tables.t3, 'newReceived', 'otherOrg')).toBeNull();
    const at = y.years.indexOf(2024);
    const c = y.cells.find((x) => x.table === 't3' && x.row === 'newReceived' && x.col === 'otherOrg')!;
    expect(c.values[at]).toBeNull();
    expect(c.deltas[at]).toBeNull();
    const share = y.indicators.find((i) => i.id === 'applicant.otherOrg')!.values[at]!;
    expect(share).toMatchObject({ value: null, reason: 'absent' });
    expect(share.missing).toContain('t3:newReceived|otherOrg');
  });
});

describe('two reports compared', () => {
  it('the same unit two years: every cell with b − a, indicators of each, year-over-year, the narrative per section', async () => {
    const [a, b] = [id('青禾县教育局', 2023), id('青禾县教育局', 2024)];
    const c = await get('admin', ROUTES.compare.path({ a, b }), contract.comparisonResult);
    expect([c.a.id, c.b.id]).toEqual([a, b]);
    expect(c.consecutive).toBe(true);
    const [ra, rb] = [await record(a), await record(b)];
    expect(c.cells.length).toBeGreaterThan(150);
    for (const x of c.cells) {
      const [va, vb] = [cell(ra.tables[x.table], x.row, x.col), cell(rb.tables[x.table], x.row, x.col)];
      expect([x.a, x.b], x.name).toEqual([va, vb]);
      expect(x.delta).toBe(va !== null && vb !== null ? round(vb - va) : null);
    }
    const open = c.indicators.find((i) => i.id === 'openRate')!;
    expect(open.a.value).toBeCloseTo(openRate(ra.tables.t3)!, 9);
    expect(open.b.value).toBeCloseTo(openRate(rb.tables.t3)!, 9);
    expect(open.delta).toBeCloseTo(openRate(rb.tables.t3)! - openRate(ra.tables.t3)!, 9);
    expect(c.yearOverYear.map((v) => v.id)).toEqual(['yoy.newReceived', 'yoy.requests', 'yoy.review', 'yoy.litigation']);
    expect(c.sections.map((s) => s.key)).toEqual(['s1', 's5', 's6']);
    for (const s of c.sections) {
      if (s.similarity === null) expect(s.reason).toMatch(/\S/);
      else expect(s.similarity).toBeGreaterThanOrEqual(0);
    }
    // The demo's prose is the same stock text both years: section 一 is near-identical, its sentences shared.
    const s1 = c.sections.find((s) => s.key === 's1')!;
    expect(s1.nearIdentical).toBe(true);
    expect(s1.b!.filter((x) => x.shared).length).toBeGreaterThan(3);
  });

  it('without a, the same unit’s previous year; a first year has none (404, saying so)', async () => {
    const c = await get('admin', ROUTES.compare.path({ b: id('青禾县教育局', 2024) }), contract.comparisonResult);
    expect(c.a.id).toBe(id('青禾县教育局', 2023));
    const res = await as('admin', ROUTES.compare.path({ b: id('青禾县教育局', 2023) }));
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: string }).error).toBe('本单位没有2022年度的报告');
    expect((await as('admin', ROUTES.compare.path({ a: 999999, b: id('青禾县教育局', 2023) }))).status).toBe(404);
  });

  it('two units: no year-over-year; a different text is not near-identical; a report with itself is identical', async () => {
    const c = await get('admin', ROUTES.compare.path({ a: id('青禾县教育局', 2024), b: jx.get('涧西区教育局')! }), contract.comparisonResult);
    expect(c.consecutive).toBe(false);
    expect(c.yearOverYear).toEqual([]);
    const s1 = c.sections.find((s) => s.key === 's1')!;
    expect(s1.nearIdentical).toBe(false);
    const self = await get('admin', ROUTES.compare.path({ a: id('青禾县教育局', 2024), b: id('青禾县教育局', 2024) }), contract.comparisonResult);
    expect(self.sections.find((s) => s.key === 's1')!.similarity).toBe(1);
    expect(self.cells.every((x) => x.delta === 0 || (x.a === null && x.delta === null))).toBe(true);
  });
});

describe("a region's year", () => {
  it('青禾县 2024: each unit’s indicators as computed from its stored tables, ranked highest first among units of ≥ 30 requests', async () => {
    const a = await get('admin', ROUTES.analysis.path({ region: DEMO, year: 2024 }), contract.analysis);
    const listed = (await store.listReports({ region: DEMO, year: 2024, pageSize: 200 })).items.filter((s) => s.status !== 'unreadable');
    expect(a.rows.map((r) => r.report.id).sort()).toEqual(listed.map((s) => s.id).sort());
    expect(a.minRequests).toBe(30);
    const at = a.ids.indexOf('openRate');
    const byHand: { id: number; rate: number | null; n: number | null }[] = [];
    for (const r of a.rows) {
      const t3 = (await record(r.report.id)).tables.t3;
      const rate = openRate(t3);
      byHand.push({ id: r.report.id, rate, n: requests(t3) });
      expect(r.requests).toBe(requests(t3));
      expect(r.rankable).toBe(requests(t3)! >= 30);
      if (rate === null) expect(r.values[at]!.value).toBeNull();
      else expect(r.values[at]!.value).toBeCloseTo(rate, 9);
      expect(r.values[at]!.id).toBe('openRate');
    }
    const ranked = byHand.filter((x) => x.n !== null && x.n >= 30 && x.rate !== null).sort((x, y) => y.rate! - x.rate!);
    expect(ranked.length).toBeGreaterThan(3);
    ranked.forEach((x, i) => expect(a.rows.find((r) => r.report.id === x.id)!.ranks['openRate'], String(x.id)).toBe(i + 1));
    // Year over year where the unit reported 2023: 青禾县教育局.
    const edu = a.rows.find((r) => r.report.id === id('青禾县教育局', 2024))!;
    expect(edu.previousId).toBe(id('青禾县教育局', 2023));
    const [n0, n1] = [
      cell((await record(edu.previousId!)).tables.t3, 'newReceived', 'total')!,
      cell((await record(edu.report.id)).tables.t3, 'newReceived', 'total')!,
    ];
    expect(edu.yearOverYear[a.yoyIds.indexOf('yoy.newReceived')]!.value).toBeCloseTo(((n1 - n0) / n0) * 100, 9);
    // The answer carries no cells (a province is thousands of rows); a figure's cells come on demand.
    expect(a.rows.every((r) => [...r.values, ...r.yearOverYear].every((v) => !('cells' in v)))).toBe(true);
    const open = await get('admin', ROUTES.analysisFigure.path({ report: edu.report.id, id: 'openRate' }), contract.indicatorCells);
    expect(open.value).toBe(edu.values[at]!.value);
    const t3 = (await record(edu.report.id)).tables.t3;
    expect(open.cells.map((c) => `${c.row}|${c.col}=${c.value}`).sort()).toEqual(
      ['granted', 'partial', 'total'].map((row) => `${row}|total=${cell(t3, row, 'total')}`).sort(),
    );
    const yoy = await get('admin', ROUTES.analysisFigure.path({ report: edu.report.id, id: 'yoy.newReceived' }), contract.indicatorCells);
    expect(yoy.value).toBe(edu.yearOverYear[a.yoyIds.indexOf('yoy.newReceived')]!.value);
    expect(yoy.cells.map((c) => [c.year, c.value]).sort()).toEqual([
      [2023, n0],
      [2024, n1],
    ]);
    expect((await as('admin', ROUTES.analysisFigure.path({ report: edu.report.id, id: 'noSuchFormula' }))).status).toBe(400);
    expect((await as('admin', ROUTES.analysisFigure.path({ report: 999_999, id: 'openRate' }))).status).toBe(404);
    // Coverage: the units on the list, this year and the one before.
    expect(a.coverage.map((c) => c.year)).toEqual([2023, 2024]);
    const cov = await store.coverage({ years: [2024], region: DEMO });
    expect(a.coverage[1]!.missing.map((m) => m.name).sort()).toEqual(
      cov.rows
        .filter((r) => r.cells[0]!.state === 'missing')
        .map((r) => r.unit.name)
        .sort(),
    );
  });

  it('涧西区 2024: a unit under 30 requests is not ranked, and says why', async () => {
    const a = await get('admin', ROUTES.analysis.path({ region: JX, year: 2024 }), contract.analysis);
    expect(a.rows.map((r) => r.label).sort()).toEqual(['涧西区人民政府', '涧西区审计局', '涧西区教育局', '涧西区民政局'].sort());
    const audit = a.rows.find((r) => r.label === '涧西区审计局')!;
    const n = requests((await record(jx.get('涧西区审计局')!)).tables.t3)!;
    expect(n).toBeLessThan(30);
    expect(audit.rankable).toBe(false);
    expect(audit.reason).toBe(`样本偏小：受理总量${n}件，少于30件，不参与排名`);
    expect(Object.values(audit.ranks).every((x) => x === null)).toBe(true);
    expect(audit.notRanked['openRate']).toMatch(/样本偏小/);
    const others = a.rows.filter((r) => r !== audit);
    expect(others.every((r) => r.rankable)).toBe(true);
    expect(others.map((r) => r.ranks['requests']).sort()).toEqual([1, 2, 3]);
  });

  it('涧西区 roll-up: sums by scope only, and the whole-area report against its listed children names the changed cell and each child’s part', async () => {
    const r = await get('admin', ROUTES.rollup.path({ region: JX, year: 2024 }), contract.rollupResult);
    expect(r.scopes.map((s) => [s.label.replace(/（#\d+）$/, ''), s.scope, s.basis]).sort()).toEqual(
      [
        ['涧西区人民政府', 'whole-area', 'unitList'],
        ['涧西区审计局', 'office', 'unitList'],
        ['涧西区教育局', 'office', 'unitList'],
        ['涧西区民政局', 'office', 'unitList'],
      ].sort(),
    );
    const office = r.groups.find((g) => g.scope === 'office')!;
    expect(office.items).toHaveLength(3);
    // The office group's sum, cell by cell, equals the children's stored tables summed here.
    const kids = await Promise.all(jxChildren.map((v) => record(jx.get(v.agency)!)));
    let checked = 0;
    for (const c of office.cells) {
      const parts = kids.map((k) => cell(k.tables[c.table], c.row, c.col));
      expect(c.value, c.name).toBe(parts.some((p) => p === null) ? null : round(parts.reduce((s: number, p) => s + p!, 0)));
      checked++;
    }
    expect(checked).toBeGreaterThan(150);
    expect(r.groups.find((g) => g.scope === 'whole-area')!.items.map((x) => x.id)).toEqual([jx.get('涧西区人民政府')]);
    // The whole-area check: children from the unit list, complete, one cell one more than their sum.
    expect(r.wholeArea).toHaveLength(1);
    const w = r.wholeArea[0]!;
    expect(w).toMatchObject({ childrenFrom: 'unitList', missing: [], status: 'different' });
    expect(w.children.map((c) => c.id).sort()).toEqual(jxChildren.map((v) => jx.get(v.agency)!).sort());
    expect(w.differences.map((d) => [d.table, d.row, d.col, d.difference])).toEqual([['t2', 'licensing', 'decisions', 1]]);
    const d = w.differences[0]!;
    const licensing = kids.map((k) => cell(k.tables.t2, 'licensing', 'decisions')!);
    expect(d.children).toBe(licensing.reduce((s, x) => s + x, 0));
    expect(d.parent).toBe(d.children + 1);
    expect(d.parts.map((p) => p.value).sort()).toEqual(licensing.filter((x) => x !== 0).sort());
    expect([w.differenceCount, d.partCount]).toEqual([1, licensing.filter((x) => x !== 0).length]);
    // The same check on its own (every difference, every part), and one summed cell's every part.
    const full = await get('admin', ROUTES.rollupCheck.path({ region: JX, year: 2024, parent: w.parent.id }), contract.wholeAreaCheck);
    expect(full).toEqual(w);
    expect((await as('admin', ROUTES.rollupCheck.path({ region: JX, year: 2024, parent: kids.length ? office.items[0]!.id : 0 }))).status).toBe(404);
    const granted = office.cells.find((c) => c.table === 't3' && c.row === 'granted' && c.col === 'total')!;
    const one = await get(
      'admin',
      ROUTES.rollupCell.path({ region: JX, year: 2024, scope: 'office', table: 't3', row: 'granted', col: 'total' }),
      contract.rollupCell,
    );
    const byHand = kids.map((k) => cell(k.tables.t3, 'granted', 'total')!).filter((x) => x !== 0);
    expect(one).toMatchObject({ name: granted.name, value: granted.value, missing: [] });
    expect(one.parts.map((p) => p.value)).toEqual([...byHand].sort((x, y) => y - x));
    expect(one.parts.map((p) => p.id).sort()).toEqual(
      office.items
        .map((x) => x.id)
        .filter((i) => one.parts.some((p) => p.id === i))
        .sort(),
    );
    expect([granted.partCount, granted.missingCount]).toEqual([byHand.length, 0]);
    expect(granted.parts).toEqual(one.parts.slice(0, contract.PARTS_SHOWN));
    const bad = (q: Record<string, string>) => as('admin', `/api/analysis/rollup/cell?${new URLSearchParams({ region: JX, year: '2024', ...q })}`);
    expect((await bad({ scope: 'office', table: 't9', row: 'granted', col: 'total' })).status).toBe(400);
    expect((await bad({ scope: 'nowhere', table: 't3', row: 'granted', col: 'total' })).status).toBe(400);
    expect((await bad({ scope: 'office', table: 't3', row: 'noSuchRow', col: 'total' })).status).toBe(404);
  });

  it('西工区: a listed child without a report makes the check uncertain, naming it', async () => {
    const r = await get('admin', ROUTES.rollup.path({ region: XG, year: 2024 }), contract.rollupResult);
    expect(r.wholeArea).toHaveLength(1);
    expect(r.wholeArea[0]).toMatchObject({ status: 'uncertain', missing: ['西工区财政局'], childrenFrom: 'unitList' });
    expect(r.wholeArea[0]!.message).toContain('西工区财政局');
  });

  it('asks for a year', async () => {
    expect((await as('admin', '/api/analysis')).status).toBe(400);
    expect((await as('admin', ROUTES.comparisonXlsx.path({}))).status).toBe(400);
  });
});

/** A workbook sheet as rows of values (1-based columns dropped to 0-based). */
const sheetRows = (ws: ExcelJS.Worksheet): unknown[][] => {
  const out: unknown[][] = [];
  for (let i = 1; i <= ws.rowCount; i++) {
    const row = ws.getRow(i);
    out.push(Array.from({ length: ws.columnCount }, (_, j) => row.getCell(j + 1).value ?? null));
  }
  return out;
};
let lastBytes = new Uint8Array();
const workbook = async (who: string, url: string): Promise<ExcelJS.Workbook> => {
  const res = await as(who, url);
  expect(res.status, url).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/spreadsheetml/);
  lastBytes = new Uint8Array(await res.arrayBuffer());
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(lastBytes.buffer as ArrayBuffer);
  return wb;
};
/** The notes (comments) of the n-th sheet of an XLSX, by cell (F3 → text): exceljs writes them but does not read them back. */
function notesOf(bytes: Uint8Array, n: number): Map<string, string> {
  const files = unzipSync(bytes);
  const text = (name: string): string => strFromU8(files[name] ?? new Uint8Array());
  const rel = /Target="\.\.\/(comments\d+\.xml)"/.exec(text(`xl/worksheets/_rels/sheet${n}.xml.rels`))?.[1];
  const out = new Map<string, string>();
  if (!rel) return out;
  for (const m of text(`xl/${rel}`).matchAll(/<comment ref="([A-Z]+\d+)"[^>]*>([\s\S]*?)<\/comment>/g))
    out.set(m[1]!, [...m[2]!.matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((t) => t[1]).join(''));
  return out;
}
const colName = (c: number): string => (c > 26 ? colName(Math.floor((c - 1) / 26)) : '') + String.fromCharCode(65 + ((c - 1) % 26));

describe('the summary DOCX', () => {
  const docx = async (who: string, url: string) => {
    const res = await as(who, url);
    expect(res.status, url).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/wordprocessingml/);
    expect(res.headers.get('content-disposition')).toMatch(/\.docx/);
    return docTexts(new Uint8Array(await res.arrayBuffer()));
  };
  const t3 = (r: Report, row: string): number | null => cell(r.tables.t3, row, 'total');

  it('涧西区 2024: the key figures are the stored tables summed per scope (unit list 层级), each unit its own cells, charts as PNG', async () => {
    const { xml, texts, media } = await docx('admin', ROUTES.summaryDocx.path({ region: JX, year: 2024 }));
    expect(texts.join('')).toContain(`${JX} 2024年度政府信息公开工作年度报告汇总`);
    expect(texts.join('')).toContain('本机关3份、全域1份');
    const kids = await Promise.all(jxChildren.map((v) => record(jx.get(v.agency)!)));
    const parent = await record(jx.get('涧西区人民政府')!);
    const total = (rs: Report[], row: string) => String(rs.reduce((s, r) => s + t3(r, row)!, 0));
    expect(rowOf(xml, '项目')!.slice(0, 2)).toEqual(['项目', '本机关合计（3份）']);
    expect(rowOf(xml, '本年新收申请')!.slice(1, 2)).toEqual([total(kids, 'newReceived')]);
    expect(rowOf(xml, '予以公开')!.slice(1, 2)).toEqual([total(kids, 'granted')]);
    expect(rowOf(xml, '本年新收申请')!.at(-1)).toBe(String(t3(parent, 'newReceived')));
    const review = (r: Report) => cell(r.tables.t4, 'review', 'total')!;
    expect(rowOf(xml, '行政复议')!.slice(1, 2)).toEqual([String(kids.reduce((s, r) => s + review(r), 0))]);
    for (const [i, v] of jxChildren.entries()) {
      const row = rowOf(xml, v.agency)!;
      expect(row.slice(0, 5)).toEqual([
        v.agency,
        '本机关',
        String(t3(kids[i]!, 'newReceived')),
        String(t3(kids[i]!, 'carriedOver')),
        String(t3(kids[i]!, 'granted')),
      ]);
    }
    const pngs = Object.values(media);
    expect(pngs.length).toBeGreaterThanOrEqual(2);
    for (const png of pngs) expect([...png.slice(0, 4)]).toEqual([0x89, 0x50, 0x4e, 0x47]);
  });

  it('青禾县 2024 (demo): who has not reported, and the chosen reports only with ids', async () => {
    const { texts } = await docx('admin', ROUTES.summaryDocx.path({ region: DEMO, year: 2024 }));
    expect(texts.join('')).toMatch(/名单中\d+个单位，已报送\d+个/);
    const ids = [id('青禾县财政局', 2024), id('青禾县人民政府办公室', 2024)];
    const chosen = await docx('admin', ROUTES.summaryDocx.path({ ids }));
    expect(chosen.texts.join('')).toContain('所选 2 份报告政府信息公开工作年度报告汇总');
    expect(rowOf(chosen.xml, '青禾县财政局')).not.toBeNull();
    expect(rowOf(chosen.xml, '青禾县教育局')).toBeNull();
    expect((await as('admin', ROUTES.summaryDocx.path({}))).status).toBe(400);
  });
});

describe('the comparison workbook', () => {
  it('青禾县 2024: one row per unit on every sheet; each table cell as stored (blank when absent, never 0); indicators, ranks, year-over-year by hand', async () => {
    const wb = await workbook('admin', ROUTES.comparisonXlsx.path({ region: DEMO, year: 2024 }));
    expect(wb.worksheets.map((w) => w.name)).toEqual(['说明', '表二', '表三', '表四', '指标', '排名', '同比', '公式']);
    const listed = (await store.listReports({ region: DEMO, year: 2024, pageSize: 200 })).items.filter((s) => s.status !== 'unreadable');
    let numbers = 0;
    let blanks = 0;
    for (const [sheet, table] of [
      ['表二', 't2'],
      ['表三', 't3'],
      ['表四', 't4'],
    ] as const) {
      const rows = sheetRows(wb.getWorksheet(sheet)!);
      const keys = rows[1]!.map(String);
      expect(
        rows
          .slice(2)
          .map((r) => r[3])
          .sort(),
      ).toEqual(listed.map((s) => s.id).sort());
      for (const r of rows.slice(2)) {
        const rec = await record(Number(r[3]));
        keys.forEach((k, j) => {
          const m = /^t[234]:([^|]+)\|(.+)$/.exec(k);
          if (!m) return;
          expect(k.startsWith(`${table}:`)).toBe(true);
          const want = cell(rec.tables[table], m[1]!, m[2]!);
          expect(r[j], `${r[0]} ${k}`).toBe(want);
          if (want === null) blanks++;
          else numbers++;
        });
      }
    }
    expect(numbers).toBeGreaterThan(listed.length * 150);
    expect(blanks).toBeGreaterThan(0); // 青禾县财政局 lost its 其他 column: blank, not 0
    const ind = sheetRows(wb.getWorksheet('指标')!);
    const col = ind[1]!.indexOf('openRate');
    for (const r of ind.slice(2)) {
      const rate = openRate((await record(Number(r[3]))).tables.t3);
      if (rate === null) expect(r[col]).toBeNull();
      else expect(r[col] as number).toBeCloseTo(rate, 9);
    }
    // Ranks: as computed here from the same cells.
    const rank = sheetRows(wb.getWorksheet('排名')!);
    const rc = rank[1]!.indexOf('openRate');
    const rates = await Promise.all(rank.slice(2).map(async (r) => ({ id: Number(r[3]), t3: (await record(Number(r[3]))).tables.t3 })));
    const order = rates
      .filter((x) => requests(x.t3)! >= 30 && openRate(x.t3) !== null)
      .sort((x, y) => openRate(y.t3)! - openRate(x.t3)!)
      .map((x) => x.id);
    for (const r of rank.slice(2)) expect(r[rc], String(r[3])).toBe(order.indexOf(Number(r[3])) + 1);
    // 同比: 青禾县教育局 against its 2023 report.
    const yoy = sheetRows(wb.getWorksheet('同比')!);
    const edu = yoy.find((r) => r[3] === id('青禾县教育局', 2024))!;
    expect(edu[4]).toBe(id('青禾县教育局', 2023));
    const [n0, n1] = [
      cell((await record(id('青禾县教育局', 2023))).tables.t3, 'newReceived', 'total')!,
      cell((await record(id('青禾县教育局', 2024))).tables.t3, 'newReceived', 'total')!,
    ];
    expect(edu[yoy[1]!.indexOf('yoy.newReceived')] as number).toBeCloseTo(((n1 - n0) / n0) * 100, 9);
    // A unit with no 2023 report: blank, with the reason as a note.
    const first = yoy.find((r) => r[3] === id('白鹭乡人民政府', 2024))!;
    expect(first[yoy[1]!.indexOf('yoy.newReceived')]).toBeNull();
    const notes = notesOf(lastBytes, wb.worksheets.indexOf(wb.getWorksheet('同比')!) + 1);
    expect(notes.get(`${colName(yoy[1]!.indexOf('yoy.newReceived') + 1)}${yoy.indexOf(first) + 1}`)).toBe('没有本单位上一年度的报告');
    // 青禾县财政局's 其他 share cannot be computed: blank, the missing cell in the note.
    const fin = ind.find((r) => r[3] === id('青禾县财政局', 2024))!;
    const oc = ind[1]!.indexOf('applicant.otherOrg');
    expect(fin[oc]).toBeNull();
    const indNotes = notesOf(lastBytes, wb.worksheets.indexOf(wb.getWorksheet('指标')!) + 1);
    expect(indNotes.get(`${colName(oc + 1)}${ind.indexOf(fin) + 1}`)).toContain('t3:newReceived|otherOrg');
    // The formula sheet lists every formula id.
    const formulas = sheetRows(wb.getWorksheet('公式')!).map((r) => r[0]);
    expect(formulas).toEqual(expect.arrayContaining(['openRate', 'openRate.concluded', 'disputeRate', 'yoy.litigation']));
  });

  it('chosen reports (ids): those rows only, in the order given', async () => {
    const ids = [jx.get('涧西区教育局')!, id('青禾县教育局', 2023)];
    const wb = await workbook('admin', ROUTES.comparisonXlsx.path({ ids }));
    expect(
      sheetRows(wb.getWorksheet('表三')!)
        .slice(2)
        .map((r) => r[3]),
    ).toEqual(ids);
  });
});

describe("the user's scope", () => {
  it('a reviewer of another region: 404 for a unit, a comparison or a workbook of reports outside it; nothing in a region outside it', async () => {
    const unitId = demo.get('青禾县教育局|2024')!.unitId!;
    const [a, b] = [id('青禾县教育局', 2023), id('青禾县教育局', 2024)];
    expect((await as('xinxiang', ROUTES.unitYears.path(unitId))).status).toBe(404);
    expect((await as('xinxiang', ROUTES.compare.path({ a, b }))).status).toBe(404);
    expect((await as('xinxiang', ROUTES.compare.path({ b }))).status).toBe(404);
    expect((await as('xinxiang', ROUTES.comparisonXlsx.path({ ids: [a] }))).status).toBe(404);
    const an = await get('xinxiang', ROUTES.analysis.path({ region: DEMO, year: 2024 }), contract.analysis);
    expect(an.rows).toEqual([]);
    expect(an.coverage).toEqual([]);
    const all = await get('xinxiang', ROUTES.analysis.path({ year: 2024 }), contract.analysis);
    expect(all.rows).toEqual([]);
    const ro = await get('xinxiang', ROUTES.rollup.path({ region: DEMO, year: 2024 }), contract.rollupResult);
    expect([ro.scopes, ro.groups, ro.wholeArea]).toEqual([[], [], []]);
    const wb = await workbook('xinxiang', ROUTES.comparisonXlsx.path({ year: 2024 }));
    expect(wb.getWorksheet('表三')!.rowCount).toBe(2);
  });

  it('a reviewer of 青禾县: its units and reports only, whatever region is asked', async () => {
    const an = await get('qinghe', ROUTES.analysis.path({ year: 2024 }), contract.analysis);
    expect(an.region).toBe(DEMO);
    expect(an.rows.length).toBeGreaterThan(5);
    expect(an.rows.every((r) => r.report.region === DEMO)).toBe(true);
    const wider = await get('qinghe', ROUTES.analysis.path({ region: '演示省', year: 2024 }), contract.analysis);
    expect(wider.rows.map((r) => r.report.id)).toEqual(an.rows.map((r) => r.report.id));
    const jxUnit = (await store.summary(jx.get('涧西区民政局')!))!.unitId!;
    expect((await as('qinghe', ROUTES.unitYears.path(jxUnit))).status).toBe(404);
    expect((await as('qinghe', ROUTES.compare.path({ a: id('青禾县教育局', 2024), b: jx.get('涧西区民政局')! }))).status).toBe(404);
    expect((await as('qinghe', ROUTES.unitYears.path(demo.get('青禾县教育局|2024')!.unitId!))).status).toBe(200);
  });

  it('a unit (青禾县教育局): its own years and reports, nothing else', async () => {
    const own = demo.get('青禾县教育局|2024')!.unitId!;
    expect((await as('edu', ROUTES.unitYears.path(own))).status).toBe(200);
    expect((await as('edu', ROUTES.unitYears.path(demo.get('青禾县财政局|2024')!.unitId!))).status).toBe(404);
    expect((await as('edu', ROUTES.compare.path({ b: id('青禾县教育局', 2024) }))).status).toBe(200);
    expect((await as('edu', ROUTES.compare.path({ a: id('青禾县财政局', 2024), b: id('青禾县教育局', 2024) }))).status).toBe(404);
    const an = await get('edu', ROUTES.analysis.path({ region: DEMO, year: 2024 }), contract.analysis);
    expect(an.rows.map((r) => r.report.id)).toEqual([id('青禾县教育局', 2024)]);
  });
});
