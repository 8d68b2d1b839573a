/**
 * A cell the recogniser read unsurely is flagged `lowConfidence` whatever else: the reader names
 * only the first twenty such numbers a page in its warnings, and on a poor photo the cells past
 * them (a 0 read as 02 at 1 %) came out as sure as any.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { readOf, report } from './helpers.js';

describe('cells read unsurely', () => {
  it('are flagged with or without a warning naming them', () => {
    const text = report();
    // The first 4 of the text read at 12 %, the rest sure; the reader gave no warning.
    const at = text.indexOf(' 4 ') + 1;
    const read = { ...readOf(text, true), confidence: (a: number, b: number) => (a <= at && at < b ? 12 : 96) };
    const rep = reportFromRead(read, { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    const unsure = rep.cells.filter((c) => c.confidence === 12);
    expect(unsure).toHaveLength(1);
    expect(unsure[0]!.flags).toContain('lowConfidence');
    expect(rep.cells.filter((c) => c.confidence === 96).some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
  });
});

describe('a fee in 万元 read by OCR with no point', () => {
  const text = report().replace('行政事业性收费 1.25', '行政事业性收费 480042');

  it('is flagged when five digits or more (1 亿元 or more): a lost point reads as a sure number', () => {
    const read = { ...readOf(text, true), confidence: () => 90 };
    const rep = reportFromRead(read, { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    const fee = rep.cells.find((c) => c.table === 't2' && c.row === 'fees' && c.col === 'feesWan')!;
    expect(fee.value).toBe(480042);
    expect(fee.flags).toContain('lowConfidence');
    const f = rep.findings.find((x) => x.rule === 'R.ocrLowConfidence' && x.row === 'fees')!;
    expect(f.message).toContain('480042');
    expect(f.message).toContain('小数点');
  });

  it('is not flagged with its point, nor in a text file', () => {
    const sure = reportFromRead({ ...readOf(report(), true), confidence: () => 90 }, { path: 'scan.pdf', sha256: 'x', bytes: 1 });
    expect(sure.cells.find((c) => c.table === 't2' && c.row === 'fees')!.flags ?? []).not.toContain('lowConfidence');
    const typed = reportFromRead(readOf(text, false), { path: 'a.txt', sha256: 'x', bytes: 1 });
    expect(typed.cells.find((c) => c.table === 't2' && c.row === 'fees')!.flags ?? []).not.toContain('lowConfidence');
  });
});

describe('a cell of 表二, which no relation checks', () => {
  const at = (conf: number) => reportFromRead({ ...readOf(report(), true), confidence: () => conf }, { path: 'scan.pdf', sha256: 'x', bytes: 1 });

  it('read at 70–89 % is flagged and named, where a cell of 表三 or 表四 is not (its relations check it)', () => {
    const rep = at(82);
    const t2 = rep.cells.filter((c) => c.table === 't2' && c.raw !== null);
    expect(t2.length).toBeGreaterThan(5);
    for (const c of t2) {
      expect(c.flags).toContain('lowConfidence');
      const f = rep.findings.find((x) => x.rule === 'R.ocrLowConfidence' && x.table === 't2' && x.row === c.row && x.col === c.col);
      expect(f?.message).toMatch(/^表二「.+」列识别为.+，把握不大（置信度 82%），表二没有可以核对它的关系，请与原件核对$/);
      expect(f?.actual).toBe(c.raw);
    }
    const others = rep.cells.filter((c) => c.table !== 't2' && c.raw !== null);
    expect(others.length).toBeGreaterThan(50);
    expect(others.some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
  });

  it('read at 90 % or more is not flagged', () => {
    const rep = at(90);
    expect(rep.cells.some((c) => c.flags?.includes('lowConfidence'))).toBe(false);
    expect(rep.findings.some((f) => f.rule === 'R.ocrLowConfidence')).toBe(false);
  });
});
