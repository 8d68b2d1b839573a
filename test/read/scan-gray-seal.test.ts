/**
 * A seal scanned in gray (no red channel to drop it by) and what a seal's ring does to a scanned
 * grid: the ring and the star are taken out of the page (thick, middle gray, a seal's size; print
 * and a light face's thin strokes stay), a cell they crossed where nothing is read is not blank
 * but not read, and slots joined through rules a ring broke are not one cell.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { buildGrids } from '../../src/read/pdf/grid.js';
import type { Segment } from '../../src/read/pdf/model.js';
import { decodeImage, type Gray } from '../../src/read/scan/image.js';
import { UNREAD, readScanPage } from '../../src/read/scan/page.js';
import { grayMarkMask } from '../../src/read/scan/seal.js';
import { OCR_MIN_CONFIDENCE } from '../../src/read/types.js';

// A4 at 200 dpi.
const W = 1654;
const H = 2339;
const DPI = 200;
/** The seal: centre and radius (px), over the table's right-hand column. */
const SEAL = { cx: 1180, cy: 1000, r: 150, ring: 10 };
/** The table: three columns, three rows of 60 px from y = 900. */
const XS = [250, 700, 1000, 1400];
const YS = [900, 960, 1020, 1080];

function star(cx: number, cy: number, r: number): string {
  return Array.from({ length: 10 }, (_, i) => {
    const a = -Math.PI / 2 + (i * Math.PI) / 5;
    const d = i % 2 ? r * 0.4 : r;
    return `${(cx + Math.cos(a) * d).toFixed(1)},${(cy + Math.sin(a) * d).toFixed(1)}`;
  }).join(' ');
}

/**
 * The page as a grayscale scanner saves it: black print (a heading, a ruled table with labels and
 * numbers, its last column empty), a line of a light thin face (gray 160), and — `sealed` — a seal
 * in a middle gray (110) over the table's empty column, multiplied with what is under it.
 */
async function page(opts: { sealed: boolean; shading?: boolean }): Promise<Uint8Array> {
  const text = (x: number, y: number, s: string, size = 34, fill = '#000', weight = 'normal'): string =>
    `<text x="${x}" y="${y}" font-size="${size}" font-family="Noto Sans CJK SC" font-weight="${weight}" fill="${fill}">${s}</text>`;
  const rules = [
    ...YS.map((y) => `<rect x="${XS[0]}" y="${y - 1}" width="${XS[3]! - XS[0]!}" height="3" fill="#000"/>`),
    ...XS.map((x) => `<rect x="${x - 1}" y="${YS[0]}" width="3" height="${YS[3]! - YS[0]!}" fill="#000"/>`),
  ].join('');
  const cells = [
    text(280, 942, '信息内容'),
    text(730, 942, '本年制发件数'),
    text(280, 1002, '规章'),
    text(730, 1002, '25'),
    text(280, 1062, '行政规范性文件'),
    text(730, 1062, '3'),
  ].join('');
  const shading = opts.shading ? `<rect x="200" y="1300" width="1250" height="90" fill="#c8c8c8"/>` : '';
  const seal = opts.sealed
    ? `<g style="mix-blend-mode:multiply"><circle cx="${SEAL.cx}" cy="${SEAL.cy}" r="${SEAL.r}" fill="none" stroke="#6e6e6e" stroke-width="${SEAL.ring}"/><polygon points="${star(SEAL.cx, SEAL.cy, 40)}" fill="#6e6e6e"/></g>`
    : '';
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}"><rect width="${W}" height="${H}" fill="#fff"/>${text(250, 700, '二、主动公开政府信息情况', 40, '#000', 'bold')}${text(250, 800, '本年度全年主动公开政府信息二百余条', 30, '#a0a0a0', '200')}${rules}${cells}${shading}${seal}</svg>`;
  return new Uint8Array(await sharp(Buffer.from(svg)).greyscale().jpeg({ quality: 80 }).toBuffer());
}

async function levelled(jpeg: Uint8Array): Promise<Gray> {
  return (await decodeImage(jpeg)).ink;
}

const onRing = (x: number, y: number): boolean => Math.abs(Math.hypot(x - SEAL.cx, y - SEAL.cy) - SEAL.r) <= SEAL.ring / 2 - 1;

describe('grayMarkMask: a seal in gray', () => {
  it('takes the ring and the star, never print, nor a light face’s thin strokes', async () => {
    const g = await levelled(await page({ sealed: true }));
    const mask = grayMarkMask(g, DPI);
    expect(mask).not.toBeNull();
    let ring = 0;
    let taken = 0;
    let print = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        if (onRing(x, y) && g.data[i]! > 80) {
          ring++;
          if (mask![i]) taken++;
        }
        if (mask![i] && g.data[i]! < 60) print++;
      }
    // The ring's gray (not where a rule crosses it) is taken nearly whole.
    expect(taken / ring).toBeGreaterThan(0.9);
    expect(print).toBe(0);
    // The light face's line (y 770–805) and the heading are left.
    expect(mask!.subarray(660 * W, 810 * W).some((m) => m === 1)).toBe(false);
    // The star at the centre.
    expect(mask![SEAL.cy * W + SEAL.cx]).toBe(1);
  }, 60_000);

  it('finds nothing on a page without a seal, nor in a band of shading', async () => {
    expect(grayMarkMask(await levelled(await page({ sealed: false })), DPI)).toBeNull();
    expect(grayMarkMask(await levelled(await page({ sealed: false, shading: true })), DPI)).toBeNull();
  }, 60_000);
});

describe('a scanned page with a seal in gray', () => {
  const inCell = (r: { x0: number; x1: number; top: number; bottom: number }, c: number, row: number): boolean => {
    const s = 72 / DPI;
    const x = (r.x0 + r.x1) / 2 / s;
    const y = (r.top + r.bottom) / 2 / s;
    return x > XS[c]! && x < XS[c + 1]! && y > YS[row]! && y < YS[row + 1]!;
  };

  it('reads the cells beside the seal; a cell the ring crossed, empty, is not read (never blank, never 0)', async () => {
    const sealed = await readScanPage(await decodeImage(await page({ sealed: true })), { width: 595.3, height: 841.9 });
    const runs = sealed.runs;
    expect(runs.filter((r) => inCell(r, 1, 1)).map((r) => r.text)).toEqual(['25']);
    expect(runs.filter((r) => inCell(r, 1, 2)).map((r) => r.text)).toEqual(['3']);
    // The third column under the seal: 规章's cell and 行政规范性文件's, nothing printed in them —
    // not read, or what is left of the star read unsurely (flagged): never a blank, never sure.
    for (const row of [1, 2]) {
      const there = runs.filter((r) => inCell(r, 2, row));
      expect(there.length, `row ${row}`).toBeGreaterThan(0);
      for (const r of there) expect(r.text === UNREAD || r.conf < OCR_MIN_CONFIDENCE, `${r.text} ${r.conf}`).toBe(true);
    }
    expect(runs.filter((r) => inCell(r, 2, 1)).map((r) => r.text)).toEqual([UNREAD]);
  }, 120_000);

  it('without the seal the same cells are blank (nothing read in them)', async () => {
    const plain = await readScanPage(await decodeImage(await page({ sealed: false })), { width: 595.3, height: 841.9 });
    for (const row of [1, 2]) expect(plain.runs.filter((r) => inCell(r, 2, row))).toEqual([]);
  }, 120_000);
});

describe('buildGrids: merged cells are rectangles (rectangular)', () => {
  // Three rows × three columns, 100 × 20; the rule under row 0 is missing over columns 1–2, the
  // one under row 1 over column 2, the one between columns 1 and 2 above row 2: slots (0,1) (0,2)
  // (1,1) (1,2) (2,2) join in an L.
  const h = (y: number, x0: number, x1: number): Segment => ({ x0, y0: y, x1, y1: y });
  const v = (x: number, y0 = 0): Segment => ({ x0: x, y0, x1: x, y1: 60 });
  // (The rule between columns 1 and 2 is drawn in row 2 only.)
  const segs = [h(0, 0, 300), h(20, 0, 100), h(40, 0, 200), h(60, 0, 300), v(0), v(100), v(200, 40), v(300)];

  it('splits an L-shaped join into its rows’ runs: no two cells overlap', () => {
    const [g] = buildGrids(segs, { rectangular: true });
    const cells = g!.cells.map((c) => [c.r0, c.r1, c.c0, c.c1]);
    expect(cells).toContainEqual([0, 1, 1, 3]);
    expect(cells).toContainEqual([1, 2, 1, 3]);
    expect(cells).toContainEqual([2, 3, 2, 3]);
    expect(cells).toContainEqual([2, 3, 1, 2]);
    for (const a of g!.cells)
      for (const b of g!.cells) if (a !== b) expect(a.r0 < b.r1 && b.r0 < a.r1 && a.c0 < b.c1 && b.c0 < a.c1, JSON.stringify([a, b])).toBe(false);
  });

  it('keeps a rectangular merge whole; without the option the L is one cell over its bounds', () => {
    const square = [h(0, 0, 300), h(20, 0, 100), h(40, 0, 300), h(60, 0, 300), v(0), v(100), v(200, 40), v(300)];
    expect(buildGrids(square, { rectangular: true })[0]!.cells.map((c) => [c.r0, c.r1, c.c0, c.c1])).toContainEqual([0, 2, 1, 3]);
    expect(buildGrids(segs)[0]!.cells.map((c) => [c.r0, c.r1, c.c0, c.c1])).toContainEqual([0, 3, 1, 3]);
  });
});
