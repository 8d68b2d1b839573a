/**
 * Scans pasted into Word: a DOCX (or an old .doc, converted to DOCX) whose report pages are
 * pictures. Where its text lacks a statutory table — or it has no text at all — its pictures are
 * read as scanned pages. Before, the tables were missing, or the file was refused (没有文字).
 */
import { Document, ImageRun, Packer, Paragraph } from 'docx';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { readDocx } from '../../src/read/docx.js';
import { readDocument } from '../../src/read/index.js';
import { scanPages } from '../../src/synth/scan.js';
import { goldOf, renderPages, score, scoreBasicPage3 } from './scan-helpers.js';

/** A DOCX: `title` (when given), then each picture a paragraph of its own, a page's width. */
async function docxOf(title: string | null, pictures: Uint8Array[]): Promise<Uint8Array> {
  const paras: Paragraph[] = title ? [new Paragraph(title)] : [];
  for (const p of pictures) {
    const m = await sharp(p).metadata();
    paras.push(
      new Paragraph({ children: [new ImageRun({ type: 'jpg', data: p, transformation: { width: 600, height: Math.round((600 * m.height!) / m.width!) } })] }),
    );
  }
  return new Uint8Array(await Packer.toBuffer(new Document({ sections: [{ children: paras }] })));
}

describe('a DOCX whose report pages are pictures', () => {
  it('reads the pictures as scanned pages after its text: the tables’ values, each with its picture and box', { timeout: 300_000 }, async () => {
    const pages = await scanPages(renderPages('pdf-2021-basic', 150), { kind: 'clean', dpi: 150, seed: 11 });
    const title = '某县人民政府办公室2022年政府信息公开工作年度报告';
    const file = await docxOf(title, pages);
    // The text alone has no table (as before).
    expect(readDocx(file).text.trim()).toBe(title);
    const report = await parseReport(file, { path: 'nb.docx' });
    expect(report.source.format).toBe('docx');
    const s = score(report, goldOf('pdf-2021-basic'));
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
    const read = report.cells.filter((c) => c.status === 'read' && c.table === 't3');
    expect(read.every((c) => c.page && c.page <= pages.length && c.box)).toBe(true);
    expect(report.findings.find((f) => f.rule === 'R.pictures')?.message).toContain(`${pages.length} 张图片`);
  });

  it('a DOCX of pictures only (no text) is read, not refused', { timeout: 120_000 }, async () => {
    const [page3] = await scanPages(renderPages('pdf-2021-basic', 150, [3]), { kind: 'clean', dpi: 150, seed: 11 });
    const file = await docxOf(null, [page3!]);
    expect(readDocx(file).findings.some((f) => f.fatal && /没有文字/.test(f.message))).toBe(true);
    const doc = await readDocument(file, { path: 'scan.docx' });
    expect(doc.findings.some((f) => f.fatal)).toBe(false);
    expect(doc.text).toContain('本年新收');
    const report = await parseReport(file, { path: 'scan.docx' });
    const s = scoreBasicPage3(report);
    expect(s.silentWrong).toEqual([]);
    expect(s.exact).toBeGreaterThanOrEqual(s.cells - 1);
  });

  it('a DOCX whose text holds the tables leaves its pictures alone', async () => {
    const [page3] = await scanPages(renderPages('pdf-2021-basic', 150, [3]), { kind: 'clean', dpi: 150, seed: 11 });
    const file = await docxOf('规章 规范性文件 本年新收政府信息公开申请数量 行政复议', [page3!]);
    const doc = await readDocument(file, { path: 'nb.docx' });
    expect(doc.findings.some((f) => f.rule === 'R.pictures')).toBe(false);
    expect(doc.confidence).toBeUndefined();
  });
});
