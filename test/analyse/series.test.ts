/**
 * A unit's years (yearSeries), peers of one year (peerTable) and two narratives section by
 * section (compareSections), on hand-built records whose figures are known.
 */
import { describe, expect, it } from 'vitest';
import { peerTable } from '../../src/analyse/peers.js';
import { compareSections, sentences } from '../../src/analyse/sections.js';
import { yearSeries } from '../../src/analyse/series.js';
import { record, t3Of, t4Of } from './helpers.js';

// 新收 40 (20 granted + 10 partial + 10 other outcomes) in 2022, 50 in 2023, 80 in 2025.
const year = (y: number, n: number, granted: number) =>
  record({
    year: y,
    t3: t3Of({
      newReceived: [n, 0, 0, 0, 0, 0],
      granted: [granted, 0, 0, 0, 0, 0],
      partial: [10, 0, 0, 0, 0, 0],
      'unable.notHeld': [n - granted - 10, 0, 0, 0, 0, 0],
      total: [n, 0, 0, 0, 0, 0],
    }),
    t4: t4Of({ review: [1, 1, 0, 0] }),
  });

describe('yearSeries', () => {
  const s = yearSeries([
    { id: 'c', report: year(2025, 80, 40) },
    { id: 'a', report: year(2022, 40, 20) },
    { id: 'b', report: year(2023, 50, 30) },
    { id: 'dup', report: year(2023, 60, 30) },
    { id: 'undated', report: { ...year(2023, 1, 0), year: null } },
  ]);

  it('orders the years, leaves out a second report of a year and one without a year, saying why', () => {
    expect(s.years).toEqual([2022, 2023, 2025]);
    expect(s.ids).toEqual(['a', 'b', 'c']);
    expect(s.consecutive).toEqual([false, true, false]);
    expect(s.left).toEqual([
      { id: 'dup', reason: '2023年度已有一份报告' },
      { id: 'undated', reason: '年度未知' },
    ]);
  });

  it('gives each cell per year and its change only between consecutive years', () => {
    const nr = s.cells.find((c) => c.table === 't3' && c.row === 'newReceived' && c.col === 'total')!;
    expect(nr.name).toBe('表三「一、本年新收政府信息公开申请数量」行「总计」列');
    expect(nr.values).toEqual([40, 50, 80]);
    expect(nr.deltas).toEqual([null, 10, null]);
    // Table 二 is absent from all three: no cell of it, rather than zeros.
    expect(s.cells.some((c) => c.table === 't2')).toBe(false);
  });

  it('gives indicators per year with their change (percentage points), and year-over-year against the year before only', () => {
    const open = s.indicators.find((i) => i.id === 'openRate')!;
    expect(open.values.map((v) => v.value)).toEqual([75, 80, 62.5]);
    expect(open.changes).toEqual([null, 5, null]);
    const yoy = s.yearOverYear.find((i) => i.id === 'yoy.newReceived')!;
    expect(yoy.values.map((v) => v.value)).toEqual([null, 25, null]);
    expect(yoy.values[2]).toMatchObject({ reason: 'noPrevious' });
    expect(yoy.values[1]!.cells.map((c) => `${c.year}:${c.value}`).sort()).toEqual(['2022:40', '2023:50']);
  });
});

describe('peerTable', () => {
  const t = peerTable([
    { id: 1, label: '甲局', report: year(2024, 40, 20) },
    { id: 2, label: '乙局', report: year(2024, 50, 30), previous: { id: 20, report: year(2023, 40, 30) } },
    { id: 3, label: '丙局', report: year(2024, 20, 10) },
    { id: 4, label: '丁局', report: year(2024, 40, 20) },
    { id: 5, label: '戊局', report: record({ year: 2024, t3: null }) },
  ]);
  const row = (label: string) => t.rows.find((r) => r.label === label)!;

  it('ranks highest first among units with at least 30 requests; equal values share a rank', () => {
    expect(row('乙局').ranks['openRate']).toBe(1);
    expect(row('甲局').ranks['openRate']).toBe(2);
    expect(row('丁局').ranks['openRate']).toBe(2);
  });

  it('does not rank a unit under the minimum or without 表三, and says why', () => {
    expect(row('丙局')).toMatchObject({ rankable: false, requests: 20, reason: '样本偏小：受理总量20件，少于30件，不参与排名' });
    expect(row('丙局').ranks['openRate']).toBeNull();
    expect(row('丙局').values[t.ids.indexOf('openRate')]!.value).toBe(100);
    expect(row('戊局')).toMatchObject({ rankable: false, requests: null });
    expect(row('戊局').notRanked['openRate']).toMatch(/受理总量无法确定/);
  });

  it('gives year-over-year and the change of each indicator against the previous report, null without one', () => {
    expect(row('乙局').previousId).toBe(20);
    expect(row('乙局').yearOverYear[t.yoyIds.indexOf('yoy.newReceived')]!.value).toBe(25);
    expect(row('乙局').changes[t.ids.indexOf('openRate')]).toBeCloseTo(80 - 100, 9);
    expect(row('甲局').changes.every((c) => c === null)).toBe(true);
    expect(row('甲局').yearOverYear.every((v) => v.reason === 'noPrevious')).toBe(true);
  });

  it('without cells (the dashboard): the same values, ranks and reasons, every cells list empty', () => {
    const items = [
      { id: 1, label: '甲局', report: year(2024, 40, 20) },
      { id: 2, label: '乙局', report: year(2024, 50, 30), previous: { id: 20, report: year(2023, 40, 30) } },
      { id: 5, label: '戊局', report: record({ year: 2024, t3: null }) },
    ];
    const full = peerTable(items);
    const lean = peerTable(items, { cells: false });
    const noCells = (v: { cells: unknown[] }) => ({ ...v, cells: [] });
    expect(full.rows.some((r) => r.values.some((v) => v.cells.length > 0))).toBe(true);
    expect(lean.rows.every((r) => [...r.values, ...r.yearOverYear].every((v) => v.cells.length === 0))).toBe(true);
    expect(lean.rows).toEqual(full.rows.map((r) => ({ ...r, values: r.values.map(noCells), yearOverYear: r.yearOverYear.map(noCells) })));
  });
});

describe('compareSections', () => {
  const long = (topic: string) =>
    `本机关认真贯彻${topic}，全年主动公开政府信息123条。我们完善了信息发布审查制度，规范了依申请公开办理流程，按时答复每一件申请，并加强了政府网站专栏建设和政务新媒体管理。`;

  it('marks the sentences the other side shares (numbers masked) and estimates similarity per section', () => {
    const a = { s1: long('政府信息公开条例'), s5: '部分栏目更新不及时。' };
    const b = { s1: long('政府信息公开条例').replace('123', '456'), s5: '部分栏目更新不及时。' };
    const [s1, s5, s6] = compareSections(a, b);
    expect(s1).toMatchObject({ key: 's1', heading: '一、总体情况', similarity: 1, nearIdentical: true, reason: null });
    expect(s1!.b!.every((x) => x.shared)).toBe(true);
    expect(s5!.similarity).toBeNull();
    expect(s5!.reason).toMatch(/过短/);
    expect(s6!.reason).toBe('两份报告都没有找到「六、其他需要报告的事项」');
  });

  it('says when a side has no text at all', () => {
    const [s1] = compareSections(null, { s1: long('条例') }, { a: '扫描件，文字未做识别比对' });
    expect(s1!.reason).toBe('报告 A 的文字无法取得（扫描件，文字未做识别比对），未比对');
    expect(s1!.a).toBeNull();
  });

  it('a different text is not near-identical', () => {
    const [s1] = compareSections(
      { s1: long('条例') },
      { s1: '今年我们重点推进了基层政务公开标准化规范化建设，编制了公开事项目录，组织开展了两次业务培训，并对各乡镇公开专栏进行了检查，发现的问题均已整改。' },
    );
    expect(s1!.similarity).not.toBeNull();
    expect(s1!.similarity!).toBeLessThan(0.3);
    expect(s1!.nearIdentical).toBe(false);
  });

  it('cuts sentences after Chinese stops', () => {
    expect(sentences('一、甲。乙；丙！\n丁')).toEqual(['一、甲。', '乙；', '丙！', '丁']);
  });
});
