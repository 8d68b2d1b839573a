import { describe, expect, it } from 'vitest';
import { checkWholeArea, rollup, selectChildren, sumTables, type RollupItem } from '../../src/analyse/rollup.js';
import type { Scope } from '../../src/analyse/scope.js';
import { renderReport } from '../../src/synth/render-text.js';
import { generateValues, type Grid, type ReportValues } from '../../src/synth/values.js';
import { parseTextReport } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';
import { record, t3Of } from './helpers.js';

const AGENCIES = ['涧西区民政局', '涧西区教育局', '涧西区审计局', '涧西区财政局', '涧西区卫生健康委员会', '涧西区应急管理局'];

/** Generated units of one year (2021 format, non-trivial figures). */
const units = (year = 2024): ReportValues[] =>
  AGENCIES.map((agency, i) => ({ ...generateValues(300 + i, { kind: '2021', scale: i % 2 ? 'medium' : 'large' }), agency, year }));

/** The tables summed by hand, cell by cell, straight from the generator's values. */
function handSum(vs: ReportValues[], table: 't2' | 't3' | 't4'): Grid {
  const out: Grid = {};
  for (const v of vs)
    for (const [row, cols] of Object.entries(v.tables[table]))
      for (const [col, x] of Object.entries(cols)) {
        out[row] ??= {};
        out[row]![col] = (out[row]![col] ?? 0) + x;
      }
  return out;
}

const item = (id: string, report: Pick<Report, 'tables' | 'year' | 'layout'>, scope: Scope | null, place: string | null = null): RollupItem => ({
  id,
  label: id,
  report,
  scope,
  place,
});

const fromValues = (v: ReportValues): Report => {
  const r = record({ agency: v.agency, year: v.year });
  r.tables = structuredClone(v.tables);
  return r;
};

describe('roll-up of generated units', () => {
  it('equals the sum of their tables (rendered as text, parsed back, summed)', () => {
    const vs = units();
    const items = vs.map((v, i) => {
      const r = parseTextReport(renderReport(v, { family: 'tsv', seed: 40 + i, noise: false }), { path: v.agency });
      return item(v.agency, r, 'office');
    });
    const { groups, left } = rollup(items);
    expect(left).toEqual([]);
    expect(groups).toHaveLength(1);
    expect(groups[0]).toMatchObject({ year: 2024, scope: 'office' });
    for (const table of ['t2', 't3', 't4'] as const) {
      const expected = handSum(vs, table);
      const got = groups[0]!.sum.tables[table]!;
      for (const [row, cols] of Object.entries(expected))
        for (const [col, x] of Object.entries(cols)) expect(got[row]?.[col], `${table} ${row} ${col}`).toBeCloseTo(x, 6);
      // and nothing more
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
    }
    // provenance: each summed cell lists the reports' values
    const c = groups[0]!.sum.cells.find((x) => x.table === 't3' && x.row === 'newReceived' && x.col === 'total')!;
    expect(c.parts.reduce((s, p) => s + p.value, 0)).toBe(c.value);
  });

  it('never adds two scopes together; reports without a scope or a year are left out, with the reason', () => {
    const [a, b, c, d] = units().map(fromValues);
    const noYear = fromValues(units()[4]!);
    noYear.year = null;
    const { groups, left } = rollup([
      item('a', a!, 'office'),
      item('b', b!, 'whole-area'),
      item('c', c!, 'office'),
      item('d', d!, null),
      item('e', noYear, 'office'),
    ]);
    expect(groups.map((g) => [g.scope, g.items.map((x) => x.id)])).toEqual([
      ['whole-area', ['b']],
      ['office', ['a', 'c']],
    ]);
    expect(left.map((l) => [l.id, l.reason])).toEqual([
      ['d', expect.stringContaining('统计范围未判明')],
      ['e', '年度未知，未合计'],
    ]);
  });

  it('a cell absent in one report makes the sum null, naming that report (never summed as 0)', () => {
    const a = record({ t3: t3Of({ newReceived: [5, 0, 0, 0, 0, 0] }) });
    const b = record({ t3: t3Of({ newReceived: [7, 0, 0, 0, 0, 0] }) });
    b.tables.t3!['newReceived']!['otherOrg'] = null;
    const s = sumTables([item('甲', a, 'office'), item('乙', b, 'office')]);
    expect(s.tables.t3!['newReceived']!['naturalPerson']).toBe(12);
    expect(s.tables.t3!['newReceived']!['otherOrg']).toBeNull();
    expect(s.cells.find((c) => c.row === 'newReceived' && c.col === 'otherOrg')!.missing).toEqual(['乙']);
  });

  it('sums （六）其他处理 as one row when 2019- and 2021-format tables are mixed', () => {
    const a = record({ t3: t3Of({ 'other.overdueCorrection': [2, 0, 0, 0, 0, 0], 'other.other': [1, 0, 0, 0, 0, 0] }) });
    const b = record({ t3: t3Of({ 'other.subtotal': [4, 0, 0, 0, 0, 0] }, 'single-other'), shape: 'single-other' });
    const s = sumTables([item('a', a, 'office'), item('b', b, 'office')]);
    expect(s.tables.t3!['other.subtotal']!['total']).toBe(7);
    expect(s.tables.t3!['other.other']!['total']).toBeNull();
  });
});

describe('a whole-area report against its children', () => {
  const vs = units();
  const children = vs.map((v) => item(v.agency, fromValues(v), 'office', '河南省/洛阳市/涧西区'));
  const parentReport = record({ agency: '涧西区人民政府', year: 2024 });
  parentReport.tables = { t2: handSum(vs, 't2'), t3: handSum(vs, 't3'), t4: handSum(vs, 't4') };
  const parent = item('涧西区人民政府', parentReport, 'whole-area', '河南省/洛阳市/涧西区');

  it('agrees cell by cell when it is the sum of its children', () => {
    const w = checkWholeArea(parent, children, { missing: [] });
    expect(w.status).toBe('consistent');
    expect(w.differences).toEqual([]);
    expect(w.finding).toBeNull();
  });

  it('one child changed by 1: shows that cell, the difference and that child', () => {
    const changed = children.map((c) => ({ ...c, report: { ...c.report, tables: structuredClone(c.report.tables) } }));
    const granted = changed[2]!.report.tables.t3!['granted']!;
    granted['naturalPerson'] = granted['naturalPerson']! + 1;
    const w = checkWholeArea(parent, changed, { missing: [] });
    expect(w.status).toBe('different');
    expect(w.differences).toHaveLength(1);
    const d = w.differences[0]!;
    expect(d).toMatchObject({ table: 't3', row: 'granted', col: 'naturalPerson', difference: -1, suspects: ['涧西区审计局'] });
    expect(d.name).toBe('表三「（一）予以公开」行「自然人」列');
    expect(d.children).toBe(d.parent + 1);
    expect(d.parts.map((p) => p.label)).toContain('涧西区审计局');
    expect(w.finding).toMatchObject({ rule: 'X.rollup', severity: 'warning', table: 't3', row: 'granted', col: 'naturalPerson' });
    expect(w.finding!.note).toContain('该格关系不成立的下级：涧西区审计局');
  });

  it('a child missing: the difference is uncertain, not an error, and the child is named', () => {
    const w = checkWholeArea(parent, children.slice(0, 5), { missing: ['涧西区应急管理局'] });
    expect(w.status).toBe('uncertain');
    expect(w.differences.length).toBeGreaterThan(0);
    expect(w.missing).toEqual(['涧西区应急管理局']);
    expect(w.message).toContain('缺少1个下级单位的报告（涧西区应急管理局）');
    expect(w.message).toContain('不能判定为错误');
    expect(w.finding!.severity).toBe('info');
  });

  it('an unknown list of children: a difference is uncertain too', () => {
    expect(checkWholeArea(parent, children.slice(1), {}).status).toBe('uncertain');
    // …while full agreement is agreement
    expect(checkWholeArea(parent, children, {}).status).toBe('consistent');
  });

  it('a report that is not whole-area is not checked', () => {
    const w = checkWholeArea({ ...parent, scope: 'office' }, children, { missing: [] });
    expect(w.status).toBe('notApplicable');
    expect(w.message).toContain('不是全域报告');
  });
});

describe('children of a whole-area report', () => {
  const r = record({});
  const x = (id: string, scope: Scope | null, place: string | null, year = 2024): RollupItem => ({ id, label: id, report: { ...r, year }, scope, place });

  it('takes the reports inside the area once: never a district report and its departments together', () => {
    const parent = x('洛阳市人民政府', 'whole-area', '河南省/洛阳市');
    const sel = selectChildren(parent, [
      parent,
      x('涧西区人民政府', 'whole-area', '河南省/洛阳市/涧西区'),
      x('涧西区民政局', 'office', '河南省/洛阳市/涧西区'),
      x('洛阳市教育局', 'office', '河南省/洛阳市'),
      x('洛阳市人民政府本级', 'level-only', '河南省/洛阳市'),
      x('郑州市教育局', 'office', '河南省/郑州市'),
      x('洛阳市审计局', 'office', '河南省/洛阳市', 2023),
      x('某局', 'office', null),
      x('洛阳市人民政府（另一版本）', 'whole-area', '河南省/洛阳市'),
      x('涧西区人民政府（重复）', 'whole-area', '河南省/洛阳市/涧西区'),
      x('涧西区人民政府本级', 'level-only', '河南省/洛阳市/涧西区'),
    ]);
    expect(sel.children.map((c) => c.id)).toEqual(['涧西区人民政府', '洛阳市人民政府本级']);
    const why = Object.fromEntries(sel.excluded.map((e) => [e.id, e.reason]));
    expect(why['涧西区民政局']).toBe('已计入「涧西区人民政府」的全域数字');
    expect(why['洛阳市教育局']).toBe('已计入「洛阳市人民政府本级」的本级数字');
    expect(why['郑州市教育局']).toContain('不在河南省/洛阳市范围内');
    expect(why['洛阳市审计局']).toContain('年度不同');
    expect(why['某局']).toBe('地区未能确定');
    expect(why['洛阳市人民政府（另一版本）']).toContain('同为该地区的全域报告');
    expect(why['涧西区人民政府（重复）']).toBe('与「涧西区人民政府」范围相同，重复，未计入');
    expect(why['涧西区人民政府本级']).toBe('已计入「涧西区人民政府」的全域数字');
  });
});
