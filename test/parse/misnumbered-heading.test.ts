/**
 * A section heading numbered wrong (二、收到和处理政府信息公开申请情况 right after 二、主动公开…), as
 * crawled pages of real reports have it (our own texts, made-up agency and figures).
 */
import { describe, expect, it } from 'vitest';
import { parseTextReport } from '../../src/index.js';
import { report, T2_2019, t3Text } from './helpers.js';

const T3_MISNUMBERED = t3Text('single-other').replace('三、收到和处理', '二、收到和处理');

describe('a heading numbered as the section before it', () => {
  it('is still the heading of the section its words name', () => {
    const r = parseTextReport(report({ t2: T2_2019, t3: T3_MISNUMBERED }));
    expect(r.sections.find((s) => s.key === 's3')?.heading).toBe('二、收到和处理政府信息公开申请情况');
    expect(r.findings.some((f) => f.rule === 'M.section')).toBe(false);
    expect(r.tables.t3?.['newReceived']?.['total']).toBe(5);
  });

  it('is found when its words are the section label (三、政府信息公开行政复议、行政诉讼情况 for 四)', () => {
    const r = parseTextReport(report().replace('四、政府信息公开行政复议、行政诉讼情况', '三、政府信息公开行政复议、行政诉讼情况'));
    expect(r.sections.find((s) => s.key === 's4')?.heading).toBe('三、政府信息公开行政复议、行政诉讼情况');
    expect(r.findings.some((f) => f.rule === 'M.section')).toBe(false);
    expect(r.tables.t4?.['review']?.['total']).toBe(2);
  });

  it('a sub-item in brackets is never taken for a heading numbered wrong', () => {
    const r = parseTextReport(report().replace('四、政府信息公开行政复议、行政诉讼情况', '（四）政府信息公开行政复议、行政诉讼情况'));
    expect(r.sections.find((s) => s.key === 's4')?.heading ?? null).toBeNull();
  });

  it('a line with the section number of its own is preferred to one numbered wrong', () => {
    const text = report({ t2: T2_2019, t3: t3Text('single-other') }).replace(
      '二、主动公开政府信息情况',
      '二、收到和处理政府信息公开申请情况\n二、主动公开政府信息情况',
    );
    const r = parseTextReport(text);
    expect(r.sections.find((s) => s.key === 's3')?.heading).toBe('三、收到和处理政府信息公开申请情况');
  });

  it('on a flattened page, it ends the row before it: the amount glued to it is read', () => {
    // The whole page on one line, cells separated by spaces, the amount run into the heading.
    const flat = report({ t2: T2_2019.replace('政府集中采购 3 52.15\n', '政府集中采购 3个 52000元'), t3: T3_MISNUMBERED })
      .split('\n')
      .join('');
    const r = parseTextReport(flat);
    const cell = (col: string) => r.cells.find((c) => c.table === 't2' && c.row === 'procurement' && c.col === col);
    expect(cell('projects')?.value).toBe(3);
    expect(cell('amount')?.value).toBe(52000);
    expect(cell('amount')?.raw).toBe('52000元');
    expect(r.sections.find((s) => s.key === 's3')).toBeTruthy();
  });
});
