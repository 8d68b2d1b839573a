/** The compare and analyse pages' pure helpers: figures, changes, links to cells, the new hash routes. */
import { describe, expect, it } from 'vitest';
import { cellsFromParams, cellsOfYear, changeText, deltaText, indicatorText, nullReasonText, reportAt, trend } from '../../web/src/lib/analysis';
import { parseHash } from '../../web/src/lib/router';

const v = (o: Partial<Parameters<typeof indicatorText>[1] & object> = {}) => ({
  id: 'openRate',
  value: null,
  numerator: null,
  denominator: null,
  cells: [],
  ...o,
});

describe('figures', () => {
  it('an indicator with its unit; 「—」 with the reason when null (never 0)', () => {
    expect(indicatorText({ unit: '%' }, v({ value: 30.84 }))).toBe('30.8%');
    expect(indicatorText({ unit: '件' }, v({ value: 245 }))).toBe('245件');
    expect(indicatorText({ unit: '%' }, v())).toBe('—');
    expect(nullReasonText(v({ reason: 'zeroDenominator' }))).toBe('分母为0');
    expect(nullReasonText(v({ reason: 'noPrevious' }))).toBe('无上年报告');
    expect(nullReasonText(v({ reason: 'absent', missing: ['t3:granted|total', 't3:total|total'] }))).toBe('缺少2个单元格');
  });

  it('changes with their sign: cells as counts (decimals kept), indicators in percentage points or 件', () => {
    expect(deltaText(3)).toBe('+3');
    expect(deltaText(-2)).toBe('−2');
    expect(deltaText(0)).toBe('0');
    expect(deltaText(-30.5598)).toBe('−30.5598');
    expect(deltaText(null)).toBe('—');
    expect(changeText({ unit: '%' }, 3.14159)).toBe('+3.1个百分点');
    expect(changeText({ unit: '%' }, -0.04)).toBe('0个百分点');
    expect(changeText({ unit: '件' }, -12)).toBe('−12件');
    expect(changeText({ unit: '%' }, null)).toBe('—');
    expect([trend(1), trend(-1), trend(0), trend(null)]).toEqual(['up', 'down', 'same', 'none']);
  });
});

describe('links to the cells behind a figure', () => {
  it('a report at its cells, read back from the address', () => {
    const cells = [
      { table: 't3' as const, row: 'granted', col: 'total' },
      { table: 't3' as const, row: 'denied.stateSecret', col: 'naturalPerson' },
    ];
    const link = reportAt(12, cells);
    expect(decodeURIComponent(link)).toBe('#/reports/12?cell=t3|granted|total&cell=t3|denied.stateSecret|naturalPerson');
    const route = parseHash(link);
    expect(route).toMatchObject({ page: 'report', id: 12 });
    expect(cellsFromParams(route.params)).toEqual(cells);
    expect(cellsFromParams(new URLSearchParams('cell=t9|x|y&cell=t3|granted&cell=t4|review|total'))).toEqual([{ table: 't4', row: 'review', col: 'total' }]);
  });

  it('a year-over-year value links each year to its own cells', () => {
    const yoy = v({
      id: 'yoy.newReceived',
      value: 25,
      cells: [
        { table: 't3', row: 'newReceived', col: 'total', value: 50, year: 2024 },
        { table: 't3', row: 'newReceived', col: 'total', value: 40, year: 2023 },
      ],
    });
    expect(cellsOfYear(yoy, 2024)).toEqual([{ table: 't3', row: 'newReceived', col: 'total' }]);
    // An ordinary value: its cells whatever the year, each once.
    const open = v({
      value: 50,
      cells: [
        { table: 't3', row: 'granted', col: 'total', value: 1 },
        { table: 't3', row: 'granted', col: 'total', value: 1 },
      ],
    });
    expect(cellsOfYear(open, 2024)).toHaveLength(1);
  });
});

describe('routes', () => {
  it('#/units/:id, #/compare, #/analysis', () => {
    expect(parseHash('#/units/7?show=openRate')).toMatchObject({ page: 'unit', id: 7 });
    expect(parseHash('#/units')).toMatchObject({ page: 'units' });
    const c = parseHash('#/compare?a=3&b=4');
    expect(c.page).toBe('compare');
    expect([c.params.get('a'), c.params.get('b')]).toEqual(['3', '4']);
    expect(parseHash('#/analysis?year=2024')).toMatchObject({ page: 'analysis' });
    expect(parseHash('#/units/x')).toMatchObject({ page: 'notFound' });
  });
});
