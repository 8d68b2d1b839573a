/**
 * Test-fixture authoring: a report's values in the gold shape (`nianbao.gold/1`), random but
 * consistent values (every 勾稽关系 holds), and neutral prose written for the fixtures.
 * Used by scripts/make-fixtures.mjs and the fixture writers (docx-fixture.ts, html-fixture.ts).
 */
import { T3_COLUMN_KEYS, T4_COLUMNS, T4_GROUPS, TEMPLATES, t3Rows, type T3Shape, type TemplateId } from '../model/templates.js';

export type GoldTable = Record<string, Record<string, number>>;

/** The gold record of one fixture (same shape as ../shared/gold/*.json). */
export interface FixtureGold {
  schema: 'nianbao.gold/1';
  seed: string;
  agency: string;
  year: number;
  /** Template of table 二 (a hybrid has "2021" here and a single （六） row in table 三). */
  template: TemplateId;
  t2: GoldTable;
  t3: GoldTable;
  t4: GoldTable;
  narrative: { proactiveItems: number };
  notes: string;
}

/** Shape of table 三 in a gold record: split （六） rows or one （六）其他处理 row. */
export const t3ShapeOf = (g: FixtureGold): T3Shape => ('other.subtotal' in g.t3 ? 'single-other' : 'split-other');

/** A small deterministic PRNG (mulberry32), so regenerated fixtures are byte-identical. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const OUTCOME_SKIP = new Set(['newReceived', 'carriedOver', 'total', 'carriedForward']);

/** Random values for a report of the given layout; every table relation holds. */
export function randomGold(opts: {
  seed: number;
  name: string;
  agency: string;
  year: number;
  template: TemplateId;
  t3Shape: T3Shape;
  notes: string;
}): FixtureGold {
  const r = rng(opts.seed);
  const int = (max: number): number => Math.floor(r() * (max + 1));
  // Mostly small counts with some zeros, like real reports.
  const count = (max: number, zeroP = 0.45): number => (r() < zeroP ? 0 : 1 + int(max - 1));

  const t2: GoldTable = {};
  for (const { block, row } of TEMPLATES[opts.template].t2Rows) {
    const cells: Record<string, number> = {};
    for (const c of block.columns) {
      if (c.key === 'feesWan')
        cells[c.key] = Math.round(r() * 3_000_000) / 10_000; // ≤ 300 万元, 4 decimals
      else if (c.key === 'amount')
        cells[c.key] = Math.round(r() * 500_000) / 100; // 采购总金额, 2 decimals
      else if (c.type === 'signed-int') cells[c.key] = int(12) - 6;
      else cells[c.key] = count(row.key === 'licensing' || row.key === 'penalty' ? 3000 : 60, 0.2);
    }
    t2[row.key] = cells;
  }
  if (opts.template === '2021') {
    for (const k of ['regulations', 'normativeDocuments']) {
      const c = t2[k]!;
      c['inForce'] = Math.max(c['inForce']!, c['issued']!); // T2.issuedVsInForce holds
    }
  } else {
    for (const k of ['regulations', 'normativeDocuments']) {
      const c = t2[k]!;
      c['newlyPublished'] = Math.min(c['newlyPublished']!, c['newlyMade']!);
      c['totalPublished'] = Math.max(c['totalPublished']!, c['newlyPublished']!);
    }
  }

  const rows = t3Rows(opts.t3Shape).filter((x) => x.kind === 'data');
  const parts = T3_COLUMN_KEYS.slice(0, 6);
  const t3: GoldTable = {};
  const withTotal = (vals: number[]): Record<string, number> => {
    const o: Record<string, number> = {};
    parts.forEach((p, i) => (o[p] = vals[i]!));
    o['total'] = vals.reduce((a, b) => a + b, 0);
    return o;
  };
  // Natural persons file most requests; organisations a few.
  const rowVals = (max: number): number[] => parts.map((_, i) => (i === 0 ? count(max, 0.35) : r() < 0.8 ? 0 : 1 + int(4)));
  const outcomeKeys = rows.map((x) => x.key).filter((k) => !OUTCOME_SKIP.has(k));
  const sums = parts.map(() => 0);
  for (const k of outcomeKeys) {
    const heavy = k === 'granted' || k === 'unable.notHeld' || k === 'partial';
    const v = rowVals(heavy ? 90 : 6);
    v.forEach((x, i) => (sums[i]! += x));
    t3[k] = withTotal(v);
  }
  const carriedForward = parts.map(() => (r() < 0.6 ? 0 : 1 + int(5)));
  const carriedOver = parts.map((_, i) => Math.min(sums[i]! + carriedForward[i]!, r() < 0.6 ? 0 : 1 + int(5)));
  const newReceived = parts.map((_, i) => sums[i]! + carriedForward[i]! - carriedOver[i]!);
  t3['newReceived'] = withTotal(newReceived);
  t3['carriedOver'] = withTotal(carriedOver);
  t3['total'] = withTotal(sums);
  t3['carriedForward'] = withTotal(carriedForward);
  // Keep the statutory row order in the JSON.
  const ordered: GoldTable = {};
  for (const x of rows) ordered[x.key] = t3[x.key]!;

  const t4: GoldTable = {};
  for (const g of T4_GROUPS) {
    const o: Record<string, number> = {};
    let sum = 0;
    for (const c of T4_COLUMNS.slice(0, 4)) {
      o[c.key] = count(g.key === 'review' ? 9 : 4, 0.55);
      sum += o[c.key]!;
    }
    o['total'] = sum;
    t4[g.key] = o;
  }
  return {
    schema: 'nianbao.gold/1',
    seed: opts.name,
    agency: opts.agency,
    year: opts.year,
    template: opts.template,
    t2,
    t3: ordered,
    t4,
    narrative: { proactiveItems: 200 + int(5000) },
    notes: opts.notes,
  };
}

/** Title of the report as printed. */
export const titleOf = (g: FixtureGold): string => `${g.agency}${g.year}年政府信息公开工作年度报告`;

/** Prose of the sections (our own words), keyed by section; numbers agree with the tables. */
export function proseOf(g: FixtureGold): { s1: { heading: string; text: string }[]; s5: string[]; s6: string[] } {
  const received = g.t3['newReceived']!['total']!;
  const reviews = g.t4['review']!['total']!;
  const suits = g.t4['litigationDirect']!['total']! + g.t4['litigationAfterReview']!['total']!;
  // Fee notices: at least one per request dropped for an unpaid fee (S6.feeVsTable3); those were
  // not paid, the others were (S6.feeConsistency).
  const unpaid = g.t3['other.overdueFee']?.['total'] ?? 0;
  const notices = unpaid + (g.narrative.proactiveItems % 3);
  const fee = { notices, amount: notices * 50, collected: (notices - unpaid) * 50 };
  return {
    s1: [
      {
        heading: '主动公开情况',
        text: `${g.year}年，本机关围绕年度重点工作，及时发布机构职能、政策文件、财政预决算等信息，全年主动公开政府信息${g.narrative.proactiveItems}条。`,
      },
      {
        heading: '依申请公开情况',
        text: `全年新收政府信息公开申请${received}件，均在法定期限内答复。因政府信息公开被申请行政复议${reviews}件，被提起行政诉讼${suits}件。`,
      },
      { heading: '政府信息管理情况', text: '完善信息发布前的保密审查和合法性审查，定期清理已失效的文件，确保公开内容准确。' },
      { heading: '政府信息公开平台建设情况', text: '依托门户网站政府信息公开专栏集中发布信息，同步在政务新媒体推送，方便群众查阅。' },
      { heading: '监督保障情况', text: '将政务公开纳入年度考核，明确专人负责，接受社会监督，本年度未发生责任追究情形。' },
    ],
    s5: ['存在的主要问题：部分栏目更新不够及时，政策解读形式较为单一。', '改进措施：建立栏目更新提醒机制，丰富图表和视频等解读形式，提升公开质量。'],
    s6: [`本年度发出收费通知的件数为${fee.notices}件，总金额为${fee.amount}元，实际收取的总金额为${fee.collected}元。`, '无其他需要报告的事项。'],
  };
}

/** How a value is written in a cell. */
export function cellText(key: string, v: number): string {
  if (key === 'yearChange') return v > 0 ? `+${v}` : String(v);
  return String(v);
}
