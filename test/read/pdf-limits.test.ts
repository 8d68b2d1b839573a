/**
 * The time limit of a PDF with scanned pages: unless the caller sets it, each page to read by OCR
 * adds PDF_LIMITS.ocrPageMs to PDF_LIMITS.timeoutMs (a scan of 8 pages took more than a fixed 30 s
 * and half of it was left unread); a limit the caller sets is kept as it is.
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { PDF_LIMITS, readPdf } from '../../src/read/pdf.js';
import { scannedPdf } from './scan-helpers.js';

const saved = { ...PDF_LIMITS };
afterEach(() => Object.assign(PDF_LIMITS, saved));

let scan: Uint8Array;
beforeAll(async () => {
  scan = await scannedPdf('pdf-2021-basic', { kind: 'clean', dpi: 150, seed: 1 });
}, 60_000);

const timeoutOf = (r: Awaited<ReturnType<typeof readPdf>>) => r.findings.find((f) => f.rule === 'R.ocrTimeout' || /超时/.test(f.message));

describe('the time limit of a scanned PDF', () => {
  it('unset: each scanned page adds its time to the limit, and every page is read', { timeout: 180_000 }, async () => {
    // Too short for the OCR of the scan's pages (several seconds each), long enough to open the PDF on
    // a loaded machine (1.5 s was not: the opening itself timed out); the pages' own allowance makes it enough.
    PDF_LIMITS.timeoutMs = 4_000;
    PDF_LIMITS.ocrPageMs = 60_000;
    const r = await readPdf(scan, { ocrEngine: 'paddle', scanJobs: 1 });
    expect(r.pages).toBeGreaterThan(2);
    expect(timeoutOf(r)?.message).toBeUndefined();
    // Every page recognised (a page's own note), the last one's table 四 included; not one phrase
    // read letter for letter — the recogniser may misread a character (继 as 丝) on a page it read.
    const recognised = r.findings.filter((f) => f.rule === 'R.ocr').map((f) => f.page);
    expect(recognised).toEqual(Array.from({ length: r.pages }, (_, i) => i + 1));
    expect(r.text).toMatch(/行政复议/);
  });

  it('set by the caller: kept as it is, the pages not reached listed, with the limit', { timeout: 180_000 }, async () => {
    PDF_LIMITS.ocrPageMs = 60_000;
    const r = await readPdf(scan, { ocrEngine: 'paddle', scanJobs: 1, timeoutMs: 1_500 });
    expect(timeoutOf(r)?.message).toMatch(/超时（(超过 )?1\.5 秒）/);
  });
});
