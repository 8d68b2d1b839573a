/**
 * Issue 12, item 3: the PDF writer (the statutory DOCX converted by LibreOffice) parses back to the
 * record — for a generated 2021 report and a 2019 one, each with a decimal and blank cells. LibreOffice
 * is required here (CI has soffice on PATH): without it these tests fail and say so, they are not
 * skipped. Without LibreOffice the writer itself returns a message, not an exception.
 */
import { describe, expect, it } from 'vitest';
import { generateValues } from '../../src/synth/values.js';
import { parseReport } from '../../src/index.js';
import { findSoffice } from '../../src/read/legacy.js';
import { renderReport } from '../../src/render/report.js';
import { NO_LIBREOFFICE, reportPdf } from '../../src/render/report-pdf.js';
import { differences } from './report-compare.js';
import { recordFromValues, withBlanks } from './records.js';

const soffice = findSoffice();
const NEED = 'LibreOffice（soffice 或 libreoffice）不在 PATH 上：PDF 往返测试需要它（apt-get install libreoffice-writer-nogui；CI 中已安装）';

describe('report writer: PDF through LibreOffice', () => {
  it('LibreOffice is installed', () => {
    expect(soffice, NEED).not.toBeNull();
  });

  for (const [kind, seed] of [
    ['2021', 31],
    ['2019', 32],
  ] as const) {
    it(`a generated ${kind} report parses back from its PDF`, async () => {
      if (!soffice) throw new Error(NEED);
      const record = withBlanks(recordFromValues(generateValues(seed, { kind, scale: 'large' })), seed);
      const out = await renderReport(record, 'pdf');
      if (!out.ok) throw new Error(out.message);
      expect(out.ext).toBe('pdf');
      expect(new TextDecoder().decode(out.bytes.subarray(0, 5))).toBe('%PDF-');
      const parsed = await parseReport(out.bytes, { path: 'report.pdf' });
      expect(parsed.source.format).toBe('pdf');
      expect(differences(record, parsed, '')).toEqual([]);
      expect(parsed.findings.filter((f) => /^[RP]\./.test(f.rule) && f.severity !== 'info').map((f) => f.message)).toEqual([]);
    });
  }

  it('without LibreOffice, or when it fails, a message instead of an exception', async () => {
    const record = recordFromValues(generateValues(33, { kind: '2021' }));
    expect(await reportPdf(record, { soffice: null })).toEqual({ ok: false, message: NO_LIBREOFFICE });
    const failed = await reportPdf(record, { soffice: '/bin/false' });
    expect(failed.ok).toBe(false);
    if (!failed.ok) expect(failed.message).toMatch(/^LibreOffice 未能把报告转换为 PDF/);
    const missing = await reportPdf(record, { soffice: '/nonexistent/soffice' });
    expect(missing.ok).toBe(false);
  });
});
