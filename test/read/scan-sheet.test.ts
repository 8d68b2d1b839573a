import { describe, expect, it } from 'vitest';
import { binarise, level, otsu, type Gray } from '../../src/read/scan/image.js';
import { fillOutside, sheetEdges } from '../../src/read/scan/sheet.js';

const W = 1200;
const H = 1600;
const BLOCK = 20;

/** A page: paper whose light falls off to the left, lines of "text" (dark bars) inside wide margins. */
function page(paper: (x: number, y: number) => number): Gray {
  const data = new Uint8Array(W * H);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) data[y * W + x] = paper(x, y);
  for (let y = 200; y < H - 200; y += 60) for (let x = 220; x < W - 200; x++) if (x % 40 < 28) for (let k = 0; k < 24; k++) data[(y + k) * W + x] = 40;
  return { width: W, height: H, data };
}

/** Grain of a photo: −24 … +24, fixed by the place. */
const grain = (x: number, y: number): number => ((((x * 73856093) ^ (y * 19349663)) >>> 0) % 49) - 24;

/**
 * The paper's edge at x = 90 + 0.02·y, a white frame beyond it, the paper in shadow near it
 * (light falling off gently towards the edge), with grain.
 */
const framed = (x: number, y: number): number => (x < 90 + 0.02 * y ? 255 : Math.round(110 + Math.min(130, (x - 90) * 0.25) + grain(x, y)));

/** Ink left after levelling and thresholding in the columns [x0, x1). */
function inkIn(g: Gray, x0: number, x1: number): number {
  const lv = level(g, BLOCK);
  const bw = binarise(lv, otsu(lv));
  let n = 0;
  for (let y = 0; y < H; y++) for (let x = x0; x < x1; x++) n += bw[y * W + x]!;
  return n;
}

describe('the sheet’s edge in a photographed page', () => {
  it('finds the edge where the paper in shadow meets a white frame, and levelling then leaves no band of ink there', () => {
    const g = page(framed);
    // Without the fill, the paper's edge becomes a band of ink beside the frame.
    expect(inkIn(g, 0, 200)).toBeGreaterThan(5000);
    const edges = sheetEdges(g, BLOCK);
    expect(edges.map((e) => e.side)).toEqual(['left']);
    const [e] = edges;
    // The boundary within a block of the true one, its slope that of the paper's edge.
    expect(Math.abs(e!.at - 90)).toBeLessThanOrEqual(BLOCK);
    expect(e!.slope).toBeCloseTo(0.02, 2);
    fillOutside(g, edges, BLOCK, BLOCK / 2);
    expect(inkIn(g, 0, 200)).toBe(0);
    // The text is untouched.
    expect(inkIn(g, 220, W - 200)).toBeGreaterThan(100_000);
  });

  it('finds the edge of paper lying on a dark desk', () => {
    const g = page((x, y) => (y > H - 130 + 0.01 * x ? 70 + ((x * 7 + y * 13) % 23) : 240));
    const edges = sheetEdges(g, BLOCK);
    expect(edges.map((e) => e.side)).toEqual(['bottom']);
    expect(Math.abs(edges[0]!.at - 130)).toBeLessThanOrEqual(1.5 * BLOCK);
  });

  it('finds no edge on a page scanned whole, with a shaded header row near the top, or text in its margin', () => {
    expect(
      sheetEdges(
        page(() => 245),
        BLOCK,
      ),
    ).toEqual([]);
    // A gray header row across the page, two blocks tall, 100 pixels down: paper again below it.
    const shaded = page((_x, y) => (y >= 100 && y < 140 ? 200 : 248));
    expect(sheetEdges(shaded, BLOCK)).toEqual([]);
    // Paper darker than a white frame beyond, but the frame holds print (a running header): not a sheet's edge.
    const g = page(framed);
    for (let y = 300; y < H - 300; y += 50) for (let x = 20; x < 60; x++) if (x % 10 < 6) for (let k = 0; k < 20; k++) g.data[(y + k) * W + x] = 30;
    expect(sheetEdges(g, BLOCK)).toEqual([]);
  });
});
