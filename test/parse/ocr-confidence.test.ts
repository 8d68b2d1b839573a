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
