/** Texts that stop part-way (a page excerpt, a truncated crawl) and page chrome before the title (our own texts). */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { T2_2019, T2_2021, t3Text } from './helpers.js';

/** Table 三 cut off after its row `lastKey` (the rest of the report lost). */
function cutAfter(text: string, label: string): string {
  const at = text.indexOf(label);
  return text.slice(0, text.indexOf('\n', at) + 1);
}

const head = (title: string): string => `${title}\n一、总体情况\n本年度我局认真落实条例要求。\n`;

describe('a table 三 that ends before （六）其他处理', () => {
  const t3 = cutAfter(t3Text('split-other'), '属于四类过程性信息');

  it('claims no version for table 三 and reports no mixed formats (M.hybrid)', () => {
    const r = parseTextReport(head('某某街道办事处2023年政府信息公开工作年度报告') + T2_2021 + t3);
    expect(r.layout.t3).toBeNull();
    expect(r.layout.t2).toBe('2021');
    expect(r.template).toBe('2021');
    expect(r.findings.some((f) => f.rule === 'M.hybrid')).toBe(false);
    // The rows that are there are read; the rows after the cut are missing, never 0.
    expect(r.tables.t3!['granted']!['total']).toBe(4);
    expect(r.tables.t3!['total']!['total']).toBeNull();
    // Read with table 二's version: the missing rows named are the 2021 ones.
    const mRow = r.findings.find((f) => f.rule === 'M.row');
    expect(mRow?.message).toContain('申请人无正当理由逾期不补正');
  });

  it('with a 2019 table 二 the missing rows are the 2019 ones', () => {
    const r = parseTextReport(head('某某街道办事处2020年政府信息公开工作年度报告') + T2_2019 + cutAfter(t3Text('single-other'), '属于四类过程性信息'));
    expect(r.layout.t3).toBeNull();
    expect(r.template).toBe('2019');
    expect(r.findings.find((f) => f.rule === 'M.row')?.message).toContain('（六）其他处理');
  });

  it('a table 三 that shows its single （六） row is still the 2019 shape (M.hybrid with a 2021 table 二)', () => {
    const r = parseTextReport(head('某某街道办事处2023年政府信息公开工作年度报告') + T2_2021 + t3Text('single-other'));
    expect(r.layout.t3).toBe('single-other');
    expect(r.findings.some((f) => f.rule === 'M.hybrid')).toBe(true);
  });
});

describe('a page marker before the title (a flip-book text page)', () => {
  it.each(['Page 8 - ', 'page 12 – ', '第3页 - '])('"%s" is no part of the title or the agency', (mark) => {
    const r = parseTextReport(head(`${mark}某某区信访局2022年政府信息公开工作年度报告`) + T2_2021 + t3Text('split-other'));
    expect(r.agency).toBe('某某区信访局');
    expect(r.title).toBe('某某区信访局2022年政府信息公开工作年度报告');
    expect(r.year).toBe(2022);
  });
});
