/**
 * The mask of rules outside a table's grid: at 150 dpi characters stand two pixels apart, and the
 * horizontal strokes of a few characters in a row (这一情形: the 一 and the middle strokes of 情 and
 * 形) joined over those gaps made a run longer than the mask's third of an inch. The 一 was erased
 * as a rule and the label read 只计这情形. With the em given, a run shorter than six ems whose
 * columns hold ink above and below it is text, not a rule.
 */
import { describe, expect, it } from 'vitest';
import { ruleMask } from '../../src/read/scan/rules.js';

const W = 200;
const H = 60;
const EM = 16;

function page(draw: (set: (x0: number, y0: number, x1: number, y1: number) => void) => void): Uint8Array {
  const bw = new Uint8Array(W * H);
  draw((x0, y0, x1, y1) => {
    for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) bw[y * W + x] = 1;
  });
  return bw;
}

const masked = (m: Uint8Array, x: number, y: number): boolean => m[y * W + x] === 1;

/** Three "characters" of a text line (rows 22–38), their middle strokes in one row 2 px apart. */
function strokesInText(set: (x0: number, y0: number, x1: number, y1: number) => void, x0: number, n: number): void {
  for (let k = 0; k < n; k++) {
    const a = x0 + k * 16;
    set(a, 29, a + 14, 32); // the horizontal stroke, through the character's middle
    // the character's other strokes above and below it (a 情 or 形), except the first (一)
    if (k > 0) {
      set(a + 2, 22, a + 4, 38);
      set(a + 8, 22, a + 10, 38);
      set(a + 11, 22, a + 13, 38);
    }
  }
}

describe('ruleMask outside a grid', () => {
  it('strokes of three characters in a row joined over their gaps are not a rule', () => {
    const bw = page((set) => strokesInText(set, 20, 3));
    const args = [W, H, 45, 45, 2] as const;
    // Without the em, as before: the 46-px run is masked, the 一 with it.
    expect(masked(ruleMask(bw, ...args), 25, 30)).toBe(true);
    // With it: text.
    expect(masked(ruleMask(bw, ...args, EM), 25, 30)).toBe(false);
  });

  it('a short rule alone is still a rule', () => {
    const bw = page((set) => set(20, 30, 80, 32));
    expect(masked(ruleMask(bw, W, H, 45, 45, 2, EM), 50, 30)).toBe(true);
  });

  it('a rule with a row of text close above and below it is still a rule when six ems long or more', () => {
    const bw = page((set) => {
      set(10, 30, 190, 32);
      for (let x = 12; x < 186; x += 6) {
        set(x, 20, x + 2, 28);
        set(x, 34, x + 2, 42);
      }
    });
    expect(masked(ruleMask(bw, W, H, 45, 45, 2, EM), 100, 30)).toBe(true);
  });

  it('a short rule touched by a digit here and there (under a tenth of its columns) is still a rule', () => {
    const bw = page((set) => {
      set(20, 30, 80, 32);
      set(40, 22, 42, 30); // a digit's stroke above
      set(40, 32, 42, 40); // …and its stroke below
    });
    expect(masked(ruleMask(bw, W, H, 45, 45, 2, EM), 60, 30)).toBe(true);
  });
});

describe('ruleMask inside a grid, with the column rules found', () => {
  // A narrow row (a shaded band at 150 dpi): rules across at rows 10 and 33; a character's upright
  // stroke (rows 13–31) a pixel or two from each, which the mask's bridging joined into a run down
  // of 24 rows (its minimum); a column rule at x = 100 from row 0 to 59.
  const bw = page((set) => {
    set(0, 10, W, 12);
    set(0, 32, W, 34);
    set(40, 13, 43, 31);
    set(100, 0, 102, H);
  });
  const rules = [{ at: 101, from: 0, to: H - 1, thick: 2 }];

  it("a character's stroke joined to the row's rules is no column rule: kept where no column rule runs", () => {
    const m = ruleMask(bw, W, H, 60, 24, 2, undefined, rules);
    expect(masked(m, 41, 20)).toBe(false);
    expect(masked(m, 100, 45)).toBe(true);
    // the rules across are erased as before
    expect(masked(m, 60, 11)).toBe(true);
  });

  it('without the column rules (outside a grid) the run is erased as before', () => {
    expect(masked(ruleMask(bw, W, H, 60, 24, 2), 41, 20)).toBe(true);
  });
});
