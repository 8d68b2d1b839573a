/**
 * A faint mark in a cell (a thin face's digit photographed at 150 dpi: lighter than the page's ink
 * threshold, so the ink image leaves the cell empty) is found in the levelled image, so the cell is
 * flagged as not read instead of read blank — and 0. Grain and lone specks are no mark.
 */
import { describe, expect, it } from 'vitest';
import type { Gray } from '../../src/read/scan/image.js';
import { faintMark, lostDigits } from '../../src/read/scan/faint.js';
import type { PxBox } from '../../src/read/scan/columns.js';

/** A cell of paper at 215 with grain (±12, seeded), and rectangles of `level`. */
function cell(w: number, h: number, marks: [number, number, number, number][], level: number, seed = 7): Gray {
  let a = seed;
  const rnd = (): number => {
    a = (a * 1103515245 + 12345) & 0x7fffffff;
    return a / 0x7fffffff;
  };
  const data = new Uint8Array(w * h);
  for (let i = 0; i < data.length; i++) data[i] = Math.round(215 + (rnd() - 0.5) * 24);
  return paint({ width: w, height: h, data }, marks, level);
}

/** Rectangles [x0, y0, x1, y1) of `level` painted on `g`. */
function paint(g: Gray, rects: [number, number, number, number][], level: number): Gray {
  for (const [x0, y0, x1, y1] of rects) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) g.data[y * g.width + x] = level;
  return g;
}

const EM = 24;
const BOX: PxBox = [0, 0, 300, 36];
/** A digit 2 of one-pixel strokes, 14 px tall, at x = 20. */
const TWO: [number, number, number, number][] = [
  [20, 10, 29, 11],
  [28, 10, 29, 17],
  [20, 16, 29, 17],
  [20, 16, 21, 24],
  [20, 23, 30, 24],
];

describe('faintMark', () => {
  it('finds a digit of light one-pixel strokes (165 on paper at 215) and gives its box', () => {
    const b = faintMark(cell(300, 36, TWO, 165), BOX, EM)?.box;
    expect(b).toBeDefined();
    expect(b![0]).toBeGreaterThanOrEqual(19);
    expect(b![2]).toBeLessThanOrEqual(31);
    expect(b![3] - b![1]).toBeGreaterThanOrEqual(13);
  });

  it('grain alone is no mark; nor a mark too light (195), nor a lone speck, nor a dash shorter than a third of an em', () => {
    expect(faintMark(cell(300, 36, [], 165), BOX, EM)).toBeNull();
    expect(faintMark(cell(300, 36, TWO, 195), BOX, EM)).toBeNull();
    expect(faintMark(cell(300, 36, [[150, 15, 152, 17]], 120), BOX, EM)).toBeNull();
    expect(faintMark(cell(300, 36, [[150, 15, 170, 17]], 120), BOX, EM)).toBeNull();
  });

  it('looks only inside the box it is given (the side of a cell beside a number read)', () => {
    const img = cell(300, 36, TWO, 165);
    expect(faintMark(img, [40, 0, 300, 36], EM)).toBeNull();
    expect(faintMark(img, [0, 0, 40, 36], EM)).not.toBeNull();
  });
});

describe('faintMark at a cell’s edges', () => {
  it('the gray edge of a rule along a side, or rows of it at the top and bottom, is no mark; on an open side (beside a number) a mark at the edge is', () => {
    const rules: [number, number, number, number][] = [
      [0, 0, 1, 36],
      [299, 0, 300, 36],
      [0, 0, 300, 1],
      [0, 35, 300, 36],
    ];
    expect(faintMark(cell(300, 36, rules, 150), BOX, EM)).toBeNull();
    const twoAtEdge = cell(
      300,
      36,
      TWO.map(([x0, y0, x1, y1]) => [x0 - 20, y0, x1 - 20, y1] as [number, number, number, number]),
      165,
    );
    expect(faintMark(twoAtEdge, BOX, EM)).toBeNull();
    expect(faintMark(twoAtEdge, BOX, EM, { left: true })).not.toBeNull();
  });
});

describe('lostDigits: a faint digit beside a number read in its cell (25 read 5, 48.0042 read 48.004)', () => {
  // The number read: a dark 5 at x 32–40 (its line box); a faint 2 of one-pixel strokes left of it, at x 20–29.
  const FIVE: [number, number, number, number][] = [
    [32, 10, 40, 12],
    [32, 10, 34, 17],
    [32, 16, 40, 18],
    [38, 16, 40, 24],
    [32, 22, 40, 24],
  ];
  const line: PxBox = [32, 10, 40, 24];
  const withFive = (g: Gray): Gray => paint(g, FIVE, 20);
  it('finds the faint digit on the side it stands, level with the line', () => {
    const found = lostDigits(withFive(cell(300, 36, TWO, 165)), line, BOX, EM);
    expect(found).toHaveLength(1);
    expect(found[0]!.box[2]).toBeLessThanOrEqual(32);
  });
  it('nothing beside the number, or a mark an em and more away, or one shorter than half an em, is no lost digit', () => {
    expect(lostDigits(withFive(cell(300, 36, [], 165)), line, BOX, EM)).toEqual([]);
    const far = TWO.map(([x0, y0, x1, y1]) => [x0 + 50, y0, x1 + 50, y1] as [number, number, number, number]);
    expect(lostDigits(withFive(cell(300, 36, far, 165)), line, BOX, EM)).toEqual([]);
    expect(lostDigits(withFive(cell(300, 36, [[44, 20, 50, 24]], 165)), line, BOX, EM)).toEqual([]);
  });
});

describe('faintMark and a red seal', () => {
  it('what is left of a seal (faint in the ink image, dark in the gray one) is no mark; a gray digit, alike in both, is', () => {
    const ink = cell(300, 36, TWO, 165);
    const gray = (level: number): Gray => cell(300, 36, TWO, level);
    expect(faintMark(ink, BOX, EM, {}, gray(60))).toBeNull();
    expect(faintMark(ink, BOX, EM, {}, gray(160))).not.toBeNull();
  });
});
