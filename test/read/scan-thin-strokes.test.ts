/** Thin strokes lighter than the ink threshold (a serif face's horizontals at 150 dpi) are ink; flat gray is not. */
import { describe, expect, it } from 'vitest';
import { inkPixels, thinStrokes, type Gray } from '../../src/read/scan/image.js';

/** A gray image (paper 250) with rectangles [x0, y0, x1, y1, gray]. */
function image(w: number, h: number, boxes: [number, number, number, number, number][]): Gray {
  const data = new Uint8Array(w * h).fill(250);
  for (const [x0, y0, x1, y1, v] of boxes) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = v;
  return { width: w, height: h, data };
}

const count = (m: Uint8Array, w: number, [x0, y0, x1, y1]: [number, number, number, number]): number => {
  let n = 0;
  for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) n += m[y * w + x]!;
  return n;
};

describe('thin strokes', () => {
  const thr = 160;
  const img = image(80, 60, [
    // 一 at 150 dpi in a serif face: one row of light gray, 20 pixels long, its foot dark
    [5, 10, 25, 11, 185],
    [25, 9, 27, 12, 60],
    // a vertical hairline of the same gray, two pixels wide, on a dark stroke
    [40, 5, 42, 25, 190],
    [38, 25, 44, 27, 60],
    // a shaded cell: flat gray, as light as the strokes
    [5, 30, 75, 55, 190],
    // a dark stroke with a light gray edge beside it (its blur)
    [50, 5, 54, 25, 40],
    [54, 5, 55, 25, 200],
  ]);

  it('takes a light one-pixel stroke across rows or columns as ink, the threshold alone drops it', () => {
    const thin = thinStrokes(img, thr);
    expect(count(thin, 80, [5, 10, 25, 11])).toBe(20);
    expect(count(thin, 80, [40, 5, 42, 25])).toBe(40);
    const bw = inkPixels(img, thr);
    expect(count(bw, 80, [5, 10, 25, 11])).toBe(20);
    // by the threshold alone: nothing of it
    expect(count(inkPixels(img, thr, new Uint8Array(80 * 60)), 80, [5, 10, 25, 11])).toBe(0);
  });

  it('leaves a flat gray (a shaded cell) and the gray edge of a dark stroke out', () => {
    const thin = thinStrokes(img, thr);
    expect(count(thin, 80, [7, 32, 73, 53])).toBe(0);
    expect(count(thin, 80, [54, 5, 55, 25])).toBe(0);
    // the dark stroke is ink by the threshold
    expect(count(inkPixels(img, thr), 80, [50, 5, 54, 25])).toBe(80);
  });

  it('leaves a thin line with colour out (a seal ring’s edge: light in the red-free image, dark in luminance)', () => {
    const lum = image(80, 60, [
      [5, 10, 25, 11, 185],
      [25, 9, 27, 12, 60],
      [40, 5, 42, 25, 120],
      [38, 25, 44, 27, 60],
    ]);
    const thin = thinStrokes(img, thr, lum);
    expect(count(thin, 80, [5, 10, 25, 11])).toBe(20);
    expect(count(thin, 80, [40, 5, 42, 25])).toBe(0);
  });

  it('leaves a mark more than 40 lighter than the threshold (a JPEG’s noise beside a digit) and a light line longer than a stroke (beside a rule) out', () => {
    const g = image(120, 30, [
      [10, 10, 14, 11, 205],
      [9, 9, 10, 12, 60],
      [10, 20, 110, 21, 185],
      [9, 19, 10, 22, 60],
      [40, 5, 60, 6, 185],
      [60, 4, 61, 7, 60],
    ]);
    const thin = thinStrokes(g, thr, undefined, 40);
    expect(count(thin, 120, [10, 10, 14, 11])).toBe(0);
    expect(count(thin, 120, [10, 20, 110, 21])).toBe(0);
    expect(count(thin, 120, [40, 5, 60, 6])).toBe(20);
    // without a longest stroke, the long line is a stroke
    expect(count(thinStrokes(g, thr), 120, [10, 20, 110, 21])).toBe(100);
  });

  it('leaves a light stroke with no dark ink near it out (the back page showing through, as light as print’s hairlines)', () => {
    const back = image(40, 20, [[5, 10, 30, 11, 185]]);
    expect(count(thinStrokes(back, thr), 40, [0, 0, 40, 20])).toBe(0);
    // the same stroke with a dark foot a pixel beyond its end is print
    const print = image(40, 20, [
      [5, 10, 30, 11, 185],
      [31, 9, 33, 12, 60],
    ]);
    expect(count(thinStrokes(print, thr), 40, [5, 10, 30, 11])).toBe(25);
  });

  it('leaves strokes far lighter than the ink (the back page showing through) out', () => {
    const faint = image(40, 20, [[5, 10, 30, 11, 225]]);
    expect(count(thinStrokes(faint, thr), 40, [0, 0, 40, 20])).toBe(0);
  });
});
