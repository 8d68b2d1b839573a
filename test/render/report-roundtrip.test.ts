/**
 * Issue 12, item 3: every report writer's output parses back to the record it was written from.
 * For generated reports (src/synth/values.ts generateValues, several seeds, the 2021 and 2019
 * templates and the hybrid) and gold values (src/synth/fixture-gold.ts randomGold; the seeds'
 * gold read at test time through src/synth/from-gold.ts), written as DOCX, HTML and Markdown:
 * `parseReport(render(record))` gives the same tables cell by cell (nulls included: a blank cell
 * stays blank), agency, year, template and layout, section headings and narrative facts. Every
 * record carries a decimal (表二's 本年收费金额 in 万元, or 2019's 采购总金额) and blank cells
 * (a whole 表二 row, a 0 and a non-zero cell of 表三, a cell of 表四). PDF: report-pdf.test.ts.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { randomGold } from '../../src/synth/fixture-gold.js';
import { fixtureFromGold, type GoldFile } from '../../src/synth/from-gold.js';
import { generateValues, type ReportKind } from '../../src/synth/values.js';
import { parseReport } from '../../src/index.js';
import type { Report } from '../../src/model/report.js';
import { renderReport, type ReportFormat } from '../../src/render/report.js';
import { MD_BLANK } from '../../src/render/report-markdown.js';
import { differences } from './report-compare.js';
import { recordFromGold, recordFromValues, withBlanks } from './records.js';

const FORMATS: { format: Exclude<ReportFormat, 'pdf'>; blank: string }[] = [
  { format: 'docx', blank: '' },
  { format: 'html', blank: '' },
  { format: 'md', blank: MD_BLANK },
];

const generated: { name: string; record: Report }[] = (['2021', '2019', 'hybrid'] as ReportKind[]).flatMap((kind) =>
  [11, 12, 13, 14].map((seed) => ({ name: `generated ${kind} seed ${seed}`, record: withBlanks(recordFromValues(generateValues(seed, { kind })), seed) })),
);

const golds: { name: string; record: Report }[] = [
  ...[1, 2].map((seed) => ({
    name: `randomGold 2021 seed ${seed}`,
    record: withBlanks(
      recordFromGold(randomGold({ seed, name: `g${seed}`, agency: '青禾县水利局', year: 2023, template: '2021', t3Shape: 'split-other', notes: '' })),
      seed,
    ),
  })),
  {
    name: 'randomGold 2019 seed 3',
    record: withBlanks(
      recordFromGold(randomGold({ seed: 3, name: 'g3', agency: '东平县财政局', year: 2020, template: '2019', t3Shape: 'single-other', notes: '' })),
      3,
    ),
  },
];

const goldDir = join(__dirname, '..', '..', '..', 'shared', 'gold');
const seedGolds = readdirSync(goldDir)
  .filter((f) => f.endsWith('.json'))
  .sort()
  .flatMap((f) => {
    const fx = fixtureFromGold(f, JSON.parse(readFileSync(join(goldDir, f), 'utf8')) as GoldFile, '示例县人民政府办公室');
    return fx ? [{ name: `seed gold ${f}`, record: recordFromGold(fx) }] : [];
  });

async function roundTrip(record: Report, format: Exclude<ReportFormat, 'pdf'>, blank: string): Promise<{ parsed: Report; diffs: string[] }> {
  const out = await renderReport(record, format);
  if (!out.ok) throw new Error(out.message);
  const parsed = await parseReport(out.bytes, { path: `report.${out.ext}` });
  return { parsed, diffs: differences(record, parsed, blank) };
}

describe('report writers: parse(render(record)) gives the record back', () => {
  it('the cases cover both templates, the hybrid, decimals and blanks', () => {
    const all = [...generated, ...golds];
    expect(new Set(all.map((c) => c.record.template))).toEqual(new Set(['2019', '2021']));
    expect(all.some((c) => c.record.layout.t2 === '2021' && c.record.layout.t3 === 'single-other')).toBe(true);
    for (const { record } of all) {
      const t2 = record.tables.t2!;
      const dec = record.layout.t2 === '2021' ? t2['fees']!['feesWan']! : t2['procurement']!['amount']!;
      expect(Number.isInteger(dec)).toBe(false);
      expect(record.tables.t3!['granted']).toBeDefined();
      expect(Object.values(record.tables.t3!).some((row) => Object.values(row).includes(null))).toBe(true);
    }
    expect(seedGolds.length).toBeGreaterThanOrEqual(4);
  });

  for (const { format, blank } of FORMATS) {
    describe(format, () => {
      for (const { name, record } of [...generated, ...golds, ...seedGolds]) {
        it(name, async () => {
          const { parsed, diffs } = await roundTrip(record, format, blank);
          expect(diffs).toEqual([]);
          // Nothing read by guesswork: no finding of the reader or the parser.
          expect(parsed.findings.filter((f) => /^[RP]\./.test(f.rule) && f.severity !== 'info').map((f) => f.message)).toEqual([]);
        });
      }
    });
  }

  it('the 落款 (agency and date) is written and read back', async () => {
    const record = generated[0]!.record;
    const signed: Report = { ...record, publication: { date: '2024-01-26', dateFrom: 'signature', url: null, signedBy: record.agency } };
    for (const { format, blank } of FORMATS) {
      const { parsed, diffs } = await roundTrip(signed, format, blank);
      expect(diffs).toEqual([]);
      expect({ date: parsed.publication.date, signedBy: parsed.publication.signedBy }).toEqual({ date: '2024-01-26', signedBy: record.agency });
    }
  });

  it('section texts given by the unit are written in place of the stated facts, and read back', async () => {
    const record = recordFromValues(generateValues(21, { kind: '2021' }));
    const received = record.tables.t3!['newReceived']!['total']!;
    const sections = {
      s1: `（一）主动公开情况\n本机关全年主动公开政府信息321条。\n（二）依申请公开情况\n全年收到政府信息公开申请${received}件，均按期答复。`,
      s5: ['存在的主要问题：栏目更新不够及时。', '改进措施：建立更新提醒机制。'],
      s6: '本年度发出收费通知的件数为2件，总金额为100元，实际收取的总金额为50元。',
    };
    for (const { format } of FORMATS) {
      const out = await renderReport(record, format, { sections });
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      const parsed = await parseReport(out.bytes, { path: `report.${out.ext}` });
      expect(parsed.narrative.proactiveItems).toBe(321);
      expect(parsed.narrative.requestsReceived).toBe(received);
      expect(parsed.narrative.infoFee).toMatchObject({ noticeCount: 2, noticeAmount: 100, collectedAmount: 50, compliance: 'full' });
      expect(parsed.sections.map((s) => s.heading)).toEqual(record.sections.map((s) => s.heading));
    }
  });
});
