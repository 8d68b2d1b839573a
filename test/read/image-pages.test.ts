/**
 * A multi-page TIFF (a scanner's feeder saving the whole report as one image file): every page is
 * read, as a scanned PDF's pages are — not only the first (which lost tables 三 and 四 before, with
 * a warning) — each cell keeping its page; the server shows each page.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { readImage } from '../../src/read/image.js';
import { imagePage } from '../../src/server/pages.js';
import { scanPages } from '../../src/synth/scan.js';
import { goldOf, renderPages, score } from './scan-helpers.js';

/** The basic fixture scanned clean at 200 dpi, its four pages as one TIFF. */
async function tiff(): Promise<Uint8Array> {
  const pages = await scanPages(renderPages('pdf-2021-basic', 200), { kind: 'clean', dpi: 200, seed: 11 });
  const joined = await sharp(
    pages.map((p) => Buffer.from(p)),
    { join: { animated: true } },
  )
    .tiff({ compression: 'jpeg', quality: 80, xres: 200 / 25.4, yres: 200 / 25.4 })
    .toBuffer();
  return new Uint8Array(joined);
}

describe('a multi-page TIFF', () => {
  it('every page is read: the whole report, each cell on its page', { timeout: 300_000 }, async () => {
    const bytes = await tiff();
    expect((await sharp(bytes).metadata()).pages).toBe(4);
    const report = await parseReport(bytes, { path: 'scan.tif', ocrEngine: 'paddle' });
    expect(report.source.format).toBe('image');
    expect(report.findings.filter((f) => f.rule === 'R.imagePages')).toEqual([]);
    const s = score(report, goldOf('pdf-2021-basic'));
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
    // Tables 三 and 四 lie past the first page; their cells say which.
    const pages = new Set(report.cells.filter((c) => c.status === 'read').map((c) => c.page));
    expect([...pages].some((p) => (p ?? 0) > 1)).toBe(true);
    expect(report.cells.filter((c) => c.status === 'read').every((c) => c.page && c.box)).toBe(true);
    // The server shows each page, and no page past the last.
    const png = await imagePage(bytes, 3);
    expect(png).not.toBeNull();
    expect((await sharp(png!).metadata()).format).toBe('png');
    expect(await imagePage(bytes, 5)).toBeNull();
  });

  it('within the time given: the first page is read, the rest listed as not read', { timeout: 300_000 }, async () => {
    const r = await readImage(await tiff(), { timeoutMs: 1 });
    expect(r.pages).toBe(4);
    const late = r.findings.find((f) => f.rule === 'R.ocrTimeout');
    expect(late?.message).toContain('第2、3、4页');
    expect(r.text.length).toBeGreaterThan(100);
  });
});
