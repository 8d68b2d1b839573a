import { describe, expect, it } from 'vitest';
import {
  computeIndicator,
  computeIndicators,
  formatIndicator,
  indicatorChanges,
  indicatorDef,
  INDICATORS,
  MIN_RANK_REQUESTS,
  rankBy,
  rankable,
} from '../../src/analyse/indicators.js';
import { t3OutcomeRows } from '../../src/model/templates.js';
import { record, t3Of, t4Of } from './helpers.js';

/**
 * One hand-built 2021-format record. Row totals (总计 column), worked out by hand:
 *   新收 64 (自然人 50, 商业企业 6, 科研机构 2, 社会公益组织 1, 法律服务机构 3, 其他 2); 上年结转 5
 *   予以公开 25, 部分公开 6, 不予公开 2 + 1 = 3, 无法提供 12 + 2 + 1 = 15 (不掌握 12),
 *   不予处理 1 + 1 + 3 = 5, 其他处理 2 + 1 = 3; （七）总计 57; 结转下年度 12
 *   复议 维持 6 纠正 2 其他 1 未审结 1 = 10; 直接起诉 3/1/0/1 = 5; 复议后起诉 1/0/0/1 = 2
 */
const t3 = t3Of({
  newReceived: [50, 6, 2, 1, 3, 2],
  carriedOver: [4, 1, 0, 0, 0, 0],
  granted: [20, 3, 1, 0, 1, 0],
  partial: [5, 1, 0, 0, 0, 0],
  'denied.thirdParty': [2, 0, 0, 0, 0, 0],
  'denied.processInfo': [1, 0, 0, 0, 0, 0],
  'unable.notHeld': [10, 1, 0, 0, 1, 0],
  'unable.needCreation': [2, 0, 0, 0, 0, 0],
  'unable.unclear': [1, 0, 0, 0, 0, 0],
  'declined.complaint': [1, 0, 0, 0, 0, 0],
  'declined.duplicate': [1, 0, 0, 0, 0, 0],
  'declined.massive': [3, 0, 0, 0, 0, 0],
  'other.overdueCorrection': [2, 0, 0, 0, 0, 0],
  'other.other': [1, 0, 0, 0, 0, 0],
  total: [49, 5, 1, 0, 2, 0],
  carriedForward: [5, 2, 1, 1, 1, 2],
});
const t4 = t4Of({ review: [6, 2, 1, 1], litigationDirect: [3, 1, 0, 1], litigationAfterReview: [1, 0, 0, 1] });
const r = record({ t3, t4, year: 2024 });

/** Expected values, by hand from the numbers above (percent unless a count). */
const EXPECTED: Record<string, [number, number | null]> = {
  requests: [69, null],
  openRate: [(31 / 57) * 100, 57],
  'openRate.concluded': [(31 / 54) * 100, 54],
  deniedRate: [(3 / 57) * 100, 57],
  unableRate: [(15 / 57) * 100, 57],
  notHeldShare: [(12 / 15) * 100, 15],
  declinedRate: [(5 / 57) * 100, 57],
  carryForwardRate: [(12 / 69) * 100, 69],
  'applicant.naturalPerson': [(50 / 64) * 100, 64],
  'applicant.commercial': [(6 / 64) * 100, 64],
  'applicant.research': [(2 / 64) * 100, 64],
  'applicant.publicWelfare': [(1 / 64) * 100, 64],
  'applicant.legalService': [(3 / 64) * 100, 64],
  'applicant.otherOrg': [(2 / 64) * 100, 64],
  'applicant.organizations': [(14 / 64) * 100, 64],
  reviewCorrectionRate: [(2 / 10) * 100, 10],
  'reviewCorrectionRate.concluded': [(2 / 9) * 100, 9],
  litigationCorrectionRate: [(1 / 7) * 100, 7],
  'litigationCorrectionRate.concluded': [(1 / 5) * 100, 5],
  'correctionRate.combined': [(3 / 17) * 100, 17],
  disputeRate: [(17 / 64) * 100, 64],
};

describe('indicators on a hand-built record', () => {
  it('the test record itself is as described (the totals the expected values rest on)', () => {
    expect(t3['total']!['total']).toBe(57);
    expect(t3['newReceived']!['total']).toBe(64);
    expect(t3['carriedForward']!['total']).toBe(12);
    // the outcome rows add up to （七）总计, and the printed 勾稽关系 holds, in every column: 新收 + 上年结转 = （七）总计 + 结转下年度
    for (const c of Object.keys(t3['total']!)) {
      expect(
        t3OutcomeRows('split-other').reduce((s, row) => s + t3[row]![c]!, 0),
        c,
      ).toBe(t3['total']![c]);
      expect(t3['newReceived']![c]! + t3['carriedOver']![c]!, c).toBe(t3['total']![c]! + t3['carriedForward']![c]!);
    }
  });

  it('covers every single-year indicator of the dictionary', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(
      INDICATORS.filter((d) => d.kind !== 'yoy')
        .map((d) => d.id)
        .sort(),
    );
  });

  for (const [id, [value, denominator]] of Object.entries(EXPECTED)) {
    it(`${id} = ${value.toFixed(3)}`, () => {
      const v = computeIndicator(indicatorDef(id)!, r);
      expect(v.id).toBe(id);
      expect(v.value).toBeCloseTo(value, 9);
      expect(v.denominator).toBe(denominator);
      expect(v.reason).toBeUndefined();
      // provenance: every cell used is a real cell of the record, with its value
      expect(v.cells.length).toBeGreaterThan(0);
      for (const c of v.cells) expect(r.tables[c.table]![c.row]![c.col]).toBe(c.value);
    });
  }

  it('names the cells behind a value: 公开率 = (予以公开 + 部分公开) / （七）总计', () => {
    const v = computeIndicator(indicatorDef('openRate')!, r);
    expect(v.cells).toEqual([
      { table: 't3', row: 'granted', col: 'total', value: 25 },
      { table: 't3', row: 'partial', col: 'total', value: 6 },
      { table: 't3', row: 'total', col: 'total', value: 57 },
    ]);
    expect(v.numerator).toBe(31);
  });

  it('expands a derived subtotal into its printed rows (不予公开 = 8 rows)', () => {
    const v = computeIndicator(indicatorDef('deniedRate')!, r);
    expect(v.cells.filter((c) => c.row.startsWith('denied.'))).toHaveLength(8);
    expect(v.numerator).toBe(3);
  });

  it('uses the printed （六）其他处理 row of a 2019-format table', () => {
    const t = t3Of(
      {
        newReceived: [10, 0, 0, 0, 0, 0],
        granted: [6, 0, 0, 0, 0, 0],
        'other.subtotal': [4, 0, 0, 0, 0, 0],
        total: [10, 0, 0, 0, 0, 0],
      },
      'single-other',
    );
    const v = computeIndicator(indicatorDef('openRate.concluded')!, record({ t3: t, shape: 'single-other' }));
    expect(v.value).toBeCloseTo((6 / 6) * 100, 9);
    expect(v.cells.map((c) => c.row)).toContain('other.subtotal');
  });
});

describe('null, never 0, when a value cannot be computed', () => {
  it('a cell absent: null with the missing cell named', () => {
    const t = structuredClone(t3);
    t['granted']!['total'] = null;
    const v = computeIndicator(indicatorDef('openRate')!, record({ t3: t, t4 }));
    expect(v.value).toBeNull();
    expect(v.reason).toBe('absent');
    expect(v.missing).toEqual(['t3:granted|total']);
    expect(v.cells).toEqual([]);
  });

  it('one sub-row of a group absent: the group cannot be summed', () => {
    const t = structuredClone(t3);
    delete t['unable.unclear'];
    const v = computeIndicator(indicatorDef('unableRate')!, record({ t3: t, t4 }));
    expect(v.value).toBeNull();
    expect(v.missing).toEqual(['t3:unable.unclear|total']);
    expect(computeIndicator(indicatorDef('notHeldShare')!, record({ t3: t, t4 })).value).toBeNull();
  });

  it('a table absent: every indicator of it is null', () => {
    const vs = computeIndicators(record({ t3: null, t4: null }));
    for (const v of vs) expect(v.value, v.id).toBeNull();
  });

  it('a denominator of 0: null (reason zeroDenominator), not 0%', () => {
    const zero = record({ t3: t3Of({}), t4: t4Of({}) });
    for (const d of INDICATORS.filter((x) => x.kind === 'ratio')) {
      const v = computeIndicator(d, zero);
      expect(v.value, d.id).toBeNull();
      expect(v.reason, d.id).toBe('zeroDenominator');
    }
    // a count of 0 is a real 0
    expect(computeIndicator(indicatorDef('requests')!, zero).value).toBe(0);
    expect(formatIndicator(indicatorDef('openRate')!, computeIndicator(indicatorDef('openRate')!, zero))).toBe('—（分母为0）');
  });
});

describe('year over year', () => {
  const prev = record({
    year: 2023,
    t3: t3Of({ newReceived: [30, 5, 0, 0, 5, 0], carriedOver: [2, 0, 0, 0, 0, 0], granted: [20, 0, 0, 0, 0, 0], total: [40, 0, 0, 0, 0, 0] }),
    t4: t4Of({ review: [4, 0, 0, 0], litigationDirect: [0, 0, 0, 0] }),
  });

  it('changes against the previous report, with the cells of both years', () => {
    const v = computeIndicator(indicatorDef('yoy.newReceived')!, r, prev);
    expect(v.value).toBeCloseTo(((64 - 40) / 40) * 100, 9);
    expect(v.cells).toEqual([
      { table: 't3', row: 'newReceived', col: 'total', value: 64, year: 2024 },
      { table: 't3', row: 'newReceived', col: 'total', value: 40, year: 2023 },
    ]);
    expect(computeIndicator(indicatorDef('yoy.requests')!, r, prev).value).toBeCloseTo(((69 - 42) / 42) * 100, 9);
    expect(computeIndicator(indicatorDef('yoy.review')!, r, prev).value).toBeCloseTo(((10 - 4) / 4) * 100, 9);
  });

  it('null without a previous report, and when last year was 0', () => {
    expect(computeIndicator(indicatorDef('yoy.newReceived')!, r).reason).toBe('noPrevious');
    const v = computeIndicator(indicatorDef('yoy.litigation')!, r, prev);
    expect(v.value).toBeNull();
    expect(v.reason).toBe('zeroDenominator');
  });

  it('percentage-point changes of every ratio, same formula both years', () => {
    const ch = indicatorChanges(r, prev);
    const open = ch.find((c) => c.of === 'openRate')!;
    expect(open.id).toBe('Δ(openRate)');
    expect(open.change).toBeCloseTo((31 / 57) * 100 - (20 / 40) * 100, 9);
    expect(open.previous.cells.every((c) => c.year === 2023)).toBe(true);
    // last year has no review corrected… but review total 4: 0%; this year 20%: +20 points
    expect(ch.find((c) => c.of === 'reviewCorrectionRate')!.change).toBeCloseTo(20, 9);
  });
});

describe('ranking', () => {
  const unit = (n: number, granted: number): ReturnType<typeof record> =>
    record({ t3: t3Of({ newReceived: [n, 0, 0, 0, 0, 0], granted: [granted, 0, 0, 0, 0, 0], total: [n, 0, 0, 0, 0, 0] }) });

  it(`does not rank units with fewer than ${MIN_RANK_REQUESTS} requests (样本偏小)`, () => {
    const items = [
      { item: 'a', label: '甲局', report: unit(100, 60) },
      { item: 'b', label: '乙局', report: unit(29, 29) },
      { item: 'c', label: '丙局', report: unit(50, 10) },
      { item: 'd', label: '丁局', report: unit(40, 24) },
    ];
    const ranking = rankBy(items, 'openRate');
    // 甲局 and 丁局 both 60%: one rank, in name order (丁 ding before 甲 jia)
    expect(ranking.ranked.map((x) => [x.item, x.rank])).toEqual([
      ['d', 1],
      ['a', 1],
      ['c', 3],
    ]);
    expect(ranking.notRanked.map((x) => x.item)).toEqual(['b']);
    expect(ranking.notRanked[0]!.reason).toContain('样本偏小');
    expect(rankable(unit(30, 0))).toBe(true);
    expect(rankable(unit(29, 0))).toBe(false);
    expect(rankBy(items, 'openRate', { order: 'asc' }).ranked[0]!.item).toBe('c');
    // an unknown or year-over-year id ranks nothing, and says why
    expect(rankBy(items, 'noSuch').notRanked[0]!.reason).toBe('没有编号为 noSuch 的指标');
    expect(rankBy(items, 'yoy.newReceived').ranked).toEqual([]);
  });
});
