/**
 * One unit over the years: every cell of the three tables as a series (one value per year, with
 * the change from the year before), every indicator per year with its formula id and cells, and
 * the year-over-year indicators. A change is given only between consecutive years (2023 → 2024):
 * across a missing year it is null, never a change over two years shown as one. A value absent
 * from a report is null, never 0.
 */
import type { Report } from '../model/report.js';
import type { TableId } from '../model/templates.js';
import { cellName, valueIn } from './cells.js';
import { cellOrder } from './compare.js';
import { computeIndicator, INDICATORS, type IndicatorValue } from './indicators.js';

export interface SeriesItem<Id> {
  /** The caller's id (a report id). */
  id: Id;
  report: Pick<Report, 'tables' | 'year'>;
}

export interface CellSeries {
  table: TableId;
  row: string;
  col: string;
  /** 表三「（一）予以公开」行「总计」列 */
  name: string;
  /** One per year of `YearSeries.years`; null when that report lacks the cell. */
  values: (number | null)[];
  /** values[i] − values[i − 1] when the years are consecutive and both present, else null; deltas[0] is null. */
  deltas: (number | null)[];
}

export interface IndicatorSeries {
  /** The formula id. */
  id: string;
  /** One per year, each with its cells (and the reason when null). */
  values: IndicatorValue[];
  /**
   * Change from the year before in the indicator's unit (percentage points for %), formula id
   * `Δ(<id>)`; null when the years are not consecutive or either value is null; changes[0] is null.
   */
  changes: (number | null)[];
}

export interface YearSeries<Id> {
  /** The years, ascending, one report each. */
  years: number[];
  /** The report of each year. */
  ids: Id[];
  /** Years whose previous year's report is here (the year-over-year values of the others are null: noPrevious). */
  consecutive: boolean[];
  cells: CellSeries[];
  /** Every indicator but the year-over-year ones. */
  indicators: IndicatorSeries[];
  /** The year-over-year indicators (yoy.*), each year against the year before. */
  yearOverYear: { id: string; values: IndicatorValue[] }[];
  /** Reports left out: no year, or a second report of a year already taken (the caller's order decides). */
  left: { id: Id; reason: string }[];
}

const minus = (a: number | null, b: number | null): number | null => (a !== null && b !== null ? Math.round((a - b) * 1e6) / 1e6 : null);

/** The series of one unit's reports (one per year; a second report of a year is left out and named). */
export function yearSeries<Id>(items: SeriesItem<Id>[]): YearSeries<Id> {
  const left: YearSeries<Id>['left'] = [];
  const byYear = new Map<number, SeriesItem<Id>>();
  for (const x of items) {
    const y = x.report.year;
    if (y === null) left.push({ id: x.id, reason: '年度未知' });
    else if (byYear.has(y)) left.push({ id: x.id, reason: `${y}年度已有一份报告` });
    else byYear.set(y, x);
  }
  const chosen = [...byYear.values()].sort((a, b) => a.report.year! - b.report.year!);
  const years = chosen.map((x) => x.report.year!);
  const consecutive = years.map((y, i) => i > 0 && years[i - 1] === y - 1);
  const cells: CellSeries[] = [];
  for (const table of ['t2', 't3', 't4'] as const) {
    for (const { row, col } of cellOrder(table, ...chosen.map((x) => x.report.tables[table]))) {
      const values = chosen.map((x) => valueIn(x.report.tables[table], row, col));
      cells.push({
        table,
        row,
        col,
        name: cellName({ table, row, col }),
        values,
        deltas: values.map((v, i) => (consecutive[i] ? minus(v, values[i - 1]!) : null)),
      });
    }
  }
  const indicators: IndicatorSeries[] = [];
  const yearOverYear: YearSeries<Id>['yearOverYear'] = [];
  for (const def of INDICATORS) {
    if (def.kind === 'yoy') {
      yearOverYear.push({ id: def.id, values: chosen.map((x, i) => computeIndicator(def, x.report, consecutive[i] ? chosen[i - 1]!.report : null)) });
      continue;
    }
    const values = chosen.map((x) => computeIndicator(def, x.report));
    indicators.push({ id: def.id, values, changes: values.map((v, i) => (consecutive[i] ? minus(v.value, values[i - 1]!.value) : null)) });
  }
  return { years, ids: chosen.map((x) => x.id), consecutive, cells, indicators, yearOverYear, left };
}
