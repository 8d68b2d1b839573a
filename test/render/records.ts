/**
 * Report records for the writers' round trips, built from the authoring generators: the values of
 * src/synth/values.ts (generateValues, any seed and kind) or a gold record (src/synth/fixture-gold.ts
 * randomGold, from-gold.ts fixtureFromGold), as the parser would give them — tables, template and
 * layout, title, agency, year, the six statutory headings and the narrative facts.
 */
import type { FixtureGold } from '../../src/synth/fixture-gold.js';
import { t3ShapeOf } from '../../src/synth/fixture-gold.js';
import type { ReportValues } from '../../src/synth/values.js';
import type { Narrative, Report, Table } from '../../src/model/report.js';
import { SECTIONS, T3_COLUMN_KEYS, T3_DATA_ROWS, TEMPLATES, type T3Shape, type TableId, type TemplateId } from '../../src/model/templates.js';

export const TABLES: TableId[] = ['t2', 't3', 't4'];

const copy = (t: Record<string, Record<string, number | null>>): Table => Object.fromEntries(Object.entries(t).map(([r, cols]) => [r, { ...cols }]));

interface RecordParts {
  agency: string;
  year: number;
  template: TemplateId;
  t3Shape: T3Shape;
  tables: { t2: Table; t3: Table; t4: Table };
  narrative?: Partial<Omit<Narrative, 'infoFee' | 'places'>> & { infoFee?: Partial<Narrative['infoFee']> };
}

/** A record as the parser gives it (no source positions: cells, spans and places are left empty). */
export function record(p: RecordParts): Report {
  const infoFee = { noticeCount: null, noticeAmount: null, collectedAmount: null, ...p.narrative?.infoFee };
  const stated = [infoFee.noticeCount, infoFee.noticeAmount, infoFee.collectedAmount].filter((x) => x !== null).length;
  return {
    schema: 'nianbao.report/1',
    source: { path: null, sha256: '', format: 'unknown', bytes: 0 },
    template: p.template,
    layout: { t2: p.template, t3: p.t3Shape },
    title: `${p.agency}${p.year}年政府信息公开工作年度报告`,
    agency: p.agency,
    agencyAlias: null,
    year: p.year,
    publication: { date: null, dateFrom: null, url: null, signedBy: null },
    sections: SECTIONS.map((s) => ({ key: s.key, heading: `${s.no}、${s.label}`, span: null, line: null })),
    tables: p.tables,
    structure: {
      t2: { found: true, rows: TEMPLATES[p.template].t2Rows.map((x) => x.row.key) },
      t3: { found: true, rows: T3_DATA_ROWS(p.t3Shape), columns: [...T3_COLUMN_KEYS] },
      t4: { found: true },
    },
    cells: [],
    narrative: {
      proactiveItems: null,
      requestsReceived: null,
      noRequests: false,
      noReviewOrLitigation: false,
      ...p.narrative,
      infoFee: { ...infoFee, compliance: stated === 3 ? 'full' : stated > 0 ? 'partial' : 'absent' },
      places: {},
    },
    findings: [],
  };
}

/** The record of generated values (src/synth/values.ts). */
export function recordFromValues(v: ReportValues): Report {
  const fee = v.narrative.fee;
  return record({
    agency: v.agency,
    year: v.year,
    template: v.template,
    t3Shape: v.t3Shape,
    tables: { t2: copy(v.tables.t2), t3: copy(v.tables.t3), t4: copy(v.tables.t4) },
    narrative: {
      proactiveItems: v.narrative.proactiveItems,
      requestsReceived: v.narrative.mentionRequests ? v.tables.t3['newReceived']!['total']! : null,
      infoFee:
        fee.kind === 'full'
          ? { noticeCount: fee.noticeCount, noticeAmount: fee.noticeAmount, collectedAmount: fee.collectedAmount }
          : fee.kind === 'none-collected'
            ? { collectedAmount: 0 }
            : {},
    },
  });
}

/** The record of a gold record (randomGold, fixtureFromGold). */
export function recordFromGold(g: FixtureGold): Report {
  return record({
    agency: g.agency,
    year: g.year,
    template: g.template,
    t3Shape: t3ShapeOf(g),
    tables: { t2: copy(g.t2), t3: copy(g.t3), t4: copy(g.t4) },
    narrative: { proactiveItems: g.narrative.proactiveItems },
  });
}

const DECIMALS = [143.2062, 0.0375, 12.5, 3.1, 2046.0001, 0.5];

/**
 * Blanks and a decimal in a complete record: 行政强制 left blank in 表二, a 0 and a non-zero cell of
 * 表三 blank, 表四's 复议后起诉-尚未审结 blank; 本年收费金额 (2021) or 采购总金额 (2019) with decimals.
 * The blank non-zero cell breaks 表三's sums: the checks say so, the parser must still read a blank.
 */
export function withBlanks(r: Report, seed: number): Report {
  const { t2, t3, t4 } = r.tables;
  const dec = DECIMALS[seed % DECIMALS.length]!;
  if (r.layout.t2 === '2021') t2!['fees']!['feesWan'] = dec;
  else t2!['procurement']!['amount'] = Math.round(dec * 100) / 100;
  for (const col of Object.keys(t2!['coercion']!)) t2!['coercion']![col] = null;
  const rows = Object.keys(t3!);
  const zero = rows.flatMap((row) => Object.keys(t3![row]!).map((col) => [row, col] as const)).find(([row, col]) => t3![row]![col] === 0 && col !== 'total');
  if (zero) t3![zero[0]]![zero[1]] = null;
  const some = rows.flatMap((row) => Object.keys(t3![row]!).map((col) => [row, col] as const)).find(([row, col]) => t3![row]![col]! > 0 && col !== 'total');
  if (some) t3![some[0]]![some[1]] = null;
  t4!['litigationAfterReview']!['pending'] = null;
  return r;
}
