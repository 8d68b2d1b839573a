/**
 * Straightening a page that does not lie flat (src/read/scan/dewarp.ts), on a drawn table whose
 * every rule is known: photographed at an angle (keystone) and bowing, then remapped from its
 * own rules. No recogniser involved.
 */
import { describe, expect, it } from 'vitest';
import { applyDewarp, dewarpOf, followRules, followText } from '../../src/read/scan/dewarp.js';
import { despeckle, type Gray } from '../../src/read/scan/image.js';
import { inkPieces } from '../../src/read/scan/page.js';
import { ridges } from '../../src/read/scan/rules.js';
import { drawn } from './drawn.js';

const W = 1400;
const H = 1900;
const DPI = 200;

/** A ruled table (rules 2 px thick) with some text-like speckle in its cells, on white. */
function table(): Gray {
  const data = new Uint8Array(W * H).fill(245);
  const dark = (x: number, y: number): void => {
    if (x >= 0 && y >= 0 && x < W && y < H) data[y * W + x] = 20;
  };
  for (let y = 300; y <= 1500; y += 60) for (let x = 200; x <= 1200; x++) for (let t = 0; t < 2; t++) dark(x, y + t);
  for (let x = 200; x <= 1200; x += 100) for (let y = 300; y <= 1500; y++) for (let t = 0; t < 2; t++) dark(x + t, y);
  // short strokes in the cells (digits' worth of ink)
  for (let y = 320; y < 1500; y += 60) for (let x = 230; x < 1200; x += 100) for (let k = 0; k < 20; k++) dark(x + (k % 7), y + 10 + k);
  return { width: W, height: H, data };
}

/** out(x, y) = img(f(x, y)), bilinear. */
function warp(img: Gray, f: (x: number, y: number) => [number, number]): Gray {
  const out = new Uint8Array(W * H).fill(245);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const [sx, sy] = f(x, y);
      const x0 = Math.floor(sx);
      const y0 = Math.floor(sy);
      if (x0 < 0 || y0 < 0 || x0 >= W - 1 || y0 >= H - 1) continue;
      const tx = sx - x0;
      const ty = sy - y0;
      const d = img.data;
      const j = y0 * W + x0;
      out[y * W + x] = d[j]! * (1 - tx) * (1 - ty) + d[j + 1]! * tx * (1 - ty) + d[j + W]! * (1 - tx) * ty + d[j + W + 1]! * tx * ty;
    }
  }
  return { width: W, height: H, data: out };
}

/** How far the page's rules stray from straight and level: the largest spread of a followed rule (pixels). */
function crookedness(img: Gray): { h: number; v: number; n: number } {
  let h = 0;
  let v = 0;
  let n = 0;
  for (const horizontal of [true, false]) {
    const chains = followRules(ridges(img, horizontal, 5, 40, 200), W, H, horizontal, DPI);
    for (const c of chains) {
      n++;
      // |slope| + |bend| in pixels over the half length
      const spread = Math.abs(c.c[1]) + Math.abs(c.c[2]);
      if (horizontal) h = Math.max(h, spread);
      else v = Math.max(v, spread);
    }
  }
  return { h, v, n };
}

describe('a page that does not lie flat', () => {
  it('a flat, square page is left as it is', () => {
    expect(dewarpOf(table(), DPI)).toBeNull();
  });

  it('keystone: the far edge narrower — the converging rules come out straight and upright', () => {
    // top 5% narrower on each side, the bottom as it is
    const k = 0.05;
    const page = warp(table(), (x, y) => {
      const s = 1 - 2 * k * (1 - y / H);
      return [W / 2 + (x - W / 2) / s, y];
    });
    const before = crookedness(page);
    expect(before.v).toBeGreaterThan(10);
    const d = dewarpOf(page, DPI);
    expect(d).not.toBeNull();
    const after = crookedness(applyDewarp(page, d!));
    expect(after.n).toBeGreaterThanOrEqual(before.n - 2);
    expect(after.v).toBeLessThan(2.5);
    expect(after.h).toBeLessThan(2.5);
  });

  it('a bowing page: the curved rules come out straight and level', () => {
    const page = warp(table(), (x, y) => [x, y - 25 * Math.sin((Math.PI * x) / W) * (0.5 + y / H)]);
    const before = crookedness(page);
    expect(before.h).toBeGreaterThan(10);
    const d = dewarpOf(page, DPI);
    expect(d).not.toBeNull();
    const after = crookedness(applyDewarp(page, d!));
    expect(after.h).toBeLessThan(2.5);
    expect(after.v).toBeLessThan(2.5);
  });

  it('a bowing page with no rules (a table drawn without them): its lines of text come out level', () => {
    const page = warp(unruled(), (x, y) => [x, y - 25 * Math.sin((Math.PI * x) / W) * (0.5 + y / H)]);
    const before = bend(page);
    expect(before.n).toBeGreaterThanOrEqual(15);
    expect(before.most).toBeGreaterThan(10);
    // no rule to go by: the rules alone leave the page as it is
    expect(dewarpOf(page, DPI)).toBeNull();
    const d = dewarpOf(page, DPI, ink(page));
    expect(d).not.toBeNull();
    const after = bend(applyDewarp(page, d!));
    expect(after.n).toBeGreaterThanOrEqual(before.n - 2);
    expect(after.most).toBeLessThan(3);
  });

  it('keystone with no rules: the rows of a table drawn without them come out level', () => {
    // the right edge 5% shorter at the top and at the bottom: rows lean, the more the further from the middle
    const k = 0.05;
    const page = warp(unruled(), (x, y) => {
      const s = 1 - 2 * k * (x / W);
      return [x, H / 2 + (y - H / 2) / s];
    });
    const before = bend(page);
    expect(before.most).toBeGreaterThan(10);
    const d = dewarpOf(page, DPI, ink(page));
    expect(d).not.toBeNull();
    expect(bend(applyDewarp(page, d!)).most).toBeLessThan(3);
  });
});

/**
 * A table drawn without rules: rows of character-like blocks (a label of a few characters, then
 * single digits far apart), and lines of prose above it.
 */
function unruled(): Gray {
  const data = new Uint8Array(W * H).fill(245);
  const glyph = (x0: number, y0: number, wide: number): void => {
    // a box with a cross in it (田), 20 px tall
    for (let y = 0; y < 20; y++) {
      for (let x = 0; x < wide; x++) {
        if (y < 2 || y > 17 || x < 2 || x > wide - 3 || Math.abs(y - 10) < 1 || Math.abs(x - wide / 2) < 1) data[(y0 + y) * W + x0 + x] = 20;
      }
    }
  };
  for (let y = 250; y < 700; y += 45) for (let x = 200; x < 1200; x += 26) glyph(x, y, 22);
  for (let y = 760; y < 1600; y += 60) {
    for (let x = 200; x < 400; x += 26) glyph(x, y, 22);
    for (let x = 480; x < 1200; x += 130) glyph(x, y, 12);
  }
  return { width: W, height: H, data };
}

const ink = (img: Gray): Uint8Array => img.data.map((v) => (v < 128 ? 1 : 0));

/** How far the page's lines of text stray from level: the largest |slope| + |bend| of a followed line (pixels). */
function bend(img: Gray): { most: number; n: number } {
  const { chains } = followText(ink(img), W, H, DPI);
  return { most: Math.max(0, ...chains.map((c) => Math.abs(c.c[1]) + Math.abs(c.c[2]))), n: chains.length };
}

describe('a cell’s line that a bowed rule runs across (inkPieces)', () => {
  it('is cut to the characters beside the rule, the rule itself left out', () => {
    // A cell 420 px wide: three "digits" (20 × 30 px) at the left, a rule 2 px thick across
    // the whole line just under them, rising by 4 px towards the right (left bowed).
    const w = 420;
    const h = 60;
    const bw = new Uint8Array(w * h);
    for (const x0 of [10, 35, 60]) for (let y = 10; y < 40; y++) for (let x = x0; x < x0 + 20; x++) bw[y * w + x] = 1;
    for (let x = 5; x < 410; x++) {
      const y = 42 - Math.round((4 * x) / 410);
      bw[y * w + x] = 1;
      bw[(y + 1) * w + x] = 1;
    }
    // One piece: the digits (with what of the rule is under them), not the rule beyond them.
    const pieces = inkPieces(bw, w, [0, 0, w, h], 32);
    expect(pieces).toHaveLength(1);
    expect(pieces[0]!.slice(0, 3)).toEqual([10, 10, 80]);
    expect(pieces[0]![3]).toBeLessThanOrEqual(44);
  });

  it('a serif 1 at 150 dpi — a bar three pixels wide, every row of it full — is a piece, not a rule', () => {
    // A cell's line with the 1 alone (em 16): before, each of its rows counted as a rule crossing it,
    // no piece was left, and the cell came out blank: 0, silently.
    const w = 60;
    const h = 24;
    const bw = new Uint8Array(w * h);
    for (let y = 5; y < 19; y++) for (let x = 20; x < 23; x++) bw[y * w + x] = 1;
    expect(inkPieces(bw, w, [0, 0, w, h], 16)).toEqual([[20, 5, 23, 19]]);
  });

  it('a narrow bar taller than an em is a column rule’s remnant, not a character', () => {
    const w = 60;
    const h = 40;
    const bw = new Uint8Array(w * h);
    for (let y = 2; y < 38; y++) for (let x = 20; x < 23; x++) bw[y * w + x] = 1;
    expect(inkPieces(bw, w, [0, 0, w, h], 16)).toEqual([]);
  });
});

describe('specks out of the text around tables (despeckle)', () => {
  it('erases a lone speck (a seal’s remnant, grain), keeps characters and a decimal point', () => {
    const w = 200;
    const h = 60;
    const { bw, fill } = drawn(w, h);
    fill(10, 10, 30, 40); // a digit
    fill(33, 36, 36, 40); // its decimal point, close beside it
    fill(40, 10, 60, 40); // the next digit
    fill(120, 20, 123, 23); // a speck, alone
    const erased = despeckle(bw, w, h, 5, 13);
    expect(erased).toBe(1);
    expect(bw[21 * w + 121]).toBe(0);
    expect(bw[37 * w + 34]).toBe(1);
    expect(bw[20 * w + 20]).toBe(1);
  });
});
