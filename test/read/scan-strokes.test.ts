/** Rules found on a scan: strokes of characters joined into a short line are no table rule. */
import { describe, expect, it } from 'vitest';
import type { Gray } from '../../src/read/scan/image.js';
import { findRules } from '../../src/read/scan/rules.js';

/** A gray page at 150 dpi (255 = paper) with dark rectangles [x0, y0, x1, y1). */
function page(w: number, h: number, boxes: [number, number, number, number][]): Gray {
  const data = new Uint8Array(w * h).fill(255);
  for (const [x0, y0, x1, y1] of boxes) for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) data[y * w + x] = 20;
  return { width: w, height: h, data };
}

describe('rules of a scanned table', () => {
  it('drops a short line that does not run from a rule across to a rule across (a text stroke), keeps a short cell border', () => {
    const img = page(700, 600, [
      // the table: columns at 100, 160 (lower half only) and 500; rows at 100, 300, 500
      [100, 100, 102, 500],
      [500, 100, 502, 500],
      [160, 300, 162, 500],
      [100, 100, 502, 102],
      [100, 300, 502, 302],
      [100, 500, 502, 502],
      // a short border of the narrow cell, from rule to rule
      [100, 400, 162, 402],
      // the bottoms of three characters in the upper cell, joined: 0.37 inch, starting just right of the rule, and strokes above
      [110, 250, 165, 252],
      [112, 228, 115, 245],
      [130, 228, 133, 245],
      [150, 228, 153, 245],
    ]);
    const s = 72 / 150;
    const hs = findRules(img, 150).segments.filter((g) => g.y0 === g.y1);
    const near = (y: number): boolean => hs.some((g) => Math.abs(g.y0 - y * s) < 2);
    expect(near(100) && near(300) && near(500)).toBe(true);
    expect(near(400)).toBe(true);
    expect(near(251)).toBe(false);
  });
});
