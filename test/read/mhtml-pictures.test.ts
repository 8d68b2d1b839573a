/**
 * A report published on a web page as pictures of its printed pages (many county and township
 * sites do), saved by a reviewer as one file (MHTML): the page's text has the title and no table,
 * so its pictures are read as scanned pages. Before, the tables were missing (图片未读取).
 */
import { describe, expect, it } from 'vitest';
import { parseReport } from '../../src/index.js';
import { readDocument } from '../../src/read/index.js';
import { scanPages } from '../../src/synth/scan.js';
import { goldOf, renderPages, score } from './scan-helpers.js';

const B = '----MultipartBoundary--nianbaoPictures----';

/** A page showing `title` and the pictures, as a browser saves it as one file. */
function mhtml(title: string, pictures: Uint8Array[], extra = ''): Uint8Array {
  const imgs = pictures.map((_, i) => `<p><img src="/u/cms/nb/p${i + 1}.jpg" width="800"></p>`).join('\n');
  const html = `<html><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${extra}\n${imgs}\n<p>附件下载</p></body></html>`;
  const lines = [
    'From: <Saved by Blink>',
    'MIME-Version: 1.0',
    `Content-Type: multipart/related; type="text/html"; boundary="${B}"`,
    '',
    `--${B}`,
    'Content-Type: text/html',
    'Content-Transfer-Encoding: base64',
    'Content-Location: http://www.example.gov.cn/zwgk/nb.html',
    '',
    Buffer.from(html, 'utf8').toString('base64'),
    '',
  ];
  // The pictures' parts in an order of their own (the page's order is taken from the page).
  [...pictures.keys()].reverse().forEach((i) => {
    lines.push(
      `--${B}`,
      'Content-Type: image/jpeg',
      'Content-Transfer-Encoding: base64',
      `Content-Location: http://www.example.gov.cn/u/cms/nb/p${i + 1}.jpg`,
      '',
    );
    lines.push(Buffer.from(pictures[i]!).toString('base64'), '');
  });
  lines.push(`--${B}--`, '');
  return new Uint8Array(Buffer.from(lines.join('\r\n'), 'latin1'));
}

describe('a web page whose report is pictures of its pages (saved as MHTML)', () => {
  it('reads the pictures as scanned pages: the tables’ values, each with its picture and box', { timeout: 300_000 }, async () => {
    const pages = await scanPages(renderPages('pdf-2021-basic', 150), { kind: 'clean', dpi: 150, seed: 11 });
    const title = '某县人民政府办公室2022年政府信息公开工作年度报告';
    const file = mhtml(title, pages);
    const report = await parseReport(file, { path: 'nb.mht' });
    const s = score(report, goldOf('pdf-2021-basic'));
    expect(s.silentWrong).toEqual([]);
    expect(s.exact / s.cells, `${s.exact}/${s.cells}`).toBeGreaterThanOrEqual(0.98);
    const read = report.cells.filter((c) => c.status === 'read' && c.table === 't3');
    expect(read.length).toBeGreaterThan(100);
    // Each value keeps its picture (as its page) and its box there; its span is where the picture stands.
    expect(read.every((c) => c.page && c.page >= 1 && c.page <= pages.length && c.box)).toBe(true);
    const doc = await readDocument(file, { path: 'nb.mht' });
    const src = doc.sourceText!;
    const cell = read[0]!;
    expect(src.slice(cell.span![0], cell.span![0] + 40)).toMatch(new RegExp(`^<img src="/u/cms/nb/p${cell.page}\\.jpg"`));
    expect(doc.findings.find((f) => f.rule === 'R.pictures')?.message).toContain(`${pages.length} 张图片`);
    expect(doc.text.startsWith(title)).toBe(true);
  });

  it('a page whose text holds the tables leaves its pictures alone', async () => {
    const [one] = await scanPages(renderPages('pdf-2021-basic', 150, [3]), { kind: 'clean', dpi: 150, seed: 11 });
    const tables = '<p>规章 规范性文件</p><p>本年新收政府信息公开申请数量</p><p>行政复议</p>';
    const doc = await readDocument(mhtml('年度报告', [one!], tables), { path: 'nb.mht' });
    expect(doc.findings.some((f) => f.rule === 'R.pictures')).toBe(false);
    expect(doc.findings.find((f) => f.rule === 'R.mhtml')?.message).toMatch(/1 张图片未读取/);
  });
});
