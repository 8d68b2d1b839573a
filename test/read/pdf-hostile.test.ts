/**
 * PDF reader on bad input: every case gives one fatal finding, quickly, and never throws.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseReport, type Report } from '../../src/index.js';
import { PDF_LIMITS, readPdf } from '../../src/read/pdf.js';
import { closePdfWorkers } from '../../src/read/pdf/extract.js';

const pdfDir = join(__dirname, '..', 'fixtures', 'pdf');
const basic = new Uint8Array(readFileSync(join(pdfDir, 'pdf-2021-basic.pdf')));

afterAll(async () => {
  await closePdfWorkers();
});

/** A minimal valid PDF: `pages` pages (all sharing one content stream), Helvetica text or none. */
function minimalPdf(pages: number, text: string | null): Uint8Array {
  const content = text === null ? '' : `BT /F1 12 Tf 72 720 Td (${text}) Tj ET`;
  const objs: string[] = [];
  const kids = Array.from({ length: pages }, (_, i) => `${5 + i} 0 R`).join(' ');
  objs.push('<< /Type /Catalog /Pages 2 0 R >>');
  objs.push(`<< /Type /Pages /Kids [${kids}] /Count ${pages} >>`);
  objs.push('<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>');
  objs.push(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  for (let i = 0; i < pages; i++) objs.push('<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>');
  let out = '%PDF-1.4\n';
  const offsets = objs.map((o, i) => {
    const at = out.length;
    out += `${i + 1} 0 obj\n${o}\nendobj\n`;
    return at;
  });
  const xref = out.length;
  out += `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;
  out += `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return new TextEncoder().encode(out);
}

/** Parse and time; the report must say, in one fatal finding, why nothing was read. */
async function fatal(bytes: Uint8Array, opts: { timeoutMs?: number } = {}): Promise<{ report: Report; ms: number; message: string }> {
  const t0 = Date.now();
  const report = await parseReport(bytes, { path: 'bad.pdf', ...opts });
  const ms = Date.now() - t0;
  const fatals = report.findings.filter((f) => f.fatal);
  expect(fatals).toHaveLength(1);
  expect(fatals[0]!.severity).toBe('error');
  expect(report.cells.filter((c) => c.status === 'read')).toEqual([]);
  return { report, ms, message: fatals[0]!.message };
}

describe('PDF reader: hostile and broken files', () => {
  it('a truncated PDF (half of a real one)', async () => {
    const { message, ms } = await fatal(basic.slice(0, Math.floor(basic.length / 2)));
    expect(message).toContain('PDF 文件已损坏或不完整');
    expect(ms).toBeLessThan(5000);
  });

  it('random bytes behind a %PDF- header', async () => {
    let seed = 12345;
    const bytes = new Uint8Array(64 * 1024).map(() => {
      seed = (seed * 1103515245 + 12345) >>> 0;
      return seed >>> 24;
    });
    bytes.set(new TextEncoder().encode('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n'), 0);
    const { message, ms } = await fatal(bytes);
    expect(message).toMatch(/PDF 文件已损坏或不完整|没有可读取的文字/);
    expect(ms).toBeLessThan(5000);
  });

  it('an encrypted PDF (user password, made with qpdf)', async () => {
    const { message, report, ms } = await fatal(new Uint8Array(readFileSync(join(pdfDir, 'hostile', 'encrypted.pdf'))));
    expect(message).toContain('PDF 已加密');
    expect(report.findings[0]!.note).toContain('未加密');
    expect(ms).toBeLessThan(5000);
  });

  it(`more pages than the cap (${PDF_LIMITS.maxPages})`, async () => {
    const { message, ms } = await fatal(minimalPdf(PDF_LIMITS.maxPages + 300, 'page'));
    expect(message).toContain(`共 ${PDF_LIMITS.maxPages + 300} 页`);
    expect(message).toContain('上限');
    expect(ms).toBeLessThan(5000);
  });

  it('the time limit: a real report with a 1 ms budget stops with a finding, and the next read works', async () => {
    const { message, ms } = await fatal(basic, { timeoutMs: 1 });
    expect(message).toContain('超时');
    expect(ms).toBeLessThan(3000);
    const ok = await readPdf(basic);
    expect(ok.findings.filter((f) => f.fatal)).toEqual([]);
    expect(ok.text).toContain('三、收到和处理政府信息公开申请情况');
  });

  it('a PDF with pages but no text at all', async () => {
    const { message } = await fatal(minimalPdf(2, null));
    expect(message).toContain('没有可读取的文字');
  });

  it('a valid PDF that is not a report: read, then the parser says so', async () => {
    const r = await readPdf(minimalPdf(1, 'Hello world'));
    expect(r.findings).toEqual([]);
    expect(r.text).toBe('Hello world\n');
    expect(r.pages).toBe(1);
    const report = await parseReport(minimalPdf(1, 'Hello world'), { path: 'hello.pdf' });
    expect(report.findings.some((f) => f.fatal && f.rule === 'P.notReport')).toBe(true);
  });

  it('a process that parsed a PDF exits by itself (the idle pdfjs worker does not hold it)', () => {
    const code = [
      "import { readFileSync } from 'node:fs';",
      `const { parseReport } = await import(${JSON.stringify(join(__dirname, '..', '..', 'src', 'index.ts'))});`,
      `const r = await parseReport(readFileSync(${JSON.stringify(join(pdfDir, 'pdf-2021-break.pdf'))}), { path: 'x.pdf' });`,
      'console.log(r.tables.t3.total.total);',
    ].join('\n');
    const t0 = Date.now();
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], {
      encoding: 'utf8',
      timeout: 20_000,
      cwd: join(__dirname, '..', '..'),
    });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('58');
    expect(r.status).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
  });

  it('many documents at once: all read, each with its own result (a bad one does not spoil the others)', async () => {
    const inputs = [basic, basic.slice(0, 1000), basic, minimalPdf(1, 'Hello'), basic];
    const results = await Promise.all(inputs.map((b) => readPdf(b)));
    expect(results.map((r) => r.findings.some((f) => f.fatal))).toEqual([false, true, false, false, false]);
    expect(results[0]!.text).toBe(results[2]!.text);
    expect(results[4]!.text).toBe(results[0]!.text);
    expect(results[3]!.text).toBe('Hello\n');
  });

  it('a PDF cut just before its end: read, with a warning', async () => {
    const r = await readPdf(basic.slice(0, basic.length - 8));
    expect(r.findings.map((f) => f.rule)).toContain('R.pdfDamaged');
    expect(r.findings.some((f) => f.fatal)).toBe(false);
  });
});
