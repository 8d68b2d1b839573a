/**
 * A scanned line cut at the column rule it crosses (scan/columns.ts): a table drawn with its column
 * rules but not its row rules makes no grid, and the text of two label columns joins across the
 * rule into one line that names no row.
 */
import { describe, expect, it } from 'vitest';
import { cutAtColumnRules } from '../../src/read/scan/columns.js';
import { drawn } from './drawn.js';

describe('cutAtColumnRules', () => {
  const w = 200;
  const page = () => {
    const d = drawn(w, 100);
    d.fill(10, 40, 60, 60); // text left of the rule
    d.fill(90, 42, 150, 58); // text right of it
    return d;
  };
  const line: [number, number, number, number] = [10, 40, 150, 60];

  it('a rule running the whole height of the line cuts it into the text on each side, each narrowed to its ink', () => {
    const { bw } = page();
    expect(cutAtColumnRules([line], [{ at: 75, from: 0, to: 100, thick: 3 }], bw, w, 10)).toEqual([
      [10, 40, 60, 60],
      [90, 42, 150, 58],
    ]);
  });

  it('a rule that leans cuts the line where it runs at the line, not where its upright segment stands', () => {
    const { bw } = page();
    // Upright at x = 120 (inside the right-hand text), but leaning: at the line's middle (y = 50) it runs at x = 75.
    const rule = { at: 120, from: 0, to: 100, thick: 3, lean: { slope: -0.9, base: 120 } };
    expect(cutAtColumnRules([line], [rule], bw, w, 10)).toEqual([
      [10, 40, 60, 60],
      [90, 42, 150, 58],
    ]);
  });

  it('a rule shorter than the least length (a stroke), or not across the whole line, or beside it, leaves the line whole', () => {
    const { bw } = page();
    for (const r of [
      { at: 75, from: 35, to: 62, thick: 3 },
      { at: 75, from: 50, to: 100, thick: 3 },
      { at: 170, from: 0, to: 100, thick: 3 },
    ])
      expect(cutAtColumnRules([line], [r], bw, w, 10)).toEqual([line]);
  });

  it('a side with no ink gives no piece', () => {
    const { bw, fill } = drawn(w, 100);
    fill(90, 42, 150, 58);
    expect(cutAtColumnRules([line], [{ at: 75, from: 0, to: 100, thick: 3 }], bw, w, 10)).toEqual([[90, 42, 150, 58]]);
  });
});
