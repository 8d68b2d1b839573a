/**
 * A row label with a sentence mark inside it (（二）部分公开（区分处理的。只计这一情形。不计其他情形）: a ，
 * the recogniser read as 。, or a producer's typo) made its line prose, and a prose line's numbers
 * are not a row's: the row skipped its own values and took the next line's — another row's, when
 * that row's label was not found — as its own, silently. The label's own marks no longer make its
 * values prose.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { readOf, report, t3Text, t3Values } from './helpers.js';

const parse = (text: string, ocr: boolean): ReturnType<typeof reportFromRead> =>
  reportFromRead(readOf(text, ocr), { path: ocr ? 'scan.pdf' : 'report.pdf', sha256: 'x', bytes: 1 });

/** split-other values with 部分公开 2 and 国家秘密 1 from 自然人, the sums kept. */
function values(): Record<string, number[]> {
  const v = t3Values('split-other');
  const add = (row: string, n: number): void => {
    v[row]![0]! += n;
    v[row]![6]! += n;
  };
  add('partial', 2);
  add('denied.stateSecret', 1);
  add('total', 3);
  add('newReceived', 3);
  return v;
}
const PARTIAL = '（二）部分公开（区分处理的，只计这一情形，不计其他情形）';
const STOPPED = '（二）部分公开（区分处理的。只计这一情形。不计其他情形）';

describe('a row label with a sentence mark inside', () => {
  for (const ocr of [false, true]) {
    it(`keeps its values on its line (${ocr ? 'scan' : 'text'})`, () => {
      const text = report({ t3: t3Text('split-other', values()).replace(PARTIAL, STOPPED) });
      expect(text).toContain(`${STOPPED} 2 0 0 0 0 0 2`);
      const rep = parse(text, ocr);
      expect(Object.values(rep.tables.t3!['partial']!)).toEqual([2, 0, 0, 0, 0, 0, 2]);
      expect(Object.values(rep.tables.t3!['denied.stateSecret']!)).toEqual([1, 0, 0, 0, 0, 0, 1]);
    });
  }

  it('never takes the next row’s values when that row’s label is not found', () => {
    const text = report({ t3: t3Text('split-other', values()).replace(PARTIAL, STOPPED).replace('1.属于国家秘密', '1.属于时家秘密') });
    const rep = parse(text, false);
    const row = Object.values(rep.tables.t3!['partial']!);
    // Its own values, or none: never 国家秘密's 1 … 1.
    expect(row.every((v) => v === null) || JSON.stringify(row) === JSON.stringify([2, 0, 0, 0, 0, 0, 2])).toBe(true);
    expect(row).not.toEqual([1, 0, 0, 0, 0, 0, 1]);
  });

  it('a sentence before the label on its line still makes the line prose', () => {
    const text = report({ t3: t3Text('split-other', values()).replace(PARTIAL, `说明：见附注。${PARTIAL}`) });
    const rep = parse(text, false);
    // Its numbers are not read from that line (the relations may still derive them).
    const own = rep.cells.filter((c) => c.table === 't3' && c.row === 'partial');
    expect(own.some((c) => c.status === 'read')).toBe(false);
  });
});
