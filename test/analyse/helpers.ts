/** Hand-built records for the analysis tests: only the tables (and names) matter. */
import type { Report, Table } from '../../src/model/report.js';
import { T3_DATA_ROWS, T3_PART_COLUMNS, T4_COLUMNS, T4_GROUPS, type T3Shape } from '../../src/model/templates.js';

/** Six applicant columns of a table 三 row; the helper adds 总计 as their sum. */
export type Parts = [number, number, number, number, number, number];

/** A table 三 from the rows given (six parts each, 总计 added); every other data row of the shape is zeros. */
export function t3Of(rows: Record<string, Parts>, shape: T3Shape = 'split-other'): Table {
  const t: Table = {};
  for (const row of T3_DATA_ROWS(shape)) {
    const p = rows[row] ?? [0, 0, 0, 0, 0, 0];
    t[row] = Object.fromEntries([...T3_PART_COLUMNS.map((c, i) => [c, p[i]!] as const), ['total', p.reduce((s, x) => s + x, 0)]]);
  }
  return t;
}

/** A table 四 from [upheld, corrected, other, pending] per group (总计 added). */
export function t4Of(groups: Partial<Record<'review' | 'litigationDirect' | 'litigationAfterReview', [number, number, number, number]>>): Table {
  return Object.fromEntries(
    T4_GROUPS.map((g) => {
      const p = groups[g.key] ?? [0, 0, 0, 0];
      return [g.key, Object.fromEntries([...T4_COLUMNS.slice(0, 4).map((c, i) => [c.key, p[i]!] as const), ['total', p.reduce((s, x) => s + x, 0)]])];
    }),
  );
}

export function record(o: { agency?: string; year?: number; t2?: Table | null; t3?: Table | null; t4?: Table | null; shape?: T3Shape }): Report {
  const shape = o.shape ?? 'split-other';
  return {
    schema: 'nianbao.report/1',
    source: { path: null, sha256: '', format: 'text', bytes: 0 },
    template: shape === 'split-other' ? '2021' : '2019',
    layout: { t2: null, t3: shape },
    title: null,
    agency: o.agency ?? '测试局',
    agencyAlias: null,
    year: o.year ?? 2024,
    publication: { date: null, dateFrom: null, url: null, signedBy: null },
    sections: [],
    tables: { t2: o.t2 ?? null, t3: o.t3 ?? null, t4: o.t4 ?? null },
    structure: { t2: { found: !!o.t2, rows: [] }, t3: { found: !!o.t3, rows: [], columns: [] }, t4: { found: !!o.t4 } },
    cells: [],
    narrative: {
      proactiveItems: null,
      requestsReceived: null,
      noRequests: false,
      noReviewOrLitigation: false,
      infoFee: { noticeCount: null, noticeAmount: null, collectedAmount: null, compliance: 'absent' },
      places: {},
    },
    findings: [],
  };
}
