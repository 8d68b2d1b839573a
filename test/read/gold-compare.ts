/** Cell-by-cell comparison of a parsed report with a gold record (as score.mjs does). */
import type { Report } from '../../src/index.js';

export interface Gold {
  agency?: string;
  year?: number;
  template?: string;
  t2?: Record<string, Record<string, number>>;
  t3?: Record<string, Record<string, number>>;
  t4?: Record<string, Record<string, number>>;
}

/** Differences as readable lines; empty when every gold cell and the metadata match. */
export function compareToGold(report: Report, gold: Gold): string[] {
  const diffs: string[] = [];
  for (const t of ['t2', 't3', 't4'] as const) {
    for (const [row, cols] of Object.entries(gold[t] ?? {})) {
      for (const [col, want] of Object.entries(cols)) {
        const got = report.tables[t]?.[row]?.[col];
        if (typeof got !== 'number' || Math.abs(got - want) > 1e-9) diffs.push(`${t}.${row}.${col}: got ${JSON.stringify(got)}, gold ${want}`);
      }
    }
  }
  for (const k of ['agency', 'year', 'template'] as const) {
    if (gold[k] !== undefined && String(report[k]) !== String(gold[k])) diffs.push(`${k}: got ${JSON.stringify(report[k])}, gold ${JSON.stringify(gold[k])}`);
  }
  return diffs;
}
