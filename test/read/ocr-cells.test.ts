import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { OCR_MIN_CONFIDENCE } from '../../src/read/ocr.js';

describe('OCR confidence reaches the record', () => {
  it('cells read by OCR carry a confidence; low-confidence ones are flagged and named by their warning', async () => {
    const r = await parseReport(readFileSync(join(__dirname, '..', 'fixtures', 'pdf', 'pdf-2021-scan.pdf')), { path: 'scan.pdf' });
    const ocr = r.cells.filter((c) => c.confidence !== undefined);
    expect(ocr.length).toBeGreaterThan(0);
    for (const c of ocr) expect(c.confidence).toBeGreaterThanOrEqual(0);
    const low = r.cells.filter((c) => c.flags?.includes('lowConfidence'));
    for (const c of low) {
      expect(c.confidence).toBeLessThan(OCR_MIN_CONFIDENCE);
      expect(
        r.findings.some((f) => f.rule === 'R.ocrLowConfidence' && f.severity === 'warning' && f.table === c.table && f.row === c.row && f.col === c.col),
      ).toBe(true);
    }
    // text-layer PDFs carry no confidence
    const text = await parseReport(readFileSync(join(__dirname, '..', 'fixtures', 'pdf', 'pdf-2021-basic.pdf')), { path: 'basic.pdf' });
    expect(text.cells.some((c) => c.confidence !== undefined)).toBe(false);
  }, 60_000);
});
