/**
 * The test-data author itself: arbitraries give valid reports, rendering is deterministic, every
 * layout feature it claims appears in the text, and the cell map points at the right tokens.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LAYOUT_FAMILIES, renderReport, renderReportDetailed, resolveLayout, titleOf, wrap, TITLE_FORMS } from '../../src/synth/render-text.js';
import { layoutArb, reportValuesArb } from '../../src/synth/random.js';
import { generateValues, kindOf, relationErrors, type ReportValues } from '../../src/synth/values.js';
import { normalize } from '../../src/read/normalize.js';
import { goldCells } from './helpers.js';

const SEED = 7;

/** The number a rendered token stands for (units, signs, dashes and full-width forms as the renderer writes them). */
function tokenValue(raw: string): number {
  const t = raw.normalize('NFKC').replace(/[件元]$/, '');
  if (/^(?:[-—/])$/.test(t)) return 0;
  const sign = /^[-减]/.test(t) ? -1 : 1;
  return sign * Number(t.replace(/^[-+增减]/, '').replace(/,/g, ''));
}

describe('value arbitraries and generator', () => {
  it('give reports satisfying every relation, of every kind, mostly small with some ≥ 1000', () => {
    const samples = [...fc.sample(reportValuesArb(), { seed: SEED, numRuns: 300 }), ...Array.from({ length: 300 }, (_, i) => generateValues(i + 1))];
    const kinds = new Set<string>();
    let large = 0;
    let zeros = 0;
    let cells = 0;
    for (const v of samples) {
      expect(relationErrors(v), `${kindOf(v)} ${v.agency}`).toEqual([]);
      kinds.add(kindOf(v));
      for (const c of goldCells(v)) {
        cells++;
        if (c.value >= 1000) large++;
        if (c.value === 0) zeros++;
      }
    }
    expect([...kinds].sort()).toEqual(['2019', '2021', 'hybrid']);
    expect(large).toBeGreaterThan(0);
    expect(zeros / cells).toBeGreaterThan(0.5);
    // 2019 本年增/减 may be negative; fees have up to four decimals.
    expect(samples.some((v) => Object.values(v.tables.t2).some((r) => (r['yearChange'] ?? 0) < 0))).toBe(true);
    expect(samples.some((v) => /\.\d{3,4}$/.test(String(v.tables.t2['fees']?.['feesWan'])))).toBe(true);
  });

  it('generateValues is deterministic from its seed', () => {
    expect(generateValues(42)).toEqual(generateValues(42));
    expect(generateValues(42)).not.toEqual(generateValues(43));
  });

  it('rejects values that break a relation', () => {
    const v = generateValues(5, { kind: '2021' });
    v.tables.t3['granted']!['naturalPerson']! += 1;
    const errors = relationErrors(v);
    expect(errors).toContain('t3 rowSum granted');
    expect(errors.some((e) => e.startsWith('t3 outcomeSum'))).toBe(true);
  });
});

describe('renderReport', () => {
  const v: ReportValues = generateValues(11, { kind: '2021', scale: 'large' });

  it('is deterministic from values and options, and the seed changes the text', () => {
    for (const family of LAYOUT_FAMILIES) {
      expect(renderReport(v, { family, seed: 3 })).toBe(renderReport(v, { family, seed: 3 }));
      expect(renderReport(v, { family, seed: 3 })).not.toBe(renderReport(v, { family, seed: 4 }));
    }
  });

  it('writes the title, the six section headings and section 六 with the 信息处理费 facts', () => {
    const full: ReportValues = { ...v, narrative: { ...v.narrative, fee: { kind: 'full', noticeCount: 2, noticeAmount: 30, collectedAmount: 10 } } };
    const text = renderReport(full, { family: 'tsv', seed: 1, variants: false, titleForm: 0, headingNumbers: 'cn' });
    expect(text).toContain(`${v.agency}${v.year}年政府信息公开工作年度报告`);
    for (const h of [
      '一、总体情况',
      '二、主动公开政府信息情况',
      '三、收到和处理政府信息公开申请情况',
      '四、政府信息公开行政复议、行政诉讼情况',
      '五、存在的主要问题及改进情况',
      '六、其他需要报告的事项',
    ])
      expect(text).toContain(h);
    expect(text).toContain('发出收费通知的件数为2件，总金额为30元，实际收取的总金额为10元');
    expect(TITLE_FORMS.map((_, i) => titleOf(v, i)).every((t) => t.includes(v.agency) && t.includes(String(v.year)))).toBe(true);
  });

  it('shows each layout feature when asked', () => {
    const pdf = renderReport(v, { family: 'pdf', seed: 2, kangxi: true, fullWidth: 'values', thousands: true, noise: true, labelWidth: 6, cellWidth: 2 });
    expect(pdf).toMatch(/[\u2f00-\u2fd5]/); // Kangxi radicals
    expect(pdf).toMatch(/[０-９]/); // full-width digits
    expect(pdf).toMatch(/[０-９]，[０-９]{3}/); // 1,234 grouping (in full width)
    expect(normalize(pdf).text).toMatch(/^(?:- \d+ -|— \d+ —|第 \d+ 页 共 \d+ 页|第\d+页)$/m); // page footers (⻚ folded)
    expect(pdf.split('\n').some((l) => l.length > 0 && l.length <= 2 && /\p{Script=Han}/u.test(l))).toBe(true); // narrow wrapped cells
    const cells = renderReport(v, { family: 'cells', seed: 2 });
    expect(cells).toMatch(/^\t$/m); // merged cells as empty tab lines
    expect(cells).toMatch(/^\t[ \u3000\u00a0]*\d+ ?$/m);
    expect(renderReport(v, { family: 'tsv', seed: 2 })).toMatch(/^[^\t\n]+(\t[^\t\n]*){9}$/m); // table 三 rows of 10 cells
    expect(renderReport(v, { family: 'markdown', seed: 2 })).toMatch(/^\| --- \|/m);
    const variants = [1, 2, 3, 4, 5, 6, 7, 8].map((seed) => renderReport(v, { family: 'tsv', seed, variants: true, headingNumbers: 'arabic23' })).join('\n');
    expect(variants).toContain('其他法律法规禁止公开');
    expect(variants).toMatch(/\(一\) ?予以公开/);
    expect(variants).toContain('2、 主动公开政府信息情况');
  });

  it('places every table value at the offsets it reports, once', () => {
    fc.assert(
      fc.property(reportValuesArb(), layoutArb(), (values, layout) => {
        const r = renderReportDetailed(values, layout);
        const gold = new Map(goldCells(values).map((c) => [`${c.table}|${c.row}|${c.col}`, c.value]));
        expect(r.cells.length).toBe(gold.size);
        for (const c of r.cells) {
          const raw = r.text.slice(c.start, c.end);
          expect(tokenValue(raw), `${c.table} ${c.row}.${c.col} "${raw}"`).toBe(gold.get(`${c.table}|${c.row}|${c.col}`));
        }
        for (const l of r.lines) expect(r.text.slice(l.start, l.end)).not.toContain('\n');
      }),
      { seed: SEED, numRuns: 60 },
    );
  });

  it('resolves unspecified options from the seed and keeps given ones', () => {
    const a = resolveLayout({ family: 'pdf', seed: 9 });
    expect(resolveLayout({ family: 'pdf', seed: 9 })).toEqual(a);
    expect(resolveLayout({ family: 'pdf', seed: 9, kangxi: !a.kangxi })).toEqual({ ...a, kangxi: !a.kangxi });
  });
});

describe('wrap', () => {
  it('cuts at the width but never right after a digit, a list number or before closing punctuation', () => {
    expect(wrap('1.属于国家秘密', 2)).toEqual(['1.属', '于国', '家秘', '密']);
    expect(wrap('本年收费金额（单位：万元，保留4位小数）', 13)).toEqual(['本年收费金额（单位：万元，', '保留4位小数）']);
    expect(wrap('（四）无法提供', 4)).toEqual(['（四）无', '法提供']);
    for (const l of wrap('2024年度政府信息公开工作年度报告', 4)) expect(l).not.toMatch(/\d$/);
  });
});
