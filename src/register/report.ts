/**
 * The register's tables in a report record (`nianbao.report/1`): the same record the parser
 * makes, so `checkReport` runs on it and the editor can open it. Cells computed from the register
 * have status `derived` (not read from a document) and no place in a source.
 */
import type { Cell, Report, Table } from '../model/report.js';
import { SECTIONS, T3_COLUMN_KEYS, T3_DATA_ROWS, T4_COLUMNS, T4_GROUPS } from '../model/templates.js';
import type { YearTables } from './aggregate.js';

function cellsOf(table: 't3' | 't4', t: Table): Cell[] {
  const out: Cell[] = [];
  for (const [row, cols] of Object.entries(t))
    for (const [col, value] of Object.entries(cols))
      out.push({ table, row, col, value, status: 'derived', raw: value === null ? null : String(value), span: null, line: null });
  return out;
}

const copy = (t: Table): Table => Object.fromEntries(Object.entries(t).map(([r, cols]) => [r, { ...cols }]));

/**
 * A copy of `base` with tables 三 and 四 and the section 六 fee facts taken from the register;
 * everything else (table 二, the sections, the other narrative facts) is kept as it was.
 */
export function withRegister(base: Report, y: YearTables): Report {
  const cells = base.cells.filter((c) => c.table !== 't3' && c.table !== 't4');
  cells.push(...cellsOf('t3', y.t3), ...cellsOf('t4', y.t4));
  const fee = y.infoFee;
  return {
    ...base,
    year: y.year,
    layout: { ...base.layout, t3: y.shape },
    tables: { ...base.tables, t3: copy(y.t3), t4: copy(y.t4) },
    structure: {
      ...base.structure,
      t3: { found: true, rows: [...T3_DATA_ROWS(y.shape)], columns: [...T3_COLUMN_KEYS] },
      t4: { found: true },
    },
    cells,
    narrative: {
      ...base.narrative,
      infoFee: { noticeCount: fee.noticeCount, noticeAmount: fee.noticeAmount, collectedAmount: fee.collectedAmount, compliance: 'full' },
      places: Object.fromEntries(Object.entries(base.narrative.places).filter(([k]) => !k.startsWith('infoFee.'))),
    },
  };
}

/**
 * A draft record holding only what the register gives: tables 三 and 四 and the fee facts. Table
 * 二 is absent (null) and the six sections are not written yet (headings null), so the rules that
 * need them say so.
 */
export function draftReport(y: YearTables, opts: { agency?: string | null } = {}): Report {
  const base: Report = {
    schema: 'nianbao.report/1',
    source: { path: null, sha256: '', format: 'unknown', bytes: 0 },
    template: y.template,
    layout: { t2: null, t3: y.shape },
    title: null,
    agency: opts.agency ?? null,
    agencyAlias: null,
    year: y.year,
    publication: { date: null, dateFrom: null, url: null, signedBy: null },
    sections: SECTIONS.map((s) => ({ key: s.key, heading: null, span: null, line: null })),
    tables: { t2: null, t3: null, t4: null },
    structure: { t2: { found: false, rows: [] }, t3: { found: false, rows: [], columns: [] }, t4: { found: false } },
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
  return withRegister(base, y);
}

/** Table 四's cells in the statutory order of 15 (review, direct litigation, litigation after review). */
export const t4Values = (t: Table): (number | null)[] => T4_GROUPS.flatMap((g) => T4_COLUMNS.map((c) => t[g.key]?.[c.key] ?? null));
