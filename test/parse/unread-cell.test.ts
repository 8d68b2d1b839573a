/**
 * A question mark alone in a table cell is a cell not read: the scan reader writes ？ where a
 * cell's ink reads as nothing (a serif 1 at 150 dpi, a bar three pixels wide), and converters
 * write ? for a character they could not map. It holds its column, its value unknown: the row's
 * other cells keep their columns (never shifted into its place), and the cell is either fixed by a
 * relation (derived, flagged) or missing with a finding — never 0, never dropped.
 */
import { describe, expect, it } from 'vitest';
import { reportFromRead } from '../../src/index.js';
import { readOf, report, T4_TEXT, t3Text, t3Values } from './helpers.js';

const parse = (text: string, ocr: boolean): ReturnType<typeof reportFromRead> =>
  reportFromRead(readOf(text, ocr), { path: ocr ? 'scan.pdf' : 'report.pdf', sha256: 'x', bytes: 1 });

const cell = (rep: ReturnType<typeof reportFromRead>, row: string, col: string) => rep.cells.find((c) => c.table === 't3' && c.row === row && c.col === col);

describe('a cell not read (？ alone in its cell)', () => {
  // 予以公开 3 1 0 0 0 0 4: its 自然人 not read.
  const text = report({ t3: t3Text('split-other', t3Values('split-other'), (row, cells) => (row === 'granted' ? cells.replace(/^3 /, '？ ') : cells)) });

  for (const ocr of [true, false]) {
    it(`holds its column; the row's 总计 fixes it (${ocr ? 'scan' : 'text'})`, () => {
      expect(text).toContain('（一）予以公开 ？ 1 0 0 0 0 4');
      const rep = parse(text, ocr);
      // The other cells where they stand: 商业企业 1, not moved to 自然人.
      expect(rep.tables.t3!['granted']).toEqual({ naturalPerson: 3, commercial: 1, research: 0, publicWelfare: 0, legalService: 0, otherOrg: 0, total: 4 });
      const nat = cell(rep, 'granted', 'naturalPerson')!;
      expect(nat.status).toBe('derived');
      expect(nat.flags).toContain('derivedFromRelation');
      expect(cell(rep, 'granted', 'commercial')!.status).toBe('read');
    });
  }

  it('two cells not read in a row whose relations cannot fix both: missing, said, nothing shifted', () => {
    const two = report({ t3: t3Text('split-other', t3Values('split-other'), (row, cells) => (row === 'granted' ? cells.replace(/^3 1 /, '？ ？ ') : cells)) });
    const rep = parse(two, true);
    const row = rep.tables.t3!['granted']!;
    expect(row['research']).toBe(0);
    expect(row['total']).toBe(4);
    // 自然人 and 商业企业 add up to 4 with the columns' relations: fixed only where those fix them.
    for (const col of ['naturalPerson', 'commercial']) {
      const c = cell(rep, 'granted', col)!;
      if (c.value === null) expect(c.status).toBe('missing');
      else expect(c.flags).toContain('derivedFromRelation');
    }
    expect(rep.findings.some((f) => f.table === 't3' && f.row === 'granted' && f.severity !== 'info')).toBe(true);
  });

  it('table 四: the cell not read stands where it is, not wherever the sums allow', () => {
    // 复议: 维持 1, 纠正 0, 其他 0, 尚未审结 1, 总计 2 — its 维持 not read. Dropped, the four values
    // left (0 0 1 2) fit the group's sum with the lost cell in any of three places.
    const t4 = T4_TEXT.replace('\n1 0 0 1 2 ', '\n？ 0 0 1 2 ');
    expect(t4).toContain('？ 0 0 1 2 0');
    const rep = parse(report({ t4 }), true);
    const review = rep.tables.t4!['review']!;
    expect(review).toMatchObject({ corrected: 0, other: 0, pending: 1, total: 2 });
    expect(review['upheld']).toBe(1);
    const c = rep.cells.find((x) => x.table === 't4' && x.row === 'review' && x.col === 'upheld')!;
    expect(c.flags).toContain('derivedFromRelation');
    expect(rep.findings.find((f) => f.rule === 'P.cellCount' && f.table === 't4')?.message).toBe(
      '表四数据行有1个单元格原文无法识别（？）；「行政复议-结果维持」列按勾稽关系推算为1',
    );
  });

  for (const ocr of [true, false]) {
    it(`a number garbled with a point after it (34413 read 24.41.) holds its column too (${ocr ? 'scan' : 'text'})`, () => {
      // Passed over as a list number (1. before a label), the cells after it moved a column left
      // and the row's 总计 was taken for a blank and derived from them.
      const garbled = report({
        t3: t3Text('split-other', t3Values('split-other'), (row, cells) => (row === 'granted' ? cells.replace(/^3 /, '2.4. ') : cells)),
      });
      expect(garbled).toContain('（一）予以公开 2.4. 1 0 0 0 0 4');
      const rep = parse(garbled, ocr);
      expect(rep.tables.t3!['granted']).toEqual({ naturalPerson: 3, commercial: 1, research: 0, publicWelfare: 0, legalService: 0, otherOrg: 0, total: 4 });
      expect(cell(rep, 'granted', 'naturalPerson')!.flags).toContain('derivedFromRelation');
      // The other cells where they stand, not placed by the relations as if one were lost.
      for (const col of ['commercial', 'total']) expect(cell(rep, 'granted', col)!.flags ?? []).not.toContain('placedByRelation');
      expect(rep.findings.find((f) => f.rule === 'P.cellCount' && f.row === 'granted')?.message).toBe(
        '表三「予以公开」行有1个单元格原文无法识别（2.4.）；「自然人」列按勾稽关系推算为3',
      );
    });
  }

  it('a list number before a label is still no cell (1.属于国家秘密, 1. 属于…)', () => {
    for (const t of [t3Text('split-other'), t3Text('split-other').replace('1.属于国家秘密', '1. 属于国家秘密')]) {
      const rep = parse(report({ t3: t }), false);
      expect(Object.values(rep.tables.t3!['denied.stateSecret']!)).toEqual(t3Values('split-other')['denied.stateSecret']);
    }
  });

  it('a question mark inside a label or a sentence is not a cell', () => {
    const rep = parse(report({ t3: t3Text('split-other').replace('（一）予以公开', '（一）予以公开?') }), false);
    expect(Object.values(rep.tables.t3!['granted']!)).toEqual(t3Values('split-other')['granted']);
  });
});
