/**
 * How scans reach a reviewer in files: the resolution a file states, scans finer than needed, and
 * the way a PDF stores a black-and-white scan.
 *
 * - Phones and many tools write 72 or 96 dpi into every photo, and image-to-PDF converters place a
 *   scan at a pixel a point (a page two to four feet wide). Taken as stated, a 200 dpi scan's text
 *   was three times the size the reader looks for: the page read nothing (0 of 154 numbers).
 * - A page scanned at 600 dpi (or a phone's 12–48 megapixel photo) is read at 300: as it was, a
 *   page took 25 s and 900 MB (against 30 s a page allowed), 11 s and 500 MB at 300.
 * - Office scanners save black and white as CCITT Group 4 (`tiff2pdf` writes it as a scanner's
 *   driver does), with black as 0 (the usual) or as 1 (`/BlackIs1 true`).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';
import { atReadingDpi, imageDpi, rasterOf } from '../../src/read/scan/image.js';
import { imagePdf, scanPage, scanPages } from '../../src/synth/scan.js';
import { renderPages, scoreBasicPage3 } from './scan-helpers.js';

afterAll(() => closePdfWorkers());

describe('the resolution a page image states', () => {
  it('is believed unless it makes the sheet larger than any paper', () => {
    // An A4 sheet at 200 dpi: 1654 × 2339 pixels.
    expect(imageDpi(1654, 2339, 200)).toBe(200);
    expect(imageDpi(2339, 1654, 200)).toBe(200);
    expect(imageDpi(3508, 4961, 300)).toBe(300);
    // A3 at 150 dpi (11.7 inches across its short side) is paper.
    expect(imageDpi(1754, 2480, 150)).toBe(150);
    // 72 or 96 stated on a 200 dpi scan (23 or 17 inches across): an A4 sheet's width instead.
    expect(imageDpi(1654, 2339, 72)).toBeCloseTo(200, 0);
    expect(imageDpi(1654, 2339, 96)).toBeCloseTo(200, 0);
    // Nothing stated: an A4 sheet's width.
    expect(imageDpi(1240, 1754)).toBeCloseTo(150, 0);
    // A crop of one table at 300 dpi (4 inches): believed.
    expect(imageDpi(1200, 900, 300)).toBe(300);
  });
});

describe('a photo whose file says 72 dpi (as phones write)', () => {
  it('reads as the same photo stating its true resolution', { timeout: 120_000 }, async () => {
    const [png] = renderPages('pdf-2021-basic', 200, [3]);
    const jpeg = await scanPage(png!, { kind: 'photo', dpi: 200, seed: 11 }, 3, null);
    const stated72 = new Uint8Array(await sharp(jpeg).withMetadata({ density: 72 }).jpeg({ quality: 95 }).toBuffer());
    expect((await sharp(stated72).metadata()).density).toBe(72);
    const report = await parseReport(stated72, { path: 'photo.jpg' });
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(s.cells - 1);
  });
});

describe('a scan placed in a PDF at a pixel a point (a page feet wide, as image-to-PDF converters make it)', () => {
  it('is read as an A4 sheet, each cell shown where it is on the PDF’s page', { timeout: 300_000 }, async () => {
    const scans = await scanPages(renderPages('pdf-2021-basic', 200, [3]), { kind: 'clean', dpi: 200, seed: 11 });
    const pdf = await imagePdf(scans, 72);
    const report = await parseReport(pdf, { path: 'scan.pdf', ocrEngine: 'paddle' });
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(s.cells - 1);
    // The page says how it was read: at about 200 dpi (the turned page a little wider), not 72.
    const how = report.findings.find((f) => f.rule === 'R.ocr');
    expect(how?.message).toMatch(/约 (19\d|20\d|21[0-5]) dpi/);
    // Boxes in the PDF page's points (1654 × 2339 here): table 三's cells reach across the page,
    // as they do on the sheet (in the sheet's points they would end a third of the way across).
    const { width } = await sharp(scans[0]!).metadata();
    const t3 = report.cells.filter((c) => c.table === 't3' && c.status === 'read' && c.page === 1);
    expect(t3.length).toBeGreaterThan(100);
    const right = Math.max(...t3.map((c) => c.box![2]));
    expect(right).toBeGreaterThan(0.7 * width!);
    expect(right).toBeLessThanOrEqual(width!);
  });
});

describe('a page scanned finer than 400 dpi', () => {
  it('is shrunk to 300 dpi before it is read, its stated resolution with it', async () => {
    const r = rasterOf(new Uint8Array(1200 * 1000).fill(255), 1200, 1000, 1, 600);
    const s = await atReadingDpi(r, 600);
    expect([s.width, s.height, s.density]).toEqual([600, 500, 300]);
    expect(s.ink.data.length).toBe(600 * 500);
    expect(s.lum.data.every((v) => v === 255)).toBe(true);
    expect(await atReadingDpi(r, 400)).toBe(r);
  });

  it('a 600 dpi scan reads as at 300 dpi', { timeout: 120_000 }, async () => {
    const png = renderPages('pdf-2021-basic', 600, [3]);
    // The effects of a flatbed scan (skew, grain) as at 300 dpi, on the page rendered at 600.
    const pdf = await imagePdf(await scanPages(png, { kind: 'clean', dpi: 300, seed: 11 }), 600);
    const report = await parseReport(pdf, { path: 'scan600.pdf', ocrEngine: 'paddle' });
    expect(report.findings.find((f) => f.rule === 'R.ocr')?.message).toMatch(/约 3\d\d dpi/);
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact, `${s.exact}/${s.cells}`).toBe(s.cells);
  });
});

/** The page as a 1-bit CCITT Group 4 image in a PDF, as `tiff2pdf` (libtiff) writes it: one strip, black 0 or (`blackIs1`) 1. */
function g4Pdf(bilevelPng: Uint8Array, dpi: number, blackIs1: boolean): Promise<Uint8Array> {
  const dir = mkdtempSync(join(tmpdir(), 'nianbao-g4-'));
  return sharp(bilevelPng)
    .toColourspace('b-w')
    .tiff({ compression: 'ccittfax4', bitdepth: 1, miniswhite: !blackIs1, xres: dpi / 25.4, yres: dpi / 25.4 })
    .toFile(join(dir, 'strips.tif'))
    .then(() => {
      execFileSync('tiffcp', ['-c', 'g4', '-r', '1000000', join(dir, 'strips.tif'), join(dir, 'one.tif')]);
      execFileSync('tiff2pdf', ['-o', join(dir, 'scan.pdf'), join(dir, 'one.tif')]);
      return new Uint8Array(readFileSync(join(dir, 'scan.pdf')));
    })
    .finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('a black-and-white scan saved as CCITT Group 4 (an office scanner’s PDF)', () => {
  it('reads as the same scan stored deflated, with black as 0 or as 1', { timeout: 300_000 }, async () => {
    const [png] = renderPages('pdf-2021-basic', 200, [3]);
    // The signed copy scanned black and white (its seal black over the table): the same pixels either way.
    const bilevel = await scanPage(png!, { kind: 'bilevel', dpi: 200, seed: 11 }, 3, null);
    const flate = await parseReport(await imagePdf([bilevel], 200), { path: 'flate.pdf', ocrEngine: 'paddle' });
    for (const blackIs1 of [false, true]) {
      const pdf = await g4Pdf(bilevel, 200, blackIs1);
      const text = new TextDecoder('latin1').decode(pdf);
      expect(text).toContain('/CCITTFaxDecode');
      expect(text.includes('/BlackIs1 true')).toBe(blackIs1);
      const g4 = await parseReport(pdf, { path: 'g4.pdf', ocrEngine: 'paddle' });
      expect(g4.tables, `BlackIs1 ${blackIs1}`).toEqual(flate.tables);
      expect(scoreBasicPage3(g4).silentWrong).toEqual([]);
    }
  });
});
