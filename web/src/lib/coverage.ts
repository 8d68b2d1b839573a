/** Coverage grid helpers: counts per year, the rows to show, and the not-submitted list as CSV. */
import type { Coverage, CoverageState } from './api';

export type CoverageRow = Coverage['rows'][number];

export function countsByYear(c: Coverage): { year: number; counts: Record<CoverageState, number> }[] {
  return c.years.map((year) => {
    const counts: Record<CoverageState, number> = { ok: 0, errors: 0, unreadable: 0, missing: 0 };
    for (const r of c.rows) {
      const cell = r.cells.find((x) => x.year === year);
      counts[cell?.state ?? 'missing']++;
    }
    return { year, counts };
  });
}

/** The state of a unit in a year; a year the server left out counts as 未报送. */
export const stateIn = (r: CoverageRow, year: number): CoverageState => r.cells.find((x) => x.year === year)?.state ?? 'missing';

/** Rows whose state in `year` is one of `states` (all rows when year is null). */
export function rowsIn(c: Coverage, year: number | null, states: readonly CoverageState[]): CoverageRow[] {
  if (year === null) return c.rows;
  return c.rows.filter((r) => states.includes(stateIn(r, year)));
}

const csvField = (s: string): string => (/[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/** 未报送名单 for one year as CSV (UTF-8 with BOM so Excel reads the Chinese). */
export function missingCsv(c: Coverage, year: number): string {
  const lines = [['单位', '地区', '层级', '年度', '状态'].join(',')];
  for (const r of rowsIn(c, year, ['missing']))
    lines.push([r.unit.name, r.unit.region ?? '', r.unit.level ?? '', String(year), '未报送'].map(csvField).join(','));
  return '\ufeff' + lines.join('\r\n') + '\r\n';
}
