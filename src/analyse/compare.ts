/**
 * Two reports side by side (the same unit in two years, or two units): every cell of the three
 * tables with both values and the difference, and every indicator of each. A cell absent from
 * either report has no difference (null), never a difference from 0.
 */
import type { Report } from '../model/report.js';
import { T3_COLUMN_KEYS, T4_COLUMNS, TEMPLATES, t3Rows, type TableId } from '../model/templates.js';
import { cellName, T4_GROUP_KEYS, valueIn } from './cells.js';
import { computeIndicators, INDICATORS, type IndicatorValue } from './indicators.js';

export interface CellComparison {
  table: TableId;
  row: string;
  col: string;
  name: string;
  a: number | null;
  b: number | null;
  /** b − a; null when either is absent. */
  delta: number | null;
}

export interface IndicatorComparison {
  id: string;
  a: IndicatorValue;
  b: IndicatorValue;
  /** b − a in the indicator's unit (percentage points for %); null when either is null. */
  delta: number | null;
}

export interface ReportRef {
  label: string;
  agency: string | null;
  year: number | null;
  template: Report['template'];
}

export interface Comparison {
  a: ReportRef;
  b: ReportRef;
  /** True when the two name the same agency and b is the year after a (year-over-year indicators computed). */
  consecutive: boolean;
  cells: CellComparison[];
  indicators: IndicatorComparison[];
  /** b's year-over-year indicators against a, when consecutive. */
  yearOverYear: IndicatorValue[];
}

/** Cell order of a table over several reports' copies of it: the statutory rows and columns first, anything else after. */
export function cellOrder(table: TableId, ...tables: Report['tables'][TableId][]): { row: string; col: string }[] {
  const seen = new Set<string>();
  const out: { row: string; col: string }[] = [];
  const has = (t: Report['tables'][TableId], row: string, col: string): boolean => !!t?.[row] && col in t[row]!;
  const push = (row: string, col: string): void => {
    const k = `${row}|${col}`;
    if (seen.has(k) || !tables.some((t) => has(t, row, col))) return;
    seen.add(k);
    out.push({ row, col });
  };
  if (table === 't3') {
    const rows = [...new Set([...t3Rows('split-other'), ...t3Rows('single-other')].filter((r) => r.kind === 'data').map((r) => r.key))];
    for (const row of rows) for (const col of T3_COLUMN_KEYS) push(row, col);
  } else if (table === 't4') {
    for (const g of T4_GROUP_KEYS) for (const c of T4_COLUMNS) push(g, c.key);
  } else {
    for (const t of Object.values(TEMPLATES)) for (const { block, row } of t.t2Rows) for (const c of block.columns) push(row.key, c.key);
  }
  for (const t of tables) for (const [row, cols] of Object.entries(t ?? {})) for (const col of Object.keys(cols)) push(row, col);
  return out;
}

const refOf = (r: Report, label?: string): ReportRef => ({
  label: label ?? `${r.agency ?? r.agencyAlias ?? r.source.path ?? '（单位未写明）'}${r.year ?? '（年度未知）'}年度报告`,
  agency: r.agency ?? r.agencyAlias,
  year: r.year,
  template: r.template,
});

const sameAgency = (a: Report, b: Report): boolean => {
  const k = (r: Report): string => (r.agency ?? r.agencyAlias ?? '').replace(/\s+/g, '');
  return k(a) !== '' && k(a) === k(b);
};

/** Compare report a with report b (b − a). */
export function compareReports(a: Report, b: Report, labels: { a?: string; b?: string } = {}): Comparison {
  const cells: CellComparison[] = [];
  for (const table of ['t2', 't3', 't4'] as const) {
    for (const { row, col } of cellOrder(table, a.tables[table], b.tables[table])) {
      const va = valueIn(a.tables[table], row, col);
      const vb = valueIn(b.tables[table], row, col);
      cells.push({
        table,
        row,
        col,
        name: cellName({ table, row, col }),
        a: va,
        b: vb,
        delta: va !== null && vb !== null ? Math.round((vb - va) * 1e6) / 1e6 : null,
      });
    }
  }
  const ia = computeIndicators(a);
  const ib = computeIndicators(b);
  const indicators: IndicatorComparison[] = INDICATORS.map((d, i) => ({ d, i }))
    .filter(({ d }) => d.kind !== 'yoy')
    .map(({ d, i }) => {
      const x = ia[i]!;
      const y = ib[i]!;
      return { id: d.id, a: x, b: y, delta: x.value !== null && y.value !== null ? y.value - x.value : null };
    });
  const consecutive = sameAgency(a, b) && a.year !== null && b.year === a.year + 1;
  const yearOverYear = consecutive ? computeIndicators(b, a).filter((v) => INDICATORS.find((d) => d.id === v.id)!.kind === 'yoy') : [];
  return { a: refOf(a, labels.a), b: refOf(b, labels.b), consecutive, cells, indicators, yearOverYear };
}
