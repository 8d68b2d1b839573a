/**
 * A scanned PDF with an invisible text layer under each page's image (a "searchable PDF": the OCR
 * of a scanner or a converter). The image is what was signed: the page is read by OCR, the layer
 * set aside; only where no OCR runs is the layer's text used, and then with a warning.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { imagePdf, scanPages, type HiddenText } from '../../src/synth/scan.js';
import { goldOf, renderPages, score } from './scan-helpers.js';

const STEM = 'pdf-2021-basic';

/** A layer whose OCR got every number wrong: rows of 999 across the page, table-like (wide gaps). */
function wrongLayer(): HiddenText[] {
  const out: HiddenText[] = [];
  for (let y = 700; y > 150; y -= 40) for (const x of [80, 200, 300, 400, 500]) out.push({ x, y, text: '999' });
  return out;
}

let pdf: Uint8Array;
beforeAll(async () => {
  const spec = { kind: 'clean', dpi: 200, seed: 1 } as const;
  const jpegs = await scanPages(renderPages(STEM, spec.dpi), spec);
  pdf = await imagePdf(
    jpegs,
    spec.dpi,
    jpegs.map(() => wrongLayer()),
  );
}, 120_000);

describe('a scanned PDF with an invisible text layer', () => {
  let report: Report;
  beforeAll(async () => {
    report = await parseReport(pdf, { path: 'searchable.pdf', timeoutMs: 300_000, ocrEngine: 'paddle' });
  }, 300_000);

  it('reads the pages by OCR, not from the layer', () => {
    const s = score(report, goldOf(STEM));
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
    // No value of the layer's 999s.
    expect(report.cells.some((c) => c.value === 999)).toBe(false);
  });

  it('says on each page that the layer was set aside', () => {
    const pages = report.findings.filter((f) => f.rule === 'R.pdfHiddenText').map((f) => f.page);
    expect(pages.length).toBeGreaterThan(0);
    expect(new Set(pages).size).toBe(pages.length);
    for (const f of report.findings.filter((x) => x.rule === 'R.pdfHiddenText')) expect(f.message).toMatch(/不可见的文字层.*未采用/);
    expect(report.findings.some((f) => f.rule === 'R.pdfHiddenTextUsed')).toBe(false);
  });

  it('uses the layer only when OCR is off, and warns that it was not checked', async () => {
    const off = await parseReport(pdf, { path: 'searchable.pdf', ocr: false });
    const used = off.findings.filter((f) => f.rule === 'R.pdfHiddenTextUsed');
    expect(used.length).toBeGreaterThan(0);
    expect(used[0]!.severity).toBe('warning');
    // Not called pages without a text layer.
    expect(off.findings.some((f) => f.rule === 'R.ocrSkipped')).toBe(false);
  }, 120_000);
});
