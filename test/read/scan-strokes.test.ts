/** Rules found on a scan: strokes of characters joined into a short line are no table rule. */
import { describe, expect, it } from 'vitest';
import type { Gray } from '../../src/read/scan/image.js';
import { buildGrids } from '../../src/read/pdf/grid.js';
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

describe('a heading set close above a table', () => {
  it('its strokes standing on the top rule are no column rule: the grid starts at the top rule; a one-row cell border stays', () => {
    // 150 dpi. The table: rows at 200, 240 (a one-line row, 0.27 inch) and 400; columns at 100 and
    // 600, one at 350 in the first row only (from rule to rule). A bold heading's vertical strokes
    // 0.17 inch tall end 4 px above the top rule (at 180, 260, 420): joined over that gap they were
    // short lines on the rule, a row of the table above it.
    const img = page(700, 500, [
      [100, 200, 602, 202],
      [100, 240, 602, 242],
      [100, 400, 602, 402],
      [100, 200, 102, 402],
      [600, 200, 602, 402],
      [350, 200, 352, 242],
      [180, 171, 185, 197],
      [260, 171, 265, 197],
      [420, 171, 425, 197],
      // the heading's horizontal strokes beside them
      [150, 175, 176, 178],
      [268, 185, 290, 188],
      [395, 180, 416, 183],
    ]);
    const rules = findRules(img, 150);
    const xs = rules.v.map((r) => r.at).sort((a, b) => a - b);
    expect(xs.filter((x) => x > 110 && x < 590).map((x) => Math.round(x / 10) * 10)).toEqual([350]);
    const grids = buildGrids(rules.segments);
    expect(grids).toHaveLength(1);
    // The grid's top is the top rule (in points: 200 px at 150 dpi), not the strokes' top.
    expect(grids[0]!.box[1]).toBeGreaterThan(198 * (72 / 150));
  });
});

describe('column rules that lean (a photo taken at an angle)', () => {
  it('finds a column rule leaning 3° as one rule, with its lean, where its union of rows is far thicker than a rule', () => {
    // Rows at 100 and 400; columns from x = 100, 300, 500 at the top, each drifting 0.05 px right per px down
    // (15 px over the table, 2 px thick): no column is upright over more than 20 rows.
    const boxes: [number, number, number, number][] = [
      [100, 100, 520, 102],
      [100, 400, 520, 402],
    ];
    for (const x of [100, 300, 500])
      for (let y = 100; y < 402; y++) {
        const xc = Math.round(x + 0.05 * (y - 100));
        boxes.push([xc, y, xc + 2, y + 1]);
      }
    const rules = findRules(page(700, 600, boxes), 150);
    const v = rules.v.slice().sort((a, b) => a.at - b.at);
    expect(v.map((r) => Math.round(r.at / 10) * 10)).toEqual([110, 310, 510]);
    for (const r of v) {
      expect(r.to - r.from).toBeGreaterThan(280);
      expect(r.lean?.slope).toBeCloseTo(0.05, 2);
      // The lean places the rule's pixels: at the top near x, at the bottom 15 px right.
      expect(r.lean!.base + r.lean!.slope * 100).toBeGreaterThan(r.at - 10);
      expect(r.lean!.base + r.lean!.slope * 100).toBeLessThan(r.at);
    }
  });
});

describe('an upright column rule with ink beside part of it', () => {
  it('has no lean (the digits beside it are not erased along a lean it does not have)', () => {
    // Rows at 100 and 400; an upright column at 300 (2 px), and beside its upper part a stroke
    // touching it for 80 px (a blurred edge, a character's stroke): neither makes it lean.
    const rules = findRules(
      page(700, 600, [
        [100, 100, 520, 102],
        [100, 400, 520, 402],
        [100, 100, 102, 402],
        [300, 100, 302, 402],
        [302, 120, 304, 200],
        [500, 100, 502, 402],
      ]),
      150,
    );
    const v = rules.v.filter((r) => Math.abs(r.at - 301) <= 3);
    expect(v.length).toBeGreaterThan(0);
    for (const r of v) expect(r.lean).toBeUndefined();
  });
});
